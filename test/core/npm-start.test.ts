/**
 * `npm start` as a user runs it: prestart's tsc --build, then the built server. Two at once in one checkout
 * (two terminals, parallel CI steps) both come up; the build only writes when sources changed.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function npmStart(dbPath: string) {
  // Its own process group, so that npm, its shell and the server stop together.
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: '0', DB_PATH: dbPath, USERS: '5', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1].replace(/\/$/, ''));
    });
    void exited.then((code) => reject(new Error(`npm start exited ${code}: ${stderr}`)));
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { listening, exited, stop };
}

t.test('two npm start at once in one checkout both answer 200 on /__mock/ready', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-npm-start-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const runs = [npmStart(join(folder, 'a.sqlite')), npmStart(join(folder, 'b.sqlite'))];
  t.teardown(() => runs.forEach((run) => run.stop()));
  for (const base of await Promise.all(runs.map((run) => run.listening))) {
    const ready = await fetch(`${base}/__mock/ready`);
    t.equal(ready.status, 200);
    t.match(await ready.json(), { status: 'ready', users: 5 });
  }
  for (const run of runs) run.stop();
  await Promise.all(runs.map((run) => run.exited));
});
