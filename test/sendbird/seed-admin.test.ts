/** Deterministic seeding, the control API's user access, fault envelopes and the runtime rate-limit switch. */
import Fastify from 'fastify';
import t from 'tap';
import { sendbird } from '../../src/platforms/sendbird/index.js';
import { sendbirdUsers } from '../../src/platforms/sendbird/admin.js';
import { Settings } from '../../src/core/settings.js';
import { seedMore, seedStore } from '../../src/seeding/seed.js';
import { Store } from '../../src/store/store.js';
import { request, startServer } from '../helper.js';
import { isEnvelope, tokenHeaders } from './fixtures.js';

/** The clock reading the control API passes when it writes a user. */
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

const settings = sendbird.readSettings(new Settings({}));
const settingsOf = () => settings;

async function seededStore(t: Parameters<typeof startServer>[0], seed: number, users: number): Promise<Store> {
  const store = new Store(':memory:');
  t.teardown(() => store.close());
  await seedStore(store, [sendbird], settingsOf, { seed, users });
  return store;
}

const everyone = (store: Store) => sendbirdUsers.list(store, { offset: 0, limit: 1000 }) as Array<Record<string, unknown>>;

t.test('seeding is a pure function of SEED and USERS', async (t) => {
  t.same(everyone(await seededStore(t, 7, 25)), everyone(await seededStore(t, 7, 25)));
  t.notSame(everyone(await seededStore(t, 7, 25)), everyone(await seededStore(t, 8, 25)));
});

t.test('seeded users: doc fixtures first, then people with bots and deactivated accounts', async (t) => {
  const users = everyone(await seededStore(t, 42, 20));
  t.same(users.slice(0, 2).map((user) => user.user_id), ['Tyler', 'Jay']);
  t.equal(users.length, 22);
  const people = users.slice(2);
  t.same(people.filter((user) => user.is_bot).length, 2);
  t.same(people.filter((user) => !user.is_active).length, 2);
  for (const user of people) {
    t.ok((user.created_at as number) < Date.UTC(2025, 0, 1) / 1000, 'joined before the reference date, in seconds');
    t.ok(Object.keys(user.metadata as object).length <= 5);
    t.match(user.access_token, /^(|[0-9a-f]{40})$/);
  }
});

t.test('adding people later skips the fixtures and keeps the existing users', async (t) => {
  const store = await seededStore(t, 42, 5);
  const before = everyone(store);
  seedMore(store, [sendbird], settingsOf, 5);
  const after = everyone(store);
  t.equal(after.length, before.length + 5);
  t.same(after.slice(0, before.length), before);
  t.equal(after.filter((user) => user.user_id === 'Tyler').length, 1);
});

t.test('control API users: native shape, every wrong field listed, nothing written on rejection', async (t) => {
  const store = await seededStore(t, 42, 3);
  const rejected = sendbirdUsers.put(store, undefined, {
    user_id: 'x'.repeat(81), nickname: 5, metadata: { 'a,b': '1' }, last_seen_at: -2, access_token: 'nothex', unread_channels: [{ custom_type: 'a' }], colour: 'red',
  }, NOW, settings);
  t.equal(rejected.ok, false);
  if (!rejected.ok) {
    t.same(rejected.errors.map((error) => error.field).sort(), ['access_token', 'colour', 'last_seen_at', 'metadata', 'nickname', 'unread_channels', 'user_id']);
  }
  t.equal(sendbirdUsers.count(store), 5);
  const created = sendbirdUsers.put(store, undefined, { user_id: 'ops', nickname: 'Ops', is_bot: true, unread_channels: [{ custom_type: 'art', is_super: false, messages: 2 }] }, NOW, settings);
  t.match(created, { ok: true, id: 'ops', created: true });
  t.match(sendbirdUsers.get(store, 'ops'), { user_id: 'ops', nickname: 'Ops', is_bot: true, last_seen_at: -1, metadata: {} });
  const generated = sendbirdUsers.put(store, undefined, { nickname: 'No id' }, NOW, settings);
  t.match(generated, { ok: true, created: true, id: /^user-\d+$/ });
  t.match(sendbirdUsers.put(store, 'ops', { nickname: 'Ops 2' }, NOW, settings), { ok: true, created: false });
  t.equal((sendbirdUsers.get(store, 'ops') as { is_bot: boolean }).is_bot, true, 'a partial body keeps the other fields');
  t.match(sendbirdUsers.put(store, 'ops', { user_id: 'other' }, NOW, settings), { ok: false });
  t.match(sendbirdUsers.put(store, undefined, { user_id: 'Tyler', nickname: 'dup' }, NOW, settings), { ok: false });
  t.equal(sendbirdUsers.delete(store, 'ops'), true);
  t.equal(sendbirdUsers.delete(store, 'ops'), false);
});

t.test('users written through the API are in the store, and the control API\'s users through the API', async (t) => {
  const { url, app } = await startServer(t, { platforms: ['sendbird'] });
  await request(`${url}/v3/users`, { method: 'POST', headers: { ...tokenHeaders(), 'Content-Type': 'application/json' }, body: '{"user_id":"kept","nickname":"K","profile_url":""}' });
  t.match(sendbirdUsers.get(app.mock.store, 'kept'), { user_id: 'kept', nickname: 'K', is_bot: false });
  sendbirdUsers.put(app.mock.store, undefined, { user_id: 'from-control', nickname: 'C' }, NOW, settings);
  t.equal((await request(`${url}/v3/users/from-control`, { headers: tokenHeaders() })).json.nickname, 'C');
});

t.test('sendError: faults in Sendbird\'s envelope with the documented codes', async (t) => {
  const app = Fastify();
  app.get('/fault/:status', async (request, reply) => {
    const { status } = request.params as { status: string };
    const { code, message } = request.query as { code?: string; message?: string };
    return sendbird.sendError(reply, { status: Number(status), code, message });
  });
  t.teardown(() => app.close());
  const answer = async (path: string) => {
    const response = await app.inject(path);
    return { status: response.statusCode, body: response.json(), type: response.headers['content-type'] };
  };
  t.match(await answer('/fault/429'), { status: 429, body: { code: 500910, error: true }, type: 'application/json; charset=utf-8' });
  t.match(await answer('/fault/500'), { status: 500, body: { code: 500901 } });
  t.match(await answer('/fault/503'), { status: 503, body: { code: 500901 } });
  t.match(await answer('/fault/403'), { status: 403, body: { code: 403100 } });
  t.same((await answer('/fault/400?code=400111&message=boom')).body, { message: 'boom', code: 400111, error: true });
  t.ok(isEnvelope((await answer('/fault/400?code=NOT_A_NUMBER')).body, 400920));
});

t.test('the registered limiter switches enforcement at run time, reads and writes alike', async (t) => {
  const { url, app } = await startServer(t, { platforms: ['sendbird'] });
  const limiter = app.mock.rateLimiters.get('sendbird');
  t.ok(limiter, 'registered with the core under the platform name');
  limiter!.rule = { ...limiter!.rule, enforce: true, limit: 1 };
  t.equal((await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() })).status, 200);
  t.equal((await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() })).status, 429);
  const writes = [];
  for (let i = 0; i < 6; i++) writes.push((await request(`${url}/v3/users/Tyler`, { method: 'PUT', headers: tokenHeaders(), body: '' })).status);
  t.ok(writes.includes(429), 'writes follow the switch (their own limit of 5)');
});
