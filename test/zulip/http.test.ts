/** Zulip's wire behaviour over raw HTTP: what zulip-js cannot send or cannot show (headers). */
import t from 'tap';
import { ZulipRepository } from '../../src/platforms/zulip/repository.js';
import { basicAuth, request, startServer } from '../helper.js';

const IAGO = basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456');
const HAMLET = basicAuth('hamlet@zulip.com', 'HamletKey00000000000000000000000');
const POLONIUS = basicAuth('polonius@zulip.com', 'PoloniusKey000000000000000000000'); // a guest

const get = (url: string, authorization?: string, headers: Record<string, string> = {}) =>
  request(url, { headers: authorization === undefined ? headers : { authorization, ...headers } });

t.test('bodies are compact JSON with a trailing newline, served as application/json', async (t) => {
  const { url } = await startServer(t);
  for (const response of [await get(`${url}/api/v1/users/10`, IAGO), await get(`${url}/api/v1/users/0`, IAGO)]) {
    t.equal(response.headers.get('content-type'), 'application/json');
    t.ok(response.text.endsWith('}\n'), 'ends with one newline');
    t.notOk(response.text.slice(0, -1).includes('\n'), 'compact');
    t.notOk(/": /.test(response.text), 'no spaces after colons');
  }
  const success = await get(`${url}/api/v1/users/10`, IAGO);
  t.same(Object.keys(success.json), ['result', 'msg', 'user']);
  t.same(Object.keys(success.json.user), [
    'email', 'user_id', 'avatar_version', 'is_admin', 'is_owner', 'is_guest', 'role', 'is_bot',
    'full_name', 'timezone', 'is_active', 'date_joined', 'delivery_email', 'avatar_url', 'is_imported_stub',
  ], 'Zulip 12 by default: is_imported_stub (feature level 433)');
  t.equal(success.headers.get('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private');
});

t.test('authentication failures, in the order Zulip checks them', async (t) => {
  const { url } = await startServer(t);
  const target = `${url}/zulip/api/v1/users/10`;
  const unauthorized = (msg: string) => ({ result: 'error', msg, code: 'UNAUTHORIZED' });
  const cases: Array<[string, string | undefined, number, object]> = [
    ['no Authorization header', undefined, 401, unauthorized('Not logged in: API authentication or user session required')],
    ['empty value', '', 401, unauthorized('Invalid authorization header for basic auth')],
    ['Basic with no token', 'Basic', 401, unauthorized('Invalid authorization header for basic auth')],
    ['three tokens', 'Basic abc def', 401, unauthorized('Invalid authorization header for basic auth')],
    ['bad base64', 'Basic a', 401, unauthorized('Invalid authorization header for basic auth')],
    ['non-UTF-8', `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x41]).toString('base64')}`, 401, unauthorized('Invalid authorization header for basic auth')],
    ['no colon', `Basic ${Buffer.from('iago@zulip.com').toString('base64')}`, 401, unauthorized('Invalid authorization header for basic auth')],
    ['two colons', basicAuth('iago@zulip.com', 'a:b'), 401, unauthorized('Invalid authorization header for basic auth')],
    ['key not 32 alphanumerics', basicAuth('iago@zulip.com', 'short'), 401, unauthorized('Malformed API key')],
    ['well-formed unknown key', basicAuth('iago@zulip.com', 'X'.repeat(32)), 401, unauthorized('Invalid API key')],
    ['email of another user', basicAuth('hamlet@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456'), 401, unauthorized('Invalid API key')],
    ['empty email', basicAuth('', 'abcdefghijklmnopqrstuvwxyz123456'), 401, unauthorized('Invalid API key')],
    ['deactivated user', basicAuth('othello@zulip.com', 'OthelloKey0000000000000000000000'), 401, unauthorized('Account is deactivated')],
    ['incoming webhook bot', basicAuth('webhook-bot@zulip.com', 'WebhookBotKey0000000000000000000'), 401, unauthorized('This API is not available to incoming webhook bots.')],
  ];
  for (const [name, authorization, status, body] of cases) {
    const response = await get(target, authorization);
    t.equal(response.status, status, `${name}: status`);
    t.same(response.json, body, `${name}: body`);
    t.equal(response.headers.get('www-authenticate'), 'Basic realm="zulip"', `${name}: challenge`);
    t.equal(response.headers.get('x-ratelimit-limit'), null, `${name}: no rate-limit headers before auth`);
  }

  const bearer = await get(target, 'Bearer abc');
  t.equal(bearer.status, 400, 'a non-Basic scheme is a 400');
  t.same(bearer.json, { result: 'error', msg: 'This endpoint requires HTTP basic authentication.', code: 'BAD_REQUEST' });
  t.equal(bearer.headers.get('www-authenticate'), null);

  const browser = await get(target, undefined, { accept: 'text/html,application/xhtml+xml' });
  t.equal(browser.status, 302, 'a browser is redirected to the login page');
  t.equal(browser.headers.get('location'), '/login/?next=%2Fzulip%2Fapi%2Fv1%2Fusers%2F10');
});

t.test('scheme and email are matched case-insensitively, whitespace around the parts is stripped', async (t) => {
  const { url } = await startServer(t);
  const encoded = Buffer.from(' IAGO@Zulip.COM : abcdefghijklmnopqrstuvwxyz123456 ').toString('base64');
  for (const scheme of ['basic', 'BASIC', 'Basic']) {
    const response = await get(`${url}/api/v1/users/10`, `${scheme}   ${encoded}`);
    t.equal(response.status, 200, scheme);
  }
});

t.test('a deactivated realm wins over a deactivated user', async (t) => {
  const { url, app } = await startServer(t);
  const users = new ZulipRepository(app.mock.store);
  users.putRealm({ ...users.realm(), deactivated: true });
  for (const authorization of [IAGO, basicAuth('othello@zulip.com', 'OthelloKey0000000000000000000000')]) {
    const response = await get(`${url}/api/v1/users/10`, authorization);
    t.equal(response.status, 401);
    t.same(response.json, { result: 'error', msg: 'This organization has been deactivated', code: 'UNAUTHORIZED' });
  }
});

t.test('JSON booleans: only true/false, Zulip 10 wording, last value wins', async (t) => {
  const { url } = await startServer(t);
  const notJson = (name: string) => ({ result: 'error', msg: `${name} is not valid JSON`, code: 'BAD_REQUEST' });
  const notBoolean = (name: string) => ({ result: 'error', msg: `${name} is not a boolean`, code: 'BAD_REQUEST' });
  for (const value of ['yes', 'True', 'TRUE', '']) {
    const response = await get(`${url}/api/v1/users/10?client_gravatar=${encodeURIComponent(value)}`, IAGO);
    t.equal(response.status, 400);
    t.same(response.json, notJson('client_gravatar'), JSON.stringify(value));
  }
  for (const value of ['1', '0', '"true"', 'null']) {
    const response = await get(`${url}/api/v1/users/10?include_custom_profile_fields=${encodeURIComponent(value)}`, IAGO);
    t.same(response.json, notBoolean('include_custom_profile_fields'), value);
  }
  const spaced = await get(`${url}/api/v1/users/10?client_gravatar=%20true`, IAGO);
  t.equal(spaced.status, 200, 'JSON whitespace is fine');
  const both = await get(`${url}/api/v1/users/10?include_custom_profile_fields=1&client_gravatar=yes`, IAGO);
  t.same(both.json, notJson('client_gravatar'), 'client_gravatar is checked first');
  const repeated = await get(`${url}/api/v1/users/10?client_gravatar=yes&client_gravatar=false`, IAGO);
  t.equal(repeated.status, 200, 'the last value wins');
  t.match(repeated.json.user.avatar_url, /gravatar/);
});

t.test('user_ids on GET /users takes a JSON list (Zulip 11)', async (t) => {
  const { url } = await startServer(t);
  const listed = await get(`${url}/api/v1/users?user_ids=${encodeURIComponent('[10,12]')}`, IAGO);
  t.same(listed.json.members.map((member: { user_id: number }) => member.user_id), [10, 12]);
  const commas = await get(`${url}/api/v1/users?user_ids=10,12`, IAGO);
  t.same(commas.json, { result: 'error', msg: 'user_ids is not valid JSON', code: 'BAD_REQUEST' }, 'zulip-js sends arrays comma-joined');
});

t.test('No such user for unknown ids, non-integers and unknown emails', async (t) => {
  const { url } = await startServer(t);
  for (const segment of ['0', '424242', '99999999999999999999', 'abc', '-5', '1.5', 'ME', 'nobody%40zulip.com', 'user999%40zulip.example.com']) {
    const response = await get(`${url}/api/v1/users/${segment}`, IAGO);
    t.equal(response.status, 400, segment);
    t.same(response.json, { result: 'error', msg: 'No such user', code: 'BAD_REQUEST' }, segment);
    t.equal(response.headers.get('x-ratelimit-limit'), '200', `${segment}: authenticated errors carry rate-limit headers`);
  }
  const zeros = await get(`${url}/api/v1/users/007`, IAGO);
  t.equal(zeros.json.user.user_id, 7, 'leading zeros are fine');
  const deactivated = await get(`${url}/api/v1/users/9`, IAGO);
  t.equal(deactivated.status, 200);
  t.equal(deactivated.json.user.is_active, false, 'a deactivated user is returned');
});

t.test('email visibility: dummy emails, delivery_email and lookup by address', async (t) => {
  const { url } = await startServer(t);
  // Zoe (14) lets only admins see her address; Polonius (13) is a guest and hides his from guests.
  const asAdmin = await get(`${url}/api/v1/users/14`, IAGO);
  t.equal(asAdmin.json.user.email, 'user14@zulip.example.com');
  t.equal(asAdmin.json.user.delivery_email, 'ZOE@zulip.com');
  t.match(asAdmin.json.user.avatar_url, /^\/user_avatars\/2\/[0-9a-f]{40}\.png\?version=1$/, 'uploaded avatars are relative URLs');
  const asMember = await get(`${url}/api/v1/users/14`, HAMLET);
  t.equal(asMember.json.user.delivery_email, null);
  const byDummy = await get(`${url}/api/v1/users/user14%40zulip.example.com`, HAMLET);
  t.equal(byDummy.json.user.user_id, 14, 'the dummy form works for every caller');
  const byRealAsMember = await get(`${url}/api/v1/users/ZOE%40zulip.com`, HAMLET);
  t.same(byRealAsMember.json, { result: 'error', msg: 'No such user', code: 'BAD_REQUEST' }, 'a hidden address does not find the user');
  const byRealAsAdmin = await get(`${url}/api/v1/users/zoe%40ZULIP.com`, IAGO);
  t.equal(byRealAsAdmin.json.user.user_id, 14);
  const guestLooks = await get(`${url}/api/v1/users/13`, POLONIUS);
  t.equal(guestLooks.json.user.delivery_email, 'polonius@zulip.com', 'a user always sees their own address');
  t.not(guestLooks.json.user.avatar_url, null, 'avatar_url is null only for visibility everyone');
});

t.test('one user asked for in turn by different callers and with different parameters, then changed', async (t) => {
  const { url } = await startServer(t);
  // Answers are served from text made once per stored user and variant: each request must still get its own.
  const zoe = async (authorization: string, query = '') => (await get(`${url}/api/v1/users/14${query}`, authorization)).json.user;
  for (let round = 0; round < 2; round++) {
    t.equal((await zoe(IAGO)).delivery_email, 'ZOE@zulip.com', `admin, round ${round}`);
    t.equal((await zoe(HAMLET)).delivery_email, null, `member, round ${round}`);
    t.same(Object.keys(await zoe(IAGO, '?include_custom_profile_fields=true')).at(-1), 'profile_data', `profile fields asked for, round ${round}`);
    t.notOk('profile_data' in (await zoe(IAGO)), `profile fields not asked for, round ${round}`);
  }
  const hamlet = async (query = '') => (await get(`${url}/api/v1/users/10${query}`, IAGO)).json;
  t.equal((await hamlet('?client_gravatar=true')).user.avatar_url, null, 'client_gravatar: null for an address visible to everyone');
  t.match((await hamlet('?client_gravatar=false')).user.avatar_url, /^https:\/\/secure\.gravatar\.com\/avatar\//);
  t.same((await hamlet('?client_gravatar=true&colour=red')).ignored_parameters_unsupported, ['colour']);
  t.notOk('ignored_parameters_unsupported' in (await hamlet('?client_gravatar=true')), 'not carried over to the next request');

  const renamed = await request(`${url}/__mock/platforms/zulip/users/14`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ full_name: 'Zoe Renamed' }),
  });
  t.equal(renamed.status, 200);
  t.equal((await zoe(IAGO)).full_name, 'Zoe Renamed', 'a change shows in the next answer');
  t.equal((await zoe(HAMLET)).full_name, 'Zoe Renamed');
});

