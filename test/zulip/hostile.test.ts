/** Hostile input never yields a 5xx, HTML or a stack trace: every answer is Zulip's JSON envelope. */
import t, { type Test } from 'tap';
import { HOSTILE_SEGMENTS, basicAuth, request, startServer } from '../helper.js';

const IAGO = basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456');

function assertZulipShape(t: Test, response: { status: number; text: string; json: any; headers: Headers }, what: string) {
  t.ok(response.status < 500, `${what}: ${response.status} is not a 5xx`);
  if (response.status === 405) return; // Django's JSON-with-text/html body, checked elsewhere
  if (response.status === 431) {
    // Node refuses headers over 16 KB before any URL is parsed; README "Limits".
    t.equal(response.json?.statusCode, 431, `${what}: the header limit answers JSON`);
    return;
  }
  t.match(response.headers.get('content-type'), /^application\/json/, `${what}: JSON`);
  t.ok(response.json && typeof response.json.result === 'string' && typeof response.json.msg === 'string', `${what}: Zulip envelope`);
  t.notMatch(response.text, /at .*\.(ts|js):\d+/, `${what}: no stack trace`);
}

t.test('hostile path segments, query values and headers on every Zulip route', async (t) => {
  const { url } = await startServer(t);
  for (const prefix of ['', '/zulip']) {
    for (const segment of HOSTILE_SEGMENTS) {
      const paths = [`/api/v1/users/${segment}`, `/api/v1/users?client_gravatar=${segment}`, `/api/v1/users/10?include_custom_profile_fields=${segment}`, `/api/v1/users/me?${segment}=1`];
      for (const path of paths) {
        const target = new URL(`${url}${prefix}${path}`);
        const response = await request(target.href, { headers: { authorization: IAGO } });
        if (target.pathname.startsWith(`${prefix}/api/v1/users`)) assertZulipShape(t, response, `${prefix}${path.slice(0, 60)}`);
        else t.equal(response.status, 404, `${target.pathname}: dot segments resolved by the client leave Zulip's paths`);
      }
      const header = await request(`${url}${prefix}/api/v1/users/10`, {
        headers: { authorization: `Basic ${Buffer.from(`${segment}:${segment}`).toString('base64')}` },
      });
      assertZulipShape(t, header, `Authorization with ${segment.slice(0, 20)}`);
    }
  }
  const giant = await request(`${url}/zulip/api/v1/users/10`, { headers: { authorization: `Basic ${'A'.repeat(12_000)}` } });
  assertZulipShape(t, giant, 'a 12 KB Authorization header');
  const health = await request(`${url}/__mock/health`);
  t.equal(health.status, 200, 'the server still answers');
});

t.test('hostile bodies on fetch_api_key: invalid JSON, wrong types, prototype keys, a huge body', async (t) => {
  const { url } = await startServer(t);
  const bodies: Array<[string, string]> = [
    ['application/json', '{"username":'],
    ['application/json', '{"username":{"__proto__":{"admin":true}},"password":[1,2]}'],
    ['application/json', JSON.stringify({ constructor: { prototype: { polluted: true } }, username: 'iago@zulip.com', password: 'x' })],
    ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['application/json', JSON.stringify({ username: Array(100_000).fill('a'), password: 'x' })],
    ['application/x-www-form-urlencoded', 'username=%E0%A4%A&password'],
    ['multipart/form-data; boundary=x', '--x\r\nbroken'],
    ['text/xml', '<a/>'],
    ['application/json', 'x'.repeat(2 * 1024 * 1024)],
  ];
  for (const [type, body] of bodies) {
    const response = await request(`${url}/api/v1/fetch_api_key`, { method: 'POST', headers: { 'content-type': type }, body });
    assertZulipShape(t, response, `${type} ${body.slice(0, 30)}`);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  t.equal((await request(`${url}/__mock/health`)).status, 200);
});

t.test('a malformed percent-encoding in the path is answered in Zulip\'s shape', async (t) => {
  const { url, port } = await startServer(t);
  const { request: raw } = await import('node:http');
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = raw({ host: '127.0.0.1', port, path: '/zulip/api/v1/users/%E0%A4%A', headers: { authorization: IAGO } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
  t.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
  t.equal(JSON.parse(response.body).result, 'error');
  t.ok(url);
});
