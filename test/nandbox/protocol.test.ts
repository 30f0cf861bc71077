/** The wire protocol with raw `ws` clients: handshake, getUser in both forms, errors, edge frames. */
import t from 'tap';
import net from 'node:net';
import { ControllableClock } from '../../src/core/clock.js';
import { Settings } from '../../src/core/settings.js';
import { request } from '../helper.js';
import {
  APP_ID, BOT_ID, DOC_USER_ID, FrameClient, NO_PHOTO_USER_ID, OTHER_APP_USER_ID, RESTRICTED_TOKEN, SHAWMI_ID, TOKEN, startNandbox,
} from './support.js';

/** The clock reading the control API passes when it writes a user. */
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

t.test('TOKEN_AUTH: no greeting, then TOKEN_AUTH_OK with the recorded fields; rem as boolean or string', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.UTC(2026, 0, 2, 3, 4, 5));
  const { wsUrl } = await startNandbox(t, { clock });
  const client = await FrameClient.open(wsUrl);
  t.ok(await client.silentFor(200), 'the server speaks only after the client');
  const okText = await (client.send({ method: 'TOKEN_AUTH', token: TOKEN, rem: true }), client.nextText());
  t.same(JSON.parse(okText), { date: Date.UTC(2026, 0, 2, 3, 4, 5), is_nandbox: 1, method: 'TOKEN_AUTH_OK', name: 'Mock Bot', ID: BOT_ID, localId: 0 });
  t.match(okText, /"ID":"90091783784280234"/, 'ID is a JSON string');
  const other = await FrameClient.open(wsUrl);
  t.match(await other.call({ method: 'TOKEN_AUTH', token: TOKEN, rem: 'true' }), { method: 'TOKEN_AUTH_OK' }, 'the docs\' "rem":"true"');
  client.close();
  other.close();
});

t.test('the WebSocket is served at /nandbox/api/ only; plain HTTP gets 426 and other paths 404, as {"error"}', async (t) => {
  const { url, port } = await startNandbox(t);
  const plain = await request(`${url}/nandbox/api/`);
  t.equal(plain.status, 426);
  t.equal(plain.headers.get('upgrade'), 'websocket');
  t.match(plain.json, { error: /WebSocket/ });
  for (const path of ['/nandbox/api', '/nandbox/api/x', '/nandbox/nope', '/nandbox/api/%E0%A4%A']) {
    // With an 'unexpected-response' listener, ws leaves the socket open: the server must close it.
    const client = new FrameClient(`ws://127.0.0.1:${port}${path}`);
    const response = await new Promise<{ status: number; body: string }>((resolve) => {
      client.socket.on('unexpected-response', (_request, response) => {
        let body = '';
        const socket = response.socket;
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          const timer = setTimeout(() => resolve({ status: -2, body: 'the server left the socket open' }), 2000);
          const done = () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, body });
          };
          if (socket.destroyed) done();
          else socket.once('close', done);
        });
      });
      client.socket.on('error', () => resolve({ status: -1, body: '' }));
    });
    t.equal(response.status, path.includes('%') ? 400 : 404, `${path} is not the endpoint`);
    t.match(JSON.parse(response.body), { error: String }, 'in the {"error"} envelope');
  }
  const query = await FrameClient.authenticated(`ws://127.0.0.1:${port}/nandbox/api/?client=x`);
  t.pass('a query string on the endpoint is ignored');
  query.close();
});

t.test('a malformed handshake is a 400 in the {"error"} envelope, and the socket is closed', async (t) => {
  const { port } = await startNandbox(t);
  const cases = [
    ['Sec-WebSocket-Key: short', 'Sec-WebSocket-Key'],
    ['Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99', 'Sec-WebSocket-Version'],
    ['Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: a b', 'Sec-WebSocket-Protocol'],
  ];
  for (const [headers, named] of cases) {
    const response = await rawHandshake(port, '/nandbox/api/', headers);
    t.match(response, /^HTTP\/1\.1 400 /, named);
    t.match(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)), { error: new RegExp(named) });
  }
});

