/**
 * Raw HTTP against a real port: what the SDKs cannot send or do not show (headers, key
 * order, malformed bodies, header-name case), one test group per behaviour of
 * docs/platforms/sendbird.md, plus settings, seeding and Swagger.
 */
import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { request, startServer } from '../helper.js';
import { API_TOKEN, APP_ID, USER_FIELDS, WRONG_TOKEN, isEnvelope, jsonHeaders, tokenHeaders } from './fixtures.js';

const only = { platforms: ['sendbird'] };
const SECONDARY = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';

t.test('row 1: both paths, root and /sendbird prefix; the id segment is decoded once and %2F stays in it', async (t) => {
  const { url } = await startServer(t, only);
  for (const base of [url, `${url}/sendbird`]) {
    const listed = await request(`${base}/v3/users`, { headers: tokenHeaders() });
    t.equal(listed.status, 200, `${base}/v3/users`);
    const viewed = await request(`${base}/v3/users/Tyler`, { headers: tokenHeaders() });
    t.equal(viewed.json.user_id, 'Tyler');
  }
  const created = await request(`${url}/v3/users`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify({ user_id: 'a/b %2F c', nickname: 'n', profile_url: '' }) });
  t.equal(created.status, 200);
  const viewed = await request(`${url}/v3/users/${encodeURIComponent('a/b %2F c')}`, { headers: tokenHeaders() });
  t.equal(viewed.json.user_id, 'a/b %2F c', 'one decoding only: a literal %2F in the id survives');
  const unescaped = await request(`${url}/v3/users/a/b`, { headers: tokenHeaders() });
  t.ok(isEnvelope(unescaped.json, 400930), 'an unencoded slash is another path');
});

