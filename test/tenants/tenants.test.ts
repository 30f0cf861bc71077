/**
 * Tenants: `/t/<tenant>` is a whole, isolated copy of the mock (users, journal, faults, rate limits, clock),
 * made by its first request; GET/DELETE /__mock/tenants; MAX_TENANTS eviction; invalid names; restart
 * persistence; the package's tenant(name) and MockControl on a tenant URL. Raw HTTP for Open WebUI and
 * ChakraHQ, as their clients send it (Open WebUI's frontend `src/lib/apis/users/index.ts` getUserById:
 * GET /api/v1/users/{id} with a Bearer token; ChakraHQ's docs: GET /v1/ext/user/{id} with a Bearer token).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { MockControl, MockControlError } from '../../src/control/client.js';
import { startMockServer } from '../../src/testing.js';
import { basicAuth, request, startServer } from '../helper.js';

const ZULIP_AUTH = { authorization: basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456') };
const CHAKRA_AUTH = { authorization: 'Bearer chakraMockAccessToken0123456789' };
const CHAKRA_JOHN = 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';

async function openWebUiAuth(base: string): Promise<Record<string, string>> {
  const credentials = (await request(`${base}/__mock/credentials`)).json;
  return { authorization: `Bearer ${credentials.openwebui.token}` };
}

t.test('a tenant answers every platform under its prefix, seeded like the default tenant', async (t) => {
  const { url } = await startServer(t);
  const base = `${url}/t/w1`;
  const zulip = await request(`${base}/api/v1/users/10`, { headers: ZULIP_AUTH });
  const zulipDefault = await request(`${url}/api/v1/users/10`, { headers: ZULIP_AUTH });
  t.equal(zulip.status, 200);
  t.equal(zulip.text, zulipDefault.text, 'the same seeded user, byte for byte');
  t.equal(zulip.headers.get('content-type'), 'application/json');
  t.equal((await request(`${base}/zulip/api/v1/users/10`, { headers: ZULIP_AUTH })).text, zulip.text, 'the /zulip prefix too');

  const openwebui = await request(`${base}/api/v1/users/user-123`, { headers: await openWebUiAuth(base) });
  t.equal(openwebui.status, 200);
  t.equal(openwebui.json.id, 'user-123');
  const chakra = await request(`${base}/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH });
  t.equal(chakra.status, 200);
  t.equal(chakra.text, (await request(`${url}/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH })).text);
  const sendbird = await request(`${base}/v3/users/Tyler`, { headers: { 'api-token': (await request(`${base}/__mock/credentials`)).json.sendbird.api_token } });
  t.equal(sendbird.status, 200);
  t.equal(sendbird.json.user_id, 'Tyler');

  const credentials = (await request(`${base}/__mock/credentials`)).json;
  t.equal(credentials.zulip.realm, base, "Zulip's realm carries the prefix");
  t.equal(credentials.nandbox.url, `${base.replace('http', 'ws')}/nandbox/api/`);
  const settings = await request(`${base}/api/v1/server_settings`);
  t.equal(settings.json.realm_uri ?? settings.json.realm_url, base);

  // Open WebUI's trailing-slash redirect stays inside the tenant.
  const redirect = await request(`${base}/api/v1/users/user-123/`, { headers: await openWebUiAuth(base) });
  t.equal(redirect.status, 307);
  t.equal(redirect.headers.get('location'), `${base}/api/v1/users/user-123`);
});

t.test("one tenant's writes, journal, faults, rate limits and clock never reach another", async (t) => {
  const { url } = await startServer(t);
  const one = new MockControl(`${url}/t/one`);
  const two = new MockControl(`${url}/t/two`);
  const root = new MockControl(url);

  await one.users('zulip').put(10, { full_name: 'Hamlet of one' });
  const name = async (base: string) => (await request(`${base}/api/v1/users/10`, { headers: ZULIP_AUTH })).json.user.full_name;
  t.equal(await name(`${url}/t/one`), 'Hamlet of one');
  t.equal(await name(`${url}/t/two`), 'King Hamlet');
  t.equal(await name(url), 'King Hamlet');

  t.same((await one.requests({ platform: 'zulip' })).requests.map((entry) => entry.path), ['/api/v1/users/10'], 'the path as the platform sees it');
  t.equal((await two.requests()).total, 1);
  t.equal((await root.requests()).total, 1);

  await two.faults.add({ platform: 'chakra', error: { status: 503 } });
  t.equal((await request(`${url}/t/two/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH })).status, 503);
  t.equal((await request(`${url}/t/one/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH })).status, 200);
  t.equal((await request(`${url}/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH })).status, 200);

  await one.rateLimit('zulip', { enforce: true, limit: 1, windowSeconds: 60 });
  t.equal((await request(`${url}/t/one/api/v1/users/10`, { headers: ZULIP_AUTH })).status, 200);
  t.equal((await request(`${url}/t/one/api/v1/users/10`, { headers: ZULIP_AUTH })).status, 429);
  t.equal((await request(`${url}/t/two/api/v1/users/10`, { headers: ZULIP_AUTH })).status, 200);

  await one.clock.set('2030-01-01T00:00:00.000Z');
  t.match((await one.clock.get()).iso, /^2030-01-01T00:00:0/);
  t.not((await two.clock.get()).iso.slice(0, 4), '2030');
  t.not((await root.clock.get()).iso.slice(0, 4), '2030');

  await one.reset();
  t.equal(await name(`${url}/t/one`), 'King Hamlet', 'reset brings the seeded user back');
  await two.users('zulip').put(10, { full_name: 'Hamlet of two' });
  await one.reset({ users: 3 });
  t.equal((await one.users('zulip').list()).total, 12 + 3);
  t.equal(await name(`${url}/t/two`), 'Hamlet of two', "one's reset leaves two alone");
  t.equal((await root.users('zulip').list()).total, 12 + 10);
});

t.test('GET and DELETE /__mock/tenants', async (t) => {
  const { url } = await startServer(t);
  t.same((await request(`${url}/__mock/tenants`)).json, { max: 64, tenants: [] });
  await request(`${url}/t/b/api/v1/users/10`, { headers: ZULIP_AUTH });
  await request(`${url}/t/a/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH });
  const listed = (await request(`${url}/__mock/tenants`)).json;
  t.same(listed.tenants.map((tenant: { name: string }) => tenant.name), ['a', 'b']);
  const [a] = listed.tenants;
  t.match(a, { name: 'a', loaded: true, journal: 1, users: { zulip: 22, sendbird: Number, openwebui: Number, chakra: Number, nandbox: Number } });
  t.ok(Date.parse(a.created) <= Date.parse(a.lastUsed));

  const removed = await request(`${url}/__mock/tenants/a`, { method: 'DELETE' });
  t.equal(removed.status, 204);
  t.same((await request(`${url}/__mock/tenants`)).json.tenants.map((tenant: { name: string }) => tenant.name), ['b']);
  const again = await request(`${url}/__mock/tenants/a`, { method: 'DELETE' });
  t.equal(again.status, 404);
  t.match(again.json, { error: 'Not Found', statusCode: 404 });
  // Made afresh by its next request: the journal starts empty.
  await request(`${url}/t/a/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH });
  t.equal((await new MockControl(`${url}/t/a`).requests()).total, 1);
});

t.test('an invalid tenant name gets the addressed platform\'s 404, or the core 404 for /__mock', async (t) => {
  const { url } = await startServer(t);
  const unknown = await request(`${url}/api/v1/users/10/nonexistent`, { headers: ZULIP_AUTH });
  t.match(unknown.json, { result: 'error' }, "Zulip's own 404");
  for (const name of ['UPPER', '-dash', 'x'.repeat(64), 'a_b', '']) {
    const zulip = await request(`${url}/t/${name}/api/v1/users/10`, { headers: ZULIP_AUTH });
    t.equal(zulip.status, unknown.status, `${name}: Zulip's status for an unserved path`);
    t.same(zulip.json, unknown.json, `${name}: Zulip's body`);
    const sendbird = await request(`${url}/t/${name}/v3/users/Tyler`, { headers: { 'api-token': 'x' } });
    t.match(sendbird.json, { error: true, code: Number, message: String }, `${name}: Sendbird's envelope`);
    const control = await request(`${url}/t/${name}/__mock/reset`, { method: 'POST' });
    t.equal(control.status, 404);
    t.match(control.json, { error: 'Not Found', statusCode: 404 });
  }
  t.same((await request(`${url}/__mock/tenants`)).json.tenants, [], 'no tenant was made');
  const longest = 'a'.repeat(63);
  t.equal((await request(`${url}/t/${longest}/api/v1/users/10`, { headers: ZULIP_AUTH })).status, 200, '63 characters is a name');
});

t.test('past MAX_TENANTS the least recently used idle tenant is evicted, and the eviction logged', async (t) => {
  const lines: string[] = [];
  const app = await buildApp({ users: 2, maxTenants: 2, logLevel: 'warn', logStream: { write: (line: string) => lines.push(line) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  for (const name of ['a', 'b']) await new MockControl(`${url}/t/${name}`).users('zulip').put(10, { full_name: `Hamlet of ${name}` });
  await request(`${url}/t/a/api/v1/users/10`, { headers: ZULIP_AUTH }); // a is now the more recently used
  await request(`${url}/t/c/api/v1/users/10`, { headers: ZULIP_AUTH });
  t.same((await request(`${url}/__mock/tenants`)).json.tenants.map((tenant: { name: string }) => tenant.name), ['a', 'c']);
  t.ok(lines.some((line) => /"tenant":"b"/.test(line) && /evicted/.test(line)), 'logged');
  const b = await request(`${url}/t/b/api/v1/users/10`, { headers: ZULIP_AUTH });
  t.equal(b.json.user.full_name, 'King Hamlet', "b's data went with it");
  t.equal((await request(`${url}/t/c/api/v1/users/10`, { headers: ZULIP_AUTH })).json.user.full_name, 'King Hamlet');
});

t.test("a tenant's data lives in the DB_PATH file and survives a restart", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cum-tenants-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'db.sqlite');
  const first = await startMockServer({ dbPath, users: 2 });
  const w = await first.tenant('w');
  await w.control.users('zulip').put(10, { full_name: 'Hamlet kept' });
  await first.close();

  const second = await startMockServer({ dbPath, users: 2 });
  t.teardown(() => second.close());
  const listed = (await request(`${second.url}/__mock/tenants`)).json.tenants;
  t.match(listed, [{ name: 'w', loaded: false, journal: 0, created: null }]);
  t.equal((await request(`${second.url}/t/w/api/v1/users/10`, { headers: ZULIP_AUTH })).json.user.full_name, 'Hamlet kept');
  t.equal((await request(`${second.url}/api/v1/users/10`, { headers: ZULIP_AUTH })).json.user.full_name, 'King Hamlet');
});

t.test('startMockServer().tenant(name) gives the url, credentials and control of a tenant', async (t) => {
  const mock = await startMockServer({ users: 2 });
  t.teardown(() => mock.close());
  const w = await mock.tenant('worker-1');
  t.equal(w.url, `${mock.url}/t/worker-1`);
  t.equal(w.credentials.zulip.realm, w.url);
  t.equal(w.credentials.sendbird.api_token, mock.credentials.sendbird.api_token);
  await w.control.users('chakra').delete(CHAKRA_JOHN);
  t.equal((await request(`${w.url}/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH })).status, 404);
  t.equal((await request(`${mock.url}/v1/ext/user/${CHAKRA_JOHN}`, { headers: CHAKRA_AUTH })).status, 200);
  await t.rejects(mock.tenant('Not Valid'), /tenant name/);
  const error = await new MockControl(`${mock.url}/t/UPPER`).reset().catch((caught: unknown) => caught);
  t.ok(error instanceof MockControlError);
  t.equal((error as MockControlError).status, 404);
});

t.test('MOCK_ADMIN_TOKEN guards every tenant\'s control API and the tenant list', async (t) => {
  const { url } = await startServer(t, { adminToken: 'secret' });
  t.equal((await request(`${url}/t/w/__mock/reset`, { method: 'POST' })).status, 401);
  t.equal((await request(`${url}/__mock/tenants`)).status, 401);
  t.equal((await new MockControl(`${url}/t/w`, 'secret').reset()).status, 'reset');
});
