import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { request, startServer } from '../helper.js';
import { AUTH, ChakraClient, ChakraClientError, JOHN_ID, JOHN_V1, TOKEN, UNKNOWN_USER_ID, assertUserV1 } from './support.js';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0, 345);
const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

async function frozenServer(t: Parameters<typeof startServer>[0], settings: Record<string, string> = {}) {
  const clock = new ControllableClock();
  clock.freeze(NOW);
  return { clock, ...(await startServer(t, { clock, settings })) };
}

t.test('PUT with the docs example body updates only those fields and bumps updatedAt', async (t) => {
  const { url } = await frozenServer(t);
  const client = new ChakraClient(url, TOKEN);
  const body = await client.request('PUT', `/v1/ext/user/${JOHN_ID}`, { firstName: 'Johnny', lastName: 'Dough' });
  t.same(Object.keys(body), ['_data']);
  t.strictSame(body._data, { ...JOHN_V1, firstName: 'Johnny', lastName: 'Dough', updatedAt: NOW }, 'the updated v1 user');
  assertUserV1(t, body._data, 'updated john');
  const { _data: fetched } = await client.get(`/v1/ext/user/${JOHN_ID}`);
  t.strictSame(fetched, body._data, 'persisted: Fetch v1 returns the same');
});

t.test('PATCH round trip through v1 and v2, and into both lists', async (t) => {
  const { url, clock } = await frozenServer(t);
  const client = new ChakraClient(url, TOKEN);
  const { _data: config } = await client.get('/v1/ext/config');
  const admin = config.roles.find((role: { shortId: string }) => role.shortId === 'admin');
  const update = {
    middleName: 'Q',
    displayName: 'JD',
    gender: 'male',
    dob: Date.UTC(1990, 4, 17),
    bio: 'Sells things',
    profileImageUrl: 'https://example.com/john.png',
    coverImageUrl: 'https://example.com/cover.png',
    timezone: '-0330',
    data: { favouriteColour: 'green', nested: JSON.parse(`${'{"a":'.repeat(30)}1${'}'.repeat(30)}`) },
    onboardingData: { step: 3 },
    availabilityStatus: 'BUSY',
    username: 'jdoe',
    role: admin.id,
  };
  const { _data: v1 } = await client.request('PATCH', `/v1/ext/user/${JOHN_ID}`, update);
  t.match(v1, { ...update, updatedAt: NOW, createdAt: JOHN_V1.createdAt, firstName: 'John' });

  const { _data: v2 } = await client.get(`/v2/ext/user/${JOHN_ID}`);
  t.equal(v2.updatedAt, '2025-06-01T08:30:00.345-03:30', 'the new updatedAt, in the new offset');
  t.equal(v2.createdAt, '2021-09-16T15:04:58.100-03:30');
  t.equal(v2.role, 'admin', 'the new role by short id');
  t.equal(v2.team, 'paisapay');
  t.strictSame(v2.data, update.data, 'free-form data round-trips (31 levels deep)');
  t.equal(v2.username, 'jdoe');

  const { _data: list1 } = await client.get('/v1/ext/users');
  t.match(list1.find((user: { id: string }) => user.id === JOHN_ID), { ...update, updatedAt: NOW });
  const { _data: list2 } = await client.get('/v2/ext/users');
  t.match(list2.find((user: { id: string }) => user.id === JOHN_ID), { role: 'admin', updatedAt: '2025-06-01T08:30:00.345-03:30' });

  clock.advance(5000);
  const { _data: again } = await client.request('PUT', `/v1/ext/user/${JOHN_ID}`, { data: null });
  t.equal(again.updatedAt, NOW + 5000, 'each update bumps updatedAt');
  t.equal(again.data, null, 'data can be cleared');
  t.equal(again.bio, 'Sells things', 'earlier changes kept');
});

t.test('an empty object changes nothing but updatedAt; unknown and read-only keys are ignored', async (t) => {
  const { url } = await frozenServer(t);
  const client = new ChakraClient(url, TOKEN);
  const empty = await client.request('PATCH', `/v1/ext/user/${JOHN_ID}`, {});
  t.strictSame(empty._data, { ...JOHN_V1, updatedAt: NOW });
  const ignored = await client.request('PUT', `/v1/ext/user/${JOHN_ID}`, {
    id: UNKNOWN_USER_ID, createdAt: 1, team: 'x', isActive: false, emails: [], reportees: ['y'], nickname: 'JJ', lastName: 'Roe',
  });
  t.strictSame(ignored._data, { ...JOHN_V1, lastName: 'Roe', updatedAt: NOW }, 'only lastName changed');
});

