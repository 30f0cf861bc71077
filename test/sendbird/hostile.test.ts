/**
 * Hostile input on every Sendbird route: HOSTILE_SEGMENTS in the path, every query
 * parameter, every body field and the headers; malformed, deep, huge and __proto__
 * bodies. Never a 5xx, always Sendbird's envelope on errors, and the server keeps answering.
 */
import http from 'node:http';
import t from 'tap';
import { HOSTILE_SEGMENTS, request, startServer } from '../helper.js';
import { API_TOKEN, isEnvelope } from './fixtures.js';

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** node:http with the path sent verbatim (fetch would resolve `..` and re-encode). */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const ROUTES = [
  { method: 'GET', path: (id: string) => `/v3/users/${id}`, query: ['include_unread_count', 'custom_types', 'super_mode'] },
  { method: 'PUT', path: (id: string) => `/v3/users/${id}`, query: [] },
  { method: 'DELETE', path: (id: string) => `/v3/users/${id}`, query: [] },
  {
    method: 'GET',
    path: () => '/v3/users',
    query: ['token', 'limit', 'active_mode', 'show_bot', 'user_ids', 'nickname', 'nickname_startswith', 'metadatakey', 'metadatavalues_in'],
  },
  { method: 'POST', path: () => '/v3/users', query: [] },
];
const BODY_FIELDS = [
  'user_id', 'nickname', 'profile_url', 'issue_access_token', 'discovery_keys', 'metadata', 'is_active',
  'leave_all_when_deactivated', 'last_seen_at', 'preferred_languages', 'issue_session_token',
];
const SEGMENTS = [...HOSTILE_SEGMENTS, '__proto__', 'constructor', 'hasOwnProperty'];
const isPrintableAscii = (text: string) => /^[\x21-\x7e]*$/.test(text);
const headerSafe = (text: string) => /^[\x20-\x7e]*$/.test(text);