t.test('role-derived flags and bot fields', async (t) => {
  const { url } = await startServer(t);
  const flags = async (id: number) => {
    const { user } = (await get(`${url}/api/v1/users/${id}`, IAGO)).json;
    return [user.role, user.is_owner, user.is_admin, user.is_guest];
  };
  t.same(await flags(5), [100, true, true, false], 'owners are admins too');
  t.same(await flags(11), [200, false, true, false]);
  t.same(await flags(6), [300, false, false, false], 'moderators have every flag false');
  t.same(await flags(10), [400, false, false, false]);
  t.same(await flags(13), [600, false, false, true]);
  const bot = (await get(`${url}/api/v1/users/23?include_custom_profile_fields=true`, IAGO)).json.user;
  t.same(Object.keys(bot).slice(-2), ['bot_type', 'bot_owner_id']);
  t.notOk('profile_data' in bot);
  const human = (await get(`${url}/api/v1/users/10`, IAGO)).json.user;
  t.notOk('bot_type' in human, 'humans have no bot_type at all');
});

t.test('ignored_parameters_unsupported: sorted, last, never for client, never on errors', async (t) => {
  const { url } = await startServer(t);
  const response = await get(`${url}/api/v1/users/10?foo=1&bar=2&client=test`, IAGO);
  t.same(Object.keys(response.json).at(-1), 'ignored_parameters_unsupported');
  t.same(response.json.ignored_parameters_unsupported, ['bar', 'foo']);
  const clientOnly = await get(`${url}/api/v1/users/10?client=test`, IAGO);
  t.notOk('ignored_parameters_unsupported' in clientOnly.json);
  const list = await get(`${url}/api/v1/users?zzz=1`, IAGO);
  t.same(list.json.ignored_parameters_unsupported, ['zzz']);
  const error = await get(`${url}/api/v1/users/0?foo=1`, IAGO);
  t.notOk('ignored_parameters_unsupported' in error.json);
  const me = await get(`${url}/api/v1/users/me?foo=1`, IAGO);
  t.notOk('ignored_parameters_unsupported' in me.json, '/users/me reports none (≤ 9.x behaviour)');
});

