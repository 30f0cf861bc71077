/** The control API through real HTTP and through startMockServer's typed client. */
import t from 'tap';
import autocannon from 'autocannon';
import zulipInit from 'zulip-js';
import { MockControlError, startMockServer } from '../../src/index.js';
import { basicAuth, request, startServer } from '../helper.js';

const IAGO = basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456');
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

t.test('startMockServer: url, credentials, a typed control client, close', async (t) => {
  const mock = await startMockServer({ users: 3 });
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal(mock.credentials.zulip.api_key, 'abcdefghijklmnopqrstuvwxyz123456');
  t.same(await mock.control.health(), { status: 'ok' });
  const client = await zulipInit({ realm: mock.url, username: mock.credentials.zulip.email, apiKey: mock.credentials.zulip.api_key });
  t.equal((await client.users.me.getProfile()).user_id, 11);
  const journal = await mock.control.requests({ platform: 'zulip' });
  t.equal(journal.matched, 1);
  t.match(journal.requests[0], { platform: 'zulip', method: 'GET', path: '/api/v1/users/me', status: 200 });
  t.equal(journal.requests[0].headers.authorization, 'Basic [redacted]', 'credentials are redacted, the scheme kept');
  await mock.close();
  await t.rejects(fetch(`${mock.url}/__mock/health`), 'closed');
});

t.test('reset: back to the seeded state, optionally with another seed and users count', async (t) => {
  const mock = await startMockServer({ users: 3 });
  t.teardown(() => mock.close());
  await mock.control.users('zulip').put(12, { full_name: 'Changed' });
  t.equal((await mock.control.users<{ full_name: string }>('zulip').get(12)).user.full_name, 'Changed');
  await mock.control.faults.add({ latency: { ms: 1 } });
  t.same(await mock.control.reset(), { status: 'reset', seed: 42, users: 3 });
  t.equal((await mock.control.users<{ full_name: string }>('zulip').get(12)).user.full_name, 'Prospero from The Tempest');
  t.same((await mock.control.faults.list()).faults, [], 'faults cleared');
  t.equal((await mock.control.requests()).held, 0, 'journal cleared');
  const before = (await mock.control.users<{ full_name: string }>('zulip').get(100)).user.full_name;
  await mock.control.reset({ seed: 7, users: 5 });
  t.not((await mock.control.users<{ full_name: string }>('zulip').get(100)).user.full_name, before, 'another seed, other people');
  t.equal((await mock.control.users('zulip').list()).total, 12 + 5);
  t.match(await mock.control.ready(), { seed: 7, users: 5 });
  await t.rejects(mock.control.reset({ seed: -1 } as never), MockControlError);
});

t.test('seed adds N generated users to one platform, deterministically', async (t) => {
  const mock = await startMockServer({ users: 2 });
  t.teardown(() => mock.close());
  t.same(await mock.control.seed(3, 'zulip'), { added: 3, platforms: ['zulip'] });
  const after = await mock.control.users<{ user_id: number }>('zulip').list({ offset: 12, limit: 10 });
  t.same(after.users.map((user) => user.user_id), [100, 101, 102, 103, 104]);
  const other = await startMockServer({ users: 5 });
  t.teardown(() => other.close());
  const person = async (server: typeof mock, id: number) => {
    const { user } = await server.control.users<{ full_name: string; email: string }>('zulip').get(id);
    return [user.full_name, user.email];
  };
  t.same(await person(other, 104), await person(mock, 104), 'seeding 2 then 3 more gives the same people as seeding 5');
});

t.test('seeding more people never replaces a Zulip user created since: they take the next free ids', async (t) => {
  const mock = await startMockServer({ users: 3, platforms: ['zulip'] });
  t.teardown(() => mock.close());
  const zulip = mock.control.users<{ user_id: number; email: string; full_name: string }>('zulip');
  const created = await zulip.create({ email: 'newcomer@zulip.com', full_name: 'New Comer' });
  const before = (await zulip.list()).total;
  t.same(await mock.control.seed(4, 'zulip'), { added: 4, platforms: ['zulip'] });
  t.equal((await zulip.get(created.id)).user.email, 'newcomer@zulip.com', 'the created user is still there');
  const listed = await zulip.list({ offset: before, limit: 10 });
  const ids = listed.users.map((user) => user.user_id);
  t.equal(new Set([...ids, Number(created.id)]).size, 5, 'four new users, four new ids');
  t.ok(ids.includes(103), 'free ids are kept as in a fresh seed');
  t.equal((await mock.control.users('zulip').list()).total, before + 4);
});

