/**
 * `npm start` as a user runs it (scripts/start.js): the build (tsc --build, then the CLI's bundle) when a
 * source is newer than the last build, then the built server. Two at once in one checkout (two terminals, parallel CI steps) both come up.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const buildInfo = join(root, 'dist', '.tsbuildinfo');
const bundle = join(root, 'dist', 'server.js');

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

t.test('two npm start at once after a source changed: both rebuild and answer 200 on /__mock/ready', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-npm-start-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  // A newer modification time, same content, of the one source that only the bundle reads: tsc --build has
  // nothing to do, the CLI is bundled again.
  const changed = new Date(Math.ceil(Math.max(statSync(buildInfo).mtimeMs, statSync(bundle).mtimeMs) / 1000) * 1000 + 2000);
  utimesSync(join(root, 'src', 'server.ts'), changed, changed);
  const runs = [npmStart(join(folder, 'a.sqlite')), npmStart(join(folder, 'b.sqlite'))];
  t.teardown(() => runs.forEach((run) => run.stop()));
  for (const base of await Promise.all(runs.map((run) => run.listening))) {
    const ready = await fetch(`${base}/__mock/ready`);
    t.equal(ready.status, 200);
    t.match(await ready.json(), { status: 'ready', users: 5 });
  }
  t.ok(statSync(bundle).mtimeMs >= changed.getTime(), 'the CLI was bundled again after the change');
  for (const run of runs) run.stop();
  await Promise.all(runs.map((run) => run.exited));
});

t.test('npm start with nothing changed since the build does not build', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-npm-start-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const builtBefore = [statSync(buildInfo).mtimeMs, statSync(bundle).mtimeMs];
  const run = npmStart(join(folder, 'a.sqlite'));
  t.teardown(run.stop);
  const ready = await fetch(`${await run.listening}/__mock/ready`);
  t.equal(ready.status, 200);
  t.same([statSync(buildInfo).mtimeMs, statSync(bundle).mtimeMs], builtBefore, 'neither output was written again');
  run.stop();
  await run.exited;
});