t.test('getUser, app API form: userDetails with app_id and reference echoed and the full User', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  client.send({ method: 'getUser', app_id: APP_ID, user_id: DOC_USER_ID, reference: '132456789' });
  const text = await client.nextText();
  const frame = JSON.parse(text);
  t.match(frame, {
    method: 'userDetails',
    app_id: APP_ID,
    reference: '132456789',
    user: {
      id: DOC_USER_ID,
      name: 'Docs Example User',
      version: '1xQd',
      is_bot: false,
      status: 'Hey there! I am using nandbox.',
      profile: 'Work',
      photo: { id: 'V_1xQd_90089584781491899_0_Tq8Lm2Vb0c.jpg', width: 256, height: 256, thumbnail: { width: 120, height: 120 } },
    },
  });
  const image = Buffer.from(frame.user.image, 'base64');
  t.same([image[0], image[1], image.at(-2), image.at(-1)], [0xff, 0xd8, 0xff, 0xd9], 'image is a base64 JPEG');
  t.match(frame.user.image, /^\/9j\/4AAQSkZJRgABAQAAAQABAAD\/2wBD/, 'JFIF, as in the docs');
  t.ok(text.length < 100_000, 'far below the Java SDK\'s frame limit');
  t.notOk('email' in frame.user || 'app_ids' in frame.user, 'private fields never leave');
  t.match(text, /"id":"90089584781491899"/);
  t.match(text, /"is_bot":false/);
  // Java S9 adds chat_id; a numeric reference comes back as a number.
  t.match(await client.call({ method: 'getUser', user_id: SHAWMI_ID, app_id: APP_ID, chat_id: APP_ID, reference: 42 }), { reference: 42, user: { name: 'Shawmi dev' } });
  client.close();
});

t.test('getUser, old bot API form (user_id only): userDetails keeps an app_id, the well-known app', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  const frame = await client.call({ method: 'getUser', user_id: SHAWMI_ID });
  t.same(Object.keys(frame).sort(), ['app_id', 'method', 'user']);
  t.equal(frame.app_id, APP_ID);
  t.equal(frame.user.id, SHAWMI_ID);
  // Python users may pass ints; ids beyond 2^53 keep every digit.
  t.equal((await client.call(`{"method":"getUser","user_id":${SHAWMI_ID}}`)).user.id, SHAWMI_ID);
  t.equal((await client.call(`{"method":"getUser","app_id":${APP_ID},"user_id":${DOC_USER_ID}}`)).user.id, DOC_USER_ID);
  client.close();
});

t.test('never what breaks the SDKs: profile only with photo, no null thumbnail, bots with is_bot true', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  const noPhoto = await client.call({ method: 'getUser', app_id: APP_ID, user_id: NO_PHOTO_USER_ID });
  t.same(Object.keys(noPhoto.user).sort(), ['id', 'is_bot', 'name', 'status', 'version']);
  const bot = await client.call({ method: 'getUser', app_id: APP_ID, user_id: BOT_ID });
  t.match(bot.user, { id: BOT_ID, is_bot: true, name: 'Mock Bot' });
  client.close();
});

t.test('getUser failures: error frames without method, reference and app_id echoed', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  t.same(await client.call({ method: 'getUser', app_id: APP_ID, user_id: '1', reference: 'r1' }), { error: 'User not found', reference: 'r1', app_id: APP_ID });
  t.same(await client.call({ method: 'getUser', user_id: '1', reference: 7 }), { error: 'User not found', reference: 7 });
  t.same(
    await client.call({ method: 'getUser', app_id: APP_ID, user_id: OTHER_APP_USER_ID, reference: 'r2' }),
    { error: 'User not found', reference: 'r2', app_id: APP_ID },
    'a user of another app is not found in this one',
  );
  t.match(await client.call({ method: 'getUser', app_id: '90090684293000999', user_id: OTHER_APP_USER_ID }), { method: 'userDetails' });
  t.same(await client.call({ method: 'getUser', reference: 'r3' }), { error: 'Missing user_id', reference: 'r3' });
  t.same(await client.call({ method: 'getUser', user_id: { id: 1 }, reference: 'r4' }), { error: 'Invalid user_id: must be a string id', reference: 'r4' });
  t.same(await client.call({ method: 'getUser', user_id: SHAWMI_ID, app_id: true }), { error: 'Invalid app_id: must be a string id' });
  t.same(await client.call({ method: 'getUser', user_id: -5 }), { error: 'Invalid user_id: must be a string id' });
  client.close();
});

