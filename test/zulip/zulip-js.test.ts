/** Zulip through its real client, zulip-js 2.1.0, against the server on a real port. */
import t from 'tap';
import zulipInit from 'zulip-js';
import { startServer } from '../helper.js';

const IAGO = { username: 'iago@zulip.com', apiKey: 'abcdefghijklmnopqrstuvwxyz123456' };

t.test('callEndpoint reads user 10, King Hamlet, as in the docs example', async (t) => {
  const { url } = await startServer(t);
  const client = await zulipInit({ realm: url, ...IAGO });
  const response = await client.callEndpoint('/users/10', 'GET');
  t.same(response, {
    result: 'success',
    msg: '',
    user: {
      email: 'hamlet@zulip.com',
      user_id: 10,
      avatar_version: 1,
      is_admin: false,
      is_owner: false,
      is_guest: false,
      role: 400,
      is_bot: false,
      full_name: 'King Hamlet',
      timezone: 'America/New_York',
      is_active: true,
      date_joined: '2019-10-20T07:50+00:00',
      delivery_email: 'hamlet@zulip.com',
      avatar_url: null,
      is_imported_stub: false,
    },
  });
});

t.test('callEndpoint passes booleans as query text and gets profile data and a gravatar', async (t) => {
  const { url } = await startServer(t);
  const client = await zulipInit({ realm: url, ...IAGO });
  const response = await client.callEndpoint('/users/10', 'GET', { client_gravatar: false, include_custom_profile_fields: true });
  t.equal(response.user.avatar_url, 'https://secure.gravatar.com/avatar/6d8cad0fd00256e7b40691d27ddfd466?d=identicon&version=1');
  t.same(response.user.profile_data['1'], { value: '+0-11-23-456-7890', rendered_value: '<p>+0-11-23-456-7890</p>' });
  t.same(response.user.profile_data['4'], { value: '0' });
});

t.test('callEndpoint by email, encoded as the zulip-js docs say', async (t) => {
  const { url } = await startServer(t);
  const client = await zulipInit({ realm: url, ...IAGO });
  const response = await client.callEndpoint(`/users/${encodeURIComponent('HAMLET@zulip.com')}`, 'GET');
  t.equal(response.result, 'success');
  t.equal(response.user.user_id, 10);
});

t.test('users.retrieve lists every member, deactivated users and bots included', async (t) => {
  const { url } = await startServer(t, { users: 25 });
  const client = await zulipInit({ realm: url, ...IAGO });
  const response = await client.users.retrieve({ client_gravatar: true, include_custom_profile_fields: true });
  t.equal(response.result, 'success');
  t.equal(response.members.length, 12 + 25, 'twelve doc users plus the generated ones');
  const othello = response.members.find((member: { user_id: number }) => member.user_id === 9);
  t.equal(othello.is_active, false);
  const bot = response.members.find((member: { user_id: number }) => member.user_id === 23);
  t.match(bot, { is_bot: true, bot_type: 1, bot_owner_id: 11 });
  t.notOk('profile_data' in bot, 'bots have no profile_data');
  t.ok(response.members.filter((member: { is_bot: boolean }) => !member.is_bot).every((member: object) => 'profile_data' in member));
});

t.test('users.me.getProfile returns the caller flattened, with max_message_id last', async (t) => {
  const { url } = await startServer(t);
  const client = await zulipInit({ realm: url, ...IAGO });
  const response = await client.users.me.getProfile();
  t.equal(response.result, 'success');
  t.equal(response.user_id, 11);
  t.equal(response.is_admin, true);
  t.equal(response.role, 200);
  t.same(response.profile_data, {});
  t.equal(response.max_message_id, 30);
  t.equal(Object.keys(response).at(-1), 'max_message_id');
  t.match(response.avatar_url, /^https:\/\/secure\.gravatar\.com\/avatar\//, '/users/me forces client_gravatar off');
});

t.test('a client configured with username + password fetches its API key first', async (t) => {
  const { url } = await startServer(t);
  const client = await zulipInit({ realm: url, username: 'hamlet@zulip.com', password: 'chat-user-mock' });
  t.equal(client.config.apiKey, 'HamletKey00000000000000000000000');
  const me = await client.users.me.getProfile();
  t.equal(me.full_name, 'King Hamlet');
});

t.test('a wrong password makes zulip-js resolve to the error body', async (t) => {
  const { url } = await startServer(t);
  const client = await zulipInit({ realm: url, username: 'hamlet@zulip.com', password: 'wrong' });
  t.equal(client.config.apiKey, undefined);
  const me = await client.users.me.getProfile();
  t.same(me, { result: 'error', msg: 'Malformed API key', code: 'UNAUTHORIZED' }, 'zulip-js sends the literal key "undefined"');
});

t.test('zulip-js errors resolve (never throw) with Zulip\'s envelope', async (t) => {
  const { url } = await startServer(t);
  const wrongKey = await zulipInit({ realm: url, username: 'iago@zulip.com', apiKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ123456' });
  t.same(await wrongKey.users.me.getProfile(), { result: 'error', msg: 'Invalid API key', code: 'UNAUTHORIZED' });
  const client = await zulipInit({ realm: url, ...IAGO });
  t.same(await client.callEndpoint('/users/424242', 'GET'), { result: 'error', msg: 'No such user', code: 'BAD_REQUEST' });
  t.same(await client.callEndpoint('/users/10', 'GET', { client_gravatar: 'yes' }), {
    result: 'error',
    msg: 'client_gravatar is not valid JSON',
    code: 'BAD_REQUEST',
  });
});

t.test('a realm with a trailing slash (//api/v1) and the /zulip prefix both work', async (t) => {
  const { url } = await startServer(t);
  const slash = await zulipInit({ realm: `${url}/`, ...IAGO });
  t.equal((await slash.callEndpoint('/users/12', 'GET')).user.full_name, 'Prospero from The Tempest');
  const prefixed = await zulipInit({ realm: `${url}/zulip`, ...IAGO });
  t.equal((await prefixed.callEndpoint('/users/12', 'GET')).user.user_id, 12);
  const prefixedSlash = await zulipInit({ realm: `${url}/zulip/`, ...IAGO });
  t.equal((await prefixedSlash.users.me.getProfile()).user_id, 11);
});
