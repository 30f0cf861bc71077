/** The CLI as a user runs it: settings by env or --flags, exit 2 on bad values, graceful stop. */
import t from 'tap';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicAuth } from '../helper.js';
import { DOC_USER_ID, FrameClient, TOKEN as NANDBOX_TOKEN } from '../nandbox/support.js';

const sourceEntry = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
/** What `npm start` and the image run: tsc's output; `npm test` builds it first. */
const builtEntry = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[], env: Record<string, string> = {}, entry: 'source' | 'built' = 'source') {
  const command = entry === 'source' ? ['--import', 'tsx', sourceEntry] : [builtEntry];
  const child = spawn(process.execPath, [...command, ...args], {
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
      // The banner (LOG_FORMAT=text) or the JSON ready line (LOG_FORMAT=json).
      const match = /(?:listening on |"address":")(http:\/\/[^\s"]+)/.exec(stdout);
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
    [[], { ZULIP_VERSION: '9' }, /ZULIP_VERSION="9": ZULIP_VERSION accepts one of 12\.0, 11\.0, 10\.0/],
    [['--openwebui-version', '0.7'], {}, /OPENWEBUI_VERSION="0\.7": OPENWEBUI_VERSION accepts one of 0\.11, 0\.11\.0, 0\.8, 0\.8\.12/],
    [['stray'], {}, /arguments/],
  ];
  for (const [args, env, pattern] of cases) {
    const run = await startCli(args, { DB_PATH: ':memory:', ...env }).exited;
    t.equal(run.code, 2, `${args.join(' ')} ${JSON.stringify(env)}: exit 2`);
    t.match(run.stderr, pattern);
    t.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  }
});

t.test('a bad platform setting with a new database file: exit code 2, one line, and no file created', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-cli-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const run = await startCli(['--port=0'], { DB_PATH: join(folder, 'db.sqlite'), ZULIP_API_KEY: 'short' }).exited;
  t.equal(run.code, 2);
  t.match(run.stderr, /ZULIP_API_KEY/);
  t.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  t.same(readdirSync(folder), [], 'the settings are read before the database is opened');
});