t.test('invalid bodies: 400 listing every wrong field, and nothing is written', async (t) => {
  const { url } = await frozenServer(t);
  const cases: Array<[string, unknown, string[]]> = [
    ['wrong types', { firstName: 1, lastName: null, dob: '1990-01-01', timezone: '+05:30', data: [], role: 'admin' }, [
      'firstName must be a non-empty string',
      'lastName must be a string',
      'dob must be an integer (epoch milliseconds, 0 when unset)',
      'timezone must be a UTC offset such as "+0530"',
      'data must be an object or null',
      'role must be the id of a role in the team config',
    ]],
    ['empty required names', { firstName: '', username: '  ' }, ['firstName must be a non-empty string', 'username must be a non-empty string']],
    ['a fractional dob', { dob: 1.5 }, ['dob must be an integer (epoch milliseconds, 0 when unset)']],
    ['data nested 33 deep', { data: JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`), onboardingData: 'x' }, [
      'data must not nest deeper than 32 levels',
      'onboardingData must be an object or null',
    ]],
    ['an array body', [{ firstName: 'x' }], ['Request body must be a JSON object']],
    ['a JSON string body', 'John', ['Request body must be a JSON object']],
    ['a JSON null body', null, ['Request body must be a JSON object']],
  ];
  for (const [label, body, errors] of cases) {
    for (const method of ['PUT', 'PATCH']) {
      const response = await request(`${url}/v1/ext/user/${JOHN_ID}`, { method, headers: JSON_AUTH, body: JSON.stringify(body) });
      t.equal(response.status, 400, `${method} ${label}`);
      t.match(response.headers.get('content-type'), /^application\/json/);
      t.strictSame(response.json, { _errors: errors }, `${method} ${label}`);
    }
  }
  const after = await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH });
  t.strictSame(after.json._data, JOHN_V1, 'no rejected write changed anything');
});

t.test('body-parse failures come out in the envelope', async (t) => {
  const { url } = await frozenServer(t);
  const target = `${url}/v1/ext/user/${JOHN_ID}`;
  const cases: Array<[string, RequestInit, number, string]> = [
    ['invalid JSON', { body: '{"firstName":' }, 400, 'Invalid JSON body'],
    ['an empty JSON body', { body: '' }, 400, 'Invalid JSON body'],
    ['__proto__ key', { body: '{"__proto__":{"isAdmin":true},"firstName":"X"}' }, 400, 'Invalid JSON body'],
    ['constructor.prototype', { body: '{"constructor":{"prototype":{"x":1}}}' }, 400, 'Invalid JSON body'],
    ['a body over 1 MiB', { body: JSON.stringify({ bio: 'x'.repeat(1024 * 1024 + 10) }) }, 413, 'Request body too large'],
    ['no body at all', { headers: AUTH }, 400, 'Request body must be a JSON object'],
    ['text/plain', { headers: { ...AUTH, 'content-type': 'text/plain' }, body: 'firstName=X' }, 400, 'Request body must be a JSON object'],
    ['a form body', { headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: 'firstName=X' }, 415, 'Unsupported content type'],
  ];
  for (const [label, init, status, message] of cases) {
    const response = await request(target, { method: 'PUT', headers: JSON_AUTH, ...init });
    t.equal(response.status, status, label);
    t.match(response.headers.get('content-type'), /^application\/json/, label);
    t.strictSame(response.json, { _errors: [message] }, label);
  }
  t.strictSame((await request(target, { headers: AUTH })).json._data, JOHN_V1, 'nothing written');
});

t.test('unknown user 404 and missing token 401 on update, checked in that order of precedence', async (t) => {
  const { url } = await frozenServer(t);
  const client = new ChakraClient(url, TOKEN);
  const error = await client.request('PATCH', `/v1/ext/user/${UNKNOWN_USER_ID}`, { firstName: 'X' }).catch((caught: unknown) => caught);
  t.ok(error instanceof ChakraClientError);
  t.equal((error as ChakraClientError).statusCode, 404);
  t.same((error as ChakraClientError).errors, ['User not found']);
  const malformed = await request(`${url}/v1/ext/user/nobody`, { method: 'PUT', headers: JSON_AUTH, body: '{}' });
  t.equal(malformed.status, 404);
  t.strictSame(malformed.json, { _errors: ['User not found'] });
  const invalidFirst = await request(`${url}/v1/ext/user/${UNKNOWN_USER_ID}`, { method: 'PUT', headers: JSON_AUTH, body: '{"dob":"x"}' });
  t.equal(invalidFirst.status, 400, 'the body is checked before the user is looked up');
  const noToken = await request(`${url}/v1/ext/user/${JOHN_ID}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"firstName":' });
  t.equal(noToken.status, 401, 'the token is checked before the body is parsed');
  t.strictSame(noToken.json, { _errors: ['Unauthorized'] });
});

t.test('CHAKRA_UPDATE_RESPONSE=empty answers {} like Update Process; the change still persists', async (t) => {
  const { url } = await frozenServer(t, { CHAKRA_UPDATE_RESPONSE: 'empty' });
  const response = await request(`${url}/v1/ext/user/${JOHN_ID}`, { method: 'PUT', headers: JSON_AUTH, body: '{"firstName":"Jim"}' });
  t.equal(response.status, 200);
  t.equal(response.text, '{}');
  t.equal((await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH })).json._data.firstName, 'Jim');
});

t.test('CHAKRA_UPDATE_UNKNOWN_FIELDS=reject and CHAKRA_INVALID_BODY_STATUS=422', async (t) => {
  const { url } = await frozenServer(t, { CHAKRA_UPDATE_UNKNOWN_FIELDS: 'reject', CHAKRA_INVALID_BODY_STATUS: '422' });
  const response = await request(`${url}/v1/ext/user/${JOHN_ID}`, {
    method: 'PATCH', headers: JSON_AUTH, body: JSON.stringify({ firstName: 'Jim', nickname: 'J', id: 'x', dob: 'y' }),
  });
  t.equal(response.status, 422);
  t.strictSame(response.json, { _errors: ['nickname is not an updatable field', 'id is not an updatable field', 'dob must be an integer (epoch milliseconds, 0 when unset)'] });
  t.equal((await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH })).json._data.firstName, 'John', 'nothing written');
});
