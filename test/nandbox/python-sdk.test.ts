/**
 * nandbox's official Python SDK (nandbox/python-sdk 1.5.2, nandboxbots/NandboxClient.py), reproduced frame by frame
 * over a raw WebSocket: PyPI is out of reach here. Each frame is the text the unmodified SDK sends (captured on the
 * wire with websocket-client 1.2): json.dumps with ", " and ": " separators, keys in the SDK's order.
 *
 * - connect (line 116): websocket-client's handshake, with an `Origin: http://<host>` header;
 * - on_open (line 254): {"method": "TOKEN_AUTH", "token": ..., "rem": true} first, nothing before it;
 * - on_message (line 1018): TOKEN_AUTH_OK must carry `ID` and `name` (read with [] : a KeyError otherwise), then the
 *   PingThread (line 158) sends {"method": "PING"} at once and every 30 s;
 * - get_user (line 746, GetUserOutMessage.py, OutMessage.to_json_obj line 45): method, reference, app_id, then
 *   user_id; reference and app_id are left out when None;
 * - userDetails (line 1091) is read as dictionary["user"] and dictionary["app_id"]: both must be there, in the old
 *   bot-API form too; User.__init__ (data/User.py line 33) builds a Photo whenever `profile` is present;
 * - get_my_profiles (line 932) and myProfile (line 1087).
 */
import t from 'tap';
import { APP_ID, BOT_ID, DOC_USER_ID, FrameClient, SHAWMI_ID, TOKEN, startNandbox } from './support.js';

async function pythonClient(t: Parameters<typeof startNandbox>[0]): Promise<FrameClient> {
  const { wsUrl, port } = await startNandbox(t);
  const client = await FrameClient.open(wsUrl, { origin: `http://127.0.0.1:${port}` });
  t.teardown(() => client.close());
  return client;
}

t.test('start-up: TOKEN_AUTH, then an immediate PING', async (t) => {
  const client = await pythonClient(t);
  const ok = await client.call(`{"method": "TOKEN_AUTH", "token": "${TOKEN}", "rem": true}`);
  t.equal(ok.method, 'TOKEN_AUTH_OK');
  t.equal(ok.ID, BOT_ID, 'NandboxClient.BOT_ID = str(dictionary["ID"])');
  t.type(ok.name, 'string', 'the bot\'s name is printed from dictionary["name"]');
  client.send('{"method": "PING"}');
  t.ok(await client.silentFor(200), 'PING is never answered');
  const profile = await client.call('{"method": "getMyProfiles", "reference": "555"}');
  t.match(profile, { method: 'myProfile', reference: '555', user: { id: BOT_ID, is_bot: true } });
});

t.test('get_user in the app form: method, reference, app_id, user_id', async (t) => {
  const client = await pythonClient(t);
  await client.call(`{"method": "TOKEN_AUTH", "token": "${TOKEN}", "rem": true}`);
  // api.get_user("90089584980037358", "90090684293000559", "12345")
  const details = await client.call(`{"method": "getUser", "reference": "12345", "app_id": "${APP_ID}", "user_id": "${SHAWMI_ID}"}`);
  t.equal(details.method, 'userDetails');
  t.equal(details.app_id, APP_ID);
  t.equal(details.reference, '12345');
  t.match(details.user, { id: SHAWMI_ID, name: 'Shawmi dev', version: '0rbN', is_bot: false });
  t.ok(!('profile' in details.user) || typeof details.user.photo === 'object', 'profile only with a photo (User.__init__ builds Photo(photo))');
  // An unknown user: an error frame, which the SDK logs (line 1154).
  const missing = await client.call(`{"method": "getUser", "reference": "77", "app_id": "${APP_ID}", "user_id": "99999"}`);
  t.same(missing, { error: 'User not found', reference: '77', app_id: APP_ID });
});

t.test('get_user in the bot form (app_id and reference None): userDetails still names the app', async (t) => {
  const client = await pythonClient(t);
  await client.call(`{"method": "TOKEN_AUTH", "token": "${TOKEN}", "rem": true}`);
  // api.get_user("90089584781491899", None, None)
  const details = await client.call(`{"method": "getUser", "user_id": "${DOC_USER_ID}"}`);
  t.equal(details.method, 'userDetails');
  t.equal(details.app_id, APP_ID, 'dictionary["app_id"] would raise KeyError without it');
  t.notOk('reference' in details);
  t.match(details.user, { id: DOC_USER_ID, name: 'Docs Example User' });
});