t.test('row 2: Api-Token first, name case-insensitive, master and secondary tokens', async (t) => {
  const { url } = await startServer(t, { ...only, settings: { SENDBIRD_SECONDARY_API_TOKENS: `${SECONDARY}` } });
  const missing = await request(`${url}/v3/users/Tyler`);
  t.equal(missing.status, 400);
  t.same(missing.json, { message: 'Not valid Api-Token. Api-Token is missing.', code: 400401, error: true });
  const wrong = await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders(WRONG_TOKEN) });
  t.equal(wrong.status, 400);
  t.ok(isEnvelope(wrong.json, 400401));
  const empty = await request(`${url}/v3/users/Tyler`, { headers: { 'Api-Token': '' } });
  t.ok(isEnvelope(empty.json, 400401));
  for (const name of ['Api-Token', 'api-token', 'API-TOKEN', 'aPi-ToKeN']) {
    const response = await request(`${url}/v3/users/Tyler`, { headers: { [name]: API_TOKEN } });
    t.equal(response.status, 200, name);
  }
  t.equal((await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders(SECONDARY) })).status, 200, 'secondary token');
  const sessionKey = await request(`${url}/v3/users/Tyler`, { headers: { 'Session-Key': API_TOKEN } });
  t.ok(isEnvelope(sessionKey.json, 400401), 'Session-Key is not a Platform API credential');
  const unknownUser = await request(`${url}/v3/users/nobody`, { headers: tokenHeaders(WRONG_TOKEN) });
  t.ok(isEnvelope(unknownUser.json, 400401), 'auth before lookup: 400401, not 400201');
  const badBody = await request(`${url}/v3/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{nope' });
  t.ok(isEnvelope(badBody.json, 400401), 'auth before body parsing: 400401, not 400403');
  const rateHeaders = missing.headers.get('x-ratelimit-limit');
  t.equal(rateHeaders, null, 'refused calls are not counted');
});

t.test('row 3: JSON with charset on every answer, {} on delete, no Content-Type needed on GET/DELETE', async (t) => {
  const { url } = await startServer(t, only);
  const ok = await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() });
  t.equal(ok.headers.get('content-type'), 'application/json; charset=utf-8');
  const error = await request(`${url}/v3/users/nobody`, { headers: tokenHeaders() });
  t.equal(error.headers.get('content-type'), 'application/json; charset=utf-8');
  t.equal(error.text, '{"message":"\\"User\\" not found.","code":400201,"error":true}', 'key order message, code, error');
  const deleted = await request(`${url}/v3/users/Jay`, { method: 'DELETE', headers: tokenHeaders() });
  t.equal(deleted.status, 200);
  t.equal(deleted.text, '{}');
  t.equal(deleted.headers.get('content-type'), 'application/json; charset=utf-8');
  const again = await request(`${url}/v3/users/Jay`, { method: 'DELETE', headers: tokenHeaders() });
  t.ok(isEnvelope(again.json, 400201), 'delete of an unknown user: 400201');
});

t.test('row 4: Sendbird\'s codes for bad input, and a rejected write changes nothing', async (t) => {
  const { url } = await startServer(t, only);
  const post = (body: string, headers = jsonHeaders()) => request(`${url}/v3/users`, { method: 'POST', headers, body });
  const put = (id: string, body: string) => request(`${url}/v3/users/${id}`, { method: 'PUT', headers: jsonHeaders(), body });
  const expectCode = async (promise: Promise<{ status: number; json: unknown }>, code: number, label: string) => {
    const response = await promise;
    t.equal(response.status, 400, label);
    t.ok(isEnvelope(response.json, code), `${label}: ${code} (${JSON.stringify(response.json)})`);
  };
  await expectCode(post('{"user_id":'), 400403, 'malformed JSON');
  await expectCode(post('[1,2]'), 400403, 'a JSON array');
  await expectCode(post(JSON.stringify({ user_id: 'big', nickname: 'n'.repeat(1024 * 1024), profile_url: '' })), 400110, 'a body over 1 MiB');
  await expectCode(post('{"user_id":"x"}', { 'Api-Token': API_TOKEN, 'Content-Type': 'text/plain' }), 400105, 'any content type is read as JSON');
  await expectCode(post(''), 400105, 'an empty body is an empty object');
  await expectCode(post('{"nickname":"n","profile_url":""}'), 400105, 'no user_id');
  await expectCode(post('{"user_id":"x","profile_url":""}'), 400105, 'no nickname');
  await expectCode(post('{"user_id":"x","nickname":"n"}'), 400105, 'no profile_url');
  await expectCode(post('{"user_id":5,"nickname":"n","profile_url":""}'), 400100, 'user_id not a string');
  await expectCode(post(JSON.stringify({ user_id: 'x'.repeat(81), nickname: 'n', profile_url: '' })), 400305, 'user_id over 80');
  await expectCode(post(JSON.stringify({ user_id: '  ', nickname: 'n', profile_url: '' })), 400151, 'blank user_id');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n'.repeat(81), profile_url: '' })), 400110, 'nickname over 80');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: 'u'.repeat(2049) })), 400110, 'profile_url over 2048');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', issue_access_token: 'yes' })), 400104, 'issue_access_token not boolean');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', discovery_keys: 'k' })), 400102, 'discovery_keys not a list');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', metadata: 'm' })), 400103, 'metadata not an object');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', metadata: { a: 1 } })), 400100, 'metadata value not a string');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', metadata: { 'a,b': '1' } })), 400111, 'metadata key with a comma');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', metadata: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } })), 400111, 'six metadata items');
  await expectCode(post(JSON.stringify({ user_id: 'x', nickname: 'n', profile_url: '', metadata: { a: 'v'.repeat(191) } })), 400110, 'metadata value over 190');
  await expectCode(post(JSON.stringify({ user_id: 'Tyler', nickname: 'n', profile_url: '' })), 400202, 'duplicate user_id');
  await expectCode(put('Tyler', '{"nickname":7}'), 400100, 'update nickname not a string');
  await expectCode(put('Tyler', '{"is_active":"false"}'), 400104, 'update is_active not boolean');
  await expectCode(put('Tyler', '{"last_seen_at":"soon"}'), 400101, 'update last_seen_at not a number');
  await expectCode(put('Tyler', '{"preferred_languages":["a","b","c","d","e"]}'), 400111, 'five preferred languages');
  await expectCode(put('Tyler', '{"nickname":'), 400403, 'update malformed JSON');
  await expectCode(put('nobody', '{"nickname":"x"}'), 400201, 'update unknown user');
  const tyler = await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() });
  t.equal(tyler.json.nickname, 'SilentSoccer', 'no rejected write changed Tyler');
  const x = await request(`${url}/v3/users/x`, { headers: tokenHeaders() });
  t.ok(isEnvelope(x.json, 400201), 'no rejected create left a user behind');

  const badSuper = await request(`${url}/v3/users/Tyler?include_unread_count=true&super_mode=bogus`, { headers: tokenHeaders() });
  t.same(badSuper.json, { message: 'Invalid value: "super_mode".', code: 400111, error: true });
  const badFlag = await request(`${url}/v3/users/Tyler?include_unread_count=maybe`, { headers: tokenHeaders() });
  t.ok(isEnvelope(badFlag.json, 400104), 'include_unread_count=maybe');
  for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'active_mode=sleeping', 'show_bot=perhaps', `token=${'!'.repeat(5)}`]) {
    const response = await request(`${url}/v3/users?${query}`, { headers: tokenHeaders() });
    t.equal(response.status, 400, query);
    t.ok(isEnvelope(response.json, query.startsWith('show_bot') ? 400104 : 400111), query);
  }
  const tooMany = await request(`${url}/v3/users?user_ids=${Array.from({ length: 251 }, (_, i) => `u${i}`).join(',')}`, { headers: tokenHeaders() });
  t.ok(isEnvelope(tooMany.json, 400203), 'more than 250 user_ids');
});

t.test('row 4 (configurable): SENDBIRD_INVALID_VALUES=ignore falls back to the defaults', async (t) => {
  const { url } = await startServer(t, { ...only, settings: { SENDBIRD_INVALID_VALUES: 'ignore' } });
  const viewed = await request(`${url}/v3/users/Tyler?include_unread_count=true&super_mode=bogus`, { headers: tokenHeaders() });
  t.equal(viewed.json.unread_message_count, 9, 'bogus super_mode behaves as all');
  const listed = await request(`${url}/v3/users?limit=500&active_mode=sleeping`, { headers: tokenHeaders() });
  t.equal(listed.status, 200);
  t.ok(listed.json.users.every((user: { is_active: boolean }) => user.is_active), 'active_mode falls back to activated');
});

t.test('row 5: the user resource, field by field', async (t) => {
  const clock = new ControllableClock();
  const frozenAt = Date.UTC(2025, 5, 1, 12, 0, 0, 750);
  clock.freeze(frozenAt);
  const { url } = await startServer(t, { ...only, clock, users: 30 });
  const created = await request(`${url}/v3/users`, {
    method: 'POST',
    headers: jsonHeaders(),
    body: JSON.stringify({ user_id: 'fresh', nickname: 'Fresh', profile_url: '', metadata: { k: 'v' } }),
  });
  t.same(Object.keys(created.json), [...USER_FIELDS, 'is_created', 'phone_number'], 'create: every field, in order, plus is_created and phone_number');
  t.same(created.json, {
    user_id: 'fresh', nickname: 'Fresh', profile_url: '', require_auth_for_profile_image: false, metadata: { k: 'v' }, access_token: '',
    created_at: Math.floor(frozenAt / 1000), discovery_keys: [], is_hide_me_from_friends: false, is_shadow_blocked: false, session_tokens: [],
    is_online: false, last_seen_at: -1, is_active: true, has_ever_logged_in: false, preferred_languages: [], locale: '',
    is_created: true, phone_number: '',
  });
  const viewed = await request(`${url}/v3/users/fresh`, { headers: tokenHeaders() });
  t.same(Object.keys(viewed.json), USER_FIELDS, 'view: no is_created, phone_number or unread counts');
  const withCounts = await request(`${url}/v3/users/fresh?include_unread_count=true&super_mode=all`, { headers: tokenHeaders() });
  t.same(Object.keys(withCounts.json), [...USER_FIELDS, 'unread_message_count', 'unread_channel_count']);
  t.equal(withCounts.json.unread_message_count, 0);
  t.equal(withCounts.json.unread_channel_count, 0);
  const updated = await request(`${url}/v3/users/fresh`, { method: 'PUT', headers: jsonHeaders(), body: '{"issue_access_token":true}' });
  t.same(Object.keys(updated.json), USER_FIELDS, 'update: the plain resource');
  t.match(updated.json.access_token, /^[0-9a-f]{40}$/);
  const viewedAgain = await request(`${url}/v3/users/fresh`, { headers: tokenHeaders() });
  t.equal(viewedAgain.json.access_token, updated.json.access_token, 'a view after the update shows it (the served text is not the one before)');
  t.equal(viewedAgain.headers.get('content-type'), 'application/json; charset=utf-8');

  const listed = await request(`${url}/v3/users?limit=100&active_mode=all`, { headers: tokenHeaders() });
  const users = listed.json.users as Array<Record<string, unknown>>;
  for (const user of users) t.same(Object.keys(user), USER_FIELDS, `list item ${user.user_id as string}`);
  t.ok(users.every((user) => (user.created_at as number) < 1e10), 'created_at in seconds');
  t.ok(users.some((user) => user.is_online === true && user.last_seen_at === 0), 'online users: last_seen_at 0');
  t.ok(users.some((user) => user.has_ever_logged_in === false && user.last_seen_at === -1), 'never seen: -1');
  t.ok(users.some((user) => user.is_online === false && (user.last_seen_at as number) > 1e12), 'offline: milliseconds');
});

t.test('row 5: unread counts follow include_unread_count, custom_types and super_mode', async (t) => {
  const { url } = await startServer(t, only);
  const counts = async (query: string) => {
    const response = await request(`${url}/v3/users/Tyler?${query}`, { headers: tokenHeaders() });
    return [response.json.unread_message_count, response.json.unread_channel_count];
  };
  t.same(await counts('include_unread_count=true&custom_types=art,sports'), [7, 2], 'the docs\' example, verbatim');
  t.same(await counts('include_unread_count=true&custom_types=art%2Csports'), [7, 2], 'comma percent-encoded, as the SDKs send it');
  t.same(await counts('include_unread_count=true'), [9, 3]);
  t.same(await counts('include_unread_count=true&super_mode=super'), [2, 1]);
  t.same(await counts('include_unread_count=true&super_mode=nonsuper'), [7, 2]);
  t.same(await counts('include_unread_count=true&custom_types=art'), [4, 1]);
  t.same(await counts('include_unread_count=TRUE&custom_types=nothing'), [0, 0]);
  t.same(await counts('include_unread_count=false&custom_types=art&super_mode=super'), [undefined, undefined], 'filters without the flag are ignored');
  t.same(await counts(''), [undefined, undefined]);
  const deactivated = await request(`${url}/v3/users/Tyler`, { method: 'PUT', headers: jsonHeaders(), body: '{"is_active":false}' });
  t.equal(deactivated.json.is_active, false);
  t.same(await counts('include_unread_count=true'), [0, 0], 'deactivation leaves every channel (leave_all_when_deactivated defaults to true)');
  const stillReadable = await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() });
  t.equal(stillReadable.status, 200, 'a deactivated user is still readable');
});

t.test('row 6: list defaults, filters and pagination', async (t) => {
  const { url } = await startServer(t, { ...only, users: 30 });
  const list = async (query: string) => (await request(`${url}/v3/users?${query}`, { headers: tokenHeaders() })).json as { users: Array<Record<string, unknown>>; next: string };
  const first = await list('token=');
  t.equal(first.users.length, 10, 'limit defaults to 10; an empty token is the first page');
  t.equal(first.users[0].user_id, 'Tyler');
  t.match(first.next, /^[A-Za-z0-9_-]+$/);
  const all = await list('limit=100&active_mode=all');
  t.equal(all.users.length, 32);
  t.equal(all.next, '');
  const activated = await list('limit=100');
  t.ok(activated.users.every((user) => user.is_active === true), 'active_mode defaults to activated');
  const deactivated = await list('limit=100&active_mode=deactivated');
  t.equal(deactivated.users.length, 3, 'people 9, 19 and 29 are deactivated');
  t.ok(deactivated.users.every((user) => user.is_active === false));
  t.equal(activated.users.length + deactivated.users.length, 32);
  const noBots = await list('limit=100&active_mode=all&show_bot=false');
  t.equal(all.users.length - noBots.users.length, 3, 'people 4, 14 and 24 are bots, listed by default');

  const pages: string[] = [];
  let token = '';
  do {
    const page = await list(`limit=7&active_mode=all&token=${encodeURIComponent(token)}`);
    pages.push(...page.users.map((user) => user.user_id as string));
    token = page.next;
  } while (token !== '');
  t.same(pages, all.users.map((user) => user.user_id), 'pages join up to the whole list in order');

  const ids = all.users.slice(3, 6).map((user) => user.user_id as string);
  const byIds = await list(`user_ids=${ids.map(encodeURIComponent).join(',')}&active_mode=all`);
  t.same(byIds.users.map((user) => user.user_id), ids);
  const byEncodedIds = await list(`user_ids=${encodeURIComponent(ids.join(','))}&active_mode=all`);
  t.same(byEncodedIds.users.map((user) => user.user_id), ids, 'user_ids=a%2Cb');
  const someone = all.users[5];
  t.same((await list(`nickname=${encodeURIComponent(someone.nickname as string)}&active_mode=all`)).users.map((user) => user.user_id), [someone.user_id]);
  const prefix = (someone.nickname as string).slice(0, 3);
  const byPrefix = await list(`nickname_startswith=${encodeURIComponent(prefix)}&active_mode=all&limit=100`);
  t.ok(byPrefix.users.length >= 1 && byPrefix.users.every((user) => (user.nickname as string).startsWith(prefix)));
  const withDepartment = all.users.filter((user) => 'department' in (user.metadata as object));
  t.ok(withDepartment.length > 0, 'some seeded people have metadata');
  const department = (withDepartment[0].metadata as Record<string, string>).department;
  const byMetadata = await list(`metadatakey=department&metadatavalues_in=${encodeURIComponent(department)}&active_mode=all&limit=100`);
  t.same(byMetadata.users.map((user) => user.user_id), withDepartment.filter((user) => (user.metadata as Record<string, string>).department === department).map((user) => user.user_id));
  const byKey = await list('metadatakey=department&active_mode=all&limit=100');
  t.equal(byKey.users.length, withDepartment.length, 'metadatakey alone: users having the key');
});

t.test('row 7: X-RateLimit-* headers, and 429 / 500910 when enforced', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.UTC(2025, 0, 1));
  const { url } = await startServer(t, { ...only, clock, settings: { SENDBIRD_RATE_LIMIT_ENFORCE: 'true', SENDBIRD_RATE_LIMIT_GET: '3', SENDBIRD_RATE_LIMIT_WRITE: '2' } });
  const get = () => request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() });
  const first = await get();
  t.equal(first.headers.get('x-ratelimit-limit'), '3;w=1');
  t.equal(first.headers.get('x-ratelimit-remaining'), '2');
  t.equal(first.headers.get('x-ratelimit-reset'), '1');
  t.equal(first.headers.get('x-ratelimit-retryafter'), '0');
  await get();
  t.equal((await get()).headers.get('x-ratelimit-remaining'), '0');
  const limited = await get();
  t.equal(limited.status, 429);
  t.ok(isEnvelope(limited.json, 500910));
  t.match(limited.json.message, /^Too many requests \(scope: app, limit: 3;w=1, remaining: 0, retry_after: [0-9.]+s, reset: [0-9.]+s\)$/);
  t.equal(limited.headers.get('x-ratelimit-remaining'), '0');
  t.equal(limited.headers.get('x-ratelimit-retryafter'), '1');
  const otherEndpoint = await request(`${url}/v3/users`, { headers: tokenHeaders() });
  t.equal(otherEndpoint.status, 200, 'limits are per endpoint');
  const write = await request(`${url}/v3/users/Tyler`, { method: 'PUT', headers: jsonHeaders(), body: '{}' });
  t.equal(write.headers.get('x-ratelimit-limit'), '2;w=1', 'writes have their own, lower limit');
  clock.advance(1000);
  t.equal((await get()).status, 200, 'the window slides with the injected clock');
});

t.test('rate limits are counted but not enforced by default', async (t) => {
  const { url } = await startServer(t, only);
  let last;
  for (let i = 0; i < 15; i++) last = await request(`${url}/v3/users/Tyler`, { headers: tokenHeaders() });
  t.equal(last!.status, 200);
  t.equal(last!.headers.get('x-ratelimit-limit'), '10;w=1');
  t.equal(last!.headers.get('x-ratelimit-remaining'), '0');
  const notFound = await request(`${url}/v3/users/nobody`, { headers: tokenHeaders() });
  t.ok(notFound.headers.get('x-ratelimit-limit'), 'errors after authentication carry the headers too');
});

t.test('credentials: exactly app_id and api_token, overridable by env', async (t) => {
  const defaults = await startServer(t, only);
  t.same((await request(`${defaults.url}/__mock/credentials`)).json.sendbird, { app_id: APP_ID, api_token: API_TOKEN });
  const appId = '11111111-2222-3333-4444-555555555555';
  const token = 'f'.repeat(40);
  const custom = await startServer(t, { ...only, settings: { SENDBIRD_APP_ID: appId, SENDBIRD_API_TOKEN: token } });
  t.same((await request(`${custom.url}/__mock/credentials`)).json.sendbird, { app_id: appId, api_token: token });
  t.equal((await request(`${custom.url}/v3/users/Tyler`, { headers: tokenHeaders(token) })).status, 200);
  t.ok(isEnvelope((await request(`${custom.url}/v3/users/Tyler`, { headers: tokenHeaders() })).json, 400401), 'the default token no longer works');
});

t.test('unknown paths and methods answer in Sendbird\'s envelope', async (t) => {
  const { url } = await startServer(t, only);
  const patch = await request(`${url}/v3/users/Tyler`, { method: 'PATCH', headers: jsonHeaders(), body: '{}' });
  t.ok(isEnvelope(patch.json, 400930));
  const unknown = await request(`${url}/sendbird/v3/nothing`, { headers: tokenHeaders() });
  t.ok(isEnvelope(unknown.json, 400930));
  const unknownWithBadBody = await request(`${url}/v3/nothing`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{bad' });
  t.ok(isEnvelope(unknownWithBadBody.json, 400930), 'an unknown endpoint wins over its body and needs no token');
  const badEscape = await request(`${url}/v3/users/%E0%A4%A`, { headers: tokenHeaders() });
  t.equal(badEscape.status, 400);
  t.ok(isEnvelope(badEscape.json, 400404));
});

t.test('Swagger documents every route with its parameters, security and error responses', async (t) => {
  const { url } = await startServer(t, only);
  const document = (await request(`${url}/docs/openapi/sendbird.json`)).json;
  t.match(document.components.securitySchemes.apiToken, { type: 'apiKey', in: 'header', name: 'Api-Token', description: /API token, 40 hex digits/ });
  const operations = [
    ['/v3/users', 'get'], ['/v3/users', 'post'], ['/v3/users/{user_id}', 'get'], ['/v3/users/{user_id}', 'put'], ['/v3/users/{user_id}', 'delete'],
  ];
  for (const [path, method] of operations) {
    const operation = document.paths[path]?.[method];
    t.ok(operation, `${method} ${path}`);
    t.same(operation.security, [{ apiToken: [] }]);
    t.ok(operation.responses['200'] && operation.responses['400'] && operation.responses['429'], `${method} ${path} responses`);
    t.ok(operation.responses['200'].headers['X-RateLimit-Limit'], 'rate-limit headers documented');
  }
  const viewParameters = document.paths['/v3/users/{user_id}'].get.parameters.map((parameter: { name: string }) => parameter.name);
  t.same(viewParameters.sort(), ['api-token', 'custom_types', 'include_unread_count', 'super_mode', 'user_id']);
  t.ok(document.paths['/v3/users'].post.requestBody, 'create documents its body');
});

t.test('settings with a bad value are refused at startup', async (t) => {
  await t.rejects(startServer(t, { ...only, settings: { SENDBIRD_API_TOKEN: 'short' } }), { name: 'SettingError' });
  await t.rejects(startServer(t, { ...only, settings: { SENDBIRD_APP_ID: 'not-a-uuid' } }), { name: 'SettingError' });
  await t.rejects(startServer(t, { ...only, settings: { SENDBIRD_SECONDARY_API_TOKENS: `${SECONDARY},nope` } }), { name: 'SettingError' });
});
