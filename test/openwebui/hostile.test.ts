import t from 'tap';
import { HOSTILE_SEGMENTS, request, startServer } from '../helper.js';

interface Route {
  method: string;
  /** `{x}` is replaced by the hostile segment. */
  path: string;
  body: boolean;
}

const ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/auths/', body: false },
  { method: 'POST', path: '/api/v1/auths/signin', body: true },
  { method: 'POST', path: '/api/v1/auths/signup', body: true },
  { method: 'POST', path: '/api/v1/auths/add', body: true },
  { method: 'GET', path: '/api/v1/auths/api_key', body: false },
  { method: 'GET', path: '/api/v1/users/', body: false },
  { method: 'GET', path: '/api/v1/users/all', body: false },
  { method: 'GET', path: '/api/v1/users/search', body: false },
  { method: 'GET', path: '/api/v1/users/{x}', body: false },
  { method: 'GET', path: '/api/users/{x}', body: false },
  { method: 'GET', path: '/api/v1/users/{x}/info', body: false },
  { method: 'GET', path: '/api/v1/users/{x}/active', body: false },
  { method: 'POST', path: '/api/v1/users/{x}/update', body: true },
  { method: 'DELETE', path: '/api/v1/users/{x}', body: false },
  // Routes of 0.9+ (the default release is 0.11.0).
  { method: 'POST', path: '/api/v1/auths/signout', body: false },
  { method: 'GET', path: '/api/v1/users/usage', body: false },
  { method: 'GET', path: '/api/v1/users/user/variables', body: false },
  { method: 'GET', path: '/api/v1/users/{x}/preview', body: false },
];

const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const BODIES = [
  '{bad', '', 'null', '[]', '"x"', '123', deep, JSON.stringify({ a: Array.from({ length: 100_000 }, (_, i) => i) }),
  '{"__proto__": {"role": "admin"}, "email": "x@y.z", "password": "p", "name": "n"}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  JSON.stringify({ email: { $ne: null }, password: ['a'], name: 1, role: {}, profile_image_url: 'data:image/svg+xml;base64,AAAA' }),
];

function assertPlatformShape(t: { ok: (...args: any[]) => unknown }, label: string, response: { status: number; json: any; text: string }) {
  t.ok(response.status < 500, `${label}: no 5xx (got ${response.status})`);
  if ([200, 204, 307].includes(response.status) || response.text === '') return;
  t.ok(response.json && 'detail' in response.json && Object.keys(response.json).length === 1, `${label}: {"detail": ...} (${response.text.slice(0, 80)})`);
}

t.test('hostile input on every Open WebUI route: no 5xx, FastAPI error shape, server still up', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const credentials = (await request(`${server.url}/__mock/credentials`)).json.openwebui;
  const auth = { authorization: `Bearer ${credentials.token}` };
  for (const route of ROUTES) {
    for (const segment of HOSTILE_SEGMENTS) {
      const path = route.path.replace('{x}', segment);
      // Node refuses request lines over 16 KB before any platform sees them, so a long segment goes in once.
      const query = segment.length > 1000 ? '' : `?page=${segment}&query=${segment}&order_by=${segment}&direction=${segment}&__proto__=${segment}`;
      const init: RequestInit = { method: route.method, headers: { ...auth, 'content-type': 'application/json' } };
      if (route.body) init.body = JSON.stringify({ email: segment, password: segment, name: segment, role: segment, profile_image_url: segment });
      for (const prefix of ['', '/openwebui']) {
        let response;
        try {
          response = await request(`${server.url}${prefix}${path}${query}`, init);
        } catch {
          continue; // fetch itself refuses some URLs
        }
        const label = `${route.method} ${prefix}${route.path} [${segment.slice(0, 20)}]`;
        // fetch resolves dot segments: `../..` at the root can leave Open WebUI's paths for the core's 404.
        const resolved = new URL(`${server.url}${prefix}${path}`).pathname;
        if (prefix === '' && !/^\/api\/(v1\/users|v1\/auths|users)(\/|$)/.test(resolved)) t.ok(response.status < 500, label);
        else assertPlatformShape(t, label, response);
      }
      // Hostile credentials in every header the auth reads.
      const hostileHeaders: Record<string, string>[] = [
        { authorization: `Bearer ${segment}` },
        { cookie: `token=${encodeURIComponent(segment)}` },
        { 'x-api-key': `sk-${encodeURIComponent(segment)}` },
        { 'x-api-key': encodeURIComponent(segment) },
      ];
      for (const headers of hostileHeaders) {
        let response;
        try {
          response = await request(`${server.url}/openwebui${route.path.replace('{x}', 'user-123')}`, { method: route.method, headers });
        } catch {
          continue;
        }
        t.ok([401, 403, 405, 422].includes(response.status) || response.status < 500, `headers ${JSON.stringify(headers).slice(0, 40)}`);
        assertPlatformShape(t, `${route.method} ${route.path} with hostile credential`, response);
      }
    }
    for (const body of route.body ? BODIES : BODIES.slice(0, 2)) {
      for (const headers of [{ ...auth, 'content-type': 'application/json' }, { 'content-type': 'application/json' }, { ...auth, 'content-type': 'text/plain' }, auth]) {
        const response = await request(`${server.url}/openwebui${route.path.replace('{x}', 'user-123')}`, {
          method: route.method === 'GET' ? 'POST' : route.method,
          headers,
          body,
        });
        assertPlatformShape(t, `${route.method} ${route.path} body ${body.slice(0, 20)}`, response);
      }
    }
  }
  t.same((await request(`${server.url}/__mock/health`)).json, { status: 'ok' });
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  const admin = await request(`${server.url}/api/v1/users/4f9c2b1e-7a3d-4e8b-9c6f-1d2e3f4a5b6c`, { headers: auth });
  t.equal(admin.json.role, 'admin', 'the primary admin is intact');
});

t.test('a body over the mock\'s limit is 413 in FastAPI\'s shape', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const response = await request(`${server.url}/openwebui/api/v1/auths/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"email": "${'x'.repeat(2 * 1024 * 1024)}"}`,
  });
  t.equal(response.status, 413);
  t.same(response.json, { detail: 'Request Entity Too Large' });
  t.same((await request(`${server.url}/__mock/health`)).json, { status: 'ok' });
});

t.test('JSON decode errors name Python\'s message and position', async (t) => {
  const server = await startServer(t, { platforms: ['openwebui'] });
  const cases: [string, number, string][] = [
    ['{bad', 1, 'Expecting property name enclosed in double quotes'],
    ['{"a" 1}', 5, "Expecting ':' delimiter"],
    ['[1 2]', 3, "Expecting ',' delimiter"],
    ['{} x', 3, 'Extra data'],
    ['nope', 0, 'Expecting value'],
    ['[1,]', 3, 'Expecting value'],
    ['{"a": "abc', 6, 'Unterminated string starting at'],
    ['   ', 3, 'Expecting value'],
    ['{"a": tru', 6, 'Expecting value'],
  ];
  for (const [body, position, message] of cases) {
    const response = await request(`${server.url}/openwebui/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    t.same(response.json, { detail: [{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error: message } }] }, body);
  }
});
