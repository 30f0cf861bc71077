/**
 * sendbird-platform-sdk@1.0.3, unmodified, pointed at the server's root url (as at
 * api-{app_id}.sendbird.com): view, list, create, update and delete, and the errors it surfaces.
 */
import t from 'tap';
import { startServer } from '../helper.js';
import { API_TOKEN, SendbirdJs, WRONG_TOKEN } from './fixtures.js';

async function usersApi(t: Parameters<typeof startServer>[0]) {
  const server = await startServer(t, { platforms: ['sendbird'] });
  return { server, api: new SendbirdJs.UserApi(new SendbirdJs.ApiClient(server.url)) };
}

/** The SDK rejects with a plain {status, body} object on a non-2xx answer. */
async function rejection(promise: Promise<unknown>): Promise<{ status: number; body: { message: string; code: number; error: boolean } }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; body: { message: string; code: number; error: boolean } };
  }
  throw new Error('the call succeeded');
}

t.test('viewUserById returns the docs\' Tyler as a SendBirdUser', async (t) => {
  const { api } = await usersApi(t);
  const user = await api.viewUserById(API_TOKEN, 'Tyler', {});
  t.ok(user instanceof SendbirdJs.SendBirdUser);
  t.equal(user.user_id, 'Tyler');
  t.equal(user.nickname, 'SilentSoccer');
  t.equal(user.access_token, '800284474d5d94f3e1658c6c0794872bda4f5f72');
  t.equal(user.created_at, 1581084870);
  t.equal(user.last_seen_at, 1581085696197);
  t.equal(user.is_active, true);
  t.equal(user.has_ever_logged_in, true);
  t.same(user.discovery_keys, []);
});

t.test('viewUserByIdWithHttpInfo exposes the unread counts the model drops', async (t) => {
  const { api } = await usersApi(t);
  const { data, response } = await api.viewUserByIdWithHttpInfo(API_TOKEN, 'Tyler', {
    includeUnreadCount: true,
    customTypes: 'art,sports',
    superMode: 'all',
  });
  t.equal(data.unread_message_count, undefined, 'SendBirdUser has no unread fields');
  t.equal(response.status, 200);
  t.equal(response.body.unread_message_count, 7, 'the docs\' example: 7 unread in art and sports');
  t.equal(response.body.unread_channel_count, 2);
  t.match(response.headers['x-ratelimit-limit'], /^\d+;w=\d+$/);
});

t.test('an id with a slash and a space survives encodeURIComponent', async (t) => {
  const { api } = await usersApi(t);
  const created = await api.createUser(API_TOKEN, { createUserData: new SendbirdJs.CreateUserData('u/1 x', 'N', '') });
  t.equal(created.user_id, 'u/1 x');
  t.equal(created.is_created, true);
  t.equal(created.phone_number, '');
  const viewed = await api.viewUserById(API_TOKEN, 'u/1 x', {});
  t.equal(viewed.user_id, 'u/1 x');
});

t.test('create, update, list and delete persist through the store', async (t) => {
  const { api } = await usersApi(t);
  const data = new SendbirdJs.CreateUserData('js-sdk-user', 'Before', 'https://example.com/a.png');
  data.issue_access_token = true;
  data.discovery_keys = ['k1'];
  const created = await api.createUser(API_TOKEN, { createUserData: data });
  t.match(created.access_token, /^[0-9a-f]{40}$/);
  t.equal(created.last_seen_at, -1);
  t.equal(created.is_online, false);
  t.equal(created.has_ever_logged_in, false);
  t.same(created.discovery_keys, ['k1']);

  const update = new SendbirdJs.UpdateUserByIdData();
  update.nickname = 'After';
  update.preferred_languages = ['en', 'ko'];
  const updated = await api.updateUserById(API_TOKEN, 'js-sdk-user', { updateUserByIdData: update });
  t.equal(updated.nickname, 'After');
  t.same(updated.preferred_languages, ['en', 'ko']);
  t.equal(updated.is_created, undefined, 'is_created only on create');

  const listed = await api.listUsers(API_TOKEN, { userIds: 'js-sdk-user,Tyler', limit: 10 });
  t.ok(listed instanceof SendbirdJs.ListUsersResponse);
  t.same(listed.users.map((user: { user_id: string }) => user.user_id).sort(), ['Tyler', 'js-sdk-user']);
  t.equal(listed.next, '');
  t.equal(listed.users.find((user: { user_id: string }) => user.user_id === 'js-sdk-user').nickname, 'After');

  const { data: deleted, response } = await api.deleteUserByIdWithHttpInfo(API_TOKEN, 'js-sdk-user');
  // ApiClient.deserialize falls back to the raw text when the parsed body is an empty object.
  t.equal(deleted, '{}');
  t.same(response.body, {});
  t.match(response.headers['content-type'], /^application\/json/);
  const gone = await rejection(api.viewUserById(API_TOKEN, 'js-sdk-user', {}));
  t.equal(gone.status, 400);
  t.equal(gone.body.code, 400201);
});