t.test('two servers started at once on the same new file both come up, on the same data, seeded once', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-cli-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const env = { DB_PATH: join(folder, 'db.sqlite') };
  // Enough people that one server is still seeding when the other opens the file.
  const servers = [startCli(['--port=0', '--users', '300'], env, 'built'), startCli(['--port=0', '--users', '300'], env, 'built')];
  t.teardown(() => servers.forEach((server) => server.child.kill('SIGKILL')));
  const [first, second] = await Promise.all(servers.map((server) => server.listening));
  for (const base of [first, second]) t.match(await (await fetch(`${base}/__mock/ready`)).json(), { status: 'ready', users: 300 });
  const users = async (base: string) => (await fetch(`${base}/__mock/platforms/zulip/users?limit=1000`)).text();
  t.equal(await users(second), await users(first), 'the same users');

  // One file, not two that were renamed over each other: what one server writes, the other reads.
  const added = await fetch(`${first}/__mock/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"count":1,"platform":"zulip"}' });
  t.equal(added.status, 200);
  t.equal(await users(second), await users(first), 'a user added through one server is listed by the other');
  for (const server of servers) server.child.kill('SIGTERM');
  for (const server of servers) t.equal((await server.exited).code, 0);
  t.same(readdirSync(folder).sort(), ['db.sqlite'], 'nothing but the database is left (the WAL is checkpointed away on close)');
});

t.test('seeding that takes more than a second says how far it has got, on stderr', async (t) => {
  const cli = startCli(['--port=0', '--users', '15000'], { DB_PATH: ':memory:' }, 'built');
  await cli.listening;
  cli.child.kill('SIGTERM');
  const run = await cli.exited;
  t.equal(run.code, 0);
  // stderr is a pipe here: one line per phase, then the total.
  t.match(run.stderr, /^chat-user-mock: seeding 15,000 users per platform \(SEED 42\): \w+ \(\d+\.\d s\)$/m, 'a phase line');
  t.match(run.stderr, /^chat-user-mock: seeding 15,000 users per platform \(SEED 42\): done in \d+\.\d s$/m, 'the closing line');
  t.notMatch(run.stdout, /seeding/, 'stdout keeps the banner (and JSON logs) only');
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

t.test('LOG_LEVEL=info writes one JSON line per request, with its request id; warn writes none', async (t) => {
  const requestLines = async (level: string) => {
    const cli = startCli(['--port=0'], { DB_PATH: ':memory:', USERS: '3', LOG_LEVEL: level, LOG_FORMAT: 'json' });
    const base = await cli.listening;
    await (await fetch(`${base}/api/v1/users/10`, { headers: { authorization: basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456') } })).text();
    await (await fetch(`${base}/v3/users/nobody`)).text();
    cli.child.kill('SIGTERM');
    const run = await cli.exited;
    return run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'request');
  };
  const lines = await requestLines('info');
  t.match(lines, [
    { level: 30, reqId: /^req-/, method: 'GET', url: '/api/v1/users/10', statusCode: 200 },
    { level: 30, reqId: /^req-/, method: 'GET', url: '/v3/users/nobody', statusCode: 400 },
  ]);
  t.equal(lines.length, 2);
  t.not(lines[0].reqId, lines[1].reqId);
  t.same(await requestLines('warn'), []);
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

t.test('the built CLI seeds a new file in its own process and serves every platform and /docs', async (t) => {
  t.ok(existsSync(builtEntry), 'dist/server.js exists (npm run build)');
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-built-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const cli = startCli(['--port=0', '--users', '4'], { DB_PATH: join(folder, 'db.sqlite') }, 'built');
  const base = await cli.listening;

  t.match(await (await fetch(`${base}/__mock/ready`)).json(), { status: 'ready', users: 4 }, 'seeded, generated people included');
  t.same(
    readdirSync(folder).filter((name) => !/^db\.sqlite(-wal|-shm)?$/.test(name)),
    [],
    'seeded in place: nothing else is left',
  );
  const file = new Database(join(folder, 'db.sqlite'), { readonly: true });
  t.equal(file.pragma('journal_mode', { simple: true }), 'wal');
  t.same(
    file.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'records_%' ORDER BY name").pluck().all(),
    ['records_by_email', 'records_by_id'],
  );
  t.equal(file.pragma('integrity_check', { simple: true }), 'ok');
  file.close();
  const zulip = await fetch(`${base}/api/v1/users/10`, { headers: { authorization: basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456') } });
  t.equal(zulip.status, 200);
  t.match(await zulip.json(), { result: 'success', user: { user_id: 10, full_name: 'King Hamlet' } }, 'the seeds/ fixtures were found');
  const credentials = (await (await fetch(`${base}/__mock/credentials`)).json()) as { sendbird: { api_token: string } };
  const sendbird = await fetch(`${base}/v3/users/unknown-user`, { headers: { 'api-token': credentials.sendbird.api_token } });
  t.equal(sendbird.status, 400);
  t.match(await sendbird.json(), { error: true, code: 400201 });

  const nandbox = await FrameClient.authenticated(`${base.replace('http', 'ws')}/nandbox/api/`, NANDBOX_TOKEN);
  t.match(await nandbox.call({ method: 'getUser', user_id: DOC_USER_ID }), { method: 'userDetails' }, 'the ws gateway answers frames');
  nandbox.close();

  const docs = await fetch(`${base}/docs/`);
  t.equal(docs.status, 200);
  t.match(await docs.text(), /swagger-ui/i, 'Swagger UI, served from its own package');

  const more = await fetch(`${base}/__mock/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"count":2}' });
  t.equal(more.status, 200, 'seeding more people in the server process itself');
  t.match(await more.json(), { added: 2, platforms: ['zulip', 'sendbird', 'openwebui', 'chakra', 'nandbox'] });

  cli.child.kill('SIGTERM');
  t.equal((await cli.exited).code, 0, 'graceful exit');

  // An in-memory store is seeded in the server process, from the same seeds/ fixtures.
  const inMemory = startCli(['--port=0', '--users', '1'], { DB_PATH: ':memory:' }, 'built');
  const hamlet = await fetch(`${await inMemory.listening}/api/v1/users/10`, {
    headers: { authorization: basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456') },
  });
  t.match(await hamlet.json(), { user: { full_name: 'King Hamlet' } });
  inMemory.child.kill('SIGTERM');
  t.equal((await inMemory.exited).code, 0);
});

