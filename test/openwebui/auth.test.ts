import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { request, startServer, type TestServer } from '../helper.js';

const ADMIN = { email: 'admin@example.com', password: 'chat-user-mock', id: '4f9c2b1e-7a3d-4e8b-9c6f-1d2e3f4a5b6c' };
const JOHN = { email: 'user@example.com', password: 'john-doe-password', id: 'user-123' };
const PENDING = { email: 'pending@example.com', password: 'pending-password' };
const INVALID_TOKEN = 'Your session has expired or the token is invalid. Please sign in again.';
const ACCESS_PROHIBITED = 'You do not have permission to access this resource. Please contact your administrator for assistance.';

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function signIn(server: TestServer, who: { email: string; password: string }, prefix = '') {
  const response = await request(`${server.url}${prefix}/api/v1/auths/signin`, json({ email: who.email, password: who.password }));
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return response;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function decodePart(part: string): any {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

t.test('sign-in returns an HS256 JWT with {id, exp, jti, iat}, the session fields and the token cookie', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.parse('2026-03-01T12:00:00Z'));
  const server = await startServer(t, { clock, platforms: ['openwebui'] });
  const response = await signIn(server, { email: 'ADMIN@Example.com', password: ADMIN.password });
  const body = response.json;
  t.same(Object.keys(body), ['id', 'name', 'role', 'email', 'profile_image_url', 'token', 'token_type', 'expires_at', 'permissions']);
  t.equal(body.token_type, 'Bearer');
  t.equal(body.id, ADMIN.id);
  t.equal(body.role, 'admin');
  t.equal(body.profile_image_url, `/api/v1/users/${ADMIN.id}/profile/image`);
  const now = Math.floor(clock.now() / 1000);
  t.equal(body.expires_at, now + 28 * 86_400, 'JWT_EXPIRES_IN defaults to 4w');
  const [header, payload] = body.token.split('.');
  t.same(decodePart(header), { alg: 'HS256', typ: 'JWT' });
  const claims = decodePart(payload);
  t.same(Object.keys(claims), ['id', 'exp', 'jti', 'iat'], 'iat since 0.9.0 (the default is 0.11)');
  t.equal(claims.id, ADMIN.id);
  t.equal(claims.iat, now);
  t.equal(claims.exp, body.expires_at);
  t.equal(response.headers.get('content-type'), 'application/json');
  t.equal(
    response.headers.get('set-cookie'),
    `token=${body.token}; expires=${new Date(body.expires_at * 1000).toUTCString()}; HttpOnly; Path=/; SameSite=lax`,
  );
});

t.test('wrong email or password is 400 INVALID_CRED; a missing field is 422', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  for (const body of [{ email: ADMIN.email, password: 'nope' }, { email: 'nobody@example.com', password: ADMIN.password }]) {
    const response = await request(`${server.url}/api/v1/auths/signin`, json(body));
    t.equal(response.status, 400);
    t.same(response.json, { detail: 'The email or password provided is incorrect. Please check for typos and try logging in again.' });
  }
  const missing = await request(`${server.url}/api/v1/auths/signin`, json({ email: 'a@b.c' }));
  t.equal(missing.status, 422);
  t.same(missing.json, { detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { email: 'a@b.c' } }] });
  const wrongType = await request(`${server.url}/api/v1/auths/signin`, json({ email: 1, password: 'x' }));
  t.same(wrongType.json, { detail: [{ type: 'string_type', loc: ['body', 'email'], msg: 'Input should be a valid string', input: 1 }] });
});

t.test('the 16th sign-in attempt for one email within 3 minutes is 429', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.parse('2026-03-01T12:00:00Z'));
  const server = await startServer(t, { clock, platforms: ['openwebui'] });
  for (let i = 0; i < 15; i++) {
    const response = await request(`${server.url}/api/v1/auths/signin`, json({ email: ADMIN.email, password: i % 2 ? ADMIN.password : 'wrong' }));
    t.not(response.status, 429, `attempt ${i + 1}`);
  }
  const limited = await request(`${server.url}/api/v1/auths/signin`, json({ email: ADMIN.email, password: ADMIN.password }));
  t.equal(limited.status, 429);
  t.same(limited.json, { detail: 'API rate limit exceeded' });
  clock.advance(3 * 60 * 1000 + 1000);
  t.equal((await request(`${server.url}/api/v1/auths/signin`, json({ email: ADMIN.email, password: ADMIN.password }))).status, 200);
});