t.test('X-RateLimit headers on authenticated responses; 429 with a float Retry-After when enforced', async (t) => {
  const { url } = await startServer(t, { settings: { ZULIP_RATE_LIMIT_ENFORCE: 'true', ZULIP_RATE_LIMIT: '3' } });
  const remaining: string[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await get(`${url}/api/v1/users/10`, HAMLET);
    t.equal(response.status, 200);
    t.equal(response.headers.get('x-ratelimit-limit'), '3');
    t.match(response.headers.get('x-ratelimit-reset'), /^\d{10}$/, 'epoch seconds, integer');
    remaining.push(response.headers.get('x-ratelimit-remaining')!);
  }
  t.same(remaining, ['2', '1', '0']);
  const limited = await get(`${url}/api/v1/users/10`, HAMLET);
  t.equal(limited.status, 429);
  t.equal(limited.json.result, 'error');
  t.equal(limited.json.msg, 'API usage exceeded rate limit');
  t.equal(limited.json.code, 'RATE_LIMIT_HIT');
  t.type(limited.json['retry-after'], 'number');
  t.same(Object.keys(limited.json), ['result', 'msg', 'code', 'retry-after']);
  t.equal(limited.headers.get('retry-after'), String(limited.json['retry-after']));
  t.equal(limited.headers.get('x-ratelimit-remaining'), '0');
  const other = await get(`${url}/api/v1/users/10`, IAGO);
  t.equal(other.status, 200, 'the limit is per user');
});

