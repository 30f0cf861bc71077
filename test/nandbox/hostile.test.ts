/**
 * Hostile input everywhere nandbox listens: frames, the handshake's path, query and headers, and the
 * documentation routes. Never a 5xx, always the {"error"} shape, and the server keeps answering.
 */
import t from 'tap';
import http from 'node:http';
import net from 'node:net';
import { HOSTILE_SEGMENTS, request } from '../helper.js';
import { FrameClient, SHAWMI_ID, TOKEN, startNandbox } from './support.js';

const METHODS = ['TOKEN_AUTH_OK', 'userDetails', 'myProfile'];
const DOC_PATHS = ['/nandbox/api/methods', '/nandbox/api/methods/getUser', '/nandbox/api/methods/TOKEN_AUTH'];

/** A reply is either a known method frame or an error frame without method. */
function isDefinedReply(frame: any): boolean {
  if (typeof frame !== 'object' || frame === null) return false;
  if ('method' in frame) return METHODS.includes(frame.method);
  return typeof frame.error === 'string' || typeof frame.error === 'number';
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function hostileFrames(segment: string): unknown[] {
  return [
    segment,
    { method: segment, reference: segment },
    { method: 'getUser', user_id: segment, app_id: segment, reference: segment },
    { method: 'getUser', user_id: segment, chat_id: segment },
    { method: 'getMyProfiles', reference: segment, [segment]: segment },
    { method: 'setMyProfile', user: { name: segment, status: segment, short_name: segment, profile: segment, photo: { id: segment } }, reference: segment },
    { method: 'setMyProfile', user: { status: segment, photo: { id: segment, width: segment, thumbnail: segment } } },
  ];
}

const SPECIAL_FRAMES: readonly string[] = [
  deep(50_000),
  `{"method":"getUser","user_id":${deep(50_000)}}`,
  `{"method":"getUser","user_id":[${new Array(60_000).fill('0').join(',')}]}`,
  `{"method":"getUser","user_id":"${SHAWMI_ID}","reference":[${new Array(60_000).fill('"x"').join(',')}]}`,
  '{"__proto__":{"method":"getUser"},"user_id":"1"}',
  '{"method":"getUser","__proto__":{"user_id":"1"}}',
  '{"method":"getUser","user_id":"__proto__"}',
  '{"method":"getUser","user_id":"constructor"}',
  '{"method":"setMyProfile","user":{"__proto__":{"name":"Polluted"},"constructor":{"prototype":{"x":1}}}}',
  '{"method":"getUser","user_id":1e400}',
  '{"method":"getUser","user_id":-0}',
  '{"method":"getUser","user_id":"1","reference":1e400}',
  '{"method":"getUser","user_id":"1"',
  '{"method":"getUser","user_id":"\\ud800"}',
  '\u0000',
  '',
  ' ',
];

t.test('hostile frames: every one gets exactly one defined answer, and the connection keeps serving', async (t) => {
  const { wsUrl, url } = await startNandbox(t);
  const client = await FrameClient.authenticated(wsUrl);
  let answered = 0;
  const frames = [...HOSTILE_SEGMENTS.flatMap(hostileFrames), ...SPECIAL_FRAMES];
  for (const frame of frames) {
    const reply = await client.call(frame, 5000);
    if (!isDefinedReply(reply)) t.fail(`undefined reply ${JSON.stringify(reply).slice(0, 200)} to ${JSON.stringify(frame).slice(0, 200)}`);
    else answered++;
  }
  t.equal(answered, frames.length, 'one defined reply per hostile frame');
  t.equal(({} as Record<string, unknown>).name, undefined, 'no prototype pollution');
  const profile = await client.call({ method: 'getMyProfiles' });
  t.not(profile.user.name, 'Polluted');
  t.match(await client.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails', user: { id: SHAWMI_ID } });
  t.equal((await request(`${url}/__mock/health`)).status, 200);
  client.close();
});

t.test('hostile tokens: each closes with 4001 and nothing else happens', async (t) => {
  const { wsUrl, url } = await startNandbox(t);
  for (const token of [...HOSTILE_SEGMENTS, `${TOKEN} `, TOKEN.toUpperCase()]) {
    const client = await FrameClient.open(wsUrl);
    client.send({ method: 'TOKEN_AUTH', token, rem: token });
    if ((await client.closed).code !== 4001) t.fail(`token ${JSON.stringify(token).slice(0, 50)} was not refused`);
  }
  t.equal((await request(`${url}/__mock/health`)).status, 200);
});

t.test('hostile handshakes: path, query and headers never give a 5xx, and errors are {"error"}', async (t) => {
  const { port, url } = await startNandbox(t);
  for (const segment of HOSTILE_SEGMENTS) {
    const raw = segment.replace(/ /g, '%20');
    const cases: Array<[string, string]> = [
      [`/nandbox/api/${raw}`, ''],
      [`/nandbox/${raw}`, ''],
      [`/nandbox/api/?${raw}=${raw}`, ''],
      ['/nandbox/api/', `X-Hostile: ${segment}\r\nOrigin: ${segment}\r\nCookie: ${segment}\r\n`],
      ['/nandbox/api/', `Sec-WebSocket-Protocol: ${segment}\r\n`],
    ];
    for (const [path, headers] of cases) {
      const { status, body } = await handshake(port, path, headers);
      if (status >= 500 || status === 0) t.fail(`${status} for ${path.slice(0, 80)} ${headers.slice(0, 80)}`);
      else if (status !== 101) {
        let parsed: any;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        if (typeof parsed?.error !== 'string') t.fail(`${status} body ${body.slice(0, 100)} for ${path.slice(0, 80)}`);
      }
    }
  }
  t.equal((await request(`${url}/__mock/health`)).status, 200);
  const client = await FrameClient.authenticated(`ws://127.0.0.1:${port}/nandbox/api/`);
  t.match(await client.call({ method: 'getUser', user_id: SHAWMI_ID }), { method: 'userDetails' });
  client.close();
});

t.test('hostile input on the HTTP routes: query, headers, bodies and methods', async (t) => {
  const { port, url } = await startNandbox(t);
  let checked = 0;
  for (const segment of HOSTILE_SEGMENTS) {
    for (const path of [...DOC_PATHS, '/nandbox/api/']) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
        const body = method === 'GET' ? undefined : `{"__proto__":${JSON.stringify(segment)},"x":[${deep(20)}]}`;
        const response = await rawHttp(port, method, `${path}?q=${encodeURIComponent(segment)}&${encodeURIComponent(segment)}=1`, {
          'x-hostile': encodeURIComponent(segment),
          authorization: `Bearer ${encodeURIComponent(segment)}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        }, body);
        checked++;
        if (response.status >= 500) t.fail(`${response.status} for ${method} ${path}`);
        if (response.status >= 400 && typeof JSON.parse(response.body).error !== 'string') t.fail(`not {"error"}: ${response.body}`);
      }
    }
  }
  const malformed = await rawHttp(port, 'POST', '/nandbox/api/methods/getUser', { 'content-type': 'application/json' }, '{"x":');
  t.ok(malformed.status >= 400 && malformed.status < 500);
  t.type(JSON.parse(malformed.body).error, 'string');
  t.ok(checked > 0);
  t.equal((await request(`${url}/__mock/health`)).status, 200);
});

/** A handshake written byte for byte; returns the status and body, then drops the socket. */
function handshake(port: number, path: string, headers: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`,
      );
    });
    let text = '';
    const finish = () => {
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf('\r\n\r\n');
      resolve({ status, body: split === -1 ? '' : text.slice(split + 4) });
    };
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const split = text.indexOf('\r\n\r\n');
      if (split === -1) return;
      if (text.startsWith('HTTP/1.1 101')) return finish();
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
      if (Buffer.byteLength(text.slice(split + 4)) >= length) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.setTimeout(3000, finish);
  });
}

function rawHttp(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", (error) => reject(new Error(`${method} ${path}: ${error.message}`)));
    req.end(body);
  });
}
