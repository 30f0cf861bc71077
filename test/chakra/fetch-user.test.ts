import t from 'tap';
import { request, startServer } from '../helper.js';
import {
  AUTH, ChakraClient, ChakraClientError, JOHN_EMAIL, JOHN_ID, JOHN_V1, TOKEN, UNKNOWN_USER_ID, assertUserV1, assertUserV2, expectedIso,
} from './support.js';

t.test('v1 Fetch User returns the docs example verbatim, in the docs key order', async (t) => {
  const { url } = await startServer(t);
  const response = await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH });
  t.equal(response.status, 200);
  t.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  t.same(Object.keys(response.json), ['_data'], 'only _data on success: no _meta, no _errors');
  t.strictSame(response.json._data, JOHN_V1);
  t.equal(response.text, JSON.stringify({ _data: JOHN_V1 }), 'byte for byte the docs order');
  assertUserV1(t, response.json._data, 'john');
});

t.test('every field of every seeded user has the documented type', async (t) => {
  const { url } = await startServer(t);
  const client = new ChakraClient(url, TOKEN);
  const list = await client.get('/v1/ext/users');
  t.equal(list._data.length, 11, 'the docs user plus the 10 generated people');
  for (const { id } of list._data) {
    const { _data: user } = await client.get(`/v1/ext/user/${id}`);
    assertUserV1(t, user, user.username);
  }
});

t.test('v2 Fetch User: the humanized differences and nothing else', async (t) => {
  const { url } = await startServer(t);
  const client = new ChakraClient(url, TOKEN);
  const { _data: v2 } = await client.get(`/v2/ext/user/${JOHN_ID}`);
  assertUserV2(t, v2, 'john v2');
  t.equal(v2.createdAt, '2021-09-17T00:04:58.100+05:30', 'createdAt: ISO with ms in the user\'s +0530 offset');
  t.equal(v2.updatedAt, '2021-09-17T00:04:58.124+05:30');
  t.equal(v2.team, 'paisapay', 'team short id of the docs v2 sample');
  t.equal(v2.role, 'inside_sales', 'role short id of the docs v2 sample');
  t.equal(v2.primaryEmail, 'john@acme.com', 'primaryEmail is the address string');
  t.strictSame(v2.emails, [JOHN_EMAIL], 'emails[] unchanged: objects with integer ms timestamps');
  const unchanged = Object.fromEntries(Object.entries(JOHN_V1).filter(([key]) => !['createdAt', 'updatedAt', 'team', 'role', 'primaryEmail'].includes(key)));
  t.match(v2, unchanged, 'every other field as in v1');
  t.same(Object.keys(v2), Object.keys(JOHN_V1), 'same fields, same order');
});

t.test('v1 and v2 agree for every seeded user, v2 times in the user\'s own offset', async (t) => {
  const { url } = await startServer(t);
  const client = new ChakraClient(url, TOKEN);
  const { _data: config } = await client.get('/v1/ext/config');
  const roleNames = new Map(config.roles.map((role: { id: string; shortId: string }) => [role.id, role.shortId]));
  const { _data: list } = await client.get('/v1/ext/users');
  const offsets = new Set<string>();
  for (const { id } of list) {
    const { _data: v1 } = await client.get(`/v1/ext/user/${id}`);
    const { _data: v2 } = await client.get(`/v2/ext/user/${id}`);
    assertUserV2(t, v2, `${v1.username} v2`);
    offsets.add(v1.timezone);
    t.equal(v2.createdAt, expectedIso(v1.createdAt, v1.timezone));
    t.equal(v2.updatedAt, expectedIso(v1.updatedAt, v1.timezone));
    t.equal(Date.parse(v2.createdAt), v1.createdAt, 'the same instant');
    t.equal(v2.team, config.team.shortId);
    t.equal(v2.role, roleNames.get(v1.role));
    t.equal(v2.primaryEmail, v1.primaryEmail.email);
    t.same(v2.emails, v1.emails);
    t.same(v2.reportees, v1.reportees);
  }
  t.ok(offsets.size > 1, 'seeded users live in several offsets');
});