t.test('methods: 405 before authentication, OPTIONS lists the allowed ones, HEAD works', async (t) => {
  const { url } = await startServer(t);
  const put = await request(`${url}/api/v1/users/10`, { method: 'PUT' });
  t.equal(put.status, 405);
  t.equal(put.headers.get('allow'), 'GET, PATCH, DELETE, HEAD');
  t.equal(put.headers.get('content-type'), 'text/html; charset=utf-8');
  t.equal(put.text, '{"result":"error","msg":"Method Not Allowed","allowed_methods":["GET","PATCH","DELETE","HEAD"]}');
  const options = await request(`${url}/api/v1/users/me`, { method: 'OPTIONS' });
  t.equal(options.status, 204);
  t.equal(options.headers.get('allow'), 'DELETE, GET, HEAD');
  const head = await request(`${url}/api/v1/users/10`, { method: 'HEAD', headers: { authorization: IAGO } });
  t.equal(head.status, 200);
  t.equal(head.text, '');
  const notEmulated = await request(`${url}/api/v1/users/10`, { method: 'DELETE', headers: { authorization: IAGO } });
  t.equal(notEmulated.status, 400);
  t.equal(notEmulated.json.result, 'error');
});

t.test('a trailing slash or an unknown path under /api/v1/users is a JSON 404 in Zulip\'s envelope', async (t) => {
  const { url } = await startServer(t);
  for (const path of ['/api/v1/users/8/', '/zulip/api/v1/nothing']) {
    const response = await get(`${url}${path}`, IAGO);
    t.equal(response.status, 404, path);
    t.same(response.json, { result: 'error', msg: 'Not Found', code: 'BAD_REQUEST' }, path);
  }
});