t.test('listUsers pages with token/next until next is ""', async (t) => {
  const { api } = await usersApi(t);
  const seen: string[] = [];
  let token: string | undefined = '';
  for (let page = 0; page < 20 && token !== undefined; page++) {
    const result: { users: Array<{ user_id: string }>; next: string } = await api.listUsers(API_TOKEN, { token, limit: 3, activeMode: 'all' });
    t.ok(result.users.length <= 3);
    seen.push(...result.users.map((user: { user_id: string }) => user.user_id));
    token = result.next === '' ? undefined : result.next;
  }
  t.equal(token, undefined, 'the last page says next: ""');
  t.equal(new Set(seen).size, seen.length, 'no user twice');
  t.equal(seen.length, 12, '2 doc users + 10 people');
});

t.test('errors come back as {status, body} with Sendbird\'s code and message', async (t) => {
  const { api } = await usersApi(t);
  const notFound = await rejection(api.viewUserById(API_TOKEN, 'nobody-here', {}));
  t.equal(notFound.status, 400);
  t.same(notFound.body, { message: '"User" not found.', code: 400201, error: true });

  const badToken = await rejection(api.viewUserById(WRONG_TOKEN, 'Tyler', {}));
  t.equal(badToken.status, 400);
  t.equal(badToken.body.code, 400401);

  const duplicate = await rejection(api.createUser(API_TOKEN, { createUserData: new SendbirdJs.CreateUserData('Tyler', 'x', '') }));
  t.equal(duplicate.status, 400);
  t.equal(duplicate.body.code, 400202);

  const badMode = await rejection(api.viewUserById(API_TOKEN, 'Tyler', { includeUnreadCount: true, superMode: 'bogus' }));
  t.same(badMode.body, { message: 'Invalid value: "super_mode".', code: 400111, error: true });

  const unknownUpdate = await rejection(api.updateUserById(API_TOKEN, 'nobody-here', { updateUserByIdData: { nickname: 'x' } }));
  t.equal(unknownUpdate.body.code, 400201);
  const unknownDelete = await rejection(api.deleteUserById(API_TOKEN, 'nobody-here'));
  t.equal(unknownDelete.body.code, 400201);
});

t.test('the SDK\'s own metadata quirk: constructFromObject sends "[object Object]", which is 400103', async (t) => {
  const { api } = await usersApi(t);
  const data = SendbirdJs.CreateUserData.constructFromObject({ user_id: 'meta-quirk', nickname: 'M', profile_url: '', metadata: { a: '1' } });
  const refused = await rejection(api.createUser(API_TOKEN, { createUserData: data }));
  t.equal(refused.status, 400);
  t.equal(refused.body.code, 400103);
  // A plain object body keeps metadata intact.
  const created = await api.createUserWithHttpInfo(API_TOKEN, {
    createUserData: { user_id: 'meta-plain', nickname: 'M', profile_url: '', metadata: { a: '1' } },
  });
  t.same(created.response.body.metadata, { a: '1' });
});
