/** The CLI as a user runs it: settings by env or --flags, exit 2 on bad values, graceful stop. */
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverEntry = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then((run) => reject(new Error(`exited ${run.code}: ${run.stderr}`)));
  });
  listening.catch(() => undefined); // awaited only by the tests that expect a start
  return { child, exited, listening };
}

t.test('an invalid setting stops the process with one line naming it, exit code 2', async (t) => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--port', 'abc'], {}, /PORT.*integer from 0 to 65535/],
    [[], { SEED: '1.5' }, /SEED/],
    [[], { USERS: '-3' }, /USERS/],
    [[], { LOG_LEVEL: 'loud' }, /LOG_LEVEL.*one of/],
    [[], { ROOT_API_V1: 'slack' }, /ROOT_API_V1/],
    [[], { ZULIP_API_KEY: 'short' }, /ZULIP_API_KEY/],
    [['stray'], {}, /arguments/],
  ];
  for (const [args, env, pattern] of cases) {
    const run = await startCli(args, { DB_PATH: ':memory:', ...env }).exited;
    t.equal(run.code, 2, `${args.join(' ')} ${JSON.stringify(env)}: exit 2`);
    t.match(run.stderr, pattern);
    t.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  }
});

t.test('serves on the port given by flag, prints the banner, and stops cleanly on SIGTERM', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-cli-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const cli = startCli(['--port=0', '--users', '3'], { DB_PATH: join(folder, 'db.sqlite') });
  const base = await cli.listening;
  const ready = await fetch(`${base}/__mock/ready`);
  t.equal(ready.status, 200);
  t.match(await ready.json(), { status: 'ready', users: 3 });
  cli.child.kill('SIGTERM');
  const run = await cli.exited;
  t.equal(run.code, 0, 'graceful exit');
  t.match(run.stdout, /iago@zulip\.com/, 'the banner lists the default credentials');
  t.match(run.stdout, /never expose this mock to the internet/);
});

t.test('credentials overridden by env are not printed', async (t) => {
  const cli = startCli(['--port=0'], { DB_PATH: ':memory:', ZULIP_API_KEY: 'S'.repeat(32) });
  await cli.listening;
  cli.child.kill('SIGINT');
  const run = await cli.exited;
  t.equal(run.code, 0);
  t.notMatch(run.stdout, /SSSSSSSS/);
  t.match(run.stdout, /set by env, not printed/);
});