t.test('the JWT works as a Bearer header, as the token cookie; sk- keys as Bearer and x-api-key', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const { token } = (await signIn(server, ADMIN)).json;
  const credentials = (await request(`${server.url}/__mock/credentials`)).json.openwebui;
  const forms: [string, Record<string, string>][] = [
    ['Bearer JWT', bearer(token)],
    ['lower-case scheme', { authorization: `bearer ${token}` }],
    ['token cookie', { cookie: `token=${token}` }],
    ['sk- as Bearer', bearer(credentials.api_key)],
    ['sk- as x-api-key', { 'x-api-key': credentials.api_key }],
    ['well-known token', bearer(credentials.token)],
  ];
  for (const [label, headers] of forms) {
    const response = await request(`${server.url}/api/v1/auths/`, { headers });
    t.equal(response.status, 200, label);
    t.equal(response.json.id, ADMIN.id, label);
  }
  const viaKey = await request(`${server.url}/api/v1/auths/`, { headers: { 'x-api-key': credentials.api_key } });
  t.equal(viaKey.json.token, credentials.api_key, 'GET /auths/ echoes the credential used');
  t.equal(viaKey.json.expires_at, null);
  t.equal(viaKey.headers.get('set-cookie'), null, 'no cookie for an sk- key');
  const viaJwt = await request(`${server.url}/api/v1/auths/`, { headers: bearer(token) });
  t.match(viaJwt.headers.get('set-cookie'), /^token=.+; expires=.+; HttpOnly; Path=\/; SameSite=lax$/);
  t.same(Object.keys(viaJwt.json), [
    'status_emoji', 'status_message', 'status_expires_at', 'id', 'name', 'role', 'email', 'profile_image_url',
    'token', 'token_type', 'expires_at', 'permissions', 'bio', 'gender', 'date_of_birth',
  ], 'SessionUserInfoResponse field order');
});

t.test('credential order: the Bearer header wins over the cookie, the cookie over x-api-key; Basic counts as none', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const admin = (await signIn(server, ADMIN)).json.token;
  const john = (await signIn(server, JOHN)).json.token;
  const both = await request(`${server.url}/api/v1/auths/`, { headers: { ...bearer(john), cookie: `token=${admin}` } });
  t.equal(both.json.id, JOHN.id);
  const cookieFirst = await request(`${server.url}/api/v1/auths/`, { headers: { cookie: `token=${john}`, 'x-api-key': 'sk-unknown-key-123' } });
  t.equal(cookieFirst.json.id, JOHN.id);
  const basic = await request(`${server.url}/openwebui/api/v1/auths/`, { headers: { authorization: 'Basic YTpi', cookie: `token=${john}` } });
  t.equal(basic.json.id, JOHN.id, 'a Basic header is skipped, the cookie is used');
});

t.test('every auth failure of the spec table, with its status and detail', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.parse('2026-03-01T12:00:00Z'));
  const server = await startServer(t, { clock, platforms: ['openwebui'], settings: { JWT_EXPIRES_IN: '1h' } });
  const url = `${server.url}/openwebui/api/v1/users/user-123`;
  const { token } = (await signIn(server, ADMIN)).json;

  const none = await request(url);
  t.equal(none.status, 401);
  t.same(none.json, { detail: 'Not authenticated' });
  t.equal(none.headers.get('www-authenticate'), null);

  const garbage = await request(url, { headers: bearer('not-a-jwt') });
  t.equal(garbage.status, 401);
  t.same(garbage.json, { detail: '401 Unauthorized' });

  const [head, payload] = token.split('.');
  const forged = await request(url, { headers: bearer(`${head}.${payload}.${'A'.repeat(43)}`) });
  t.same([forged.status, forged.json], [401, { detail: '401 Unauthorized' }]);

  const unknownKey = await request(url, { headers: bearer('sk-0000000000000000000000000000dead') });
  t.same([unknownKey.status, unknownKey.json], [401, { detail: INVALID_TOKEN }]);

  t.equal((await request(url, { headers: bearer(token) })).status, 200);
  clock.advance(3600 * 1000);
  const expired = await request(url, { headers: bearer(token) });
  t.same([expired.status, expired.json], [401, { detail: '401 Unauthorized' }], 'an expired JWT is 401 Unauthorized');
  const expiredCookie = await request(url, { headers: { cookie: `token=${token}` } });
  t.equal(expiredCookie.status, 401);
  t.match(expiredCookie.headers.get('set-cookie'), /^token=""; expires=.+ GMT; Max-Age=0; Path=\/; SameSite=lax$/, 'a failed cookie is cleared');
});

