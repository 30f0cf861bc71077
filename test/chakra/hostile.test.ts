import t, { type Test } from 'tap';
import { connect } from 'node:net';
import { HOSTILE_SEGMENTS, request, startServer } from '../helper.js';
import { AUTH, JOHN_ID, TOKEN } from './support.js';

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends bytes as they are over a socket: no URL normalization (`../` stays), no header
 * validation (raw UTF-8 in values), so the server meets exactly the hostile input.
 */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    if (body !== undefined) lines.push(`content-length: ${payload.length}`);
    socket.on('connect', () => socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload])));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1] ?? '';
      resolve({ status, contentType, body: text.slice(split + 4) });
    });
  });
}

/** Inserted as is when it is plain visible ASCII (so `%`, `%00`, `../` reach the server raw), else percent-encoded. */
function asPathPart(segment: string): string {
  return /^[\x21-\x7e]*$/.test(segment) && !/[#?]/.test(segment) ? segment : encodeURIComponent(segment);
}

/** The answer is Chakra's: never 5xx, JSON, `{_errors:[strings]}` on failure, `{_data}` on success. */
function assertChakraAnswer(t: Test, answer: RawAnswer, label: string): void {
  t.ok(answer.status >= 200 && answer.status < 500, `${label}: no 5xx (got ${answer.status})`);
  t.match(answer.contentType, /^application\/json/, `${label}: JSON`);
  let parsed: any;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    parsed = undefined;
  }
  if (answer.status >= 400) {
    const envelope = parsed && Object.keys(parsed).length === 1 && Array.isArray(parsed._errors) && parsed._errors.length > 0 &&
      parsed._errors.every((message: unknown) => typeof message === 'string');
    t.ok(envelope, `${label}: {"_errors": [...]} (got ${answer.body.slice(0, 120)})`);
  } else {
    t.ok(parsed && '_data' in parsed, `${label}: {"_data": ...}`);
  }
}

const ROUTES: Array<{ method: string; path: string; hasBody: boolean }> = [
  { method: 'GET', path: `/v1/ext/user/${JOHN_ID}`, hasBody: false },
  { method: 'GET', path: `/v2/ext/user/${JOHN_ID}`, hasBody: false },
  { method: 'GET', path: '/v1/ext/users', hasBody: false },
  { method: 'GET', path: '/v2/ext/users', hasBody: false },
  { method: 'PUT', path: `/v1/ext/user/${JOHN_ID}`, hasBody: true },
  { method: 'PATCH', path: `/v1/ext/user/${JOHN_ID}`, hasBody: true },
  { method: 'GET', path: '/v1/ext/config', hasBody: false },
  { method: 'GET', path: '/v1/health', hasBody: false },
];
const JSON_HEADERS = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

t.test('hostile input on every Chakra route: never a 5xx, always the envelope, server still up', async (t) => {
  const { url, port } = await startServer(t);
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) => rawRequest(port, method, path, headers, body);
  const bodyOf = (route: { hasBody: boolean }) => (route.hasBody ? '{}' : undefined);

  for (const segment of HOSTILE_SEGMENTS) {
    const part = asPathPart(segment);
    const label = JSON.stringify(segment.slice(0, 30));
    for (const prefix of ['', '/chakra']) {
      for (const version of ['v1', 'v2']) {
        assertChakraAnswer(t, await send('GET', `${prefix}/${version}/ext/user/${part}`, JSON_HEADERS), `GET ${prefix}/${version} user ${label}`);
        assertChakraAnswer(t, await send('GET', `${prefix}/${version}/ext/user/${part}/x`, JSON_HEADERS), `GET ${prefix}/${version} user/${label}/x`);
      }
      for (const method of ['PUT', 'PATCH']) {
        assertChakraAnswer(t, await send(method, `${prefix}/v1/ext/user/${part}`, JSON_HEADERS, '{"firstName":"X"}'), `${method} user ${label}`);
      }
    }
    for (const route of ROUTES) {
      const where = `${route.method} ${route.path}`;
      assertChakraAnswer(t, await send(route.method, `${route.path}?q=${part}`, JSON_HEADERS, bodyOf(route)), `${where} ?q=${label}`);
      if (segment.length < 1000) {
        assertChakraAnswer(t, await send(route.method, `${route.path}?${part}=${part}&${part}`, JSON_HEADERS, bodyOf(route)), `${where} ?${label}`);
      }
      for (const [name, value] of [
        ['authorization', `Bearer ${segment}`],
        ['authorization', segment],
        ['x-chakra-sdk', segment],
        ['accept', segment],
      ]) {
        const headers = name === 'authorization' ? { [name]: value, 'content-type': 'application/json' } : { ...JSON_HEADERS, [name]: value };
        assertChakraAnswer(t, await send(route.method, route.path, headers, bodyOf(route)), `${where} ${name}: ${label}`);
      }
      if (route.hasBody) {
        for (const body of [
          JSON.stringify({ firstName: segment }),
          JSON.stringify({ [segment]: segment }),
          JSON.stringify({ dob: segment, timezone: segment, role: segment, data: segment }),
          segment,
        ]) {
          assertChakraAnswer(t, await send(route.method, route.path, JSON_HEADERS, body), `${where} body ${body.slice(0, 40)}`);
        }
        assertChakraAnswer(t, await send(route.method, route.path, { ...JSON_HEADERS, 'content-type': segment }, '{}'), `${where} content-type ${label}`);
      }
    }
  }
  t.equal((await request(`${url}/__mock/health`)).status, 200, 'the server still answers');
});