t.test('a Zulip user created without an id never takes the id of one written under an id of its choosing', async (t) => {
  const mock = await startMockServer({ users: 3, platforms: ['zulip'] });
  t.teardown(() => mock.close());
  const zulip = mock.control.users<{ user_id: number; email: string; full_name: string }>('zulip');
  const chosen = await fetch(`${mock.url}/__mock/platforms/zulip/users/104`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'chosen@zulip.com', full_name: 'Chosen Id' }),
  });
  t.equal(chosen.status, 201);
  const created = await zulip.create({ email: 'next@zulip.com', full_name: 'Next One' });
  t.not(created.id, '104');
  t.equal((await zulip.get(104)).user.email, 'chosen@zulip.com', 'the user of the chosen id is still there');
  t.equal((await zulip.get(created.id)).user.email, 'next@zulip.com');
});

t.test('users in native shape: create, read, update, delete, and a 400 listing each wrong field', async (t) => {
  const { url } = await startServer(t);
  const put = await request(`${url}/__mock/platforms/zulip/users/12`, { ...json({ full_name: 'Prospero the Magician', role: 200 }), method: 'PUT' });
  t.equal(put.status, 200);
  const seen = await request(`${url}/api/v1/users/12`, { headers: { authorization: IAGO } });
  t.match(seen.json.user, { full_name: 'Prospero the Magician', role: 200, is_admin: true }, 'the platform API serves the change');

  const bad = await request(`${url}/__mock/platforms/zulip/users/12`, {
    ...json({ full_name: 3, role: 999, email: 'not-an-email', colour: 'red' }),
    method: 'PUT',
  });
  t.equal(bad.status, 400);
  t.same(
    bad.json.errors.map((error: { field: string }) => error.field).sort(),
    ['colour', 'email', 'full_name', 'role'],
    'every wrong field is listed',
  );
  const unchanged = await request(`${url}/__mock/platforms/zulip/users/12`);
  t.equal(unchanged.json.user.full_name, 'Prospero the Magician', 'a rejected write changes nothing');

  const created = await request(`${url}/__mock/platforms/zulip/users`, json({ email: 'miranda@zulip.com', full_name: 'Miranda', api_key: 'M'.repeat(32) }));
  t.equal(created.status, 201);
  const miranda = await request(`${url}/api/v1/users/me`, { headers: { authorization: basicAuth('miranda@zulip.com', 'M'.repeat(32)) } });
  t.equal(miranda.json.full_name, 'Miranda', 'a created user can call the API with its key');

  const deleted = await request(`${url}/__mock/platforms/zulip/users/${created.json.id}`, { method: 'DELETE' });
  t.equal(deleted.status, 204);
  t.equal((await request(`${url}/__mock/platforms/zulip/users/${created.json.id}`)).status, 404);
  t.equal((await request(`${url}/__mock/platforms/slack/users`)).status, 404);
});

t.test('snapshot: export, change, import restores exactly', async (t) => {
  const mock = await startMockServer({ users: 4 });
  t.teardown(() => mock.close());
  const saved = await mock.control.snapshot();
  await mock.control.users('zulip').delete(10);
  await mock.control.restore(saved);
  t.same(await mock.control.snapshot(), saved);
  const bad = await request(`${mock.url}/__mock/snapshot`, { ...json({ format: 'nope' }), method: 'PUT' });
  t.equal(bad.status, 400);
  t.same(await mock.control.snapshot(), saved, 'a rejected snapshot changes nothing');
});