t.test('a token without Manage Users: getUser gets {"error":160017}; other methods still work', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl, RESTRICTED_TOKEN);
  t.same(await client.call({ method: 'getUser', app_id: APP_ID, user_id: DOC_USER_ID, reference: 'x' }), { error: 160017, reference: 'x', app_id: APP_ID });
  t.same(await client.call({ method: 'getUser', user_id: DOC_USER_ID }), { error: 160017, app_id: APP_ID }, 'old form: the well-known app');
  t.match(await client.call({ method: 'getMyProfiles' }), { method: 'myProfile', user: { id: '90091783784280299' } });
  client.close();
});

t.test('bad tokens: close 4001 by default; anything but a string token is unknown', async (t) => {
  const { wsUrl } = await startNandbox(t);
  for (const token of [`${BOT_ID}:0:wrong`, '', 42, null, { token: TOKEN }]) {
    const client = await FrameClient.open(wsUrl);
    client.send({ method: 'TOKEN_AUTH', token, rem: true });
    t.same(await client.closed, { code: 4001, reason: 'Invalid token' }, JSON.stringify(token));
  }
  const missing = await FrameClient.open(wsUrl);
  missing.send({ method: 'TOKEN_AUTH' });
  t.equal((await missing.closed).code, 4001, 'no token at all');
});

t.test('bad-token modes from the environment: a custom close code, an error frame, or silence', async (t) => {
  const custom = await startNandbox(t, { settings: { NANDBOX_BAD_TOKEN_CLOSE_CODE: '1008' } });
  const closing = await FrameClient.open(custom.wsUrl);
  closing.send({ method: 'TOKEN_AUTH', token: 'x' });
  t.equal((await closing.closed).code, 1008);

  const error = await startNandbox(t, { settings: { NANDBOX_BAD_TOKEN: 'error' } });
  const erroring = await FrameClient.open(error.wsUrl);
  t.same(await erroring.call({ method: 'TOKEN_AUTH', token: 'x' }), { error: 'Invalid token' });
  t.same(await erroring.call({ method: 'getMyProfiles' }), { error: 'Not authenticated: the first frame must be TOKEN_AUTH' }, 'still unauthenticated');
  t.match(await erroring.call({ method: 'TOKEN_AUTH', token: TOKEN }), { method: 'TOKEN_AUTH_OK' }, 'a later good token works');
  erroring.close();

  const silent = await startNandbox(t, { settings: { NANDBOX_BAD_TOKEN: 'silent' } });
  const quiet = await FrameClient.open(silent.wsUrl);
  quiet.send({ method: 'TOKEN_AUTH', token: 'x' });
  t.ok(await quiet.silentFor(300));
  t.equal(quiet.socket.readyState, quiet.socket.OPEN);
  quiet.close();
});

t.test('a second TOKEN_AUTH re-binds the connection; a bad one ends it', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  t.match(await client.call({ method: 'TOKEN_AUTH', token: RESTRICTED_TOKEN, rem: true }), { ID: '90091783784280299' });
  t.match(await client.call({ method: 'getUser', user_id: DOC_USER_ID }), { error: 160017 });
  client.send({ method: 'TOKEN_AUTH', token: 'nope' });
  t.equal((await client.closed).code, 4001);
});

