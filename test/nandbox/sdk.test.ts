/**
 * The unmodified npm package nandbox-bot-api@1.2.19 against the mock on a real port:
 * connect, TOKEN_AUTH, getUser -> onUserDetails, getMyProfiles/setMyProifle -> onMyProfile, bad tokens.
 */
import t, { type Test } from 'tap';
import { type Callbacks, loadNandboxSdk, nextCall } from './sdk-harness.js';
import { APP_ID, BOT_ID, DOC_USER_ID, NO_PHOTO_USER_ID, RESTRICTED_TOKEN, SHAWMI_ID, TOKEN, startNandbox } from './support.js';

const { NandBoxClient, User, callbacks: sdkCallback } = loadNandboxSdk(t);

// NandBoxClient is a process-wide singleton bound to its first URI, so every test shares one server.
const server = await startNandbox(t);
const client = NandBoxClient.get({ URI: server.wsUrl });

/** Ends an SDK session the way a revoked token would: close 4001, which the SDK does not retry. */
async function endSession(t: Test, api: any, callback: Callbacks): Promise<void> {
  const closed = nextCall(callback, 'onClose');
  const reconnected = nextCall(callback, 'onConnect', 1500).then(
    () => true,
    () => false,
  );
  api.send(JSON.stringify({ method: 'TOKEN_AUTH', token: `${BOT_ID}:0:wrongsecret`, rem: true }));
  await closed;
  t.equal(await reconnected, false, 'the SDK does not reconnect after close 4001');
}

t.test('the unmodified SDK connects, authenticates and reads users and its own profile', async (t) => {
  const callback = sdkCallback();

  const connected = nextCall(callback, 'onConnect');
  client.connect(TOKEN, callback);
  const [api, authOk] = await connected;
  t.match(authOk, { method: 'TOKEN_AUTH_OK', ID: BOT_ID, name: 'Mock Bot', is_nandbox: 1, localId: 0 });
  t.type(authOk.date, 'number');

  let details = nextCall(callback, 'onUserDetails');
  api.getUser(DOC_USER_ID);
  let [user] = await details;
  t.ok(user instanceof User, 'onUserDetails gets the SDK\'s User');
  t.match(user, {
    id: DOC_USER_ID,
    name: 'Docs Example User',
    version: '1xQd',
    is_bot: false,
    status: 'Hey there! I am using nandbox.',
    profile: 'Work',
    photo: {
      id: 'V_1xQd_90089584781491899_0_Tq8Lm2Vb0c.jpg',
      width: 256,
      height: 256,
      thumbnail: { id: 'V_1xQd_90089584781491899_0_Tq8Lm2Vb0c.jpg.thumb.jpg', width: 120, height: 120 },
    },
  });

  details = nextCall(callback, 'onUserDetails');
  api.getUser(SHAWMI_ID);
  [user] = await details;
  t.match(user, { id: SHAWMI_ID, name: 'Shawmi dev', version: '0rbN', profile: 'Other' });

  details = nextCall(callback, 'onUserDetails');
  api.getUser(NO_PHOTO_USER_ID);
  [user] = await details;
  t.match(user, { id: NO_PHOTO_USER_ID, name: 'No Photo User', photo: null, profile: undefined });

  let profile = nextCall(callback, 'onMyProfile');
  api.getMyProfiles();
  let [me] = await profile;
  t.match(me, { id: BOT_ID, name: 'Mock Bot', is_bot: true });

  profile = nextCall(callback, 'onMyProfile');
  api.setMyProifle(new User({ name: 'Renamed by SDK', status: 'Busy' }));
  [me] = await profile;
  t.match(me, { id: BOT_ID, name: 'Renamed by SDK', status: 'Busy', is_bot: true });

  // An unknown user is an error frame without method: the SDK only logs it, nothing is called.
  let calls = 0;
  callback.onUserDetails = () => calls++;
  callback.onReceiveObj = () => calls++;
  api.getUser('1');
  details = nextCall(callback, 'onUserDetails');
  api.getUser(SHAWMI_ID);
  [user] = await details;
  t.equal(user.id, SHAWMI_ID, 'the connection still works after the error frame');
  t.equal(calls, 0, 'the error frame reached no callback');

  // A bad token on the open connection: close 4001, onClose, and (a non-1000 code) no reconnect.
  await endSession(t, api, callback);
});

t.test('a token without Manage Users connects, but getUser reaches no callback; getMyProfiles still works', async (t) => {
  const callback = sdkCallback();
  const connected = nextCall(callback, 'onConnect');
  client.connect(RESTRICTED_TOKEN, callback);
  const [api, authOk] = await connected;
  t.match(authOk, { method: 'TOKEN_AUTH_OK', ID: '90091783784280299' });
  let calls = 0;
  callback.onUserDetails = () => calls++;
  callback.onReceiveObj = () => calls++;
  api.getUser(DOC_USER_ID);
  const profile = nextCall(callback, 'onMyProfile');
  api.getMyProfiles();
  const [me] = await profile;
  t.match(me, { id: '90091783784280299', name: 'Mock Bot without Manage Users', is_bot: true });
  t.equal(calls, 0, 'the 160017 error frame reached no callback');
  await endSession(t, api, callback);
});

t.test('an unknown token: the server closes with 4001, onClose runs, onConnect never does, no reconnect', async (t) => {
  const callback = sdkCallback();
  let connects = 0;
  callback.onConnect = () => connects++;
  const closed = nextCall(callback, 'onClose');
  client.connect(`${BOT_ID}:${APP_ID}:notTheSecret`, callback);
  await closed;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.equal(connects, 0);
});