t.test('journal: filters by platform, method, path pattern, status and time; DELETE clears', async (t) => {
  const mock = await startMockServer({ users: 2 });
  t.teardown(() => mock.close());
  const start = Date.now();
  await request(`${mock.url}/api/v1/users/10`, { headers: { authorization: IAGO } });
  await request(`${mock.url}/zulip/api/v1/users/0?client_gravatar=false`, { headers: { authorization: IAGO } });
  await request(`${mock.url}/api/v1/fetch_api_key`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=iago%40zulip.com&password=chat-user-mock' });
  await request(`${mock.url}/nowhere/at/all`);
  const all = await mock.control.requests();
  t.equal(all.matched, 4);
  t.equal((await mock.control.requests({ status: 400 })).requests[0].path, '/zulip/api/v1/users/0');
  t.same((await mock.control.requests({ status: 400 })).requests[0].query, { client_gravatar: 'false' });
  t.equal((await mock.control.requests({ path: '*/users/*' })).matched, 2);
  const posted = (await mock.control.requests({ method: 'post' })).requests[0].body as { password: string };
  t.equal(posted.password, '[redacted]', 'passwords in bodies are redacted');
  const unmatched = (await mock.control.requests({ path: '/nowhere/*' })).requests[0];
  t.match(unmatched, { platform: null, status: 404 }, 'unmatched requests are journaled too');
  t.equal((await mock.control.requests({ since: start, until: Date.now() + 1000 })).matched, 4);
  t.equal((await mock.control.requests({ since: Date.now() + 60_000 })).matched, 0);
  const invalid = await request(`${mock.url}/__mock/requests?status=abc&platform=slack`);
  t.equal(invalid.status, 400);
  t.equal(invalid.json.errors.length, 2);
  await mock.control.clearRequests();
  t.equal((await mock.control.requests()).held, 0);
});

t.test('an unmatched path gets a JSON 404 naming the nearest routes', async (t) => {
  const { url } = await startServer(t);
  const response = await request(`${url}/api/v2/users/10`);
  t.equal(response.status, 404);
  t.ok(response.json.nearestRoutes.some((route: string) => route.includes('/api/v1/users')), JSON.stringify(response.json.nearestRoutes));
});

t.test('wait returns as soon as the Nth matching request lands, or reports a timeout', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const started = Date.now();
  const waiting = mock.control.wait({ platform: 'zulip', path: '/api/v1/users/12' }, { count: 2, timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await request(`${mock.url}/api/v1/users/12`, { headers: { authorization: IAGO } });
  await request(`${mock.url}/api/v1/users/10`, { headers: { authorization: IAGO } });
  await request(`${mock.url}/api/v1/users/12`, { headers: { authorization: IAGO } });
  const result = await waiting;
  t.equal(result.matched, true);
  t.equal(result.count, 2);
  t.ok(Date.now() - started < 5000, 'well before the timeout');
  const already = await mock.control.wait({ path: '/api/v1/users/12' }, { count: 2, timeoutMs: 0 });
  t.equal(already.matched, true, 'requests already journaled count');
  const timedOut = await mock.control.wait({ path: '/never' }, { timeoutMs: 100 });
  t.same([timedOut.matched, timedOut.count], [false, 0]);
});

t.test('the journal holds its bound after 50,000 requests and says how many it dropped', async (t) => {
  const mock = await startMockServer({ users: 1, journalSize: 1000 });
  t.teardown(() => mock.close());
  const result = await autocannon({
    url: `${mock.url}/api/v1/users/10`,
    headers: { authorization: IAGO },
    connections: 20,
    amount: 50_000,
  });
  t.equal(result.non2xx, 0);
  const journal = await mock.control.requests({ limit: 1 });
  t.equal(journal.total, 50_000);
  t.equal(journal.held, 1000);
  t.equal(journal.dropped, 49_000);
  t.equal(journal.requests.length, 1);
  t.equal(journal.requests[0].id, 50_000, 'the newest entry is kept');

  // A reset clears the journal: cleared entries are not "dropped".
  await mock.control.reset();
  const afterReset = await mock.control.requests();
  t.same([afterReset.held, afterReset.dropped, afterReset.requests.length], [0, 0, 0]);
  t.equal((await request(`${mock.url}/api/v1/users/10`, { headers: { authorization: IAGO } })).status, 200);
  const next = await mock.control.requests();
  t.same([next.held, next.dropped], [1, 0]);
  t.equal(next.requests[0].id, 50_001, 'ids go on after a reset');
});

t.test('faults: latency, a platform-shaped error, probability with a seed, count', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const get = (path = '/api/v1/users/10') => request(`${mock.url}${path}`, { headers: { authorization: IAGO } });

  const slow = await mock.control.faults.add({ platform: 'zulip', path: '/api/v1/users/*', latency: { ms: 300 }, count: 1 });
  t.match(slow, { id: /^fault-\d+$/, fired: 0 });
  let started = Date.now();
  t.equal((await get()).status, 200);
  t.ok(Date.now() - started >= 290, 'delayed');
  started = Date.now();
  await get();
  t.ok(Date.now() - started < 250, 'count 1: retired after firing once');

  await mock.control.faults.add({ platform: 'zulip', method: 'GET', path: '/api/v1/users/me', error: { status: 500 } });
  const failed = await get('/api/v1/users/me');
  t.equal(failed.status, 500);
  t.equal(failed.text, '{"result":"error","msg":"Internal server error"}\n', "Zulip's own 500 body");
  t.equal((await get('/api/v1/users/10')).status, 200, 'other paths untouched');
  await mock.control.faults.clear();

  const pattern = async () => {
    await mock.control.faults.clear();
    await mock.control.faults.add({ error: { status: 503 }, probability: 0.5, seed: 99 });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await get()).status);
    return statuses.join(',');
  };
  const first = await pattern();
  t.match(first, /503/);
  t.match(first, /200/);
  t.equal(await pattern(), first, 'the same seed fires on the same calls');
  await mock.control.faults.clear();
  const invalid = await request(`${mock.url}/__mock/faults`, json({ probability: 2, error: { status: 200 } }));
  t.equal(invalid.status, 400);
  t.same(invalid.json.errors.map((error: { field: string }) => error.field).sort(), ['error', 'probability']);
});