t.test('API keys switched off: every sk- key is 403, unknown keys still 401', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'], settings: { OPENWEBUI_ENABLE_API_KEY: 'false' } });
  const credentials = (await request(`${server.url}/__mock/credentials`)).json.openwebui;
  const refused = await request(`${server.url}/api/v1/auths/`, { headers: { 'x-api-key': credentials.api_key } });
  t.same([refused.status, refused.json], [403, { detail: 'Use of API key is not enabled in the environment.' }]);
  const unknown = await request(`${server.url}/api/v1/auths/`, { headers: bearer('sk-0000000000000000000000000000dead') });
  t.same([unknown.status, unknown.json], [401, { detail: INVALID_TOKEN }]);
  t.equal((await request(`${server.url}/api/v1/auths/`, { headers: bearer(credentials.token) })).status, 200, 'JWTs still work');
});

t.test('non-admin sk- keys need the features.api_keys permission (OPENWEBUI_USER_API_KEYS)', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'], settings: { OPENWEBUI_USER_API_KEYS: 'false' } });
  const { token } = (await signIn(server, JOHN)).json;
  const key = (await request(`${server.url}/api/v1/auths/api_key`, { headers: bearer(token) })).json.api_key;
  t.match(key, /^sk-/);
  const refused = await request(`${server.url}/api/v1/auths/`, { headers: bearer(key) });
  t.same([refused.status, refused.json], [403, { detail: 'Use of API key is not enabled in the environment.' }]);
  const pending = (await signIn(server, PENDING)).json.token;
  const noKey = await request(`${server.url}/api/v1/auths/api_key`, { headers: bearer(pending) });
  t.equal(noKey.status, 404);
  t.match(noKey.json.detail, /The API key is missing/);
});

t.test('a deleted user\'s token stops working with INVALID_TOKEN', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const admin = (await signIn(server, ADMIN)).json.token;
  const john = (await signIn(server, JOHN)).json.token;
  t.equal((await request(`${server.url}/api/v1/auths/`, { headers: bearer(john) })).status, 200);
  const deleted = await request(`${server.url}/api/v1/users/${JOHN.id}`, { method: 'DELETE', headers: bearer(admin) });
  t.same([deleted.status, deleted.json], [200, true]);
  const after = await request(`${server.url}/api/v1/auths/`, { headers: bearer(john) });
  t.same([after.status, after.json], [401, { detail: INVALID_TOKEN }]);
  const lookup = await request(`${server.url}/api/v1/users/${JOHN.id}`, { headers: bearer(admin) });
  t.same([lookup.status, lookup.json], [400, { detail: "We could not find what you're looking for :/" }]);
});

t.test('roles: a user or pending account gets 401 ACCESS_PROHIBITED on admin routes; pending may read /auths/', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const john = (await signIn(server, JOHN)).json.token;
  const pending = (await signIn(server, PENDING)).json.token;
  for (const [label, token] of [['user', john], ['pending', pending]]) {
    const response = await request(`${server.url}/api/v1/users/user-123`, { headers: bearer(token) });
    t.same([response.status, response.json], [401, { detail: ACCESS_PROHIBITED }], label);
  }
  t.equal((await request(`${server.url}/api/v1/auths/`, { headers: bearer(pending) })).json.role, 'pending');
  const info = await request(`${server.url}/api/v1/users/user-123/info`, { headers: bearer(john) });
  t.equal(info.status, 200, 'verified users read /{id}/info');
  t.same(Object.keys(info.json), ['status_emoji', 'status_message', 'status_expires_at', 'id', 'name', 'email', 'role', 'bio', 'groups', 'is_active']);
  const pendingInfo = await request(`${server.url}/api/v1/users/user-123/info`, { headers: bearer(pending) });
  t.same([pendingInfo.status, pendingInfo.json], [401, { detail: ACCESS_PROHIBITED }]);
});