t.test('fetch_api_key: urlencoded body, missing argument, wrong password, deactivated user', async (t) => {
  const { url } = await startServer(t);
  const post = (body: string) =>
    request(`${url}/api/v1/fetch_api_key`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const ok = await post('username=cordelia%40zulip.com&password=chat-user-mock');
  t.same(ok.json, { result: 'success', msg: '', api_key: 'CordeliaKey000000000000000000000', email: 'cordelia@zulip.com', user_id: 8 });
  const missing = await post('username=cordelia%40zulip.com');
  t.equal(missing.status, 400);
  t.same(missing.json, { result: 'error', msg: "Missing 'password' argument", code: 'REQUEST_VARIABLE_MISSING', var_name: 'password' });
  const wrong = await post('username=cordelia%40zulip.com&password=nope');
  t.equal(wrong.status, 401);
  t.same(wrong.json, { result: 'error', msg: 'Your username or password is incorrect', code: 'AUTHENTICATION_FAILED' });
  const deactivated = await post('username=othello%40zulip.com&password=chat-user-mock');
  t.same(deactivated.json, { result: 'error', msg: 'Account is deactivated', code: 'USER_DEACTIVATED' });
});

t.test('the well-known credential can be changed by env, and any seeded user\'s key works', async (t) => {
  const { url } = await startServer(t, { settings: { ZULIP_EMAIL: 'desdemona@zulip.com', ZULIP_API_KEY: 'Z'.repeat(32) } });
  const credentials = (await get(`${url}/__mock/credentials`)).json.zulip;
  t.same(credentials, { realm: url, email: 'desdemona@zulip.com', api_key: 'Z'.repeat(32), password: 'chat-user-mock', version: '12.0 (feature level 511)' });
  t.equal((await get(`${url}/api/v1/users/me`, basicAuth('desdemona@zulip.com', 'Z'.repeat(32)))).json.user_id, 5);
  t.equal((await get(`${url}/api/v1/users/me`, HAMLET)).json.user_id, 10);
});
