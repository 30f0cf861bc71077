import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { Store } from '../../src/store/store.js';
import { basicAuth, request, startServer } from '../helper.js';
import { generatePeople } from '../../src/seeding/people.js';
import { processSeedTemplates } from '../../src/seeding/seed.js';

async function snapshotOf(seed: number, users: number) {
  const app = await buildApp({ seed, users });
  const snapshot = app.mock.store.snapshot();
  await app.close();
  return JSON.stringify(snapshot);
}

t.test('the same SEED and USERS give byte-identical stores; another SEED differs', async (t) => {
  const first = await snapshotOf(7, 30);
  const second = await snapshotOf(7, 30);
  t.equal(first, second, 'identical');
  t.not(await snapshotOf(8, 30), first, 'a different seed differs');
  t.ok(first.length > 1000);
});

t.test('seeded data is a fixed value, not only self-consistent: a known user for SEED 42', async (t) => {
  // Zulip 10's user shape, so that the pinned value is about the seeded data, not the emulated release.
  const { url } = await startServer(t, { seed: 42, users: 1, settings: { ZULIP_VERSION: '10' } });
  const response = await request(`${url}/api/v1/users/100`, { headers: { authorization: basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456') } });
  // Pinned so that a change of faker version or of the generator is noticed: the README promises stable data.
  t.matchSnapshot(response.json.user, 'user 100 for SEED=42');
});

t.test('a file store survives a restart: no reseed, changes kept', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const dbPath = join(folder, 'mock.sqlite');

  const firstStore = new Store(dbPath);
  const first = await buildApp({ store: firstStore, seed: 5, users: 3 });
  first.mock.store.put({ platform: 'zulip', collection: 'realm' }, 'realm', { name: 'Changed', deactivated: false });
  const before = JSON.stringify(first.mock.store.snapshot());
  await first.close();
  firstStore.close();

  const secondStore = new Store(dbPath);
  const second = await buildApp({ store: secondStore, seed: 5, users: 3 });
  t.equal(JSON.stringify(second.mock.store.snapshot()), before, 'the second start found everything as it was');
  t.equal(secondStore.schemaVersion, 2);
  t.equal(secondStore.integrityCheck(), 'ok');
  await second.close();
  secondStore.close();
});

t.test('a reset or a new tenant restored from the seeding template holds exactly the rows a fresh seeding writes', async (t) => {
  // The same steps twice: once as served (the first seeding of 9:20 becomes the template the later ones
  // restore), once with the templates dropped before every step, so that each seeding generates afresh.
  const run = async (useTemplates: boolean) => {
    const { app, url } = await startServer(t, { seed: 9, users: 20 });
    const templatesAfterStart = processSeedTemplates.size;
    const step = async (path: string, method = 'POST', body: unknown = {}) => {
      if (!useTemplates) processSeedTemplates.clear();
      const response = await request(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      t.ok(response.status < 300, `${method} ${path}`);
    };
    await step('/__mock/platforms/zulip/users/10', 'PUT', { full_name: 'changed' });
    await step('/__mock/reset');
    await step('/__mock/platforms/sendbird/users', 'POST', { user_id: 'extra', nickname: 'x', profile_url: '' });
    await step('/__mock/reset');
    await step('/t/w/__mock/reset');
    await step('/t/v/__mock/platforms/chakra/users/a91b5073-e9d4-4959-9fd3-6edf79c2c5a4', 'DELETE', undefined);
    if (useTemplates) t.equal(processSeedTemplates.size, templatesAfterStart, 'no new template: every seeding was of 9:20 with the same settings');
    const db = (app.mock.store as unknown as { file: { db: { prepare(sql: string): { all(): unknown[] } } } }).file.db;
    return {
      records: db.prepare('SELECT seq, tenant, platform, collection, id, email, data FROM records ORDER BY seq').all(),
      meta: db.prepare('SELECT tenant, key, value FROM meta ORDER BY tenant, key').all(),
    };
  };
  const restored = await run(true);
  const generated = await run(false);
  t.ok(generated.records.length > 400);
  t.same(restored.records, generated.records, 'the same rows, with the same seq and text, in every tenant');
  t.same(restored.meta, generated.meta);
});

t.test('apps of one process share a seeding only when their platforms and settings are the same too', async (t) => {
  const zulipUsers = async (options: Parameters<typeof buildApp>[0]) => {
    const app = await buildApp({ seed: 11, users: 4, ...options });
    const records = app.mock.store.snapshot().records;
    const apiKeys = records.filter((record) => record.platform === 'zulip' && record.collection === 'api_keys').map((record) => record.id);
    const others = records.filter((record) => record.platform !== 'zulip').length;
    await app.close();
    return { apiKeys, others };
  };
  const plain = await zulipUsers({});
  const apiKey = 'Z'.repeat(32);
  const otherKey = await zulipUsers({ settings: { ZULIP_API_KEY: apiKey } });
  t.ok(otherKey.apiKeys.includes(apiKey), 'the well-known API key of its own settings is seeded');
  t.notOk(plain.apiKeys.includes(apiKey));
  const zulipOnly = await zulipUsers({ platforms: ['zulip'] });
  t.equal(zulipOnly.others, 0, 'no other platform is copied in');
  t.ok(plain.others > 0);
  t.same(await zulipUsers({}), plain, 'the same options again: the same data');
});
