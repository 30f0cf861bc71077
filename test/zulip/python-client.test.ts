/**
 * The official Python client, `zulip` 0.9.1 (zulip/python-zulip-api, zulip/zulip/__init__.py), reproduced call by
 * call over raw HTTP: PyPI is out of reach here. Each request below is the one the client sends, as captured on
 * the wire from the unmodified client (python-requests 2.28): the same path, query encoding and headers.
 *
 * How the client builds them: Client.__init__ (line 528) calls get_server_settings() (line 1137) and asserts that
 * `zulip_version` is present, before any other call. do_api_query (line 578) sends GET parameters as the query
 * string, each non-string value JSON-encoded (line 597: True -> "true", [11, 8] -> "[11, 8]"), through a
 * requests.Session with HTTP Basic email:api_key and `User-agent: ZulipPython/<version> (<os>; <release>)`
 * (ensure_session, line 533; get_user_agent, line 557). URLs are urljoin(base_url + "api/", "v1/" + url), so
 * the docs' `call_endpoint(url="/users/{email}")` also reaches /api/v1/users/{email}.
 */
import t from 'tap';
import { basicAuth, request, startServer } from '../helper.js';

const IAGO = basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456');

/** The headers python-requests sends for every call of zulip.Client (ensure_session, line 533). */
const CLIENT_HEADERS = {
  'user-agent': 'ZulipPython/0.9.1 (Debian GNU/Linux; 12)',
  'accept-encoding': 'gzip, deflate',
  accept: '*/*',
  connection: 'keep-alive',
  authorization: IAGO,
};

const call = (url: string, headers: Record<string, string> = CLIENT_HEADERS) => request(url, { headers });

t.test('the constructor: GET /api/v1/server_settings answers zulip_version and zulip_feature_level', async (t) => {
  const { url } = await startServer(t);
  // Client.__init__, line 528: server_settings = self.get_server_settings()
  const settings = await call(`${url}/api/v1/server_settings`);
  t.equal(settings.status, 200);
  t.equal(settings.headers.get('content-type'), 'application/json');
  t.equal(settings.headers.get('cache-control'), 'max-age=0, no-cache, no-store, must-revalidate, private');
  t.equal(settings.headers.get('x-ratelimit-limit'), null, 'server_settings is not rate limited');
  t.ok(settings.text.endsWith('}\n'));
  // line 529-531: zulip_version must be there; feature_level decides update_user_by_id's encoding (line 1345).
  t.equal(settings.json.zulip_version, '12.0', 'the emulated release (ZULIP_VERSION, default 12.0)');
  t.equal(settings.json.zulip_feature_level, 511);
  t.same(Object.keys(settings.json), [
    'result', 'msg', 'authentication_methods', 'zulip_version', 'zulip_merge_base', 'zulip_feature_level',
    'push_notifications_enabled', 'is_incompatible', 'email_auth_enabled', 'require_email_format_usernames',
    'realm_url', 'realm_name', 'realm_icon', 'realm_description', 'realm_web_public_access_enabled',
    'external_authentication_methods', 'realm_uri',
  ]);
  t.match(settings.json, {
    result: 'success',
    msg: '',
    authentication_methods: { password: true, email: true, dev: false, ldap: false, 'openid connect': false },
    zulip_merge_base: '12.0',
    push_notifications_enabled: false,
    is_incompatible: false,
    realm_url: url,
    realm_uri: url,
    realm_name: 'Zulip Dev',
    realm_icon: 'https://secure.gravatar.com/avatar/62429d594b6ffc712f54aee976a18b44?d=identicon',
    external_authentication_methods: [],
  });
});

t.test('server_settings needs no credentials, but checks the ones it is sent', async (t) => {
  const { url } = await startServer(t);
  const { authorization: _, ...anonymous } = CLIENT_HEADERS;
  const bare = await call(`${url}/api/v1/server_settings`, anonymous);
  t.equal(bare.status, 200);
  t.equal(bare.json.zulip_version, '12.0');
  // A client constructed with a wrong key fails here already: the answer has no zulip_version (line 531).
  const wrongKey = await call(`${url}/api/v1/server_settings`, { ...CLIENT_HEADERS, authorization: basicAuth('iago@zulip.com', 'X'.repeat(32)) });
  t.equal(wrongKey.status, 401);
  t.same(wrongKey.json, { result: 'error', msg: 'Invalid API key', code: 'UNAUTHORIZED' });
  const prefixed = await call(`${url}/zulip/api/v1/server_settings`);
  t.equal(prefixed.json.realm_url, url, 'under /zulip too, the realm is the server\'s base URL');
  const post = await request(`${url}/api/v1/server_settings`, { method: 'POST', headers: CLIENT_HEADERS, body: 'x=1' });
  t.equal(post.status, 405);
  t.equal(post.headers.get('allow'), 'GET, HEAD');
});

