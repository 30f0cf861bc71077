/**
 * The platforms' own SDKs, unmodified, given a tenant's URL as their base: zulip-js 2.1.0 (realm),
 * sendbird-platform-sdk (ApiClient basePath) and sendbird-platform-sdk-typescript (baseServer). What one
 * tenant's SDK writes, the other tenant's SDK does not see.
 */
import t from 'tap';
import zulipInit from 'zulip-js';
import { startMockServer } from '../../src/testing.js';
import { API_TOKEN, SendbirdJs, SendbirdTs } from '../sendbird/fixtures.js';

const mock = await startMockServer({ users: 5 });
t.teardown(() => mock.close());

t.test('zulip-js with a tenant realm reads and sees only its own tenant', async (t) => {
  const [a, b] = await Promise.all([mock.tenant('zulip-a'), mock.tenant('zulip-b')]);
  const clientA = await zulipInit({ realm: a.credentials.zulip.realm, username: a.credentials.zulip.email, apiKey: a.credentials.zulip.api_key });
  const clientB = await zulipInit({ realm: b.url, username: 'iago@zulip.com', apiKey: 'abcdefghijklmnopqrstuvwxyz123456' });
  await a.control.users('zulip').put(10, { full_name: 'Hamlet in A' });
  t.equal((await clientA.callEndpoint('/users/10', 'GET')).user.full_name, 'Hamlet in A');
  t.equal((await clientB.callEndpoint('/users/10', 'GET')).user.full_name, 'King Hamlet');
  const members = await clientB.users.retrieve({});
  t.equal(members.members.length, 12 + 5);
  const journal = await a.control.requests({ platform: 'zulip' });
  t.same(journal.requests.map((entry) => `${entry.method} ${entry.path}`), ['GET /api/v1/users/10']);
  t.equal((await b.control.requests({ platform: 'zulip' })).matched, 2);
});

t.test('sendbird-platform-sdk (JS) with a tenant basePath: create in one, absent in the other', async (t) => {
  const [a, b] = await Promise.all([mock.tenant('sendbird-a'), mock.tenant('sendbird-b')]);
  const apiA = new SendbirdJs.UserApi(new SendbirdJs.ApiClient(a.url));
  const apiB = new SendbirdJs.UserApi(new SendbirdJs.ApiClient(b.url));
  const created = await apiA.createUser(API_TOKEN, { createUserData: { user_id: 'only-in-a', nickname: 'A', profile_url: '' } });
  t.equal(created.user_id, 'only-in-a');
  t.equal((await apiA.viewUserById(API_TOKEN, 'only-in-a', {})).nickname, 'A');
  const missing = await apiB.viewUserById(API_TOKEN, 'only-in-a', {}).catch((error: { status: number; body: { code: number } }) => error);
  t.equal(missing.status, 400);
  t.equal(missing.body.code, 400201, "Sendbird's 'not found' code");
  t.equal((await apiB.viewUserById(API_TOKEN, 'Tyler', {})).nickname, 'SilentSoccer');
});

t.test('sendbird-platform-sdk-typescript with a tenant baseServer', async (t) => {
  const [a, b] = await Promise.all([mock.tenant('sendbird-ts-a'), mock.tenant('sendbird-ts-b')]);
  const api = (url: string) => new SendbirdTs.UserApi(SendbirdTs.createConfiguration({ baseServer: new SendbirdTs.ServerConfiguration(url, {}) }));
  const data = new SendbirdTs.UpdateUserByIdData();
  data.nickname = 'Renamed in A';
  await api(a.url).updateUserById(API_TOKEN, 'Tyler', data);
  t.equal((await api(a.url).viewUserById(API_TOKEN, 'Tyler')).nickname, 'Renamed in A');
  t.equal((await api(`${b.url}/sendbird`).viewUserById(API_TOKEN, 'Tyler')).nickname, 'SilentSoccer');
  t.equal((await b.control.requests({ platform: 'sendbird', method: 'PUT' })).matched, 0);
  t.equal((await a.control.requests({ platform: 'sendbird', method: 'PUT' })).matched, 1);
});