t.test('hostile input never breaks a Sendbird route', async (t) => {
  const { port, url } = await startServer(t, { platforms: ['sendbird'] });
  const json = { 'Api-Token': API_TOKEN, 'Content-Type': 'application/json' };
  let checked = 0;
  const check = (answer: Answer, label: string) => {
    checked++;
    if (answer.status >= 500) t.fail(`${label}: ${answer.status} ${answer.text.slice(0, 200)}`);
    if (!answer.contentType?.startsWith('application/json')) t.fail(`${label}: content type ${answer.contentType}`);
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      t.fail(`${label}: not JSON: ${answer.text.slice(0, 200)}`);
      return;
    }
    if (answer.status >= 400 && !isEnvelope(body, (body as { code: number }).code)) t.fail(`${label}: not the envelope: ${answer.text.slice(0, 200)}`);
    if (answer.status >= 400 && answer.status !== 400 && answer.status !== 429) t.fail(`${label}: unexpected status ${answer.status}`);
  };
  const bodyOf = (method: string, field: string, value: unknown) =>
    method === 'POST' || method === 'PUT' ? JSON.stringify({ user_id: 'h', nickname: 'h', profile_url: '', [field]: value }) : undefined;

  for (const segment of SEGMENTS) {
    const encoded = encodeURIComponent(segment);
    for (const route of ROUTES) {
      const body = route.method === 'POST' || route.method === 'PUT' ? '{}' : undefined;
      // In the path, encoded and (when HTTP allows it) raw.
      check(await raw(port, route.method, route.path(encoded), json, body), `${route.method} path ${encoded.slice(0, 40)}`);
      if (isPrintableAscii(segment)) check(await raw(port, route.method, route.path(segment), json, body), `${route.method} raw path ${segment.slice(0, 40)}`);
      if (isPrintableAscii(segment)) check(await raw(port, route.method, `/sendbird${route.path(segment)}`, json, body), `${route.method} prefixed raw path`);
      // In every query parameter, and as a parameter name.
      for (const name of route.query) {
        check(await raw(port, route.method, `${route.path('Tyler')}?${name}=${encoded}`, json, body), `${route.method} ?${name}=${encoded.slice(0, 40)}`);
        if (isPrintableAscii(segment)) check(await raw(port, route.method, `${route.path('Tyler')}?${name}=${segment}`, json, body), `${route.method} raw ?${name}`);
      }
      check(await raw(port, route.method, `${route.path("Tyler")}?${encoded}=1`, json, body), `${route.method} query name`);
      // In every body field, as a string, inside a list and as a metadata key and value.
      for (const field of BODY_FIELDS) {
        for (const value of [segment, [segment], { [segment]: segment }]) {
          const payload = bodyOf(route.method, field, value);
          if (payload) check(await raw(port, route.method, route.path('hostile-target'), json, payload), `${route.method} body ${field}`);
        }
      }
      // In the headers.
      if (headerSafe(segment)) {
        check(await raw(port, route.method, route.path('Tyler'), { 'Api-Token': segment, 'Content-Type': 'application/json' }, body), `${route.method} Api-Token header`);
        check(await raw(port, route.method, route.path('Tyler'), { 'Api-Token': API_TOKEN, 'Content-Type': segment }, body), `${route.method} Content-Type header`);
        for (const name of ['X-Anything', 'Accept', 'Session-Key']) {
          check(await raw(port, route.method, route.path('Tyler'), { ...json, [name]: segment }, body), `${route.method} ${name} header`);
        }
      }
    }
  }

  const hostileBodies = [
    '{', '{"user_id":', 'nul', '\u0000', '{"user_id":"x",}', '"just a string"', '12', 'null', 'true', '[]', '[{}]',
    '{"__proto__":{"user_id":"p","nickname":"p","profile_url":""}}',
    '{"user_id":"proto","nickname":"p","profile_url":"","metadata":{"__proto__":"x","constructor":"y"}}',
    '{"constructor":{"prototype":{"polluted":true}},"user_id":"ctor","nickname":"c","profile_url":""}',
    `{"user_id":"deep","nickname":"d","profile_url":"","metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
    `${'['.repeat(50000)}${']'.repeat(50000)}`,
    JSON.stringify({ user_id: 'huge', nickname: 'h', profile_url: '', discovery_keys: Array.from({ length: 50000 }, (_, i) => `k${i}`) }),
    JSON.stringify({ user_id: 'huge-ids', nickname: 'h', profile_url: '', metadata: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v'])) }),
    JSON.stringify({ nickname: 'x'.repeat(2 * 1024 * 1024) }),
    '\ufeff{"user_id":"bom","nickname":"b","profile_url":""}',
  ];
  for (const payload of hostileBodies) {
    for (const [method, path] of [['POST', '/v3/users'], ['PUT', '/v3/users/Tyler'], ['DELETE', '/v3/users/nobody'], ['GET', '/v3/users']]) {
      check(await raw(port, method, path, json, payload), `${method} body ${payload.slice(0, 30)}`);
    }
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  t.equal(({} as Record<string, unknown>).user_id, undefined, 'no prototype pollution');

  const manyIds = Array.from({ length: 1500 }, (_, i) => `id${i}`).join(',');
  check(await raw(port, 'GET', `/v3/users?user_ids=${manyIds}`, json), 'GET 1500 user_ids (URLs over 16 KB are refused by Node before any route)');
  check(await raw(port, 'GET', `/v3/users?limit=1&limit=2&limit=${'9'.repeat(400)}`, json), 'GET repeated limit');
  check(await raw(port, 'GET', `/v3/users/Tyler?include_unread_count=true&custom_types=${'%25,'.repeat(2000)}`, json), 'GET many custom types');

  t.ok(checked > 2000, `${checked} hostile requests checked`);
  const health = await request(`${url}/__mock/health`);
  t.equal(health.status, 200, 'the server still answers');
  const jay = await request(`${url}/v3/users/Jay`, { headers: { 'Api-Token': API_TOKEN } });
  t.equal(jay.json.nickname, 'Rooster', 'users outside the line of fire are untouched');
});