t.test('NANDBOX_FAILURE_MODE=silent: failed getUser sends nothing; successes still answer', async (t) => {
  const { wsUrl } = await startNandbox(t, { settings: { NANDBOX_FAILURE_MODE: 'silent' } });
  const client = await FrameClient.authenticated(wsUrl);
  client.send({ method: 'getUser', user_id: '1' });
  t.ok(await client.silentFor(300));
  t.match(await client.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails' });
  client.close();
});

t.test('edge frames each get a defined answer and leave the connection open', async (t) => {
  const { wsUrl } = await startNandbox(t);
  const client = await FrameClient.open(wsUrl);
  client.send({ method: 'PING' });
  t.ok(await client.silentFor(300), 'PING before auth: no answer');
  t.same(await client.call({ method: 'getUser', user_id: SHAWMI_ID, reference: 'early' }), { error: 'Not authenticated: the first frame must be TOKEN_AUTH', reference: 'early' });
  t.same(await client.call('not json'), { error: 'Malformed frame: not valid JSON' });
  t.same(await client.call('[1,2]'), { error: 'Malformed frame: not a JSON object' });
  t.same(await client.call('null'), { error: 'Malformed frame: not a JSON object' });
  t.same(await client.call({ reference: 'r' }), { error: 'Malformed frame: missing method', reference: 'r' });
  t.same(await client.call({ method: 5 }), { error: 'Malformed frame: missing method' });
  t.same(await client.call(Buffer.from('{"method":"PING"}')), { error: 'Binary frames are not supported: send one JSON object per text frame' });
  t.match(await client.call({ method: 'TOKEN_AUTH', token: TOKEN, rem: true }), { method: 'TOKEN_AUTH_OK' });
  client.send({ method: 'PING' });
  t.ok(await client.silentFor(300), 'PING after auth: no answer');
  t.same(await client.call({ method: 'sendMessage', reference: 9 }), { error: 'Unknown method: sendMessage', reference: 9 });
  for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    t.same(await client.call({ method }), { error: `Unknown method: ${method}` }, method);
  }
  t.same(await client.call({ method: 'x'.repeat(5000) }), { error: `Unknown method: ${'x'.repeat(100)}` }, 'long names are cut');
  t.match(await client.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails' }, 'still serving');
  client.close();
});

t.test('a frame over NANDBOX_MAX_FRAME_BYTES closes with 1009; invalid UTF-8 with 1007; others are unaffected', async (t) => {
  const { wsUrl } = await startNandbox(t, { settings: { NANDBOX_MAX_FRAME_BYTES: '2048' } });
  const bystander = await FrameClient.authenticated(wsUrl);
  const big = await FrameClient.authenticated(wsUrl);
  t.match(await big.call({ method: 'getUser', user_id: SHAWMI_ID, reference: 'x'.repeat(1500) }), { method: 'userDetails' }, 'under the limit');
  big.send({ method: 'getUser', user_id: SHAWMI_ID, reference: 'x'.repeat(3000) });
  t.equal((await big.closed).code, 1009);
  const garbled = await FrameClient.authenticated(wsUrl);
  // A text frame (opcode 1) whose payload is not UTF-8, sent below the ws client's own checks.
  (garbled.socket as any)._sender.sendFrame([Buffer.from([0x81, 0x82, 0, 0, 0, 0]), Buffer.from([0xc3, 0x28])], () => {});
  t.equal((await garbled.closed).code, 1007);
  t.match(await bystander.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails' });
  bystander.close();
});

t.test('getMyProfiles and setMyProfile answer myProfile; changes persist; nulls are ignored; bad fields change nothing', async (t) => {
  const { wsUrl, app } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  const before = await client.call({ method: 'getMyProfiles', reference: 'p1' });
  t.match(before, { method: 'myProfile', reference: 'p1', user: { id: BOT_ID, name: 'Mock Bot', is_bot: true } });

  // The Python SDK sends every key of its User, nulls included.
  const pythonStyle = {
    id: null, name: 'Renamed', version: null, terminal: null, type: null, is_bot: null, status: 'Online', profile: 'work',
    photo: { id: null, width: null, height: null, size: null, thumbnail: { id: null, width: null, height: null } }, short_name: null,
  };
  const after = await client.call({ method: 'setMyProfile', user: pythonStyle, reference: 'p2' });
  t.match(after, { method: 'myProfile', reference: 'p2', user: { id: BOT_ID, name: 'Renamed', status: 'Online', is_bot: true } });
  t.notOk('profile' in after.user, 'a profile without a photo is not sent');
  t.not(after.user.version, before.user.version, 'a change gives a new version');

  const photo = { id: 'V_x_1_0_abc.jpg', width: 64, height: 64, thumbnail: { id: 'V_x_1_0_abc.jpg.thumb.jpg' } };
  const withPhoto = await client.call({ method: 'setMyProfile', user: { photo } });
  t.same(withPhoto.user.photo, { id: photo.id, width: 64, height: 64, thumbnail: { id: photo.thumbnail.id, width: 120, height: 120 } });
  t.equal(withPhoto.user.profile, 'Work', 'the profile set earlier goes out with the photo');

  for (const [user, error] of [
    [{ name: 5 }, 'Invalid name: must be a string'],
    [{ name: '  ' }, 'Invalid name: must not be empty'],
    [{ profile: 'Enemy' }, 'Invalid profile: must be one of Other, Friend, Work, Family'],
    [{ photo: 'x.jpg' }, 'Invalid photo: must be a Photo object'],
    [{ photo: { id: 'a.jpg', width: -1 } }, 'Invalid photo.width: must be a non-negative integer'],
    [{ name: 'Never', status: ['x'] }, 'Invalid status: must be a string'],
    ['me', 'Invalid user: must be a User object'],
  ] as const) {
    t.same(await client.call({ method: 'setMyProfile', user, reference: 'bad' }), { error, reference: 'bad' }, error);
  }
  t.same(await client.call({ method: 'setMyProfile' }), { error: 'Invalid user: must be a User object' });
  const stored = await client.call({ method: 'getMyProfiles' });
  t.same(stored.user, withPhoto.user, 'rejected writes changed nothing');

  const fresh = await FrameClient.authenticated(wsUrl);
  t.match(await fresh.call({ method: 'getUser', user_id: BOT_ID }), { user: { name: 'Renamed' } }, 'the change is in the store, seen by getUser');
  t.equal((JSON.parse(app.mock.store.get({ platform: 'nandbox', collection: 'users' }, BOT_ID)!.data) as { name: string }).name, 'Renamed');
  client.close();
  fresh.close();
});

t.test('users created, changed or deleted in the store are what getUser returns', async (t) => {
  const { wsUrl, app } = await startNandbox(t);
  const { nandbox } = await import('../../src/platforms/nandbox/index.js');
  const { store } = app.mock;
  const SETTINGS = nandbox.readSettings(new Settings({}));
  const client = await FrameClient.authenticated(wsUrl);
  const created = nandbox.users.put(store, undefined, { name: 'Created Person', status: 'New', email: 'created@example.com' }, NOW, SETTINGS);
  t.ok(created.ok);
  const id = (created as { id: string }).id;
  t.match(id, /^[0-9]{17}$/);
  t.match(await client.call({ method: 'getUser', app_id: APP_ID, user_id: id }), { user: { id, name: 'Created Person', status: 'New', is_bot: false } });
  t.ok(nandbox.users.put(store, id, { name: 'Changed Person', profile: 'Family', photo: { id: 'p.jpg', width: 10, height: 10 } }, NOW, SETTINGS).ok);
  const changed = await client.call({ method: 'getUser', user_id: id });
  t.match(changed.user, { name: 'Changed Person', profile: 'Family', photo: { id: 'p.jpg' } });
  t.notOk('thumbnail' in changed.user.photo, 'a missing thumbnail stays missing, never null');
  t.ok(nandbox.users.delete(store, id));
  t.same(await client.call({ method: 'getUser', user_id: id }), { error: 'User not found' });
  client.close();
});

t.test('a dead peer (no pongs) is cut off by the heartbeat; a live idle one is kept', async (t) => {
  const { wsUrl } = await startNandbox(t, { settings: { NANDBOX_HEARTBEAT_SECONDS: '1' } });
  const dead = new FrameClient(wsUrl, { autoPong: false });
  await dead.opened;
  const idle = await FrameClient.authenticated(wsUrl);
  const closed = await dead.closed;
  t.equal(closed.code, 1006, 'terminated without a close frame');
  t.equal(idle.socket.readyState, idle.socket.OPEN, 'the ponging client is still connected');
  t.match(await idle.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails' });
  idle.close();
});

/** Writes a handshake by hand and returns the whole response. */
function rawHandshake(port: number, path: string, headers: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${headers}\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.setTimeout(3000, () => {
      socket.destroy();
      reject(new Error(`no close after: ${text}`));
    });
  });
}
