/**
 * Every user-API difference between the Open WebUI releases emulated (docs/versions.md), run under
 * the default (0.11.0) and the oldest supported (0.8.12), with raw HTTP as the upstream frontend
 * sends it: src/lib/apis/auths/index.ts userSignIn, addUser, userSignOut and
 * src/lib/apis/users/index.ts getUserById (line 210), updateUserById (line 348) in the stored copy
 * of open-webui/open-webui at 007de8f3 (fetch with `Content-Type: application/json` and a Bearer token).
 */
import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { request, startServer, type TestServer } from '../helper.js';

const ADMIN_ID = '4f9c2b1e-7a3d-4e8b-9c6f-1d2e3f4a5b6c';
const SHARED_CHAT = 'shared-8f2b1c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d';
const NOT_FOUND = { detail: "We could not find what you're looking for :/" };
const ACCESS_PROHIBITED = { detail: 'You do not have permission to access this resource. Please contact your administrator for assistance.' };

interface Release {
  name: string;
  settings: Record<string, string>;
}
const RELEASES: Release[] = [
  { name: '0.11.0', settings: {} },
  { name: '0.8.12', settings: { OPENWEBUI_VERSION: '0.8' } },
];
const newest = (release: Release) => release.name === '0.11.0';

const post = (body: unknown, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function start(t: { teardown(fn: () => unknown): void }, release: Release, clock?: ControllableClock): Promise<TestServer> {
  return startServer(t, { platforms: ['openwebui'], settings: release.settings, ...(clock ? { clock } : {}) });
}

async function adminHeaders(server: TestServer): Promise<Record<string, string>> {
  const credentials = (await request(`${server.url}/__mock/credentials`)).json.openwebui;
  return { 'content-type': 'application/json', authorization: `Bearer ${credentials.token}` };
}

/** userSignIn: POST /auths/signin {email, password}. */
async function signIn(server: TestServer, email: string, password: string) {
  return request(`${server.url}/api/v1/auths/signin`, post({ email, password }, {}));
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

for (const release of RELEASES) {
  t.test(`Open WebUI ${release.name}`, async (t) => {
    t.test('credentials and the Swagger title name the release', async (t) => {
      const server = await start(t, release);
      t.equal((await request(`${server.url}/__mock/credentials`)).json.openwebui.version, release.name);
      t.equal((await request(`${server.url}/docs/openapi/openwebui.json`)).json.info.title, `Open WebUI ${release.name}`);
    });

    t.test('getUserById with a shared-{chat_id}: the chat owner up to 0.8, a plain unknown id since 0.9', async (t) => {
      const server = await start(t, release);
      const shared = await request(`${server.url}/api/v1/users/${SHARED_CHAT}`, { headers: await adminHeaders(server) });
      if (newest(release)) t.same([shared.status, shared.json], [400, NOT_FOUND]);
      else t.same([shared.status, shared.json.id], [200, 'user-123']);
    });

    t.test('updateUserById without role: partial since 0.9, 422 up to 0.8', async (t) => {
      const server = await start(t, release);
      const headers = await adminHeaders(server);
      // updateUserById's body: profile_image_url, email, name, and password only when one was typed.
      const form = { profile_image_url: '/user.png', email: 'user@example.com', name: 'Johnny' };
      const updated = await request(`${server.url}/api/v1/users/user-123/update`, post(form, headers));
      if (newest(release)) {
        t.equal(updated.status, 200);
        t.match(updated.json, { id: 'user-123', name: 'Johnny', role: 'user', email: 'user@example.com' }, 'the role is left as it was');
        const nameOnly = await request(`${server.url}/api/v1/users/user-123/update`, post({ name: 'John' }, headers));
        t.match([nameOnly.status, nameOnly.json], [200, { name: 'John', email: 'user@example.com', profile_image_url: '/user.png' }]);
        const nulls = await request(`${server.url}/api/v1/users/user-123/update`, post({ name: null, email: null }, headers));
        t.match([nulls.status, nulls.json], [200, { name: 'John', email: 'user@example.com' }], 'null is "not sent"');
        const empty = await request(`${server.url}/api/v1/users/user-123/update`, post({}, headers));
        t.equal(empty.status, 200, 'an empty form changes nothing but is accepted');
      } else {
        t.equal(updated.status, 422);
        t.same(updated.json, { detail: [{ type: 'missing', loc: ['body', 'role'], msg: 'Field required', input: form }] });
        const user = await request(`${server.url}/api/v1/users/user-123`, { headers });
        t.equal(user.json.name, 'John Doe', 'a rejected update changes nothing');
      }
    });

    t.test('the primary admin is protected: 403 since 0.9.4, a swallowed 500 up to 0.9.3', async (t) => {
      const server = await start(t, release);
      const headers = await adminHeaders(server);
      const promote = { role: 'admin', name: 'John Doe', email: 'user@example.com', profile_image_url: '/user.png' };
      t.equal((await request(`${server.url}/api/v1/users/user-123/update`, post(promote, headers))).status, 200);
      const john = { authorization: `Bearer ${(await signIn(server, 'user@example.com', 'john-doe-password')).json.token}` };
      const expected = newest(release)
        ? [403, { detail: 'The requested action has been restricted as a security measure.' }]
        : [500, { detail: 'Could not verify primary admin status.' }];
      const edit = await request(`${server.url}/api/v1/users/${ADMIN_ID}/update`, post({ ...promote, email: 'admin@example.com' }, john));
      t.same([edit.status, edit.json], expected, 'another admin edits the primary admin');
      const demote = await request(`${server.url}/api/v1/users/${ADMIN_ID}/update`, post({ ...promote, role: 'user', email: 'admin@example.com' }, headers));
      t.same([demote.status, demote.json], expected, 'the primary admin demotes itself');
      const remove = await request(`${server.url}/api/v1/users/${ADMIN_ID}`, { method: 'DELETE', headers: john });
      t.same([remove.status, remove.json], expected, 'another admin deletes the primary admin');
      t.equal((await request(`${server.url}/api/v1/users/${ADMIN_ID}`, { headers })).json.role, 'admin', 'nothing changed');
    });

    t.test('userSignIn: iat in the JWT since 0.9; the permissions of the release', async (t) => {
      const clock = new ControllableClock();
      clock.freeze(Date.parse('2026-12-01T09:00:00Z'));
      const server = await start(t, release, clock);
      const signedIn = await signIn(server, 'user@example.com', 'john-doe-password');
      const now = Math.floor(clock.now() / 1000);
      const claims = claimsOf(signedIn.json.token);
      if (newest(release)) t.same([Object.keys(claims), claims.iat], [['id', 'exp', 'jti', 'iat'], now]);
      else t.same(Object.keys(claims), ['id', 'exp', 'jti']);

      const { permissions } = signedIn.json;
      t.same(Object.keys(permissions), ['workspace', 'sharing', 'access_grants', 'chat', 'features', 'settings']);
      t.equal(permissions.workspace.skills, false, 'skills: 0.8.12 already had them');
      t.same(permissions.access_grants, { allow_users: true });
      const sharing = ['models', 'public_models', 'knowledge', 'public_knowledge', 'prompts', 'public_prompts', 'tools', 'public_tools', 'skills', 'public_skills', 'notes', 'public_notes'];
      const features = ['api_keys', 'notes', 'folders', 'channels', 'direct_tool_servers', 'web_search', 'image_generation', 'code_interpreter', 'memories'];
      if (newest(release)) {
        t.same(Object.keys(permissions.sharing), [...sharing, 'public_chats', 'public_calendars']);
        t.same(Object.keys(permissions.features), [...features, 'automations', 'calendar']);
        t.match(permissions.features, { automations: false, calendar: true });
      } else {
        t.same(Object.keys(permissions.sharing), sharing);
        t.same(Object.keys(permissions.features), features);
      }
      const session = await request(`${server.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${signedIn.json.token}` } });
      t.same(session.json.permissions, permissions, 'GET /auths/ answers the same permissions');
    });

    t.test('addUser: the profile-image route in every release; the token expires since 0.9', async (t) => {
      const clock = new ControllableClock();
      clock.freeze(Date.parse('2026-12-01T09:00:00Z'));
      const server = await start(t, release, clock);
      const added = await request(
        `${server.url}/api/v1/auths/add`,
        post({ name: 'Added', email: 'added@example.com', password: 'pw', role: 'user' }, await adminHeaders(server)),
      );
      t.equal(added.status, 200);
      t.equal(added.json.profile_image_url, `/api/v1/users/${added.json.id}/profile/image`);
      const claims = claimsOf(added.json.token);
      if (newest(release)) t.equal(claims.exp, Math.floor(clock.now() / 1000) + 28 * 86_400, 'JWT_EXPIRES_IN, like sign-in');
      else t.notOk('exp' in claims, 'never expires');
      clock.advance(29 * 86_400_000);
      const later = await request(`${server.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${added.json.token}` } });
      t.equal(later.status, newest(release) ? 401 : 200, 'four weeks and a day later');
    });

    t.test('userSignOut: GET up to 0.8, POST since 0.9; the other method is 405', async (t) => {
      const server = await start(t, release);
      const token = (await signIn(server, 'user@example.com', 'john-doe-password')).json.token;
      const method = newest(release) ? 'POST' : 'GET';
      const other = newest(release) ? 'GET' : 'POST';
      const headers = { 'content-type': 'application/json', cookie: `token=${token}` };
      const out = await request(`${server.url}/api/v1/auths/signout`, { method, headers });
      t.same([out.status, out.json], [200, { status: true }]);
      t.match(out.headers.get('set-cookie'), /^token=""; expires=.*; Max-Age=0; Path=\/; SameSite=lax$/);
      const wrong = await request(`${server.url}/api/v1/auths/signout`, { method: other, headers });
      t.same([wrong.status, wrong.headers.get('allow'), wrong.json], [405, method, { detail: 'Method Not Allowed' }]);
      const anonymous = await request(`${server.url}/api/v1/auths/signout`, { method });
      t.same([anonymous.status, anonymous.json], [401, { detail: 'Not authenticated' }]);
    });

    t.test('routes added after 0.8 are not read as user ids', async (t) => {
      const server = await start(t, release);
      const headers = await adminHeaders(server);
      const usage = await request(`${server.url}/api/v1/users/usage`, { headers });
      const preview = await request(`${server.url}/api/v1/users/user-123/preview`, { headers });
      const variables = await request(`${server.url}/api/v1/users/user/variables`, { headers });
      if (newest(release)) {
        t.same([usage.status, usage.json], [400, { detail: 'chat-user-mock does not emulate GET /api/v1/users/usage of Open WebUI 0.11.0' }]);
        t.match([preview.status, preview.json.detail], [400, /does not emulate GET \/api\/v1\/users\/\{user_id\}\/preview/]);
        t.match([variables.status, variables.json.detail], [400, /does not emulate GET \/api\/v1\/users\/user\/variables/]);
        const john = { authorization: `Bearer ${(await signIn(server, 'user@example.com', 'john-doe-password')).json.token}` };
        const byUser = await request(`${server.url}/api/v1/users/usage`, { headers: john });
        t.same([byUser.status, byUser.json], [401, ACCESS_PROHIBITED], 'the admin dependency still runs first');
      } else {
        t.same([usage.status, usage.json], [400, NOT_FOUND], '0.8 looks "usage" up as a user id');
        t.same([preview.status, preview.json], [404, { detail: 'Not Found' }]);
        t.same([variables.status, variables.json], [404, { detail: 'Not Found' }]);
      }
    });
  });
}