t.test('every authenticated request updates last_active_at; is_active means within 180 s', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.parse('2026-03-01T12:00:00Z'));
  const server = await startServer(t, { clock, platforms: ['openwebui'] });
  const admin = (await signIn(server, ADMIN)).json.token;
  const john = (await signIn(server, JOHN)).json.token;
  const getJohn = async () => (await request(`${server.url}/api/v1/users/user-123`, { headers: bearer(admin) })).json;
  t.equal((await getJohn()).is_active, false, 'the seeded John was last seen in 2024');
  await request(`${server.url}/api/v1/auths/`, { headers: bearer(john) });
  const seen = await getJohn();
  t.equal(seen.last_active_at, Math.floor(clock.now() / 1000));
  t.equal(seen.is_active, true);
  clock.advance(180 * 1000);
  t.equal((await getJohn()).is_active, true, '180 s is still active (inclusive)');
  clock.advance(1000);
  t.equal((await getJohn()).is_active, false, '181 s is not');
  const key = (await request(`${server.url}/api/v1/auths/api_key`, { headers: bearer(john) })).json.api_key;
  clock.advance(5000);
  await request(`${server.url}/api/v1/users/user-123/active`, { headers: { 'x-api-key': key } });
  const byKey = await getJohn();
  t.equal(byKey.last_active_at, Math.floor(clock.now() / 1000), 'an sk- key records activity too');
  t.same((await request(`${server.url}/api/v1/users/user-123/active`, { headers: bearer(admin) })).json, { active: true });
});

t.test('at the root, Open WebUI credentials are routed here and Basic to Zulip', async (t) => {
  const server = await startServer(t);
  const credentials = (await request(`${server.url}/__mock/credentials`)).json.openwebui;
  t.same(Object.keys(credentials).sort(), ['api_key', 'email', 'password', 'token', 'version']);
  const forms: Record<string, string>[] = [bearer(credentials.token), { cookie: `token=${credentials.token}` }, { 'x-api-key': credentials.api_key }];
  for (const headers of forms) {
    const response = await request(`${server.url}/api/v1/users/user-123`, { headers });
    t.equal(response.status, 200);
    t.equal(response.json.id, 'user-123');
  }
  const zulip = await request(`${server.url}/api/v1/users/5`, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
  t.equal(zulip.json.result, 'error', 'Basic goes to Zulip');
  const prefixed = await request(`${server.url}/openwebui/api/v1/users/user-123`);
  t.same([prefixed.status, prefixed.json], [401, { detail: 'Not authenticated' }]);
});

t.test('the well-known token is deterministic and settings override the credentials', async (t) => {
  const settings = { OPENWEBUI_ADMIN_EMAIL: 'root@corp.example', OPENWEBUI_ADMIN_PASSWORD: 's3cret', OPENWEBUI_API_KEY: 'sk-custom1234567890', OPENWEBUI_JWT_SECRET: 'other' };
  const first = await startServer(t, { platforms: ['openwebui'], settings });
  const second = await startServer(t, { platforms: ['openwebui'], settings });
  const a = (await request(`${first.url}/__mock/credentials`)).json.openwebui;
  const b = (await request(`${second.url}/__mock/credentials`)).json.openwebui;
  t.same(a, b);
  t.same([a.email, a.password, a.api_key], ['root@corp.example', 's3cret', 'sk-custom1234567890']);
  t.same(decodePart(a.token.split('.')[1]), { id: ADMIN.id }, 'no exp: it never expires');
  t.equal((await signIn(first, { email: a.email, password: a.password })).json.id, ADMIN.id);
  const defaults = await startServer(t, { platforms: ['openwebui'] });
  const foreign = await request(`${defaults.url}/api/v1/auths/`, { headers: bearer(a.token) });
  t.same([foreign.status, foreign.json], [401, { detail: '401 Unauthorized' }], 'a token signed with another secret is refused');
});
