/**
 * Crash safety (issue 10): the real CLI (`node --import tsx src/server.ts`) on a file DB_PATH takes a
 * concurrent burst of writes, through the control API (PUT /__mock/platforms/sendbird/users/<id>) and a
 * platform write endpoint (Sendbird POST /v3/users), and is killed with SIGKILL while writes are in
 * flight. The database file must then pass `PRAGMA integrity_check`, and a server restarted on the
 * same DB_PATH must serve every write that had been answered 2xx, with the value that was written.
 */
import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

const ROOT = new URL('../../', import.meta.url);
const API_TOKEN = '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21';
/** Writes in flight at any time. */
const CONCURRENCY = 16;
/** SIGKILL once this many writes were acknowledged (the other workers are mid-request then). */
const KILL_AFTER = 400;

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI on DB_PATH and resolves once the banner names the address. */
function startCli(dbPath: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DB_PATH: dbPath, USERS: '10', LOG_LEVEL: 'warn', LOG_FORMAT: 'text' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1].replace(/\/$/, ''), exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

interface Write {
  id: string;
  nickname: string;
  via: 'control' | 'platform';
}

async function write(url: string, item: Write): Promise<number> {
  const response =
    item.via === 'control'
      ? await fetch(`${url}/__mock/platforms/sendbird/users/${item.id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ nickname: item.nickname, profile_url: `https://example.com/${item.id}.png`, metadata: { burst: item.id } }),
        })
      : await fetch(`${url}/v3/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'Api-Token': API_TOKEN },
          body: JSON.stringify({ user_id: item.id, nickname: item.nickname, profile_url: `https://example.com/${item.id}.png` }),
        });
  await response.arrayBuffer();
  return response.status;
}

t.test('SIGKILL in the middle of a write burst loses no acknowledged write and leaves a sound database', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chat-user-mock-crash-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'mock.sqlite');

  const first = await startCli(dbPath);
  t.teardown(() => first.child.kill('SIGKILL'));

  const acknowledged: Write[] = [];
  const refused: string[] = [];
  let next = 0;
  let killedAt = -1;
  let inFlightAtKill = 0;
  let inFlight = 0;
  const worker = async () => {
    while (killedAt < 0) {
      const n = next++;
      const item: Write = { id: `crash-${n}`, nickname: `burst write ${n}`, via: n % 2 === 0 ? 'control' : 'platform' };
      inFlight++;
      try {
        const status = await write(first.url, item);
        if (status >= 200 && status < 300) acknowledged.push(item);
        else refused.push(`${item.via} ${item.id}: ${status}`);
      } catch {
        // The connection died with the server: this write was never acknowledged.
      } finally {
        inFlight--;
      }
      if (acknowledged.length >= KILL_AFTER && killedAt < 0) {
        inFlightAtKill = inFlight;
        killedAt = acknowledged.length;
        first.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const exit = await first.exited;
  t.equal(exit.signal, 'SIGKILL', 'the server died of SIGKILL');
  t.same(refused, [], 'no write was refused before the kill');
  t.ok(inFlightAtKill > 0, `writes were in flight when the server was killed (${inFlightAtKill})`);

  // The file as the killed process left it (WAL and all), checked by SQLite itself.
  const db = new Database(dbPath);
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'PRAGMA integrity_check after the crash');
  db.close();

  // Restart on the same file: every acknowledged write is served, with the value written.
  const second = await startCli(dbPath);
  t.teardown(() => second.child.kill('SIGKILL'));
  const missing: string[] = [];
  let verified = 0;
  for (let i = 0; i < acknowledged.length; i += 32) {
    const batch = acknowledged.slice(i, i + 32);
    await Promise.all(
      batch.map(async (item) => {
        const response = await fetch(`${second.url}/__mock/platforms/sendbird/users/${item.id}`);
        const body = (await response.json()) as { user?: { nickname?: string } };
        if (response.status === 200 && body.user?.nickname === item.nickname) verified++;
        else missing.push(`${item.via} ${item.id}: ${response.status} ${JSON.stringify(body).slice(0, 120)}`);
      }),
    );
  }
  t.same(missing, [], 'every acknowledged write survived the crash');
  t.equal(verified, acknowledged.length);
  const total = await fetch(`${second.url}/v3/users?limit=1`, { headers: { 'Api-Token': API_TOKEN } });
  t.equal(total.status, 200, 'the restarted server serves the platform API');
  await total.arrayBuffer();

  // A clean stop, then SQLite's own check once more on the file the restarted server closed.
  second.child.kill('SIGTERM');
  const stopped = await second.exited;
  t.equal(stopped.code, 0, 'the restarted server stops cleanly on SIGTERM');
  const after = new Database(dbPath, { readonly: true });
  t.equal(after.pragma('integrity_check', { simple: true }), 'ok', 'PRAGMA integrity_check after the restart');
  const stored = (after.prepare("SELECT count(*) AS n FROM records WHERE platform = 'sendbird' AND id LIKE 'crash-%'").get() as { n: number }).n;
  after.close();
  t.ok(stored >= acknowledged.length, `the file holds every acknowledged write (${stored} burst users stored, ${acknowledged.length} acknowledged)`);
  t.comment(`crash: ${verified} acknowledged writes verified after SIGKILL (${inFlightAtKill} in flight at the kill, ${stored - acknowledged.length} unacknowledged ones also landed)`);
});
