import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { GROUPS } from '../../src/platforms/openwebui/models.js';
import { Store } from '../../src/store/store.js';
import { request, startServer, type TestServer } from '../helper.js';

const ADMIN_ID = '4f9c2b1e-7a3d-4e8b-9c6f-1d2e3f4a5b6c';
const NOT_FOUND = { detail: "We could not find what you're looking for :/" };
const ACTION_PROHIBITED = { detail: 'The requested action has been restricted as a security measure.' };

const post = (body: unknown, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function adminHeaders(server: TestServer): Promise<Record<string, string>> {
  const credentials = (await request(`${server.url}/__mock/credentials`)).json.openwebui;
  return { authorization: `Bearer ${credentials.token}` };
}

async function tokenOf(server: TestServer, email: string, password: string): Promise<string> {
  return (await request(`${server.url}/api/v1/auths/signin`, post({ email, password }, {}))).json.token;
}

t.test('get-user: the doc example user-123 with the full 0.8 field set in wire order, at both paths', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const headers = await adminHeaders(server);
  for (const path of ['/api/v1/users/user-123', '/api/users/user-123', '/openwebui/api/users/user-123']) {
    const response = await request(`${server.url}${path}`, { headers });
    t.equal(response.status, 200, path);
    t.equal(response.headers.get('content-type'), 'application/json');
    t.same(Object.keys(response.json), [
      'status_emoji', 'status_message', 'status_expires_at', 'name', 'profile_image_url', 'groups', 'is_active',
      'id', 'email', 'username', 'role', 'profile_banner_image_url', 'bio', 'gender', 'date_of_birth', 'timezone',
      'presence_state', 'info', 'settings', 'oauth', 'scim', 'last_active_at', 'updated_at', 'created_at',
    ]);
    t.match(response.json, {
      id: 'user-123', name: 'John Doe', email: 'user@example.com', username: 'johndoe', role: 'user', bio: 'Software developer',
      timezone: 'America/New_York', profile_image_url: '/api/v1/users/user-123/profile/image', settings: { ui: {} }, scim: null,
      groups: [{ id: 'group-456', name: 'Engineering' }, { id: 'group-789', name: 'Admins' }],
    });
  }
});

t.test('get-user: a group renamed without a change to the user shows in the next answer', async (t) => {
  // The answer's text is kept per stored user: the group names it shows are checked on every request.
  const store = new Store();
  t.teardown(() => store.close());
  const server = await startServer(t, { platforms: ['openwebui'], store });
  const headers = await adminHeaders(server);
  const groupsOfJohn = async () => (await request(`${server.url}/api/v1/users/user-123`, { headers })).json.groups;
  t.same(await groupsOfJohn(), [{ id: 'group-456', name: 'Engineering' }, { id: 'group-789', name: 'Admins' }]);
  store.put(GROUPS, 'group-456', { id: 'group-456', name: 'Platform', description: '' });
  t.same(await groupsOfJohn(), [{ id: 'group-456', name: 'Platform' }, { id: 'group-789', name: 'Admins' }]);
  store.delete(GROUPS, 'group-789');
  t.same(await groupsOfJohn(), [{ id: 'group-456', name: 'Platform' }]);
});

t.test('get-user (0.8): shared-{chat_id} resolves the chat owner; unknown chat or user is 400, never 404', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'], settings: { OPENWEBUI_VERSION: '0.8' } });
  const headers = await adminHeaders(server);
  const shared = await request(`${server.url}/api/v1/users/shared-8f2b1c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d`, { headers });
  t.equal(shared.status, 200);
  t.equal(shared.json.id, 'user-123');
  for (const id of ['shared-00000000-0000-4000-8000-000000000000', 'no-such-user', 'shared-d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6']) {
    const response = await request(`${server.url}/api/v1/users/${id}`, { headers });
    t.same([response.status, response.json], [400, NOT_FOUND], id);
  }
});

