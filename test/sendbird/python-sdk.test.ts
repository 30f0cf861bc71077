/**
 * Sendbird's official Python SDK (sendbird/sendbird-platform-sdk-python), reproduced call by call over raw HTTP:
 * PyPI is out of reach here. Each request is the one the unmodified SDK sends (captured on the wire with
 * urllib3 1.26): its path, query encoding, headers and JSON body text. Both generations are covered:
 *
 * - 1.x (tag 1.0.27): UserApi.view_user_by_id, list_users, create_user, update_user_by_id, delete_user_by_id
 *   (sendbird_platform_sdk/api/user_api.py, the _Endpoint definitions at lines 1978, 740, 199, 1438, 312);
 *   the token goes in `Api-Token`.
 * - 2.x (2.1.5): UserApi.view_a_user, list_users, create_a_user, update_a_user, delete_a_user (user_api.py,
 *   lines 1884, 1046, 206, 1446, 379); the token goes in a lower-case `api-token`.
 *
 * Common to both (api_client.py line 80, rest.py lines 147-156): `User-Agent: OpenAPI-Generator/<version>/python`,
 * `Accept: application/json`, `Accept-Encoding: identity`; POST and PUT bodies are json.dumps text (", " and ": "
 * separators) with `Content-Type: application/json`, DELETE has neither; query booleans are Python's str(),
 * `True`/`False`; nothing is sent when an ApiClient is made, so the SDKs have no start-up calls.
 */
import t from 'tap';
import { request, startServer } from '../helper.js';
import { API_TOKEN, USER_FIELDS, isEnvelope } from './fixtures.js';

const SDKS = [
  { generation: '1.x', tokenHeader: 'Api-Token', userAgent: 'OpenAPI-Generator/1.0.27/python' },
  { generation: '2.x', tokenHeader: 'api-token', userAgent: 'OpenAPI-Generator/2.1.5/python' },
] as const;

function sdkHeaders(sdk: (typeof SDKS)[number], token: string = API_TOKEN): Record<string, string> {
  return { 'accept-encoding': 'identity', [sdk.tokenHeader]: token, accept: 'application/json', 'user-agent': sdk.userAgent };
}

