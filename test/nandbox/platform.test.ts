/** Credentials, settings, Swagger documentation, seeding and the control-API user shape. */
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { SettingError, Settings } from '../../src/core/settings.js';
import { nandbox } from '../../src/platforms/nandbox/index.js';
import { seedMore } from '../../src/seeding/seed.js';
import { request } from '../helper.js';
import { APP_ID, DOC_USER_ID, FrameClient, RESTRICTED_TOKEN, SHAWMI_ID, TOKEN, startNandbox } from './support.js';

/** The clock reading the control API passes when it writes a user. */
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const SETTINGS = nandbox.readSettings(new Settings({}));

t.test('GET /__mock/credentials: exactly url, token and app_id, with a ws:// url', async (t) => {
  const { url, port } = await startNandbox(t);
  const response = await request(`${url}/__mock/credentials`);
  t.same(response.json.nandbox, { url: `ws://127.0.0.1:${port}/nandbox/api/`, token: TOKEN, app_id: APP_ID });
  const client = await FrameClient.authenticated(response.json.nandbox.url, response.json.nandbox.token);
  client.close();
});

t.test('env overrides: token, app id, extra tokens, tokens without Manage Users', async (t) => {
  const token = '90091111111111111:0:OtherSecret';
  const extra = '90092222222222222:90090684293000559:ExtraSecret';
  const restricted = '90093333333333333:0:LimitedSecret';
  const { url, wsUrl } = await startNandbox(t, {
    settings: { NANDBOX_TOKEN: token, NANDBOX_APP_ID: '12345', NANDBOX_EXTRA_TOKENS: extra, NANDBOX_NO_MANAGE_USERS_TOKENS: restricted, NANDBOX_BOT_NAME: 'Renamed Bot' },
  });
  t.match((await request(`${url}/__mock/credentials`)).json.nandbox, { token, app_id: '12345' });
  const main = await FrameClient.open(wsUrl);
  t.match(await main.call({ method: 'TOKEN_AUTH', token, rem: true }), { ID: '90091111111111111', name: 'Renamed Bot' });
  t.match(await main.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails', app_id: '12345' }, 'old form answers with the configured app');
  main.close();
  const other = await FrameClient.authenticated(wsUrl, extra);
  t.match(await other.call({ method: 'getUser', app_id: APP_ID, user_id: DOC_USER_ID }), { method: 'userDetails' });
  other.close();
  const limited = await FrameClient.authenticated(wsUrl, restricted);
  t.match(await limited.call({ method: 'getUser', user_id: DOC_USER_ID }), { error: 160017 });
  limited.close();
  for (const gone of [TOKEN, RESTRICTED_TOKEN]) {
    const client = await FrameClient.open(wsUrl);
    client.send({ method: 'TOKEN_AUTH', token: gone });
    t.equal((await client.closed).code, 4001, 'the defaults are replaced');
  }

  const withoutPermission = await startNandbox(t, { settings: { NANDBOX_MANAGE_USERS: 'false' } });
  const client = await FrameClient.authenticated(withoutPermission.wsUrl);
  t.match(await client.call({ method: 'getUser', user_id: DOC_USER_ID }), { error: 160017 });
  client.close();
});

t.test('bad settings are refused at start with a SettingError naming them', async (t) => {
  for (const [name, value] of [
    ['NANDBOX_TOKEN', 'not-a-token'],
    ['NANDBOX_EXTRA_TOKENS', `${TOKEN},x:y:z`],
    ['NANDBOX_APP_ID', 'abc'],
    ['NANDBOX_BAD_TOKEN', 'explode'],
    ['NANDBOX_BAD_TOKEN_CLOSE_CODE', '1006'],
    ['NANDBOX_BAD_TOKEN_CLOSE_CODE', '2000'],
    ['NANDBOX_FAILURE_MODE', 'loud'],
    ['NANDBOX_MAX_FRAME_BYTES', '10'],
    ['NANDBOX_HEARTBEAT_SECONDS', '-1'],
  ]) {
    await t.rejects(buildApp({ platforms: ['nandbox'], settings: { [name]: value } }), SettingError, `${name}=${value}`);
    await buildApp({ platforms: ['nandbox'], settings: { [name]: value } }).catch((error: Error) => t.match(error.message, name));
  }
});

t.test('Swagger: the nandbox document shows the WebSocket and every method\'s frames', async (t) => {
  const { url, wsUrl } = await startNandbox(t);
  const doc = (await request(`${url}/docs/openapi/nandbox.json`)).json;
  t.same(Object.keys(doc.paths).sort(), [
    '/api/', '/api/methods', '/api/methods/PING', '/api/methods/TOKEN_AUTH', '/api/methods/getMyProfiles', '/api/methods/getUser', '/api/methods/setMyProfile',
  ]);
  t.match(doc.paths['/api/'].get, { security: [{ nandboxToken: [] }], description: /TOKEN_AUTH/ });
  t.ok(doc.components.securitySchemes.nandboxToken);
  const getUser = doc.paths['/api/methods/getUser'].get.responses['200'].content['application/json'].schema;
  t.match(getUser.properties.request.properties, { method: { enum: ['getUser'] }, app_id: {}, user_id: {}, reference: {} });
  t.match(getUser.properties.replies.properties.userDetails.properties.user.properties, { id: {}, name: {}, version: {}, is_bot: { type: 'boolean' }, photo: {}, image: {} });
  t.ok(getUser.properties.replies.properties.error, 'the error frame is documented');
  for (const method of ['TOKEN_AUTH', 'getMyProfiles', 'setMyProfile']) {
    t.ok(doc.paths[`/api/methods/${method}`].get.responses['200'].content['application/json'].schema.properties.request, method);
  }

  // The documented example exchange is what the mock really answers.
  const example = (await request(`${url}/nandbox/api/methods/getUser`)).json;
  const client = await FrameClient.authenticated(wsUrl);
  t.same(await client.call(example.request), example.replies.userDetails);
  t.match((await request(`${url}/nandbox/api/methods`)).json.methods, [{ name: 'TOKEN_AUTH', url: '/nandbox/api/methods/TOKEN_AUTH' }]);
  client.close();
});

t.test('seeding: deterministic, the doc ids fixed, generated people with 17-digit ids and photos for some', async (t) => {
  const list = async (seed: number) => {
    const app = await buildApp({ platforms: ['nandbox'], users: 30, seed });
    const users = nandbox.users.list(app.mock.store, { offset: 0, limit: 1000 }) as any[];
    await app.close();
    return users;
  };
  const first = await list(7);
  t.same(await list(7), first, 'same seed, same users');
  t.not(JSON.stringify(await list(8)), JSON.stringify(first), 'another seed, other users');
  const ids = first.map((user) => user.id);
  t.ok(ids.includes(DOC_USER_ID) && ids.includes(SHAWMI_ID), 'doc example users');
  const people = first.filter((user) => !user.is_bot && user.email?.endsWith('@example.com') && user.id.startsWith('900896'));
  t.equal(people.length, 30);
  t.ok(people.every((user) => /^[0-9]{17}$/.test(user.id)));
  t.equal(new Set(ids).size, ids.length, 'unique ids');
  const withPhoto = people.filter((user) => user.photo);
  t.ok(withPhoto.length > 0 && withPhoto.length < 30);
  t.ok(withPhoto.every((user) => user.profile && user.image && user.photo.thumbnail && user.photo.id.includes(user.id)));
  t.ok(first.some((user) => user.is_bot && user.id === '90091783784280234'), 'the bot is a user');
});

t.test('incremental seeding continues the ids; the new users are served', async (t) => {
  const { app, wsUrl } = await startNandbox(t, { users: 5 });
  const before = nandbox.users.count(app.mock.store);
  seedMore(app.mock.store, [nandbox], () => nandbox.readSettings(new Settings({})), 3);
  const after = nandbox.users.list(app.mock.store, { offset: before, limit: 10 }) as any[];
  t.equal(after.length, 3);
  t.ok(after.every((user) => /^900896[0-9]{11}$/.test(user.id)));
  const client = await FrameClient.authenticated(wsUrl);
  t.match(await client.call({ method: 'getUser', user_id: after[2].id }), { user: { id: after[2].id, name: after[2].name } });
  client.close();
});

t.test('control-API users: native shape, every wrong field listed, a rejected write changes nothing', async (t) => {
  const { app } = await startNandbox(t);
  const { store } = app.mock;
  const result = nandbox.users.put(store, SHAWMI_ID, {
    name: '', is_bot: 'no', profile: 'Enemy', photo: { id: 'a.jpg', width: 1, height: 1, thumbnail: null }, image: 'not base64!', app_ids: [], nickname: 'x',
  }, NOW, SETTINGS);
  t.notOk(result.ok);
  t.same((result as { errors: Array<{ field: string }> }).errors.map((error) => error.field).sort(), ['app_ids', 'image', 'is_bot', 'name', 'nickname', 'photo', 'profile']);
  t.match(nandbox.users.get(store, SHAWMI_ID), { name: 'Shawmi dev' });
  t.notOk(nandbox.users.put(store, 'abc', { name: 'x' }, NOW, SETTINGS).ok);
  t.notOk(nandbox.users.put(store, undefined, { id: SHAWMI_ID, name: 'x' }, NOW, SETTINGS).ok, 'an existing id is not created again');
  t.notOk(nandbox.users.put(store, undefined, { name: 'x', email: 'docs.example.user@example.com' }, NOW, SETTINGS).ok, 'emails are unique');
  t.notOk(nandbox.users.put(store, undefined, { id: '12', name: 'x', extra: 1 }, NOW, SETTINGS).ok);
  t.equal(nandbox.users.get(store, '12'), undefined);
  const created = nandbox.users.put(store, '4242', { name: 'Chosen Id' }, NOW, SETTINGS);
  t.match(created, { ok: true, id: '4242', created: true, user: { id: '4242', name: 'Chosen Id', is_bot: false, app_ids: [APP_ID] } });
  t.notOk(nandbox.users.delete(store, 'nope'));
});
