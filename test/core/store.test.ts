/**
 * The store as another connection to the same file sees it (the seeding child, a user's sqlite3 shell):
 * the read cache and the read transaction that cache misses share must not hide or hold up their work.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Store } from '../../src/store/store.js';

const USERS = { platform: 'zulip', collection: 'users' } as const;
/** Longer than the store's foreign-write check interval and read hold (20 ms). */
const AFTER_CHECK_MS = 60;

function openPair(t: { teardown: (fn: () => void) => void }): { store: Store; other: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'cum-store-'));
  const store = new Store(join(dir, 'db.sqlite'));
  const other = new Database(join(dir, 'db.sqlite'));
  other.pragma('busy_timeout = 2000');
  t.teardown(() => {
    other.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, other };
}

const writeOther = (other: Database.Database, id: string, name: string) =>
  other
    .prepare(`INSERT INTO records (platform, collection, id, email, data) VALUES ('zulip', 'users', ?, NULL, ?)
              ON CONFLICT (platform, collection, id) DO UPDATE SET data = excluded.data`)
    .run(id, JSON.stringify({ name }));

t.test('a commit by another connection shows once the check interval has passed, cached or not', async (t) => {
  const { store, other } = openPair(t);
  store.put(USERS, '1', { name: 'before' });
  // A row is cached from its second lookup on.
  for (let lookup = 0; lookup < 2; lookup++) {
    t.same(store.view(USERS, '1'), { name: 'before' });
    t.equal(store.get(USERS, '2'), undefined, 'a miss, read inside a held read transaction');
  }
  t.ok(store.isShared(store.view(USERS, '1')!), 'cached');
  writeOther(other, '1', 'after');
  writeOther(other, '2', 'new');
  // Under load: lookups keep coming, and the event loop turns between them, as between requests.
  const until = performance.now() + AFTER_CHECK_MS;
  while (performance.now() < until) {
    store.view(USERS, '1');
    await new Promise(setImmediate);
  }
  // On a starved machine the whole interval can pass inside one turn of the event loop, before its
  // timers phase: one more turn through it, as the next request would have.
  await sleep(0);
  t.same(store.view(USERS, '1'), { name: 'after' });
  t.same(store.view(USERS, '2'), { name: 'new' });
});

t.test('a write right after a lookup is committed at once, and transactions still start', async (t) => {
  const { store, other } = openPair(t);
  t.equal(store.get(USERS, 'x'), undefined);
  store.put(USERS, 'x', { name: 'written' });
  t.same(JSON.parse(other.prepare("SELECT data FROM records WHERE id = 'x'").pluck().get() as string), { name: 'written' }, 'visible to the other connection');
  t.equal(store.get(USERS, 'y'), undefined);
  store.transaction(() => store.put(USERS, 'y', { name: 'in a transaction' }));
  t.equal(other.prepare("SELECT count(*) FROM records WHERE id = 'y'").pluck().get(), 1);
});

t.test('an idle store holds no read: another connection can truncate the WAL', async (t) => {
  const { store, other } = openPair(t);
  store.put(USERS, '1', { name: 'a' });
  t.equal(store.get(USERS, 'missing'), undefined, 'begins a held read');
  writeOther(other, '2', 'b');
  await sleep(AFTER_CHECK_MS);
  const [result] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  t.equal(result.busy, 0, 'no reader in the way');
  t.equal(result.log, 0, 'the WAL is empty');
});