t.test('get_user_by_id (line 1300): GET /api/v1/users/{id}, keyword arguments JSON-encoded in the query', async (t) => {
  const { url } = await startServer(t);
  // client.get_user_by_id(11)
  const plain = await call(`${url}/api/v1/users/11`);
  t.equal(plain.status, 200);
  t.match(plain.json, { result: 'success', msg: '', user: { user_id: 11, email: 'iago@zulip.com', full_name: 'Iago' } });
  t.notOk('profile_data' in plain.json.user);
  // client.get_user_by_id(10, include_custom_profile_fields=True): json.dumps(True) is "true"
  const withFields = await call(`${url}/api/v1/users/10?include_custom_profile_fields=true`);
  t.equal(withFields.status, 200);
  t.type(withFields.json.user.profile_data, 'object');
  t.notOk('ignored_parameters_unsupported' in withFields.json);
  // An unknown id: the client returns the error body as it is (do_api_query, line 700).
  const missing = await call(`${url}/api/v1/users/99999`);
  t.equal(missing.status, 400);
  t.same(missing.json, { result: 'error', msg: 'No such user', code: 'BAD_REQUEST' });
});

t.test('get-user-by-email: the docs\' call_endpoint(url="/users/{email}", method="GET"), urljoin-ed to /api/v1/users/{email}', async (t) => {
  const { url } = await startServer(t);
  // The client has no get_user_by_email method; zerver/openapi/python_examples.py uses call_endpoint (line 711).
  // requests leaves '@' unescaped in the path.
  const byEmail = await call(`${url}/api/v1/users/iago@zulip.com`);
  t.equal(byEmail.status, 200);
  t.match(byEmail.json, { result: 'success', user: { user_id: 11, delivery_email: 'iago@zulip.com' } });
  const dummy = await call(`${url}/api/v1/users/user10@zulip.example.com`);
  t.equal(dummy.json.user?.user_id, 10, 'the dummy API email finds the user by id');
});

t.test('get_members / get_users (lines 1353, 1363): GET /api/v1/users with JSON-encoded parameters', async (t) => {
  const { url } = await startServer(t);
  // client.get_members()
  const all = await call(`${url}/api/v1/users`);
  t.equal(all.status, 200);
  t.ok(all.json.members.length >= 10);
  t.ok(all.json.members.some((member: { user_id: number }) => member.user_id === 11));
  // client.get_members({"client_gravatar": False}): every avatar_url is a URL
  const gravatars = await call(`${url}/api/v1/users?client_gravatar=false`);
  t.ok(gravatars.json.members.every((member: { avatar_url: unknown }) => typeof member.avatar_url === 'string'));
  // client.get_members({"include_custom_profile_fields": True}): humans carry profile_data, bots do not
  const fields = await call(`${url}/api/v1/users?include_custom_profile_fields=true`);
  for (const member of fields.json.members as Array<{ user_id: number; is_bot: boolean; profile_data?: unknown }>) {
    t.equal('profile_data' in member, !member.is_bot, `user ${member.user_id}`);
  }
  // client.get_users({"user_ids": [11, 8]}): json.dumps gives "[11, 8]", with a space, sent as %5B11%2C+8%5D
  const some = await call(`${url}/api/v1/users?user_ids=%5B11%2C+8%5D`);
  t.equal(some.status, 200);
  t.same(some.json.members.map((member: { user_id: number }) => member.user_id), [11, 8]);
});

t.test('get_profile (line 1203): GET /api/v1/users/me, flattened', async (t) => {
  const { url } = await startServer(t);
  const me = await call(`${url}/api/v1/users/me`);
  t.equal(me.status, 200);
  t.match(me.json, { result: 'success', msg: '', user_id: 11, email: 'iago@zulip.com', full_name: 'Iago', max_message_id: Number });
});
