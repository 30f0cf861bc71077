/**
 * sendbird-platform-sdk-typescript@0.0.18, unmodified, pointed at url + '/sendbird':
 * camelCase models, and ApiException with the raw body on errors.
 */
import t from 'tap';
import { startServer } from '../helper.js';
import { API_TOKEN, SendbirdTs, WRONG_TOKEN } from './fixtures.js';

async function usersApi(t: Parameters<typeof startServer>[0]) {
  const server = await startServer(t, { platforms: ['sendbird'] });
  const configuration = SendbirdTs.createConfiguration({ baseServer: new SendbirdTs.ServerConfiguration(`${server.url}/sendbird`, {}) });
  return { server, api: new SendbirdTs.UserApi(configuration) };
}

interface ApiFailure {
  code: number;
  body: string;
}

/** ES5-compiled ApiException is not `instanceof`; the HTTP status is `code`, the body the raw text. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; body: { message: string; code: number; error: boolean } }> {
  try {
    await promise;
  } catch (error) {
    const { code, body } = error as ApiFailure;
    return { status: code, body: JSON.parse(body) };
  }
  throw new Error('the call succeeded');
}

t.test('viewUserById returns a camelCase SendBirdUser with metadata kept', async (t) => {
  const { api } = await usersApi(t);
  const user = await api.viewUserById(API_TOKEN, 'Tyler', true, 'art,sports', 'all');
  t.equal(user.userId, 'Tyler');
  t.equal(user.nickname, 'SilentSoccer');
  t.equal(user.profileUrl, 'https://sendbird.com/main/img/profiles/profile_11_512px.png');
  t.same(user.metadata, { font_preference: 'times new roman', font_color: 'black' });
  t.equal(user.requireAuthForProfileImage, false);
  t.equal(user.isHideMeFromFriends, false);
  t.equal(user.isShadowBlocked, false);
  t.same(user.sessionTokens, []);
  t.equal(user.locale, '');
  t.equal(user.createdAt, 1581084870);
});

t.test('the integration-test flow of Sendbird\'s own SDK: create, view, update, delete', async (t) => {
  const { api } = await usersApi(t);
  const data = new SendbirdTs.CreateUserData();
  data.userId = 'ts-sdk-user';
  data.nickname = 'TS';
  data.profileUrl = '';
  data.issueAccessToken = true;
  data.metadata = { team: 'blue' };
  const created = await api.createUser(API_TOKEN, data);
  t.equal(created.userId, 'ts-sdk-user');
  t.equal(created.isCreated, true);
  t.equal(created.phoneNumber, '');
  t.match(created.accessToken, /^[0-9a-f]{40}$/);
  t.same(created.metadata, { team: 'blue' });
  t.equal(created.lastSeenAt, -1);
  t.equal(created.hasEverLoggedIn, false);
  t.ok(Number.isSafeInteger(created.createdAt) && created.createdAt! < 1e11, 'created_at is in seconds');

  const viewed = await api.viewUserById(API_TOKEN, 'ts-sdk-user', true, undefined, 'all');
  t.equal(viewed.isActive, true);
  t.equal(viewed.isCreated, undefined);

  const update = new SendbirdTs.UpdateUserByIdData();
  update.nickname = 'TS2';
  update.isActive = false;
  update.leaveAllWhenDeactivated = true;
  update.issueAccessToken = true;
  update.discoveryKeys = ['d1', 'd2'];
  update.preferredLanguages = ['ko'];
  update.lastSeenAt = 1700000000000;
  const updated = await api.updateUserById(API_TOKEN, 'ts-sdk-user', update);
  t.equal(updated.nickname, 'TS2');
  t.equal(updated.isActive, false);
  t.not(updated.accessToken, created.accessToken, 'issue_access_token replaces the token');
  t.same(updated.discoveryKeys, ['d1', 'd2']);
  t.same(updated.preferredLanguages, ['ko']);
  t.equal(updated.lastSeenAt, -1, 'last_seen_at is not applied (observed)');

  const deactivatedList = await api.listUsers(API_TOKEN, '', 10, 'deactivated', undefined, 'ts-sdk-user');
  t.same(deactivatedList.users!.map((user) => user.userId), ['ts-sdk-user']);
  const activatedList = await api.listUsers(API_TOKEN, '', 10, 'activated', undefined, 'ts-sdk-user');
  t.same(activatedList.users, []);
  t.equal(activatedList.next, '');

  t.same(await api.deleteUserById(API_TOKEN, 'ts-sdk-user'), {});
  const gone = await failure(api.viewUserById(API_TOKEN, 'ts-sdk-user'));
  t.same(gone, { status: 400, body: { message: '"User" not found.', code: 400201, error: true } });
});

t.test('listUsers as the official sample calls it: token "" and limit 10', async (t) => {
  const { api } = await usersApi(t);
  const page = await api.listUsers(API_TOKEN, '', 10);
  t.equal(page.users!.length, 10);
  t.type(page.next, 'string');
  t.not(page.next, '', 'more users follow');
  const second = await api.listUsers(API_TOKEN, page.next, 10);
  t.notOk(second.users!.some((user) => page.users!.some((first) => first.userId === user.userId)));
});

t.test('listUsers filters by nickname, prefix, metadata and bots', async (t) => {
  const { api } = await usersApi(t);
  const byNickname = await api.listUsers(API_TOKEN, undefined, undefined, undefined, undefined, undefined, 'Rooster');
  t.same(byNickname.users!.map((user) => user.userId), ['Jay']);
  const byPrefix = await api.listUsers(API_TOKEN, undefined, undefined, undefined, undefined, undefined, undefined, 'Silent');
  t.same(byPrefix.users!.map((user) => user.userId), ['Tyler']);
  const byMetadata = await api.listUsers(API_TOKEN, undefined, 100, undefined, undefined, undefined, undefined, undefined, 'location', 'Paris,New York');
  t.same(byMetadata.users!.map((user) => user.userId), ['Jay']);
  const withBots = await api.listUsers(API_TOKEN, undefined, 100, 'all', true);
  const withoutBots = await api.listUsers(API_TOKEN, undefined, 100, 'all', false);
  t.ok(withoutBots.users!.length < withBots.users!.length, 'show_bot=false hides the seeded bots');
});

t.test('errors surface as ApiException: HTTP status in code, Sendbird envelope in body', async (t) => {
  const { api } = await usersApi(t);
  const badToken = await failure(api.viewUserById(WRONG_TOKEN, 'Tyler'));
  t.equal(badToken.status, 400);
  t.equal(badToken.body.code, 400401);
  t.equal(badToken.body.error, true);

  const missingField = new SendbirdTs.CreateUserData();
  missingField.userId = 'no-nickname';
  missingField.profileUrl = '';
  const missing = await failure(api.createUser(API_TOKEN, missingField));
  t.same(missing, { status: 400, body: { message: '"nickname" is required.', code: 400105, error: true } });

  const duplicate = new SendbirdTs.CreateUserData();
  duplicate.userId = 'Jay';
  duplicate.nickname = 'again';
  duplicate.profileUrl = '';
  t.equal((await failure(api.createUser(API_TOKEN, duplicate))).body.code, 400202);

  const badLimit = await failure(api.listUsers(API_TOKEN, undefined, 500));
  t.same(badLimit.body, { message: 'Invalid value: "limit".', code: 400111, error: true });
  const badMode = await failure(api.listUsers(API_TOKEN, undefined, undefined, 'sleeping'));
  t.equal(badMode.body.code, 400111);
});

t.test('a missing token is refused by the SDK itself before any request', async (t) => {
  const { api } = await usersApi(t);
  await t.rejects(api.viewUserById(undefined as unknown as string, 'Tyler'), { message: /Required parameter apiToken/ });
});
