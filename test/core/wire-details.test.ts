/**
 * Wire details clients hit: which platform a bare `Bearer` reaches at the shared root, Zulip's 405 before the
 * body is read, and an oversized body answered so that a client still sending can read the answer.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { DRAIN_BYTES } from '../../src/core/unread-body.js';
import { request, startServer } from '../helper.js';

const run = promisify(execFile);
const SENDBIRD_TOKEN = '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21';

t.test('Authorization: Bearer with an empty or missing token goes to Open WebUI at /api/v1/users', async (t) => {
  for (const rootApiV1 of ['zulip', 'openwebui']) {
    const { url } = await startServer(t, { rootApiV1 });
    // fetch trims a trailing space, so "Bearer " arrives as "Bearer", as from most clients.
    for (const authorization of ['Bearer', 'Bearer ', 'bearer', 'BEARER  ']) {
      for (const path of ['/api/v1/users/10', '/api/v1/users/']) {
        const response = await request(`${url}${path}`, { headers: { authorization } });
        t.equal(response.status, 401, `${rootApiV1}: ${JSON.stringify(authorization)} ${path}`);
        t.same(response.json, { detail: 'Not authenticated' }, 'Open WebUI\'s HTTPBearer(auto_error=False): no credential');
      }
    }
    const basicWord = await request(`${url}/api/v1/users/10`, { headers: { authorization: 'Basic' } });
    t.same(basicWord.json, { result: 'error', msg: 'Invalid authorization header for basic auth', code: 'UNAUTHORIZED' }, 'a bare Basic is still Zulip\'s');
    const bearerish = await request(`${url}/api/v1/users/10`, { headers: { authorization: 'Bearerx abc' } });
    t.equal('detail' in bearerish.json, rootApiV1 === 'openwebui', 'another scheme word is nobody\'s claim: ROOT_API_V1 decides');
  }
});

t.test('Zulip answers 405 (with Allow) before reading the body, whatever its Content-Type or size', async (t) => {
  const { url } = await startServer(t, { bodyLimit: 4 * 1024 });
  const expected = '{"result":"error","msg":"Method Not Allowed","allowed_methods":["GET","PATCH","DELETE","HEAD"]}';
  const bodies: Array<[string, Record<string, string>, string]> = [
    ['no Content-Type', {}, '{"full_name":"x"}'],
    ['an unknown Content-Type', { 'content-type': 'application/x-unknown' }, 'whatever'],
    ['malformed JSON', { 'content-type': 'application/json' }, '{'],
    ['over BODY_LIMIT', { 'content-type': 'application/json' }, JSON.stringify({ x: 'y'.repeat(8 * 1024) })],
  ];
  for (const [name, headers, body] of bodies) {
    // A Blob body: fetch sends it without adding a Content-Type.
    const response = await request(`${url}/api/v1/users/12`, { method: 'PUT', headers, body: new Blob([body]) });
    t.equal(response.status, 405, name);
    t.equal(response.headers.get('allow'), 'GET, PATCH, DELETE, HEAD', name);
    t.equal(response.text, expected, name);
  }
  const options = await request(`${url}/zulip/api/v1/users`, { method: 'OPTIONS', headers: { 'content-type': 'text/plain' }, body: 'x' });
  t.equal(options.status, 204);
  t.equal(options.headers.get('allow'), 'GET, HEAD, POST');
});

/**
 * A POST with Node's http client, the one every Node SDK uses, run in a process of its own as a client is (in this
 * process the server would read on the same event loop as the client writes, and the race would not show).
 * Resolves with the answer and the socket error, if any: either fails the client's call.
 */
const POST_SCRIPT = `
const http = require('node:http');
const [port, path, headers, size] = JSON.parse(process.argv[1]);
const body = Buffer.alloc(size, 'x');
const seen = {};
process.on('exit', () => console.log(JSON.stringify(seen)));
const outgoing = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(size) } }, (response) => {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => (text += chunk));
  response.on('end', () => Object.assign(seen, { status: response.statusCode, text }));
});
outgoing.on('error', (error) => (seen.error = error.code || error.message));
outgoing.end(body);
`;

async function post(port: number, path: string, headers: Record<string, string>, size: number): Promise<{ status?: number; text?: string; error?: string }> {
  const { stdout } = await run(process.execPath, ['-e', POST_SCRIPT, JSON.stringify([port, path, headers, size])]);
  return JSON.parse(stdout) as { status?: number; text?: string; error?: string };
}

t.test('a body over BODY_LIMIT gets the platform\'s error, and a client still sending reads it', async (t) => {
  const { port, url } = await startServer(t);
  const fourMegabytes = 4 * 1024 * 1024;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const sendbird = await post(port, '/v3/users', { 'content-type': 'application/json', 'api-token': SENDBIRD_TOKEN }, fourMegabytes);
    t.equal(sendbird.error, undefined, `attempt ${attempt}: no EPIPE or ECONNRESET`);
    t.equal(sendbird.status, 400);
    t.same(JSON.parse(sendbird.text ?? '{}'), { message: 'The request body is too large.', code: 400110, error: true });
  }
  const openwebui = await post(port, '/api/v1/auths/signin', { 'content-type': 'application/json' }, fourMegabytes);
  t.equal(openwebui.status, 413);
  t.same(JSON.parse(openwebui.text ?? '{}'), { detail: 'Request Entity Too Large' });
  const zulip = await post(port, '/api/v1/fetch_api_key', { 'content-type': 'application/x-www-form-urlencoded' }, fourMegabytes);
  t.equal(zulip.status, 413);
  t.same(JSON.parse(zulip.text ?? '{}'), { result: 'error', msg: 'Request body too large', code: 'BAD_REQUEST' });
  t.equal((await request(`${url}/__mock/health`)).status, 200);
});

t.test('the unread body is read to its end, so the connection serves the next request', async (t) => {
  const { port } = await startServer(t, { bodyLimit: 1024 });
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const body = 'x'.repeat(256 * 1024);
  socket.write(`POST /v3/users HTTP/1.1\r\nHost: x\r\nApi-Token: ${SENDBIRD_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
  // The body is not sent until the answer is in (waited for, up to 5 s, not a fixed sleep: CI machines are slow).
  for (const deadline = Date.now() + 5000; !/\r\n\r\n/.test(received) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  t.match(received, /^HTTP\/1\.1 400 /, 'answered before the body was sent');
  t.notMatch(received, /connection: close/i);
  socket.write(body);
  socket.write('GET /v3/users/Tyler HTTP/1.1\r\nHost: x\r\nApi-Token: ' + SENDBIRD_TOKEN + '\r\n\r\n');
  await new Promise<void>((resolve) => {
    const check = () => (/"user_id":"Tyler"/.test(received) ? resolve() : setTimeout(check, 10));
    check();
  });
  t.match(received, /HTTP\/1\.1 200 OK[\s\S]*"user_id":"Tyler"/, 'the next request on the same connection is answered');
  socket.destroy();
});

t.test('past DRAIN_BYTES the rest is not read: the connection is closed', async (t) => {
  const { port, url } = await startServer(t, { bodyLimit: 1024 });
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const total = DRAIN_BYTES + 4 * 1024 * 1024;
  socket.write(`POST /v3/users HTTP/1.1\r\nHost: x\r\nApi-Token: ${SENDBIRD_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  let sent = 0;
  while (sent < total && !socket.destroyed) {
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    sent += chunk.length;
  }
  await closed;
  t.match(received, /^HTTP\/1\.1 400 /, 'the answer came first');
  t.equal((await request(`${url}/__mock/health`)).status, 200, 'the server stays up');
});
