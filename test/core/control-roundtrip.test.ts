/**
 * The control API takes back what the platform API returns: a user read from the platform's own
 * GET (every common read variant) is written through PUT /__mock/platforms/<name>/users/<id>
 * unchanged, and the platform's GET then answers the very same bytes. Derived fields that
 * contradict the stored ones are field errors that change nothing.
 *
 * The reads reproduce the official clients' calls:
 * - Zulip: zulip-js lib/resources/users.js `retrieve` (GET {apiURL}/users, the members list) and
 *   get-user GET /api/v1/users/{id} with HTTP Basic email:api_key, as zulip-js sends it;
 * - Sendbird: sendbird-platform-sdk-typescript dist/apis/UserApi.js `viewUserById` (GET
 *   /v3/users/{user_id}, include_unread_count, custom_types) and `listUsers` (GET /v3/users), Api-Token;
 * - Open WebUI: GET /api/v1/users/{id}, /api/v1/users/{id}/info and the list GET /api/v1/users/, Bearer sk- key;
 * - ChakraHQ: Fetch User v1 and v2 and both List Users, Bearer token (chakra-chat-sdk src/http/client.ts);
 * - nandbox: nandbox-bot-api src/NandBoxClient.js `api.getUser` (frame {"method":"getUser","user_id"}),
 *   answered by a userDetails frame.
 */
import { createHash } from 'node:crypto';
import t from 'tap';
import { basicAuth, request, startServer, type RawResponse } from '../helper.js';
import { BOT_ID, FrameClient, SHAWMI_ID, TOKEN as NANDBOX_TOKEN } from '../nandbox/support.js';

