/**
 * nandbox-bot-api, unmodified, connected to a tenant's WebSocket URL (`ws://host/t/<tenant>/nandbox/api/`,
 * as GET /t/<tenant>/__mock/credentials gives it): TOKEN_AUTH, getUser, setMyProifle. The profile it
 * changes is changed in that tenant only, and only that tenant journals the frames.
 */
import t from 'tap';
import { startMockServer } from '../../src/testing.js';
import { loadNandboxSdk, nextCall } from '../nandbox/sdk-harness.js';
import { BOT_ID, DOC_USER_ID, TOKEN } from '../nandbox/support.js';

const { NandBoxClient, User, callbacks } = loadNandboxSdk(t);
const mock = await startMockServer({ users: 5 });
t.teardown(() => mock.close());
const tenant = await mock.tenant('nandbox-w');
const other = await mock.tenant('nandbox-other');
t.equal(tenant.credentials.nandbox.url, `${tenant.url.replace('http:', 'ws:')}/nandbox/api/`);
// NandBoxClient is a process-wide singleton bound to its first URI: this file's only connection.
const client = NandBoxClient.get({ URI: tenant.credentials.nandbox.url });

t.test('the SDK works through the tenant prefix and changes only its tenant', async (t) => {
  const callback = callbacks();
  const connected = nextCall(callback, 'onConnect');
  client.connect(TOKEN, callback);
  const [api, authOk] = await connected;
  t.match(authOk, { method: 'TOKEN_AUTH_OK', ID: BOT_ID });

  const details = nextCall(callback, 'onUserDetails');
  api.getUser(DOC_USER_ID);
  const [user] = await details;
  t.match(user, { id: DOC_USER_ID, name: 'Docs Example User' });

  const profile = nextCall(callback, 'onMyProfile');
  api.setMyProifle(new User({ name: 'Bot of nandbox-w' }));
  const [me] = await profile;
  t.match(me, { id: BOT_ID, name: 'Bot of nandbox-w' });

  const nameIn = async (control: typeof mock.control) => ((await control.users('nandbox').get(BOT_ID)).user as { name: string }).name;
  t.equal(await nameIn(tenant.control), 'Bot of nandbox-w');
  t.equal(await nameIn(other.control), 'Mock Bot');
  t.equal(await nameIn(mock.control), 'Mock Bot');
  t.ok((await tenant.control.requests({ platform: 'nandbox' })).matched >= 3, 'auth, getUser and setMyProfile frames journaled');
  t.equal((await other.control.requests({ platform: 'nandbox' })).matched, 0);
  t.equal((await mock.control.requests({ platform: 'nandbox' })).matched, 0);
  api.send(JSON.stringify({ method: 'TOKEN_AUTH', token: `${BOT_ID}:0:wrongsecret`, rem: true }));
  await nextCall(callback, 'onClose');
});