t.test('--help and -h print every setting with its flag, env name and default, exit 0', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--help', '-h']) {
    const run = await startCli([flag, '--port', 'not-read']).exited;
    t.equal(run.code, 0, `${flag}: exit 0`);
    t.equal(run.stderr, '');
    t.match(run.stdout, new RegExp(`^chat-user-mock ${version.replace(/\./g, '\\.')}: `));
    t.match(run.stdout, /--port, PORT\n +default: 8080; accepts an integer from 0 to 65535/);
    t.match(run.stdout, /--zulip-api-key, ZULIP_API_KEY\n +default: abcdefghijklmnopqrstuvwxyz123456/);
    for (const title of ['Server:', 'Zulip:', 'Sendbird:', 'Open WebUI:', 'ChakraHQ:', 'nandbox:']) t.match(run.stdout, title);
  }
  // Every default printed is a value the server accepts: set them all by env and start.
  const run = await startCli(['--help']).exited;
  const env: Record<string, string> = {};
  for (const [, name, fallback] of run.stdout.matchAll(/^ {2}--[a-z0-9-]+, ([A-Z0-9_]+)\n +default: (.*?); accepts/gm)) {
    if (fallback !== 'none' && fallback !== '(empty)') env[name] = fallback;
  }
  t.ok(Object.keys(env).length >= 40, `${Object.keys(env).length} settings with defaults`);
  const server = startCli([], { ...env, PORT: '0', DB_PATH: ':memory:' });
  const url = await server.listening;
  t.equal((await fetch(`${url}/__mock/ready`)).status, 200);
  server.child.kill('SIGTERM');
  t.equal((await server.exited).code, 0);
});

t.test('--version prints the package version, exit 0', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const run = await startCli(['--version']).exited;
  t.equal(run.code, 0);
  t.equal(run.stdout, `${version}\n`);
});

t.test('LOG_FORMAT=text (the default) logs readable lines; json logs one JSON object a line', async (t) => {
  const text = startCli([], { PORT: '0', DB_PATH: ':memory:', LOG_LEVEL: 'info' }, 'built');
  const textUrl = await text.listening;
  t.equal((await fetch(`${textUrl}/__mock/ready`)).status, 200);
  t.equal((await fetch(`${textUrl}/nowhere`)).status, 404);
  text.child.kill('SIGTERM');
  const textRun = await text.exited;
  t.match(textRun.stdout, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request GET \/__mock\/ready 200 [\d.]+ ms$/m);
  t.match(textRun.stdout, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request GET \/nowhere 404 [\d.]+ ms$/m);
  t.notMatch(textRun.stdout, /^\{/m, 'no JSON lines');

  const json = startCli([], { PORT: '0', DB_PATH: ':memory:', LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, 'built');
  const jsonUrl = await json.listening;
  t.equal((await fetch(`${jsonUrl}/__mock/ready`)).status, 200);
  json.child.kill('SIGTERM');
  const jsonRun = await json.exited;
  const lines = jsonRun.stdout.trim().split('\n');
  for (const line of lines) t.doesNotThrow(() => JSON.parse(line), line.slice(0, 60));
  t.ok(lines.some((line) => { const entry = JSON.parse(line); return entry.msg === 'request' && entry.url === '/__mock/ready' && entry.statusCode === 200; }));
});

t.test('a database file seeded with another SEED or USERS is kept, with one warning line saying how to reseed', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-mismatch-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const dbPath = join(folder, 'mock.sqlite');
  const startAndStop = async (env: Record<string, string>) => {
    const cli = startCli(['--port=0'], { DB_PATH: dbPath, LOG_LEVEL: 'info', ...env }, 'built');
    const url = await cli.listening;
    const ready = await (await fetch(`${url}/__mock/ready`)).json();
    cli.child.kill('SIGTERM');
    return { run: await cli.exited, ready };
  };
  const first = await startAndStop({ SEED: '7', USERS: '3' });
  t.notMatch(first.run.stdout, /WARN/, 'a new file: no warning');
  const same = await startAndStop({ SEED: '7', USERS: '3' });
  t.notMatch(same.run.stdout, /WARN/, 'same settings: no warning');
  const other = await startAndStop({ SEED: '8', USERS: '5' });
  const warnings = other.run.stdout.split('\n').filter((line) => line.includes('WARN'));
  t.equal(warnings.length, 1, 'one warning line');
  t.match(warnings[0], /seeded with SEED=7 USERS=3 and keeps that data, not SEED=8 USERS=5 as given; to reseed, POST \/__mock\/reset \{"seed":8,"users":5\} or delete the database file/);
  t.match(other.ready, { status: 'ready', seed: 7, users: 3 }, 'the stored data was kept');
});
