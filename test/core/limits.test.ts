/** The server's limits, each answered in the addressed platform's own shape where a platform is known. */
import t from 'tap';
import { connect } from 'node:net';
import { request, startServer } from '../helper.js';

const big = JSON.stringify({ padding: 'x'.repeat(20 * 1024) });
const post = (url: string, headers: Record<string, string> = {}) =>
  request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: big });

t.test('BODY_LIMIT: an oversized body gets each platform\'s own error', async (t) => {
  const { url } = await startServer(t, { bodyLimit: 10 * 1024 });
  const zulip = await request(`${url}/api/v1/fetch_api_key`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=${'x'.repeat(20 * 1024)}` });
  t.equal(zulip.status, 413);
  t.match(zulip.json, { result: 'error', msg: String });
  const sendbird = await post(`${url}/v3/users`, { 'api-token': '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21' });
  t.ok(sendbird.status >= 400 && sendbird.status < 500);
  t.match(sendbird.json, { message: String, code: Number, error: true });
  const openwebui = await post(`${url}/api/v1/auths/signin`);
  t.equal(openwebui.status, 413);
  t.match(openwebui.json, { detail: String });
  const chakra = await request(`${url}/v1/ext/user/a91b5073-4c7e-4a1b-9d43-0f6b1b1e1f11`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: 'Bearer chakraMockAccessToken0123456789' },
    body: big,
  });
  t.equal(chakra.status, 413);
  t.match(chakra.json, { _errors: [String] });
  const control = await post(`${url}/__mock/seed`);
  t.equal(control.status, 413);
  t.match(control.json, { error: String, statusCode: 413 });
});

t.test('HEADER_LIMIT: a head over the limit is refused with a JSON 431 before any platform is known', async (t) => {
  const { url } = await startServer(t, { maxHeaderSize: 16 * 1024 });
  const under = await request(`${url}/api/v1/users/10`, { headers: { 'x-padding': 'y'.repeat(12 * 1024), authorization: 'Basic x' } });
  t.equal(under.status, 401, 'a 12 KB header still reaches Zulip');
  const over = await request(`${url}/api/v1/users/10`, { headers: { 'x-padding': 'y'.repeat(20 * 1024) } });
  t.equal(over.status, 431);
  t.equal(over.json?.statusCode, 431);
  t.equal((await request(`${url}/__mock/health`)).status, 200);
});

t.test('MAX_CONNECTIONS: connections beyond the limit are closed at once', async (t) => {
  const { port, url } = await startServer(t, { maxConnections: 2 });
  const open = () =>
    new Promise<{ closedQuickly: boolean; socket: ReturnType<typeof connect> }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const timer = setTimeout(() => resolve({ closedQuickly: false, socket }), 300);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ closedQuickly: true, socket });
      });
      socket.on('error', () => undefined);
    });
  const first = await open();
  const second = await open();
  const third = await open();
  t.same([first.closedQuickly, second.closedQuickly, third.closedQuickly], [false, false, true]);
  first.socket.destroy();
  second.socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal((await request(`${url}/__mock/health`)).status, 200, 'a slot frees when a client leaves');
});