for (const sdk of SDKS) {
  t.test(`${sdk.generation}: view a user, with and without the unread counts`, async (t) => {
    const { url } = await startServer(t, { platforms: ['sendbird'] });
    // 1.x view_user_by_id("Tyler", api_token=...) / 2.x view_a_user("Tyler", api_token=...)
    const plain = await request(`${url}/v3/users/Tyler`, { headers: sdkHeaders(sdk) });
    t.equal(plain.status, 200);
    t.equal(plain.headers.get('content-type'), 'application/json; charset=utf-8');
    t.same(Object.keys(plain.json), USER_FIELDS);
    t.match(plain.json, { user_id: 'Tyler', nickname: 'SilentSoccer', is_active: true, session_tokens: [] });
    // include_unread_count=True: urlencode writes Python's str(True)
    const unread = await request(`${url}/v3/users/Tyler?include_unread_count=True&custom_types=art%2Csports&super_mode=all`, { headers: sdkHeaders(sdk) });
    t.equal(unread.status, 200);
    t.equal(unread.json.unread_message_count, 7);
    t.equal(unread.json.unread_channel_count, 2);
    // ApiException carries the body as it is; 400201 is what the SDK's callers test for.
    const missing = await request(`${url}/v3/users/nobody-here`, { headers: sdkHeaders(sdk) });
    t.equal(missing.status, 400);
    t.ok(isEnvelope(missing.json, 400201));
    const wrongToken = await request(`${url}/v3/users/Tyler`, { headers: sdkHeaders(sdk, '0'.repeat(40)) });
    t.equal(wrongToken.status, 400);
    t.ok(isEnvelope(wrongToken.json, 400401));
  });

  t.test(`${sdk.generation}: list users, with the filters and the next token`, async (t) => {
    const { url } = await startServer(t, { platforms: ['sendbird'] });
    // list_users(api_token=..., limit=3)
    const first = await request(`${url}/v3/users?limit=3`, { headers: sdkHeaders(sdk) });
    t.equal(first.status, 200);
    t.equal(first.json.users.length, 3);
    t.type(first.json.next, 'string');
    t.not(first.json.next, '');
    const second = await request(`${url}/v3/users?token=${encodeURIComponent(first.json.next)}&limit=3`, { headers: sdkHeaders(sdk) });
    t.equal(second.status, 200);
    t.notSame(second.json.users[0].user_id, first.json.users[0].user_id, 'the token pages on');
    // list_users(limit=5, active_mode="all", show_bot=False, user_ids="Tyler,Jay", nickname_startswith="S")
    const filtered = await request(`${url}/v3/users?limit=5&active_mode=all&show_bot=False&user_ids=Tyler%2CJay&nickname_startswith=S`, { headers: sdkHeaders(sdk) });
    t.equal(filtered.status, 200);
    t.same(filtered.json.users.map((user: { user_id: string }) => user.user_id), ['Tyler']);
    t.equal(filtered.json.next, '');
    // list_users(metadatakey="location", metadatavalues_in="New York"): urlencode writes the space as '+'
    const byMetadata = await request(`${url}/v3/users?metadatakey=location&metadatavalues_in=New+York`, { headers: sdkHeaders(sdk) });
    t.same(byMetadata.json.users.map((user: { user_id: string }) => user.user_id), ['Jay']);
  });

  t.test(`${sdk.generation}: create, update and delete with json.dumps bodies`, async (t) => {
    const { url } = await startServer(t, { platforms: ['sendbird'] });
    const writeHeaders = { ...sdkHeaders(sdk), 'content-type': 'application/json' };
    // 1.x CreateUserData(user_id, nickname, profile_url, ...) / 2.x CreateAUserRequest(...): the 2.x model
    // puts nickname first and always sends profile_url (default "").
    const createBody = sdk.generation === '1.x'
      ? '{"user_id": "py-user", "nickname": "Py User", "profile_url": "", "issue_access_token": true, "discovery_keys": ["k"], "metadata": {"a": "b"}}'
      : '{"nickname": "Py User", "profile_url": "", "user_id": "py-user", "issue_access_token": true, "discovery_keys": ["k"], "metadata": {"a": "b"}}';
    const created = await request(`${url}/v3/users`, { method: 'POST', headers: writeHeaders, body: createBody });
    t.equal(created.status, 200);
    t.match(created.json, { user_id: 'py-user', nickname: 'Py User', profile_url: '', is_created: true, metadata: { a: 'b' }, discovery_keys: ['k'] });
    t.match(created.json.access_token, /^[0-9a-f]{40}$/);
    if (sdk.generation === '2.x') {
      // CreateAUserRequest(user_id=..., nickname=...) alone: the model still sends profile_url ""
      const minimal = await request(`${url}/v3/users`, { method: 'POST', headers: writeHeaders, body: '{"nickname": "Py Two", "profile_url": "", "user_id": "py-two"}' });
      t.equal(minimal.status, 200);
      t.equal(minimal.json.access_token, '');
    }
    // 1.x UpdateUserByIdData(user_id, ...) repeats the id in the body; 2.x UpdateAUserRequest does not.
    const updateBody = sdk.generation === '1.x'
      ? '{"user_id": "py-user", "nickname": "Renamed", "is_active": true, "profile_url": "https://example.com/a.png"}'
      : '{"nickname": "Renamed", "is_active": true, "issue_access_token": false, "profile_url": "https://example.com/a.png"}';
    const updated = await request(`${url}/v3/users/py-user`, { method: 'PUT', headers: writeHeaders, body: updateBody });
    t.equal(updated.status, 200);
    t.match(updated.json, { user_id: 'py-user', nickname: 'Renamed', profile_url: 'https://example.com/a.png' });
    t.notOk('is_created' in updated.json);
    // delete: no body and no Content-Type
    const deleted = await request(`${url}/v3/users/py-user`, { method: 'DELETE', headers: sdkHeaders(sdk) });
    t.equal(deleted.status, 200);
    t.same(deleted.json, {});
    const gone = await request(`${url}/v3/users/py-user`, { headers: sdkHeaders(sdk) });
    t.ok(isEnvelope(gone.json, 400201));
  });
}