t.test('an unknown user is 404 {"_errors":["User not found"]}, on v1 and v2', async (t) => {
  const { url } = await startServer(t);
  for (const version of ['v1', 'v2']) {
    const response = await request(`${url}/${version}/ext/user/${UNKNOWN_USER_ID}`, { headers: AUTH });
    t.equal(response.status, 404);
    t.match(response.headers.get('content-type'), /^application\/json/);
    t.strictSame(response.json, { _errors: ['User not found'] });
  }
  const error = await new ChakraClient(url, TOKEN).get(`/v1/ext/user/${UNKNOWN_USER_ID}`).catch((caught: unknown) => caught);
  t.ok(error instanceof ChakraClientError);
  t.equal((error as ChakraClientError).statusCode, 404);
  t.equal((error as ChakraClientError).message, 'User not found', 'the SDK reads _errors[0] as the message');
});

t.test('a non-UUID id is the same 404; an upper-case UUID finds the user', async (t) => {
  const { url } = await startServer(t);
  for (const id of ['johndoe', '123', 'a91b5073e9d44959-9fd3-6edf79c2c5a4', `${JOHN_ID}x`]) {
    const response = await request(`${url}/v1/ext/user/${id}`, { headers: AUTH });
    t.equal(response.status, 404, id);
    t.strictSame(response.json, { _errors: ['User not found'] });
  }
  const upper = await request(`${url}/v2/ext/user/${JOHN_ID.toUpperCase()}`, { headers: AUTH });
  t.equal(upper.status, 200);
  t.equal(upper.json._data.id, JOHN_ID, 'answered with the lowercase id');
});

t.test('CHAKRA_UNKNOWN_USER_STATUS and CHAKRA_MALFORMED_USER_ID_STATUS choose the statuses', async (t) => {
  const { url } = await startServer(t, { settings: { CHAKRA_UNKNOWN_USER_STATUS: '400', CHAKRA_MALFORMED_USER_ID_STATUS: '400' } });
  const unknown = await request(`${url}/v1/ext/user/${UNKNOWN_USER_ID}`, { headers: AUTH });
  t.equal(unknown.status, 400);
  t.strictSame(unknown.json, { _errors: ['User not found'] });
  const malformed = await request(`${url}/v2/ext/user/not-a-uuid`, { headers: AUTH });
  t.equal(malformed.status, 400);
  t.strictSame(malformed.json, { _errors: ['Invalid user id'] });
});

t.test('CHAKRA_V2_TIMESTAMP_ZONE=utc writes v2 times at +00:00', async (t) => {
  const { url } = await startServer(t, { settings: { CHAKRA_V2_TIMESTAMP_ZONE: 'utc' } });
  const response = await request(`${url}/v2/ext/user/${JOHN_ID}`, { headers: AUTH });
  t.equal(response.json._data.createdAt, '2021-09-16T18:34:58.100+00:00');
  t.equal(response.json._data.timezone, '+0530', 'the user keeps its offset');
});

t.test('both the root path and the /chakra prefix serve, HEAD included, unknown query parameters ignored', async (t) => {
  const { url } = await startServer(t);
  const root = await request(`${url}/v1/ext/user/${JOHN_ID}?foo=bar&limit=1`, { headers: AUTH });
  const prefixed = await request(`${url}/chakra/v1/ext/user/${JOHN_ID}`, { headers: AUTH });
  t.equal(root.status, 200);
  t.equal(prefixed.text, root.text);
  const head = await fetch(`${url}/v1/ext/user/${JOHN_ID}`, { method: 'HEAD', headers: AUTH });
  t.equal(head.status, 200);
  t.equal(await head.text(), '');
});

t.test('soft-deleted users are still served, inactive and with deletedAt set', async (t) => {
  const { url } = await startServer(t, { users: 20 });
  const { _data: list } = await new ChakraClient(url, TOKEN).get('/v1/ext/users');
  const deleted = list.filter((user: { isDeleted: boolean }) => user.isDeleted);
  t.equal(deleted.length, 1, 'every 20th person');
  const response = await request(`${url}/v1/ext/user/${deleted[0].id}`, { headers: AUTH });
  t.equal(response.status, 200);
  t.equal(response.json._data.isActive, false);
  t.type(response.json._data.deletedAt, 'number');
});
