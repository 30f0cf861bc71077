import t from 'tap';
import { request, startServer } from '../helper.js';

t.test('health and ready answer 200 JSON once the store is seeded', async (t) => {
  const { url } = await startServer(t);
  const health = await request(`${url}/__mock/health`);
  t.equal(health.status, 200);
  t.same(health.json, { status: 'ok' });
  const ready = await request(`${url}/__mock/ready`);
  t.equal(ready.status, 200);
  t.match(ready.json, { status: 'ready', seed: 42, users: 10 });
});

t.test('credentials have the documented shape and name the address the client used', async (t) => {
  const { url } = await startServer(t);
  const response = await request(`${url}/__mock/credentials`);
  t.equal(response.status, 200);
  t.same(response.json.zulip, {
    realm: url,
    email: 'iago@zulip.com',
    api_key: 'abcdefghijklmnopqrstuvwxyz123456',
    password: 'chat-user-mock',
    version: '12.0 (feature level 511)',
  });
  t.equal(response.json.openwebui.version, '0.11.0', 'each versioned platform names the release it emulates');
  t.notOk('version' in response.json.sendbird, 'an unversioned API names none');
});

t.test('a path no platform serves is a JSON 404 naming the platforms', async (t) => {
  const { url } = await startServer(t);
  const response = await request(`${url}/no/such/thing`);
  t.equal(response.status, 404);
  t.match(response.headers.get('content-type'), /application\/json/);
  t.ok(Array.isArray(response.json.platforms));
});