const IAGO = { authorization: basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456') };
/** A guest: every address but those visible to everyone is hidden from him, so delivery_email is null. */
const POLONIUS = { authorization: basicAuth('polonius@zulip.com', 'PoloniusKey000000000000000000000') };
const SENDBIRD = { 'Api-Token': '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21' };
const OPENWEBUI = { authorization: 'Bearer sk-5f3b2a1c9d8e4f7a6b5c4d3e2f1a0b9c' };
const CHAKRA = { authorization: 'Bearer chakraMockAccessToken0123456789' };
const JOHN_ID = 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';
/** The password every user created without one gets, as the README documents it per platform. */
const DEFAULT_PASSWORD = 'chat-user-mock';

type User = Record<string, any>;
/** One read of a user: the response (or frame) text as it came, and the user object in it. */
interface Read {
  text: string;
  user: User;
}
type Reader = (id: string) => Promise<Read>;

async function ok(response: Promise<RawResponse>): Promise<RawResponse> {
  const answer = await response;
  if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer;
}

/** A whole-response read: the text compared is the entire answer, the user one entry of it. */
const reading = (url: string, headers: Record<string, string>, pick: (json: any, id: string) => User) => async (id: string) => {
  const answer = await ok(request(url.replace('{id}', encodeURIComponent(id)), { headers }));
  const user = pick(answer.json, id);
  if (!user) throw new Error(`no user ${id} in ${url}`);
  return { text: answer.text, user };
};

async function setUp(t: Parameters<typeof startServer>[0]) {
  const server = await startServer(t, { users: 10 });
  const { url } = server;
  // Frozen: Open WebUI's is_active and its callers' last_active_at stay put between the two reads.
  await ok(request(`${url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ freeze: true }) }));
  const nandbox = await FrameClient.authenticated(`ws://127.0.0.1:${server.port}/nandbox/api/`, NANDBOX_TOKEN);
  t.teardown(() => nandbox.close());

  const stored = (platform: string): Reader => async (id) => {
    const answer = await ok(request(`${url}/__mock/platforms/${platform}/users/${encodeURIComponent(id)}`));
    return { text: answer.text, user: answer.json.user };
  };
  // `stored` (the control API's own GET) comes first, so it meets every user as seeded: written back, even the
  // stored JSON's key order stays.
  const readers: Record<string, Record<string, Reader>> = {
    zulip: {
      stored: stored('zulip'),
      'get-user': reading(`${url}/api/v1/users/{id}`, IAGO, (json) => json.user),
      'get-user, client_gravatar=false, include_custom_profile_fields=true': reading(
        `${url}/api/v1/users/{id}?client_gravatar=false&include_custom_profile_fields=true`, IAGO, (json) => json.user),
      'get-user as a guest': reading(`${url}/api/v1/users/{id}`, POLONIUS, (json) => json.user),
      'members entry': reading(`${url}/api/v1/users`, IAGO, (json, id) => json.members.find((user: User) => String(user.user_id) === id)),
    },
    sendbird: {
      stored: stored('sendbird'),
      'view user': reading(`${url}/v3/users/{id}`, SENDBIRD, (json) => json),
      'view user, include_unread_count': reading(`${url}/v3/users/{id}?include_unread_count=true`, SENDBIRD, (json) => json),
      'view user, unread counts of art and sports': reading(
        `${url}/v3/users/{id}?include_unread_count=true&custom_types=art,sports`, SENDBIRD, (json) => json),
      'list entry': reading(`${url}/v3/users?limit=100&active_mode=all`, SENDBIRD, (json, id) => json.users.find((user: User) => user.user_id === id)),
    },
    openwebui: {
      stored: stored('openwebui'),
      'get-user': reading(`${url}/api/v1/users/{id}`, OPENWEBUI, (json) => json),
      'user info': reading(`${url}/api/v1/users/{id}/info`, OPENWEBUI, (json) => json),
      'list entry': reading(`${url}/api/v1/users/`, OPENWEBUI, (json, id) => json.users.find((user: User) => user.id === id)),
    },
    chakra: {
      stored: stored('chakra'),
      'fetch v1': reading(`${url}/v1/ext/user/{id}`, CHAKRA, (json) => json._data),
      'fetch v2': reading(`${url}/v2/ext/user/{id}`, CHAKRA, (json) => json._data),
      'list v1 entry': reading(`${url}/v1/ext/users`, CHAKRA, (json, id) => json._data.find((user: User) => user.id === id)),
      'list v2 entry': reading(`${url}/v2/ext/users`, CHAKRA, (json, id) => json._data.find((user: User) => user.id === id)),
    },
    nandbox: {
      stored: stored('nandbox'),
      getUser: async (id) => {
        nandbox.send({ method: 'getUser', user_id: id });
        const text = await nandbox.nextText();
        const frame = JSON.parse(text);
        if (frame.method !== 'userDetails') throw new Error(`getUser ${id}: ${text}`);
        return { text, user: frame.user };
      },
    },
  };

  const idField: Record<string, string> = { zulip: 'user_id', sendbird: 'user_id', openwebui: 'id', chakra: 'id', nandbox: 'id' };
  const ids = async (platform: string) =>
    (await ok(request(`${url}/__mock/platforms/${platform}/users?limit=1000`))).json.users.map((user: User) => String(user[idField[platform]]));
  const write = (method: string, platform: string, id: string | undefined, body: unknown) =>
    request(`${url}/__mock/platforms/${platform}/users${id === undefined ? '' : `/${encodeURIComponent(id)}`}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const put = (platform: string, id: string, body: unknown) => write('PUT', platform, id, body);
  const remove = (platform: string, id: string) => request(`${url}/__mock/platforms/${platform}/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
  // Open WebUI records the calling admin's activity after its first request; with the clock frozen, only once.
  await readers.openwebui['get-user']('user-123');
  return { url, readers, ids, put, write, remove };
}

t.test('every seeded user of every platform, through every read: GET, PUT unchanged, the same bytes again', async (t) => {
  const { readers, ids, put } = await setUp(t);
  for (const [platform, variants] of Object.entries(readers)) {
    const users = await ids(platform);
    t.ok(users.length >= 10, `${platform}: ${users.length} users, doc users and generated ones`);
    let roundTrips = 0;
    for (const id of users) {
      for (const [variant, read] of Object.entries(variants)) {
        const before = await read(id);
        const written = await put(platform, id, before.user);
        if (written.status !== 200) {
          t.fail(`${platform} ${variant} ${id}: ${written.status} ${written.text}`);
          continue;
        }
        const after = await read(id);
        if (after.text !== before.text) t.equal(after.text, before.text, `${platform} ${variant} ${id}: the same bytes`);
        else roundTrips++;
      }
    }
    t.equal(roundTrips, users.length * Object.keys(variants).length, `${platform}: every user through every read came back byte-identical`);
  }
});

t.test('Zulip get-own-user (zulip-js users.me.getProfile, GET /users/me) as each active user: PUT unchanged, the same bytes', async (t) => {
  const { url, readers, ids, put } = await setUp(t);
  let roundTrips = 0;
  for (const id of await ids('zulip')) {
    const { user: stored } = await readers.zulip.stored(id);
    // Deactivated users and incoming-webhook bots (bot_type 2) cannot call it.
    if (!stored.is_active || stored.bot_type === 2) continue;
    const headers = { authorization: basicAuth(stored.email, stored.api_key) };
    const before = await ok(request(`${url}/api/v1/users/me`, { headers }));
    t.match(before.json, { result: 'success', msg: '', user_id: Number(id), max_message_id: stored.max_message_id });
    const written = await put('zulip', id, before.json);
    t.equal(written.status, 200, written.text.slice(0, 200));
    t.equal((await ok(request(`${url}/api/v1/users/me`, { headers }))).text, before.text, `user ${id}`);
    roundTrips++;
  }
  t.ok(roundTrips >= 20, `${roundTrips} users`);
  const iago = (await ok(request(`${url}/api/v1/users/me`, { headers: IAGO }))).json;
  t.match((await put('zulip', '11', { ...iago, result: 'error' })).json.errors, [
    { field: 'result', message: 'contradicts the envelope of /users/me: GET shows "success" for this user' },
  ]);
});

t.test('one field changed in the wire shape: GET shows that change and nothing else', async (t) => {
  const { readers, put } = await setUp(t);
  const cases: Array<[platform: string, variant: string, id: string, field: string, value: unknown, envelope: (json: any) => any]> = [
    ['zulip', 'get-user', '12', 'full_name', 'Prospero, Duke of Milan', (json) => json.user],
    ['zulip', 'get-user as a guest', '14', 'full_name', 'Zoe Hidden', (json) => json.user],
    ['sendbird', 'view user, include_unread_count', 'Tyler', 'nickname', 'LoudSoccer', (json) => json],
    ['openwebui', 'get-user', 'user-123', 'name', 'Johnny Doe', (json) => json],
    ['chakra', 'fetch v2', JOHN_ID, 'firstName', 'Jonathan', (json) => json._data],
    ['nandbox', 'getUser', SHAWMI_ID, 'status', 'Renamed through the control API', (json) => json.user],
  ];
  for (const [platform, variant, id, field, value, userOf] of cases) {
    const read = readers[platform][variant];
    const before = await read(id);
    t.not(before.user[field], value);
    const written = await put(platform, id, { ...before.user, [field]: value });
    t.equal(written.status, 200, `${platform} ${variant}: ${written.text.slice(0, 200)}`);
    const after = await read(id);
    const expected = JSON.parse(before.text);
    userOf(expected)[field] = value;
    t.strictSame(JSON.parse(after.text), expected, `${platform} ${variant}: only ${field} changed`);
  }
});

t.test('derived fields that contradict the stored ones: 400 with a field error, nothing changed', async (t) => {
  const { url, readers, put } = await setUp(t);
  const cases: Array<[platform: string, variant: string, id: string, change: User, errors: Array<{ field: string; message?: string }>]> = [
    ['zulip', 'get-user', '12', { is_admin: true, full_name: 'Not written' }, [{ field: 'is_admin', message: 'contradicts role: GET shows false for this user' }]],
    ['zulip', 'get-user', '12', { role: 200, is_admin: false }, [{ field: 'is_admin', message: 'contradicts role: GET shows true for this user' }]],
    ['zulip', 'get-user', '13', { is_guest: false, is_owner: true }, [
      { field: 'is_owner', message: 'contradicts role: GET shows false for this user' },
      { field: 'is_guest', message: 'contradicts role: GET shows true for this user' },
    ]],
    ['zulip', 'get-user', '23', { is_bot: false }, [{ field: 'is_bot', message: 'contradicts bot_type: GET shows true for this user' }]],
    ['zulip', 'get-user', '12', { delivery_email: 'someone.else@zulip.com' }, [
      { field: 'delivery_email', message: 'contradicts email and email_address_visibility: GET shows "prospero@zulip.com" for this user' },
    ]],
    ['zulip', 'get-user', '12', { email: 'user12@zulip.example.com' }, [
      { field: 'email', message: 'contradicts email_address_visibility: GET shows "prospero@zulip.com" for this user' },
    ]],
    ['zulip', 'get-user', '14', { email: 'user13@zulip.example.com' }, [
      { field: 'email', message: 'contradicts email_address_visibility: GET shows "user14@zulip.example.com" for this user' },
    ]],
    ['zulip', 'get-user, client_gravatar=false, include_custom_profile_fields=true', '12', { avatar_version: 2 }, [
      { field: 'avatar_url', message: `contradicts avatar_source, avatar_version and email: GET shows "https://secure.gravatar.com/avatar/${md5('prospero@zulip.com')}?d=identicon&version=2" or null for this user` },
    ]],
    ['sendbird', 'view user, include_unread_count', 'Tyler', { unread_message_count: 8 }, [
      { field: 'unread_message_count', message: 'contradicts unread_channels: GET shows 9 or 0 or 4 or 3 or 7 or 2 or 6 or 5 for this user' },
    ]],
    ['openwebui', 'get-user', 'user-123', { groups: [{ id: 'group-456', name: 'Engineering' }] }, [
      { field: 'groups', message: 'contradicts group_ids: GET shows [{"id":"group-456","name":"Engineering"},{"id":"group-789","name":"Admins"}] for this user' },
    ]],
    ['openwebui', 'get-user', 'user-123', { is_active: true, name: 'Not written' }, [{ field: 'is_active', message: 'contradicts last_active_at: GET shows false for this user' }]],
    ['chakra', 'fetch v2', JOHN_ID, { role: 'no_such_role' }, [{ field: 'role' }]],
  ];
  for (const [platform, variant, id, change, errors] of cases) {
    const read = readers[platform][variant];
    const before = await read(id);
    const storedBefore = await readers[platform].stored(id);
    const written = await put(platform, id, { ...before.user, ...change });
    t.equal(written.status, 400, `${platform} ${JSON.stringify(change)}`);
    t.match(written.json, { error: 'Bad Request', message: `invalid ${platform} user`, statusCode: 400 });
    t.match(written.json.errors, errors);
    t.equal(written.json.errors.length, errors.length, 'only the contradicting fields');
    t.equal((await read(id)).text, before.text, `${platform}: the platform GET is unchanged`);
    t.equal((await readers[platform].stored(id)).text, storedBefore.text, `${platform}: the stored user is unchanged`);
  }
  // The same derived fields are accepted wherever they agree, also alongside a changed source field.
  const prospero = (await readers.zulip['get-user']('12')).user;
  const promoted = await put('zulip', '12', { ...prospero, role: 200, is_admin: true });
  t.equal(promoted.status, 200, 'role and is_admin changed together');
  t.match((await ok(request(`${url}/api/v1/users/12`, { headers: IAGO }))).json.user, { role: 200, is_admin: true });
});

t.test('null wherever GET returns null is taken back', async (t) => {
  const { readers, put } = await setUp(t);
  // Open WebUI: the issue's case, date_of_birth null.
  const john = await readers.openwebui['get-user']('user-123');
  t.equal(john.user.date_of_birth, null);
  t.equal((await put('openwebui', 'user-123', john.user)).status, 200);
  t.equal((await put('openwebui', 'user-123', { date_of_birth: '1990-05-01' })).status, 200);
  t.equal((await readers.openwebui['get-user']('user-123')).user.date_of_birth, '1990-05-01');
  t.equal((await put('openwebui', 'user-123', { ...john.user, date_of_birth: null })).status, 200);
  t.equal((await readers.openwebui['get-user']('user-123')).text, john.text, 'back to null, byte-identical');

  // Zulip: a guest sees Zoe's address as null, and her dummy API email; gravatar users' avatar_url is null.
  const zoe = await readers.zulip['get-user as a guest']('14');
  t.match(zoe.user, { email: 'user14@zulip.example.com', delivery_email: null });
  t.equal((await put('zulip', '14', zoe.user)).status, 200);
  t.equal((await readers.zulip.stored('14')).user.email, 'ZOE@zulip.com', 'the real address is kept');
  const prospero = await readers.zulip['get-user']('12');
  t.equal(prospero.user.avatar_url, null);
  t.equal((await put('zulip', '12', prospero.user)).status, 200);
  const bot = await readers.zulip['get-user']('24');
  t.match(bot.user, { is_bot: true, bot_type: 2, bot_owner_id: 11 });
  t.equal((await put('zulip', '24', { ...bot.user, bot_owner_id: null })).status, 200);
  t.equal((await readers.zulip['get-user']('24')).user.bot_owner_id, null);

  // ChakraHQ: data, onboardingData, deletedAt, primaryPhone and profile are null.
  const chakra = await readers.chakra['fetch v1'](JOHN_ID);
  t.match(chakra.user, { data: null, onboardingData: null, deletedAt: null, primaryPhone: null, profile: null });
  t.equal((await put('chakra', JOHN_ID, chakra.user)).status, 200);
});

t.test('a user created from the wire shape without a password signs in with the documented default', async (t) => {
  const { url, readers, write, remove } = await setUp(t);

  // Open WebUI: OPENWEBUI_USER_PASSWORD (README, default chat-user-mock), the password of every generated user.
  const john = await readers.openwebui['get-user']('user-123');
  t.equal((await remove('openwebui', 'user-123')).status, 204);
  const created = await write('POST', 'openwebui', undefined, john.user);
  t.equal(created.status, 201, created.text.slice(0, 300));
  t.equal(created.json.id, 'user-123');
  t.same(created.json.user.group_ids, ['group-456', 'group-789'], 'memberships from get-user\'s groups');
  t.equal((await readers.openwebui['get-user']('user-123')).text, john.text, 'get-user answers what it did before the delete');
  const signin = (password: string) =>
    request(`${url}/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'user@example.com', password }) });
  const signedIn = await signin(DEFAULT_PASSWORD);
  t.equal(signedIn.status, 200);
  t.match(signedIn.json, { id: 'user-123', email: 'user@example.com', token_type: 'Bearer' });
  t.equal((await signin('john-doe-password')).status, 400, 'the fixture password went with the deleted user');

  // Zulip: ZULIP_PASSWORD (README, default chat-user-mock) is every user's, for fetch_api_key.
  const prospero = await readers.zulip['get-user, client_gravatar=false, include_custom_profile_fields=true']('12');
  t.equal((await remove('zulip', '12')).status, 204);
  const recreated = await write('POST', 'zulip', undefined, prospero.user);
  t.equal(recreated.status, 201, recreated.text.slice(0, 300));
  t.equal(recreated.json.id, '12');
  t.equal((await readers.zulip['get-user, client_gravatar=false, include_custom_profile_fields=true']('12')).text, prospero.text);
  const fetched = await request(`${url}/api/v1/fetch_api_key`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'prospero@zulip.com', password: DEFAULT_PASSWORD }).toString(),
  });
  t.equal(fetched.status, 200);
  t.match(fetched.json, { result: 'success', email: 'prospero@zulip.com', user_id: 12, api_key: /^[A-Za-z0-9]{32}$/ });
  const viaNewKey = await request(`${url}/api/v1/users/me`, { headers: { authorization: basicAuth('prospero@zulip.com', fetched.json.api_key) } });
  t.equal(viaNewKey.status, 200, 'the fetched key authenticates');

  // Zulip, a hidden address: the wire email is the dummy one and delivery_email the real one.
  const zoe = await readers.zulip['get-user']('14');
  t.match(zoe.user, { email: 'user14@zulip.example.com', delivery_email: 'ZOE@zulip.com' });
  t.equal((await remove('zulip', '14')).status, 204);
  const hiddenDefault = await write('POST', 'zulip', undefined, zoe.user);
  // New users default to a gravatar visible to everyone: her uploaded avatar's URL and the dummy email contradict that.
  t.equal(hiddenDefault.status, 400);
  t.same(hiddenDefault.json.errors, [
    {
      field: 'avatar_url',
      message: `contradicts avatar_source, avatar_version and email: GET shows "https://secure.gravatar.com/avatar/${md5('zoe@zulip.com')}?d=identicon&version=1" or null for this user`,
    },
    { field: 'email', message: 'contradicts email_address_visibility: GET shows "ZOE@zulip.com" for this user' },
  ]);
  t.equal((await request(`${url}/__mock/platforms/zulip/users/14`)).status, 404, 'nothing created');
  const hidden = await write('POST', 'zulip', undefined, { ...zoe.user, email_address_visibility: 3, avatar_source: 'U' });
  t.equal(hidden.status, 201, hidden.text.slice(0, 300));
  t.equal(hidden.json.user.email, 'ZOE@zulip.com', 'the real address from delivery_email');
  t.equal((await readers.zulip['get-user']('14')).text, zoe.text);

  // nandbox: a bot's own user, deleted and recreated from its userDetails frame.
  const bot = await readers.nandbox.getUser(BOT_ID);
  t.equal((await remove('nandbox', BOT_ID)).status, 204);
  t.equal((await write('POST', 'nandbox', undefined, bot.user)).status, 201);
  t.equal((await readers.nandbox.getUser(BOT_ID)).text, bot.text);
});

t.test('a "__proto__" key, which the HTTP parser already refuses, is an unknown field to the platforms too', async (t) => {
  const { app } = await startServer(t, { users: 0, platforms: ['zulip', 'openwebui'] });
  for (const platform of app.mock.platforms) {
    const id = platform.name === 'zulip' ? '12' : 'user-123';
    const before = platform.users.get(app.mock.store, id);
    const body = JSON.parse('{"__proto__": {"role": 100}, "groups": [], "is_admin": false}');
    const result = platform.users.put(app.mock.store, id, body, Date.now(), app.mock.settingsOf(platform));
    t.match(result, { ok: false, errors: [{ field: '__proto__', message: "is not a field of this platform's user" }] }, platform.name);
    t.same(platform.users.get(app.mock.store, id), before, `${platform.name}: unchanged`);
  }
});

t.test('an unknown field of a fault is "not a field of a fault"; of a user, "of this platform\'s user"', async (t) => {
  const { url, put } = await setUp(t);
  const fault = await request(`${url}/__mock/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'zulip', error: { status: 500 }, colour: 'red' }),
  });
  t.equal(fault.status, 400);
  t.same(fault.json, { error: 'Bad Request', message: 'invalid fault', statusCode: 400, errors: [{ field: 'colour', message: 'is not a field of a fault' }] });
  const user = await put('zulip', '12', { full_name: 'x', colour: 'red' });
  t.equal(user.status, 400);
  t.same(user.json.errors, [{ field: 'colour', message: "is not a field of this platform's user" }]);
  const reset = await request(`${url}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ colour: 'red' }) });
  t.same(reset.json.errors, [{ field: 'colour', message: 'is not a field of a reset' }]);
});

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
