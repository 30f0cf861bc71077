import t from 'tap';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built modules: from source (tsx) a worker thread cannot load TypeScript, and one thread seeds every platform.
const dist = new URL('../../dist/', import.meta.url);
const { seedNewStore, seedStore } = (await import(new URL('seeding/seed.js', dist).href)) as typeof import('../../src/seeding/seed.js');
const { Store } = (await import(new URL('store/store.js', dist).href)) as typeof import('../../src/store/store.js');
const { selectPlatforms } = (await import(new URL('platforms/index.js', dist).href)) as typeof import('../../src/platforms/index.js');

const folder = mkdtempSync(join(tmpdir(), 'cum-split-'));
t.teardown(() => rmSync(folder, { recursive: true, force: true }));
const options = { seed: 7, users: 300 };
const source = { NANDBOX_APP_ID: '123456789' };

function newStore(name: string) {
  return new Store(join(folder, name), { bulkLoad: true });
}

/** Every record with its seq, in seq order: what listing and cursors read. */
function rows(store: InstanceType<typeof Store>) {
  const { platforms } = selectPlatforms(undefined, source);
  return platforms.flatMap((platform) => store.list({ platform: platform.name, collection: 'users' }).map((record) => [platform.name, record.seq, record.id, record.data]));
}

t.test('split over two threads, a new store holds what one thread seeds, with the same seqs', async (t) => {
  const { platforms, settingsOf } = selectPlatforms(undefined, source);
  const serial = newStore('serial.sqlite');
  await seedStore(serial, platforms, settingsOf, options);
  const split = newStore('split.sqlite');
  await seedNewStore(split, platforms, { source, of: settingsOf }, options, 0);
  t.notOk(existsSync(join(folder, 'split.sqlite-platforms')), "the thread's part file is gone");

  t.equal(JSON.stringify(split.snapshot()), JSON.stringify(serial.snapshot()), 'the same records, meta and order');
  t.same(rows(split), rows(serial), 'the same seq for every user');
  const nandboxUsers = split.count({ platform: 'nandbox', collection: 'users' });
  t.ok(nandboxUsers >= options.users, `the later platforms' rows are there (${nandboxUsers} nandbox users)`);
  split.completeBulkLoad();
  t.equal(split.integrityCheck(), 'ok');
  serial.close();
  split.close();
});

t.test('below the threshold, or for a store in memory, one thread seeds them all', async (t) => {
  const { platforms, settingsOf } = selectPlatforms(undefined, source);
  // Only a seeding thread reads the settings from the source again, and would refuse this one (see the last test):
  // seeding that succeeds with it started no thread.
  const threadWouldFail = { source: { ...source, NANDBOX_MANAGE_USERS: 'maybe' }, of: settingsOf };
  const memory = new Store(':memory:');
  await seedNewStore(memory, platforms, threadWouldFail, options, 0);
  t.notOk(existsSync(':memory:-platforms'), 'no part file beside an in-memory store');
  const below = newStore('below.sqlite');
  await seedNewStore(below, platforms, threadWouldFail, options, options.users + 1);
  t.equal(JSON.stringify(memory.snapshot()), JSON.stringify(below.snapshot()));
  memory.close();
  below.close();
});

t.test("a failure of the seeding thread fails the seeding and leaves no part file", async (t) => {
  const { platforms, settingsOf } = selectPlatforms(undefined, source);
  const store = newStore('failing.sqlite');
  // The thread reads its platforms' settings from the source again: one it refuses makes it fail.
  await t.rejects(seedNewStore(store, platforms, { source: { ...source, NANDBOX_MANAGE_USERS: 'maybe' }, of: settingsOf }, options, 0), /NANDBOX_MANAGE_USERS/);
  t.notOk(existsSync(join(folder, 'failing.sqlite-platforms')));
  store.close();
});