t.test('zulip-js sees Zulip\'s 429 when rate limiting is switched on at runtime', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const client = await zulipInit({ realm: mock.url, username: 'iago@zulip.com', apiKey: 'abcdefghijklmnopqrstuvwxyz123456' });
  t.match(await mock.control.rateLimit('zulip', { enforce: true, limit: 2, windowSeconds: 60 }), { enforce: true, limit: 2, windowMs: 60_000 });
  t.equal((await client.callEndpoint('/users/10', 'GET')).result, 'success');
  t.equal((await client.callEndpoint('/users/10', 'GET')).result, 'success');
  const limited = await client.callEndpoint('/users/10', 'GET');
  t.match(limited, { result: 'error', msg: 'API usage exceeded rate limit', code: 'RATE_LIMIT_HIT' });
  t.type(limited['retry-after'], 'number');
  t.match((await mock.control.faults.list()).rateLimits.zulip, { enforce: true });
  const zero = await request(`${mock.url}/__mock/rate-limits/zulip`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limit: 0 }) });
  t.equal(zero.status, 400, 'a quota below 1 is refused');
  t.match((await mock.control.faults.list()).rateLimits.zulip, { limit: 2 }, 'and changes nothing');
  // A new quota starts a fresh window: three calls pass, the fourth is limited.
  await mock.control.rateLimit('zulip', { limit: 3 });
  for (let call = 1; call <= 3; call++) t.equal((await client.callEndpoint('/users/10', 'GET')).result, 'success', `call ${call} of 3`);
  t.match(await client.callEndpoint('/users/10', 'GET'), { code: 'RATE_LIMIT_HIT' });
  await mock.control.rateLimit('zulip', { enforce: false });
  t.equal((await client.callEndpoint('/users/10', 'GET')).result, 'success');
});

t.test('connection faults: reset, empty response, truncated body', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const get = () => fetch(`${mock.url}/api/v1/users/10`, { headers: { authorization: IAGO } }).then((response) => response.text());
  await mock.control.faults.add({ connection: 'reset', count: 1 });
  await t.rejects(get(), 'reset');
  await mock.control.faults.add({ connection: 'empty', count: 1 });
  await t.rejects(get(), 'empty response');
  await mock.control.faults.add({ connection: 'truncated', count: 1 });
  await t.rejects(get(), 'truncated body');
  t.match(await get(), /King Hamlet/, 'then back to normal');
  const journal = await mock.control.requests();
  t.same(journal.requests.map((entry) => entry.status).slice(0, 2), [0, 0], 'broken connections are journaled with status 0');
});

t.test('clock: freeze, set, advance, back to real time', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const frozen = await mock.control.clock.freeze();
  t.equal(frozen.mode, 'frozen');
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal((await mock.control.clock.get()).now, frozen.now, 'frozen time does not move');
  t.equal((await mock.control.clock.set('2030-01-01T00:00:00.000Z')).iso, '2030-01-01T00:00:00.000Z');
  t.equal((await mock.control.clock.advance(90_000)).iso, '2030-01-01T00:01:30.000Z');
  await request(`${mock.url}/api/v1/users/10`, { headers: { authorization: IAGO } });
  t.equal((await mock.control.requests()).requests[0].time, '2030-01-01T00:01:30.000Z', 'the journal reads the same clock');
  const real = await mock.control.clock.real();
  t.equal(real.mode, 'real');
  t.ok(Math.abs(real.now - Date.now()) < 5000);
  const bad = await request(`${mock.url}/__mock/clock`, json({ set: 'yesterday-ish', advanceMs: 1.5 }));
  t.equal(bad.status, 400);
  t.equal(bad.json.errors.length, 2);
});

t.test('MOCK_ADMIN_TOKEN protects /__mock, except health and ready', async (t) => {
  const { url } = await startServer(t, { adminToken: 's3cret' });
  t.equal((await request(`${url}/__mock/health`)).status, 200);
  t.equal((await request(`${url}/__mock/ready`)).status, 200);
  const denied = await request(`${url}/__mock/credentials`);
  t.equal(denied.status, 401);
  t.equal(denied.headers.get('www-authenticate'), 'Bearer realm="chat-user-mock"');
  t.equal((await request(`${url}/__mock/requests`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  t.equal((await request(`${url}/__mock/requests`, { headers: { authorization: 'Bearer s3cret' } })).status, 200);
  const mock = await startMockServer({ users: 1, adminToken: 's3cret' });
  t.teardown(() => mock.close());
  t.equal(mock.credentials.zulip.email, 'iago@zulip.com', 'startMockServer passes the token itself');
});