t.test('hostile bodies: malformed JSON, deep nesting, huge arrays, __proto__ keys', async (t) => {
  const { url, port } = await startServer(t);
  const depth = 50_000;
  const bodies: Array<[string, string]> = [
    ['truncated JSON', '{"firstName":"X"'],
    ['trailing garbage', '{"firstName":"X"}garbage'],
    ['single quotes', "{'firstName':'X'}"],
    ['deeply nested object', `${'{"data":'.repeat(depth)}{}${'}'.repeat(depth)}`],
    ['deeply nested array', `${'['.repeat(depth)}${']'.repeat(depth)}`],
    ['deep value in data', `{"data":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`],
    ['deep array in data', `{"onboardingData":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`],
    ['a huge array', JSON.stringify({ firstName: Array.from({ length: 100_000 }, (_, index) => index) })],
    ['a huge array body', JSON.stringify(Array.from({ length: 100_000 }, () => 'x'))],
    ['__proto__ key', '{"__proto__":{"polluted":true}}'],
    ['nested __proto__', '{"data":{"__proto__":{"polluted":true}}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
    ['a NUL byte', '{"firstName":"a\u0000b"}'],
    ['a lone surrogate', '{"firstName":"\\ud800"}'],
    ['huge number', '{"dob":1e400}'],
    ['negative zero', '{"dob":-0}'],
  ];
  for (const method of ['PUT', 'PATCH']) {
    for (const [label, body] of bodies) {
      const answer = await rawRequest(port, method, `/v1/ext/user/${JOHN_ID}`, JSON_HEADERS, body);
      assertChakraAnswer(t, answer, `${method} ${label}`);
    }
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  const john = await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH });
  t.equal(john.status, 200);
  t.equal(john.json._data.data === null || typeof john.json._data.data === 'object', true);
  t.equal((await request(`${url}/__mock/health`)).status, 200, 'the server still answers');
});

t.test('unserved methods and paths under Chakra\'s prefixes answer 404 in the envelope', async (t) => {
  const { port } = await startServer(t);
  const cases: Array<[string, string]> = [
    ['DELETE', `/v1/ext/user/${JOHN_ID}`],
    ['POST', '/v1/ext/users'],
    ['GET', '/v1/ext/users/'],
    ['GET', '/v1/ext/nothing'],
    ['GET', '/v2/ext/config'],
    ['GET', '/v1/healthz'],
    ['GET', '/chakra/anything'],
  ];
  for (const [method, path] of cases) {
    const answer = await rawRequest(port, method, path, AUTH);
    t.equal(answer.status, 404, `${method} ${path}`);
    t.strictSame(JSON.parse(answer.body), { _errors: ['Not found'] });
  }
  const badEncoding = await rawRequest(port, 'GET', '/v1/ext/user/%E0%A4%A', JSON_HEADERS);
  t.equal(badEncoding.status, 400);
  t.strictSame(JSON.parse(badEncoding.body), { _errors: ['Bad request'] });
});
