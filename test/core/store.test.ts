/**
 * The store as another connection to the same file sees it (the seeding child, a user's sqlite3 shell):
 * the store must neither hide nor hold up their work.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { migrations } from '../../src/store/migrations.js';
import { Store } from '../../src/store/store.js';

const USERS = { platform: 'zulip', collection: 'users' } as const;

const dataOf = (store: Store, id: string): unknown => {
  const record = store.get(USERS, id);
  return record && JSON.parse(record.data);
};

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
              ON CONFLICT (tenant, platform, collection, id) DO UPDATE SET data = excluded.data`)
    .run(id, JSON.stringify({ name }));

/** A request arriving later runs in a later turn of the event loop. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

t.test('a commit by another connection shows from the next turn of the event loop on', async (t) => {
  const { store, other } = openPair(t);
  store.put(USERS, '1', { name: 'before' });
  for (let lookup = 0; lookup < 2; lookup++) {
    t.same(dataOf(store, '1'), { name: 'before' });
    t.equal(store.get(USERS, '2'), undefined);
  }
  await nextTurn();
  writeOther(other, '1', 'after');
  writeOther(other, '2', 'new');
  t.same(dataOf(store, '1'), { name: 'after' }, 'a new turn sees it');
  t.same(dataOf(store, '2'), { name: 'new' });
  await nextTurn();
  writeOther(other, '1', 'later');
  await Promise.resolve();
  t.same(dataOf(store, '1'), { name: 'later' }, 'after the microtasks of the turn that read it');
});

t.test('within one synchronous run, lookups see one snapshot', async (t) => {
  const { store, other } = openPair(t);
  store.put(USERS, '1', { name: 'before' });
  await nextTurn();
  t.same(dataOf(store, '1'), { name: 'before' });
  writeOther(other, '1', 'after');
  t.same(dataOf(store, '1'), { name: 'before' }, 'as a read transaction begun at the first lookup would');
});

t.test("the store's own writes show at once; a rolled-back one never does", async (t) => {
  const { store } = openPair(t);
  store.put(USERS, '1', { name: 'a' });
  t.same(dataOf(store, '1'), { name: 'a' });
  store.put(USERS, '1', { name: 'b' });
  t.same(dataOf(store, '1'), { name: 'b' }, 'put');
  store.delete(USERS, '1');
  t.equal(store.get(USERS, '1'), undefined, 'delete');
  t.ok(store.insert(USERS, '1', { name: 'c' }));
  t.same(dataOf(store, '1'), { name: 'c' }, 'insert');
  t.throws(() =>
    store.transaction(() => {
      store.put(USERS, '1', { name: 'rolled back' });
      t.same(dataOf(store, '1'), { name: 'rolled back' }, 'seen inside its transaction');
      throw new Error('abort');
    }),
  );
  t.same(dataOf(store, '1'), { name: 'c' }, 'after the rollback');
  store.clear();
  t.equal(store.get(USERS, '1'), undefined, 'clear');
  store.restore({ format: 'chat-user-mock/snapshot@1', meta: {}, records: [{ platform: 'zulip', collection: 'users', id: '1', email: null, data: { name: 'd' } }] });
  t.same(dataOf(store, '1'), { name: 'd' }, 'restore');
  store.deletePlatform('zulip');
  t.equal(store.get(USERS, '1'), undefined, 'deletePlatform');
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
  t.equal(store.get(USERS, 'missing'), undefined);
  writeOther(other, '2', 'b');
  const [result] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  t.equal(result.busy, 0, 'no reader in the way');
  t.equal(result.log, 0, 'the WAL is empty');
});

t.test('a file of schema version 1 (before tenants) is migrated with its records and meta kept', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cum-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'db.sqlite');
  const old = new Database(path);
  old.exec(migrations[0]);
  old.pragma('user_version = 1');
  old.prepare("INSERT INTO records (platform, collection, id, email, data) VALUES ('zulip', 'users', '10', 'a@b.c', '{\"name\":\"kept\"}')").run();
  old.prepare("INSERT INTO meta (key, value) VALUES ('seeded', 'yes')").run();
  old.close();
  const store = new Store(path);
  t.teardown(() => store.close());
  t.equal(store.schemaVersion, 2);
  t.same(dataOf(store, '10'), { name: 'kept' });
  t.equal(store.getByEmail(USERS, 'A@B.C')?.id, '10');
  t.equal(store.getMeta('seeded'), 'yes');
  t.equal(store.forTenant('w').get(USERS, '10'), undefined, 'another tenant sees none of it');
  t.equal(store.integrityCheck(), 'ok');
});

t.test("tenants' records and meta are apart in one file", async (t) => {
  const { store } = openPair(t);
  const w = store.forTenant('w');
  store.put(USERS, '1', { name: 'default' });
  w.put(USERS, '1', { name: 'w' });
  w.setMeta('k', 'w');
  t.same(dataOf(store, '1'), { name: 'default' });
  t.same(dataOf(w, '1'), { name: 'w' });
  t.equal(store.getMeta('k'), undefined);
  t.same(store.storedTenants(), ['w']);
  w.clear();
  t.equal(w.get(USERS, '1'), undefined);
  t.same(dataOf(store, '1'), { name: 'default' }, "clearing a tenant leaves the default tenant's records");
  t.same(store.storedTenants(), []);
  w.close();
  t.ok(store.isOpen, "a tenant's close leaves the file open");
});