t.test('list users: {users, total}, UserModel + group_ids, query, order_by, direction, 30 a page', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'], users: 40 });
  const headers = await adminHeaders(server);
  const first = await request(`${server.url}/api/v1/users/`, { headers });
  t.equal(first.status, 200);
  t.equal(first.json.total, 43, '3 fixtures + 40 people');
  t.equal(first.json.users.length, 30);
  t.equal(first.json.users[0].id, ADMIN_ID, 'no order_by: insertion order');
  t.same(Object.keys(first.json.users[0]), [
    'id', 'email', 'username', 'role', 'name', 'profile_image_url', 'profile_banner_image_url', 'bio', 'gender', 'date_of_birth',
    'timezone', 'presence_state', 'status_emoji', 'status_message', 'status_expires_at', 'info', 'settings', 'oauth', 'scim',
    'last_active_at', 'updated_at', 'created_at', 'group_ids',
  ]);
  const second = await request(`${server.url}/api/v1/users/?page=2`, { headers });
  t.equal(second.json.users.length, 13);
  const beyond = await request(`${server.url}/api/v1/users/?page=99999999999999999999`, { headers });
  t.same(beyond.json, { users: [], total: 43 });
  const zero = await request(`${server.url}/api/v1/users/?page=0`, { headers });
  t.equal(zero.json.users[0].id, ADMIN_ID, 'page < 1 is page 1');

  const asc = (await request(`${server.url}/api/v1/users/?order_by=name&direction=asc&page=1`, { headers })).json.users.map((u: any) => u.name);
  t.same(asc, [...asc].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
  const desc = (await request(`${server.url}/api/v1/users/?order_by=name`, { headers })).json.users.map((u: any) => u.name);
  t.equal(desc[0] >= desc[desc.length - 1], true, 'no direction: descending');

  const search = await request(`${server.url}/api/v1/users/?query=JOHN%20d`, { headers });
  t.same(search.json.users.map((u: any) => u.id), ['user-123'], 'case-insensitive on name');
  t.equal(search.json.total, 1);
  const wildcard = await request(`${server.url}/api/v1/users/?query=pend_ng@`, { headers });
  t.same(wildcard.json.users.map((u: any) => u.email), ['pending@example.com'], '_ is a LIKE wildcard');
  const grouped = await request(`${server.url}/api/v1/users/?order_by=group_id:group-789`, { headers });
  t.same(grouped.json.users.slice(0, 2).map((u: any) => u.name).sort(), ['Admin', 'John Doe'], 'members first');

  const badPage = await request(`${server.url}/api/v1/users/?page=abc`, { headers });
  t.equal(badPage.status, 422);
  t.same(badPage.json, {
    detail: [{ type: 'int_parsing', loc: ['query', 'page'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' }],
  });
  const unauthenticatedBadPage = await request(`${server.url}/openwebui/api/v1/users/?page=abc`);
  t.equal(unauthenticatedBadPage.status, 401, 'auth runs before query validation');
});

t.test('/all (newest first, groups [] and is_active false) and /search (verified users)', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const headers = await adminHeaders(server);
  const all = (await request(`${server.url}/api/v1/users/all`, { headers })).json;
  t.equal(all.total, all.users.length);
  const created = all.users.map((u: any) => u.id);
  t.equal(created[created.length - 1], ADMIN_ID, 'the primary admin is the oldest');
  t.same(Object.keys(all.users[0]), ['status_emoji', 'status_message', 'status_expires_at', 'id', 'name', 'email', 'role', 'bio', 'groups', 'is_active']);
  t.ok(all.users.every((u: any) => u.is_active === false && u.groups.length === 0));
  const john = await tokenOf(server, 'user@example.com', 'john-doe-password');
  const search = await request(`${server.url}/api/v1/users/search?query=admin`, { headers: { authorization: `Bearer ${john}` } });
  t.equal(search.status, 200);
  t.equal(search.json.users[0].id, ADMIN_ID);
  const denied = await request(`${server.url}/api/v1/users/all`, { headers: { authorization: `Bearer ${john}` } });
  t.equal(denied.status, 401);
});

t.test('update: role change persists; primary admin protected; email taken; 422 shapes', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.parse('2026-03-01T12:00:00Z'));
  const server = await startServer(t, { clock, platforms: ['openwebui'] });
  const headers = await adminHeaders(server);
  const form = { role: 'admin', name: 'John Q. Doe', email: 'John.Doe@Example.com', profile_image_url: '/user.png', password: 'new-password' };
  const updated = await request(`${server.url}/api/v1/users/user-123/update`, post(form, headers));
  t.equal(updated.status, 200);
  t.match(updated.json, { id: 'user-123', role: 'admin', name: 'John Q. Doe', email: 'john.doe@example.com', updated_at: Math.floor(clock.now() / 1000) });
  t.notOk('groups' in updated.json, 'UserModel: no groups');
  t.equal((await request(`${server.url}/api/v1/users/user-123`, { headers })).json.role, 'admin', 'persisted');
  t.ok(await tokenOf(server, 'john.doe@example.com', 'new-password'), 'the new password signs in');

  const john = await tokenOf(server, 'john.doe@example.com', 'new-password');
  const onPrimary = await request(`${server.url}/api/v1/users/${ADMIN_ID}/update`, post({ ...form, email: 'admin@example.com' }, { authorization: `Bearer ${john}` }));
  t.same([onPrimary.status, onPrimary.json], [403, ACTION_PROHIBITED], 'another admin may not edit the primary admin');
  const demote = await request(`${server.url}/api/v1/users/${ADMIN_ID}/update`, post({ ...form, role: 'user', email: 'admin@example.com' }, headers));
  t.same([demote.status, demote.json], [403, ACTION_PROHIBITED], 'the primary admin stays admin');

  const taken = await request(`${server.url}/api/v1/users/user-123/update`, post({ ...form, email: 'PENDING@example.com' }, headers));
  t.equal(taken.status, 400);
  t.match(taken.json.detail, /already registered/);
  const unknown = await request(`${server.url}/api/v1/users/nobody/update`, post(form, headers));
  t.same([unknown.status, unknown.json], [400, NOT_FOUND]);

  const wrongTypes = await request(`${server.url}/api/v1/users/user-123/update`, post({ role: 1, name: 'x', email: ['x'] }, headers));
  t.equal(wrongTypes.status, 422);
  t.same(wrongTypes.json.detail.map((issue: any) => [issue.type, issue.loc]), [['string_type', ['body', 'role']], ['string_type', ['body', 'email']]]);
  const script = await request(`${server.url}/api/v1/users/user-123/update`, post({ ...form, profile_image_url: 'javascript:alert(1)' }, headers));
  t.equal(script.status, 422);
  t.match(script.json.detail[0], { type: 'value_error', loc: ['body', 'profile_image_url'], msg: /^Value error, Invalid profile image URL/, ctx: { error: {} } });
  const invalidJson = await request(`${server.url}/openwebui/api/v1/users/user-123/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role": }' });
  t.equal(invalidJson.status, 422, 'invalid JSON is 422 before authentication');
  t.same(invalidJson.json, { detail: [{ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }] });
  const unauthenticated = await request(`${server.url}/openwebui/api/v1/users/user-123/update`, post({ nonsense: true }, {}));
  t.equal(unauthenticated.status, 401, 'a parseable but wrong body without credentials is 401');
});

t.test('delete: true (also for an unknown id), 403 for oneself and for the primary admin', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const headers = await adminHeaders(server);
  const self = await request(`${server.url}/api/v1/users/${ADMIN_ID}`, { method: 'DELETE', headers });
  t.same([self.status, self.json], [403, ACTION_PROHIBITED]);
  await request(`${server.url}/api/v1/users/user-123/update`, post({ role: 'admin', name: 'John Doe', email: 'user@example.com', profile_image_url: '' }, headers));
  const john = { authorization: `Bearer ${await tokenOf(server, 'user@example.com', 'john-doe-password')}` };
  const primary = await request(`${server.url}/api/v1/users/${ADMIN_ID}`, { method: 'DELETE', headers: john });
  t.same([primary.status, primary.json], [403, ACTION_PROHIBITED]);
  const johnSelf = await request(`${server.url}/api/v1/users/user-123`, { method: 'DELETE', headers: john });
  t.same([johnSelf.status, johnSelf.json], [403, ACTION_PROHIBITED]);
  const unknown = await request(`${server.url}/api/v1/users/no-such-id`, { method: 'DELETE', headers });
  t.same([unknown.status, unknown.text], [200, 'true']);
  const before = (await request(`${server.url}/api/v1/users/`, { headers })).json.total;
  t.same((await request(`${server.url}/api/v1/users/user-123`, { method: 'DELETE', headers })).json, true);
  t.equal((await request(`${server.url}/api/v1/users/`, { headers })).json.total, before - 1);
});

t.test('sign-up: later accounts are pending; disabled sign-up is 403; add lets an admin pick the role', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const signup = await request(`${server.url}/api/v1/auths/signup`, post({ name: 'New Person', email: 'New@Example.com', password: 'pw' }, {}));
  t.equal(signup.status, 200);
  t.match(signup.json, { email: 'new@example.com', role: 'pending', token_type: 'Bearer' });
  t.match(signup.headers.get('set-cookie'), /^token=/);
  const again = await request(`${server.url}/api/v1/auths/signup`, post({ name: 'Dup', email: 'new@example.com', password: 'pw' }, {}));
  t.same(again.json, { detail: 'Uh-oh! This email is already registered. Sign in with your existing account or choose another email to start anew.' });
  const badEmail = await request(`${server.url}/api/v1/auths/signup`, post({ name: 'x', email: 'not-an-email', password: 'pw' }, {}));
  t.equal(badEmail.status, 400);
  t.match(badEmail.json.detail, /^The email format you entered is invalid/);
  const tooLong = await request(`${server.url}/api/v1/auths/signup`, post({ name: 'x', email: 'long@example.com', password: 'x'.repeat(73) }, {}));
  t.same([tooLong.status, tooLong.json.detail], [400, 'Uh-oh! The password you entered is too long. Please make sure your password is less than 72 bytes long.']);

  const headers = await adminHeaders(server);
  const added = await request(`${server.url}/api/v1/auths/add`, post({ name: 'Added', email: 'added@example.com', password: 'pw', role: 'user' }, headers));
  t.equal(added.status, 200);
  t.same(Object.keys(added.json), ['id', 'name', 'role', 'email', 'profile_image_url', 'token', 'token_type']);
  t.equal(added.json.role, 'user');
  const asAdded = await request(`${server.url}/api/v1/users/${added.json.id}/info`, { headers: { authorization: `Bearer ${added.json.token}` } });
  t.equal(asAdded.status, 200, 'the returned token works');
  const byUser = await request(`${server.url}/api/v1/auths/add`, post({ name: 'x', email: 'x@example.com', password: 'pw' }, { authorization: `Bearer ${added.json.token}` }));
  t.equal(byUser.status, 401);

  const closed = await startServer(t, { platforms: ['openwebui'], settings: { OPENWEBUI_ENABLE_SIGNUP: 'false' } });
  const refused = await request(`${closed.url}/api/v1/auths/signup`, post({ name: 'x', email: 'x@example.com', password: 'pw' }, {}));
  t.same([refused.status, refused.json.detail], [403, 'You do not have permission to access this resource. Please contact your administrator for assistance.']);
});

t.test('the first account ever becomes admin and switches sign-up off', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const store = server.app.mock.store;
  store.deletePlatform('openwebui');
  const first = await request(`${server.url}/api/v1/auths/signup`, post({ name: 'First', email: 'first@example.com', password: 'pw' }, {}));
  t.equal(first.json.role, 'admin');
  const second = await request(`${server.url}/api/v1/auths/signup`, post({ name: 'Second', email: 'second@example.com', password: 'pw' }, {}));
  t.equal(second.status, 403);
});

t.test('Starlette routing: 405 with Allow, 307 across the trailing slash, {"detail":"Not Found"}', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const base = `${server.url}/openwebui`;
  const put = await request(`${base}/api/v1/users/user-123`, { method: 'PUT' });
  t.same([put.status, put.json, put.headers.get('allow')], [405, { detail: 'Method Not Allowed' }, 'GET']);
  const getSignin = await request(`${base}/api/v1/auths/signin`);
  t.same([getSignin.status, getSignin.headers.get('allow')], [405, 'POST']);
  const noSlash = await request(`${base}/api/v1/users?page=2`);
  t.equal(noSlash.status, 307);
  t.equal(noSlash.headers.get('location'), `${base}/api/v1/users/?page=2`);
  const extraSlash = await request(`${base}/api/v1/auths/signin/`, { method: 'POST' });
  t.same([extraSlash.status, extraSlash.headers.get('location')], [307, `${base}/api/v1/auths/signin`]);
  const missing = await request(`${base}/api/v1/nothing`);
  t.same([missing.status, missing.json], [404, { detail: 'Not Found' }]);
});

t.test('the OpenAPI document lists every route with its security', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const doc = (await request(`${server.url}/docs/openapi/openwebui.json`)).json;
  t.same(Object.keys(doc.paths).sort(), [
    '/api/users/{user_id}', '/api/v1/auths/', '/api/v1/auths/add', '/api/v1/auths/api_key', '/api/v1/auths/signin', '/api/v1/auths/signout',
    '/api/v1/auths/signup',
    '/api/v1/users/', '/api/v1/users/all', '/api/v1/users/search', '/api/v1/users/{user_id}', '/api/v1/users/{user_id}/active',
    '/api/v1/users/{user_id}/info', '/api/v1/users/{user_id}/update',
  ]);
  t.same(Object.keys(doc.components.securitySchemes).sort(), ['apiKeyHeader', 'bearerAuth', 'tokenCookie']);
  t.ok(doc.paths['/api/v1/users/{user_id}'].get.security.length === 3);
});
