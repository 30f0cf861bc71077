/**
 * Property-based hostile input (issue 10): seeded fast-check generators of paths, query strings,
 * headers (every credential scheme, giant and binary values) and bodies (invalid JSON, deep
 * nesting, huge arrays, wrong types, prototype keys) sent over real HTTP to EVERY route the app
 * lists in `app.mock.routes` (at the root and under /<platform>) and to /__mock, plus random paths,
 * and hostile frames for every nandbox method over a real WebSocket.
 *
 * Asserted for every case: no 5xx (no fault is ever left configured), every error body in the
 * addressed platform's own envelope, the store unchanged whenever the answer was a 4xx (Open WebUI's
 * last_active_at excluded: it is written on authenticated requests by design), and /__mock/health
 * answering afterwards. Failures are collected per distinct problem (route, status, shape) with the
 * smallest reproducing request, so one bug does not hide the others; bounded in count and in time.
 *
 * FUZZ_RUNS (default 30) runs per route (x3 on /__mock); FUZZ_SECONDS (default 40) is the time budget: past
 * its share a route stops after 6 cases, the random paths after their share, the nandbox frames after 40 %.
 */
import fc from 'fast-check';
import http from 'node:http';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { ControllableClock } from '../../src/core/clock.js';
import type { Snapshot } from '../../src/store/store.js';
import { HOSTILE_SEGMENTS, basicAuth, request, startServer, type TestServer } from '../helper.js';

const SEED = 20261122;
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30);
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 40);
const REQUEST_TIMEOUT_MS = 15_000;
const MIN_RUNS = 6;

// ---------------------------------------------------------------- credentials ------------

const ZULIP_BASIC = basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456');
const OWUI_KEY = 'sk-5f3b2a1c9d8e4f7a6b5c4d3e2f1a0b9c';
const OWUI_USER_KEY = 'sk-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const SENDBIRD_TOKEN = '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21';
const CHAKRA_TOKEN = 'chakraMockAccessToken0123456789';
const NANDBOX_TOKEN = '90091783784280234:0:chatUserMockNandboxBotSecret01';
const NANDBOX_RESTRICTED = '90091783784280299:0:chatUserMockNoManageUsers00001';
/** Filled from GET /__mock/credentials: the well-known Open WebUI admin JWT. */
let owuiJwt = '';

// ---------------------------------------------------------------- the addressed platform ----

type Target = 'zulip' | 'sendbird' | 'openwebui' | 'chakra' | 'nandbox' | 'control' | 'core';
const PLATFORMS = ['zulip', 'sendbird', 'openwebui', 'chakra', 'nandbox'] as const;

/** Root prefixes as the README lists them (kept here, not read from src, so misrouting shows). */
const ROOT_PREFIXES: Record<string, readonly string[]> = {
  zulip: ['/api/v1/users', '/api/v1/fetch_api_key'],
  openwebui: ['/api/v1/users', '/api/v1/auths', '/api/users'],
  sendbird: ['/v3/'],
  chakra: ['/v1/ext/', '/v2/ext/', '/v1/health'],
};

function startsWithSegment(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35;
}

type Headers = Record<string, string | string[]>;

function header(headers: Headers, name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  if (!entry) return undefined;
  return Array.isArray(entry[1]) ? entry[1].join(name === 'cookie' ? '; ' : ', ') : entry[1];
}

/** Who must answer this raw request URL: README "Root paths shared by two platforms". */
function addressed(url: string, headers: Headers): Target {
  // Node's HTTP parser refuses a request-target with bytes 0x7f-0xff before any routing: the core answers
  // 400 {error, message, statusCode} (Fastify's clientError), as it does the 431 for oversized headers.
  if (/[\x7f-\xff]/.test(url)) return 'core';
  if (startsWithSegment(url, '/__mock')) return 'control';
  for (const name of PLATFORMS) if (startsWithSegment(url, `/${name}`)) return name;
  const path = url.replace(/^\/+/, '/');
  const owners = Object.keys(ROOT_PREFIXES).filter((name) => ROOT_PREFIXES[name].some((prefix) => path.startsWith(prefix)));
  if (owners.length === 0) return 'core';
  if (owners.length === 1) return owners[0] as Target;
  const authorization = header(headers, 'authorization');
  if (authorization !== undefined && /^\s*basic(\s|$)/i.test(authorization)) return 'zulip';
  if (authorization !== undefined && /^bearer /i.test(authorization)) return 'openwebui';
  const cookie = header(headers, 'cookie');
  if (cookie !== undefined && /(^|;)\s*token=/.test(cookie)) return 'openwebui';
  if (header(headers, 'x-api-key') !== undefined) return 'openwebui';
  return 'zulip';
}

// ---------------------------------------------------------------- error shapes -------------

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const jsonType = (answer: Answer) => /^application\/json\b/.test(answer.headers['content-type'] ?? '');

/** One predicate per platform; each returns what is wrong, or undefined. */
const SHAPES: Record<Target, (answer: Answer) => string | undefined> = {
  zulip(answer) {
    const body = parse(answer.text);
    // Zulip's exact 405: Django's JSON with a text/html type and no newline (README).
    if (answer.status === 405) return isObject(body) && body.result === 'error' && body.msg === 'Method Not Allowed' ? undefined : 'zulip 405 shape';
    if (!jsonType(answer)) return 'zulip: not application/json';
    if (!answer.text.endsWith('\n')) return 'zulip: no trailing newline';
    if (!isObject(body) || body.result !== 'error' || typeof body.msg !== 'string') return 'zulip: not {result:"error", msg}';
    if (body.code !== undefined && typeof body.code !== 'string') return 'zulip: code not a string';
    return undefined;
  },
  sendbird(answer) {
    const body = parse(answer.text);
    if (!jsonType(answer)) return 'sendbird: not application/json';
    if (!isObject(body) || typeof body.message !== 'string' || typeof body.code !== 'number' || body.error !== true) return 'sendbird: not {message, code:number, error:true}';
    if (Object.keys(body).join() !== 'message,code,error') return 'sendbird: extra keys';
    return undefined;
  },
  openwebui(answer) {
    const body = parse(answer.text);
    if (!jsonType(answer)) return 'openwebui: not application/json';
    if (!isObject(body) || !(typeof body.detail === 'string' || Array.isArray(body.detail))) return 'openwebui: not {detail: string|array}';
    if (Array.isArray(body.detail) && !body.detail.every((item) => isObject(item) && typeof item.msg === 'string' && Array.isArray(item.loc))) return 'openwebui: 422 detail items';
    return undefined;
  },
  chakra(answer) {
    const body = parse(answer.text);
    if (!jsonType(answer)) return 'chakra: not application/json';
    if (!isObject(body) || !Array.isArray(body._errors) || body._errors.length === 0 || !body._errors.every((item) => typeof item === 'string')) return 'chakra: not {_errors: string[]}';
    if (Object.keys(body).length !== 1) return 'chakra: extra keys';
    return undefined;
  },
  nandbox(answer) {
    const body = parse(answer.text);
    if (!jsonType(answer)) return 'nandbox: not application/json';
    if (!isObject(body) || !(typeof body.error === 'string' || typeof body.error === 'number')) return 'nandbox: not {error}';
    return undefined;
  },
  control(answer) {
    const body = parse(answer.text);
    if (!jsonType(answer)) return 'control: not application/json';
    if (!isObject(body) || typeof body.error !== 'string' || typeof body.message !== 'string' || body.statusCode !== answer.status) return 'control: not {error, message, statusCode}';
    return undefined;
  },
  core(answer) {
    const body = parse(answer.text);
    if (!jsonType(answer)) return 'core: not application/json';
    if (!isObject(body) || typeof body.error !== 'string' || typeof body.message !== 'string' || body.statusCode !== answer.status) return 'core: not {error, message, statusCode}';
    if (answer.status === 404 && !Array.isArray(body.nearestRoutes)) return 'core: 404 without nearestRoutes';
    return undefined;
  },
};

// ---------------------------------------------------------------- generators -------------

/** Numbers that are hostile but never a valid large request (a /__mock/seed of a million users). */
const hostileNumber = fc.constantFrom(-1, 0, 1, 2, 1.5, -0, 1e7, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 0.1);
/** encodeURIComponent that also takes lone surrogates (as their UTF-8 replacement), so no case throws client-side. */
const encode = (text: string) => Array.from(Buffer.from(text, 'utf8'), (byte) => (/[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const latin1 = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));
/** Printable ASCII and the upper half of latin-1: everything Node lets through in a header value. */
const binaryText = (maxLength: number) =>
  fc.array(fc.oneof(latin1(0x20, 0x7e), latin1(0x80, 0xff)), { maxLength }).map((chars) => chars.join(''));
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_SEGMENTS, '', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '\u0000', '\ud800', 'a'.repeat(300)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const FIELD_NAMES = [
  // zulip, sendbird
  'username', 'password', 'user_id', 'nickname', 'profile_url', 'issue_access_token', 'discovery_keys', 'metadata', 'is_active',
  'leave_all_when_deactivated', 'last_seen_at', 'preferred_languages', 'unread_channels', 'is_bot', 'access_token',
  // openwebui
  'email', 'name', 'role', 'profile_image_url', 'group_ids', 'api_key',
  // chakra
  'firstName', 'lastName', 'dob', 'timezone', 'data', 'onboardingData', 'availabilityStatus', 'team', 'reportees', 'emails',
  // nandbox, control
  'id', 'app_ids', 'photo', 'count', 'seed', 'users', 'platform', 'set', 'freeze', 'advanceMs', 'enforce', 'limit', 'windowSeconds',
  'format', 'meta', 'records', 'method', 'path', 'status', 'timeoutMs', 'probability', 'error', 'latency', 'connection',
  '__proto__', 'constructor', 'prototype',
];

/** Field names each route reads, so generated bodies reach its validation (and its edge values) often. */
const ROUTE_FIELDS: [RegExp, readonly string[]][] = [
  [/\/__mock\/clock/, ['set', 'freeze', 'advanceMs']],
  [/\/__mock\/reset/, ['seed', 'users']],
  [/\/__mock\/seed/, ['count', 'platform']],
  [/\/__mock\/requests/, ['platform', 'method', 'path', 'status', 'since', 'until', 'count', 'timeoutMs']],
  [/\/__mock\/faults/, ['platform', 'method', 'path', 'probability', 'seed', 'count', 'latency', 'error', 'connection', 'frame']],
  [/\/__mock\/rate-limits/, ['enforce', 'limit', 'windowSeconds']],
  [/\/__mock\/snapshot/, ['format', 'meta', 'records']],
  [/\/__mock\/platforms/, ['user_id', 'nickname', 'profile_url', 'metadata', 'unread_channels', 'email', 'name', 'role', 'firstName', 'team', 'reportees', 'emails', 'id', 'app_ids', 'full_name', 'is_active']],
  [/^\/(zulip\/)?api\/v1\/fetch_api_key/, ['username', 'password']],
  [/(^|\/)v3\/users/, ['user_id', 'nickname', 'profile_url', 'issue_access_token', 'discovery_keys', 'metadata', 'is_active', 'leave_all_when_deactivated', 'last_seen_at', 'preferred_languages']],
  [/auths|users\/:user_id\/update/, ['email', 'password', 'name', 'role', 'profile_image_url']],
  [/ext\/user/, ['firstName', 'lastName', 'middleName', 'displayName', 'username', 'gender', 'bio', 'dob', 'timezone', 'data', 'onboardingData', 'availabilityStatus', 'role', 'profileImageUrl']],
];

function routeFields(template: string): readonly string[] {
  return ROUTE_FIELDS.find(([pattern]) => pattern.test(template.replace(/^\/(zulip|sendbird|openwebui|chakra|nandbox)\//, '/')))?.[1] ?? FIELD_NAMES;
}

const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

/** JSON values of every type, nested a little, with hostile leaves. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number, key = 'a') => `{"${key}":`.repeat(depth) + '{}' + '}'.repeat(depth);

interface Body {
  contentType?: string;
  text?: string;
}

/** Bodies as text, so invalid JSON is possible; the huge ones are shared constants. */
const HUGE_ARRAY = `[${new Array(100_000).fill('0').join(',')}]`;
const HUGE_STRINGS = `[${new Array(20_000).fill('"xxxxxxxxxx"').join(',')}]`;
const OVER_LIMIT = `{"user_id":"${'x'.repeat(1024 * 1024 + 16)}"}`;
const bodyText: fc.Arbitrary<string> = fc.oneof(
  // a JSON object of known field names with hostile values (reaches the handlers' validation)
  { weight: 6, arbitrary: fc.dictionary(fieldName, jsonValue, { maxKeys: 6 }).map((object) => JSON.stringify(object)) },
  // wrong types: array, string, number, null, boolean
  { weight: 2, arbitrary: jsonValue.map((value) => JSON.stringify(value) ?? 'null') },
  // invalid JSON
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '[1,2', 'nope', 'tru', '\ufeff{}', '{}garbage', '{"a":"\\x"}', '"unterminated', '\u0000', ' ', '{"a":1}{"b":2}'),
      fc.string({ maxLength: 60 }),
    ),
  },
  // deep nesting
  { weight: 1, arbitrary: fc.constantFrom(deepArray(100), deepArray(501), deepArray(5000), deepArray(100_000), deepObject(40), deepObject(600), deepObject(20_000)) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(deepArray(1000), deepObject(40), deepObject(3000, '__proto__'), deepObject(3000, 'constructor'))).map(
      ([name, value]) => `{"${name}":${value}}`,
    ),
  },
  // huge arrays, and one body over the 1 MiB limits
  { weight: 1, arbitrary: fc.constantFrom(HUGE_ARRAY, `{"discovery_keys":${HUGE_STRINGS},"records":${HUGE_ARRAY}}`, `{"user_ids":${HUGE_ARRAY}}`, OVER_LIMIT) },
  // prototype pollution
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...FIELD_NAMES), jsonValue, fc.integer({ min: 0, max: 2 })).map(([name, value, form]) => {
      const json = JSON.stringify(value) ?? 'null';
      return [
        `{"__proto__":{"${name}":${json},"polluted":true}}`,
        `{"constructor":{"prototype":{"${name}":${json},"polluted":true}}}`,
        `{"${name}":{"__proto__":{"polluted":true}},"prototype":{"polluted":true}}`,
      ][form];
    }),
  },
);

const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Body>({}) },
  {
    weight: 8,
    arbitrary: fc.record({
      contentType: fc.constantFrom(
        'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x', 'multipart/form-data', 'application/json; charset=latin1', 'a/b', '*/*', 'application/vnd.api+json',
      ),
      text: bodyText,
    }),
  },
  // form bodies (zulip's fetch_api_key), with hostile values
  {
    weight: 1,
    arbitrary: fc.dictionary(fieldName, hostileString, { maxKeys: 4 }).map((fields) => ({
      contentType: 'application/x-www-form-urlencoded',
      text: new URLSearchParams(fields).toString(),
    })),
  },
);

/** Values for a route's own fields: edge numbers and plausible strings more often than deep structures. */
const fieldValue = fc.oneof(
  hostileNumber,
  fc.constantFrom<unknown>(true, false, null, '', '2025-01-01T00:00:00Z', '+275760-09-14T00:00:00Z', ...PLATFORMS, 'admin', 'user@example.com', 'chat-user-mock'),
  hostileString,
  jsonValue,
);

/** A JSON object of the fields this route reads, with hostile values of every type. */
const routeBody = (template: string): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 1, arbitrary: body },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
        fields: fc.dictionary(fc.constantFrom(...routeFields(template)), fieldValue, { minKeys: 1, maxKeys: 4 }),
      }).map(({ contentType, fields }) => ({
        contentType,
        text: contentType === 'application/json' ? JSON.stringify(fields) : new URLSearchParams(Object.entries(fields).map(([name, value]): [string, string] => [name, typeof value === 'string' ? value : JSON.stringify(value) ?? ''])).toString(),
      })),
    },
  );

/** A path segment: encoded, or raw where Node's client lets it through (bad escapes, `..`, latin-1 bytes). */
const segment = (valid: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: hostileString.map((text) => encode(text)) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS.filter((text) => /^[\x21-\xff]+$/.test(text))) },
    { weight: 1, arbitrary: fc.array(fc.oneof(latin1(0x21, 0x7e), latin1(0x80, 0xff)), { minLength: 1, maxLength: 20 }).map((chars) => chars.join('')) },
  );

const QUERY_NAMES = [
  'client_gravatar', 'include_custom_profile_fields', 'user_ids', 'token', 'limit', 'active_mode', 'show_bot', 'nickname', 'nickname_startswith',
  'metadatakey', 'metadatavalues_in', 'include_unread_count', 'custom_types', 'super_mode', 'query', 'order_by', 'direction', 'page',
  'offset', 'platform', 'method', 'path', 'status', 'since', 'until', '__proto__', 'constructor',
];
const queryValue = fc.oneof(
  fc.constantFrom('true', 'false', 'TRUE', '1', '0', '-1', '1.5', '[1,2]', '[]', '{}', 'null', '', '%', '%zz', '%E0%A4%A', 'x'.repeat(4000), 'asc', 'all', 'name', 'group_id:x'),
  hostileString.map((text) => encode(text)),
);
const query = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 5,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 }).map(encode)), queryValue), { minLength: 1, maxLength: 5 })
      .map((pairs) => `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?', '?&&&', '?=', '?a', '?a=1&a=2&a=3', '?%', '?user_ids=%5B1%2C2', '?#frag') },
);

/** Authorization variants of every scheme, valid and not, giant and binary. */
function credentialHeaders(): fc.Arbitrary<Headers> {
  const giant = (prefix: string) => prefix + 'A'.repeat(9000);
  const authorization = fc.oneof(
    fc.constantFrom(
      ZULIP_BASIC, `Bearer ${OWUI_KEY}`, `Bearer ${OWUI_USER_KEY}`, `Bearer ${CHAKRA_TOKEN}`, `Bearer ${owuiJwt}`,
      'Basic', 'Basic ', 'Basic !!!!', 'Basic Og==', basicAuth('iago@zulip.com', 'wrong'), basicAuth('', ''), 'basic   aWFnbw==',
      'Bearer', 'Bearer ', 'bearer sk-', 'Bearer sk-nope', 'Bearer a.b.c', `Bearer ${owuiJwt}x`, 'Token x', 'Digest x', 'Api-Token x',
      giant('Bearer '), giant('Basic '), `Bearer ${NANDBOX_TOKEN}`,
    ),
    binaryText(64).map((text) => `Bearer ${text}`),
    binaryText(64).map((text) => `Basic ${text}`),
    binaryText(64),
  );
  const apiToken = fc.oneof(fc.constantFrom(SENDBIRD_TOKEN, SENDBIRD_TOKEN.toUpperCase(), '', 'x', giant('')), binaryText(64));
  const apiKey = fc.oneof(fc.constantFrom(OWUI_KEY, OWUI_USER_KEY, 'sk-', '', giant('sk-')), binaryText(64));
  const cookie = fc.oneof(
    fc.constantFrom(`token=${owuiJwt}`, 'token=', 'token=garbage', `a=1; token=${owuiJwt}; b=2`, 'token="x"', giant('token=')),
    binaryText(64).map((text) => `token=${text}`),
  );
  return fc
    .record(
      {
        authorization,
        'Api-Token': apiToken,
        'x-api-key': apiKey,
        cookie,
      },
      { requiredKeys: [] },
    )
    .map((headers) => headers as Headers);
}

/** Other headers: junk names and values, duplicated names, odd accept/encoding/host values. */
const otherHeaders: fc.Arbitrary<Headers> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('x-junk', 'accept', 'accept-encoding', 'x-forwarded-for', 'x-forwarded-proto', 'origin', 'referer', 'user-agent', 'if-none-match', 'range', 'expect-ct', 'x-http-method-override'),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      ),
      fc.oneof(binaryText(200), fc.constantFrom('*/*', 'gzip, br', '', 'x'.repeat(6000), 'GET', 'DELETE', 'https', 'bytes=0-1')),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => Object.fromEntries(pairs));

// ---------------------------------------------------------------- transport ---------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Node's server refuses header sections over 16 KB (431, before any platform): keep every case under it. */
const HEADER_BUDGET = 14 * 1024;

function fitHeaders(headers: Headers): Headers {
  const fitted: Headers = { ...headers };
  const size = () => Object.entries(fitted).reduce((total, [name, value]) => total + name.length + String(value).length + 4, 0);
  while (size() > HEADER_BUDGET) {
    const [name, value] = Object.entries(fitted).sort(([, a], [, b]) => String(b).length - String(a).length)[0];
    fitted[name] = String(value).slice(0, Math.floor(String(value).length / 2));
  }
  return fitted;
}

function sendOnce(port: number, method: string, path: string, headers: Headers, payload: Body, fresh: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all: Headers = fitHeaders(headers);
    if (payload.contentType !== undefined) all['content-type'] = payload.contentType;
    if (payload.text !== undefined) all['content-length'] = String(Buffer.byteLength(payload.text));
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, method, path, headers: all, agent: fresh ? false : agent, timeout: REQUEST_TIMEOUT_MS });
    } catch (error) {
      reject(Object.assign(error as Error, { clientRefused: true }));
      return;
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    if (payload.text !== undefined) req.write(payload.text);
    req.end();
  });
}

/**
 * Over a kept-alive socket; a request that fails on a reused socket (the server had closed it after
 * the previous answer, a race every keep-alive client has) is sent once more on a fresh connection.
 */
async function send(port: number, method: string, path: string, headers: Headers, payload: Body): Promise<Answer> {
  try {
    return await sendOnce(port, method, path, headers, payload, false);
  } catch (error) {
    if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
    return sendOnce(port, method, path, headers, payload, true);
  }
}

// ---------------------------------------------------------------- bookkeeping -------------

/** The store as a comparable text: Open WebUI's last_active_at is legitimately touched by authenticated calls. */
function storeText(snapshot: Snapshot): string {
  for (const record of snapshot.records) {
    if (record.platform === 'openwebui' && isObject(record.data)) delete record.data.last_active_at;
  }
  return JSON.stringify(snapshot);
}

interface Problem {
  key: string;
  detail: string;
  repro: string;
  count: number;
  routes: Set<string>;
}

class Findings {
  readonly problems = new Map<string, Problem>();
  cases = 0;
  statuses = new Map<number, number>();

  /** One entry per distinct problem (platform, status, answer), listing the routes it showed on. */
  add(key: string, detail: string, repro: string, route: string): void {
    const known = this.problems.get(key);
    if (!known) this.problems.set(key, { key, detail, repro, count: 1, routes: new Set([route]) });
    else {
      known.count++;
      known.routes.add(route);
      if (repro.length < known.repro.length) Object.assign(known, { detail, repro });
    }
  }

  report(t: Test): void {
    for (const problem of this.problems.values()) {
      const routes = [...problem.routes];
      t.fail(
        `${problem.key}: ${problem.detail} — ${problem.count} cases on ${routes.length} route(s): ${routes.slice(0, 6).join(', ')}${routes.length > 6 ? ', …' : ''}\n` +
          `    smallest repro: ${problem.repro}`,
      );
    }
  }
}

function describe(method: string, path: string, headers: Headers, payload: Body): string {
  const shown = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value).length > 80 ? `${String(value).slice(0, 40)}…(${String(value).length} chars)` : value]));
  const text = payload.text === undefined ? '' : payload.text.length > 200 ? ` body(${payload.contentType}) ${JSON.stringify(payload.text.slice(0, 120))}…(${payload.text.length} chars)` : ` body(${payload.contentType}) ${JSON.stringify(payload.text)}`;
  return `${method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path} headers ${JSON.stringify(shown)}${text}`;
}

/** Puts the server back where it started before each case: store, clock, faults, rate limits. */
function restoreState(server: TestServer, initial: Snapshot): void {
  const { mock } = server.app;
  mock.store.restore(initial);
  mock.faults.clear();
  if (mock.clock instanceof ControllableClock) mock.clock.useRealTime();
  for (const limiter of mock.rateLimiters.values()) limiter.reset();
}

/** One HTTP case: sends it, then checks status, shape and the store. */
async function runCase(
  server: TestServer,
  findings: Findings,
  routeKey: string,
  method: string,
  path: string,
  headers: Headers,
  payload: Body,
): Promise<void> {
  const { mock } = server.app;
  headers = fitHeaders(headers);
  // A case may have configured a fault or moved the clock (legitimately, through /__mock): undo it first.
  if (!mock.faults.isEmpty) mock.faults.clear();
  if (mock.clock instanceof ControllableClock) mock.clock.useRealTime();
  const before = storeText(mock.store.snapshot());
  let answer: Answer;
  try {
    answer = await send(server.port, method, path, headers, payload);
  } catch (error) {
    if ((error as { clientRefused?: boolean }).clientRefused) return; // Node's client would not send it: not a case
    findings.cases++;
    findings.add(`${addressed(path, headers)}: no HTTP answer (${(error as Error).message})`, 'the connection failed', describe(method, path, headers, payload), routeKey);
    return;
  }
  findings.cases++;
  findings.statuses.set(answer.status, (findings.statuses.get(answer.status) ?? 0) + 1);
  const target = addressed(path, headers);
  const repro = describe(method, path, headers, payload);
  if (answer.status >= 500) {
    findings.add(`${target}: ${answer.status} ${answer.text.slice(0, 120)}`, `HTTP ${answer.status}`, repro, routeKey);
    return;
  }
  if (answer.status >= 400) {
    const wrong = SHAPES[target](answer);
    if (wrong) findings.add(`${wrong} (${answer.status} ${answer.text.slice(0, 80)})`, `${answer.status} ${answer.headers['content-type']} ${JSON.stringify(answer.text.slice(0, 200))}`, repro, routeKey);
    // The touch of last_active_at after a JWT response happens after the answer: excluded by storeText.
    const after = storeText(mock.store.snapshot());
    if (after !== before) findings.add(`${target}: a ${answer.status} changed the store`, answer.text.slice(0, 120), repro, routeKey);
  }
}

// ---------------------------------------------------------------- params ------------------

interface Seeds {
  [param: string]: readonly string[];
}

function paramValues(platform: Target, param: string, seeds: Seeds): readonly string[] {
  return seeds[`${platform}:${param}`] ?? seeds[param] ?? ['1'];
}

async function collectSeeds(url: string): Promise<Seeds> {
  const ids = async (platform: string) => {
    const answer = await request(`${url}/__mock/platforms/${platform}/users?limit=20`);
    return (answer.json.users as Record<string, unknown>[]).map((user) => String(user.user_id ?? user.id));
  };
  const zulip = await ids('zulip');
  const sendbird = await ids('sendbird');
  const openwebui = await ids('openwebui');
  const chakra = await ids('chakra');
  return {
    'zulip:user_id_or_email': [...zulip, 'iago@zulip.com', 'hamlet@zulip.com', 'user10@zulip.example.com', 'ZOE@zulip.com', '0011'],
    'sendbird:user_id': [...sendbird, 'Tyler', 'Jay'],
    'openwebui:user_id': [...openwebui, 'user-123', 'shared-8f2b1c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d', '4f9c2b1e-7a3d-4e8b-9c6f-1d2e3f4a5b6c'],
    'chakra:userId': [...chakra, 'A91B5073-E9D4-4959-9FD3-6EDF79C2C5A4', '9763caa1-cef3-497f-b3b2-f551456b2831'],
    'control:platform': [...PLATFORMS, 'ZULIP', 'nope'],
    'control:id': [...zulip.slice(0, 3), ...sendbird.slice(0, 3), ...chakra.slice(0, 2), '90089584781491899', 'fault-1', 'x'],
  };
}

// ---------------------------------------------------------------- the HTTP fuzz -----------

interface RouteTarget {
  key: string;
  method: string;
  /** The template as the client addresses it (root or prefixed form). */
  template: string;
  platform: Target;
}

function routeTargets(routes: ReadonlyArray<{ method: string; url: string }>): RouteTarget[] {
  const targets: RouteTarget[] = [];
  for (const { method, url } of routes) {
    if (url.startsWith('/docs')) continue;
    if (url.startsWith('/__mock')) {
      targets.push({ key: `${method} ${url}`, method, template: url, platform: 'control' });
      continue;
    }
    const name = PLATFORMS.find((platform) => url.startsWith(`/${platform}/`));
    if (!name) continue;
    targets.push({ key: `${method} ${url}`, method, template: url, platform: name });
    const rootPath = url.slice(name.length + 1);
    if (ROOT_PREFIXES[name]?.some((prefix) => rootPath.startsWith(prefix))) {
      targets.push({ key: `${method} ${rootPath} (root)`, method, template: rootPath, platform: name });
    }
  }
  return targets;
}

/** Fills `:params` from generators; sometimes bends the path (trailing slash, double slashes, an extra segment). */
function pathFor(target: RouteTarget, seeds: Seeds): fc.Arbitrary<string> {
  const names = [...target.template.matchAll(/:([A-Za-z_]+)/g)].map((match) => match[1]);
  const values = fc.tuple(...names.map((name) => segment(paramValues(target.platform, name, seeds))));
  const bend = fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'slash', 'double', 'extra', 'dot');
  return fc.tuple(values, bend, hostileString).map(([filled, how, extra]) => {
    let index = 0;
    let path = target.template.replace(/:([A-Za-z_]+)/g, () => filled[index++]);
    if (how === 'slash') path = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
    if (how === 'double') path = `/${path}`.replace(/\/([^/]*)$/, '//$1');
    if (how === 'extra') path = `${path.replace(/\/$/, '')}/${encode(extra)}`;
    if (how === 'dot') path = `${path}/../${path.split('/').pop() ?? ''}`;
    return path;
  });
}

/** A valid /__mock/requests/wait body waits 5 s by default for entries that never come: 50 ms is enough here. */
function shortWait(payload: Body): Body {
  const fields = payload.text === undefined ? undefined : parse(payload.text);
  if (!isObject(fields) || 'timeoutMs' in fields || !payload.contentType?.startsWith('application/json')) return payload;
  return { ...payload, text: JSON.stringify({ ...fields, timeoutMs: 50 }) };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

t.test('fuzz: every route of every platform and of /__mock', async (t) => {
  const server = await startServer(t);
  const credentials = (await request(`${server.url}/__mock/credentials`)).json;
  owuiJwt = credentials.openwebui.token;
  const seeds = await collectSeeds(server.url);
  const initial = server.app.mock.store.snapshot();
  const targets = routeTargets(server.app.mock.routes);
  const findings = new Findings();
  const started = Date.now();
  const deadline = started + FUZZ_SECONDS * 1000 * 0.75;
  const covered: string[] = [];

  for (const [index, target] of targets.entries()) {
    const left = Math.max(0, deadline - Date.now());
    restoreState(server, initial);
    // An even share of what is left, so every route gets its turn inside the time bound; at least
    // MIN_RUNS cases each whatever the time (a /__mock/requests/wait case may legitimately wait 5 s).
    const routeDeadline = Date.now() + left / (targets.length - index);
    let ran = 0;
    const property = fc.asyncProperty(pathFor(target, seeds), query, credentialHeaders(), otherHeaders, routeBody(target.template), async (path, search, credentials, others, payload) => {
      if (ran >= MIN_RUNS && Date.now() > routeDeadline) return true;
      ran++;
      await runCase(server, findings, target.key, target.method, `${path}${search}`, { ...others, ...credentials }, target.template.endsWith('/requests/wait') ? shortWait(payload) : payload);
      return true;
    });
    // /__mock takes bodies on more routes and has no platform auth in front: three times the runs.
    await fc.assert(property, { seed: SEED + index, numRuns: target.platform === 'control' ? RUNS_PER_ROUTE * 3 : RUNS_PER_ROUTE });
    if (ran >= Math.min(MIN_RUNS, RUNS_PER_ROUTE)) covered.push(target.key);
  }

  // Random paths: unknown root paths (the core's 404), unknown paths under each prefix, other methods.
  restoreState(server, initial);
  const prefix = fc.constantFrom('', '', '/zulip', '/sendbird', '/openwebui', '/chakra', '/nandbox', '/__mock', '/api/v1', '/api/v1/users', '/v3', '/v1/ext', '/v2/ext', '/api');
  const randomPath = fc
    .tuple(prefix, fc.array(segment(['users', 'user', 'me', 'v1', 'ext', 'api', 'methods', '10', 'Tyler', '']), { minLength: 0, maxLength: 4 }))
    .map(([start, parts]) => `${start}/${parts.join('/')}`)
    .filter((path) => !/^\/+docs(\/|$)/.test(path));
  const left = Math.max(2000, started + FUZZ_SECONDS * 1000 * 0.85 - Date.now());
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...METHODS), randomPath, query, credentialHeaders(), body, async (method, path, search, credentials, payload) => {
      await runCase(server, findings, `${method} (random path)`, method, `${path}${search}`, credentials, payload);
      return true;
    }),
    { seed: SEED, numRuns: RUNS_PER_ROUTE * 10, interruptAfterTimeLimit: left, markInterruptAsFailure: false },
  );

  const health = await request(`${server.url}/__mock/health`);
  t.equal(health.status, 200, '/__mock/health still answers');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  t.equal(covered.length, targets.length, `every route form fuzzed at least ${Math.min(MIN_RUNS, RUNS_PER_ROUTE)} times (${covered.length} of ${targets.length})`);
  const statuses = [...findings.statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}:${count}`).join(' ');
  t.comment(`HTTP fuzz: ${findings.cases} cases over ${targets.length} route forms + random paths in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${statuses}`);
  findings.report(t);
  t.equal(findings.problems.size, 0, 'no 5xx, wrong error shape or store change on a 4xx');
});

// ---------------------------------------------------------------- the nandbox fuzz -------

const REPLY_METHODS = ['TOKEN_AUTH_OK', 'userDetails', 'myProfile'];
/** Closes the README documents: 4001 bad token, 1009 frame over the limit, 1007 invalid UTF-8. */
const EXPECTED_CLOSES = [4001, 1009, 1007];

type Frame = { kind: 'text'; text: string } | { kind: 'binary'; data: Buffer } | { kind: 'bytes'; data: Buffer };

const frameValue = jsonValue;
const nandboxFrame: fc.Arbitrary<Frame> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record(
        {
          method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('TOKEN_AUTH', 'PING', 'getUser', 'getMyProfiles', 'setMyProfile') }, { weight: 1, arbitrary: hostileString }),
          token: fc.oneof(fc.constantFrom(NANDBOX_TOKEN, NANDBOX_RESTRICTED, `${NANDBOX_TOKEN} `, '1:0:x', ''), frameValue),
          user_id: fc.oneof(fc.constantFrom('90089584980037358', '90089584781491899', '90089584781400002', '90091783784280234'), fc.constant(90089584980037358), frameValue),
          app_id: fc.oneof(fc.constantFrom('90090684293000559', '90090684293000999'), frameValue),
          reference: frameValue,
          user: fc.oneof(
            fc.record({ name: frameValue, status: frameValue, profile: fc.oneof(fc.constantFrom('Other', 'bot', 'PERSONAL'), frameValue), short_name: frameValue, photo: frameValue }, { requiredKeys: [] }),
            frameValue,
          ),
          rem: frameValue,
          extra: frameValue,
        },
        { requiredKeys: ['method'] },
      )
      .map((frame) => ({ kind: 'text' as const, text: JSON.stringify(frame) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Frame>(
      { kind: 'text', text: '{"method":"getUser","user_id":' },
      { kind: 'text', text: 'not json' },
      { kind: 'text', text: '' },
      { kind: 'text', text: '[]' },
      { kind: 'text', text: '"getUser"' },
      { kind: 'text', text: deepArray(50_000) },
      { kind: 'text', text: `{"method":"setMyProfile","user":${deepObject(5000)}}` },
      { kind: 'text', text: `{"method":"getUser","user_id":[${new Array(60_000).fill('0').join(',')}]}` },
      { kind: 'text', text: '{"__proto__":{"method":"getUser","polluted":true},"user_id":"1"}' },
      { kind: 'text', text: '{"method":"setMyProfile","user":{"__proto__":{"name":"Polluted"},"constructor":{"prototype":{"polluted":true}}}}' },
      { kind: 'text', text: `{"method":"getUser","reference":"${'r'.repeat(300_000)}"}` },
      { kind: 'binary', data: Buffer.from('{"method":"getMyProfiles"}') },
      { kind: 'bytes', data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
    ),
  },
);

interface WsClient {
  socket: WebSocket;
  frames: string[];
  closed?: number;
  wake?: () => void;
}

async function openClient(url: string): Promise<WsClient> {
  const socket = new WebSocket(url);
  const client: WsClient = { socket, frames: [] };
  socket.on('message', (data) => {
    client.frames.push(data.toString());
    client.wake?.();
  });
  socket.on('close', (code) => {
    client.closed = code;
    client.wake?.();
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return client;
}

/** Frames until `done` says stop, the socket closes, or 5 s pass. */
async function collect(client: WsClient, done: (frames: string[]) => boolean): Promise<'done' | 'closed' | 'timeout'> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (done(client.frames)) return 'done';
    if (client.closed !== undefined) return 'closed';
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      client.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    client.wake = undefined;
  }
}

function validReply(text: string): boolean {
  const frame = parse(text);
  if (!isObject(frame)) return false;
  if ('method' in frame) return REPLY_METHODS.includes(frame.method as string);
  return typeof frame.error === 'string' || typeof frame.error === 'number';
}

t.test('fuzz: every nandbox method over a real WebSocket', async (t) => {
  const server = await startServer(t);
  const wsUrl = `ws://127.0.0.1:${server.port}/nandbox/api/`;
  const { mock } = server.app;
  const findings = new Findings();
  const started = Date.now();
  let client = await openClient(wsUrl);
  let marker = 0;
  let reconnects = 0;

  await fc.assert(
    fc.asyncProperty(nandboxFrame, async (frame) => {
      if (client.closed !== undefined) {
        client = await openClient(wsUrl);
        reconnects++;
      }
      const before = storeText(mock.store.snapshot());
      const repro = frame.kind === 'text' ? `text ${frame.text.length > 200 ? `${frame.text.slice(0, 200)}…(${frame.text.length} chars)` : frame.text}` : `${frame.kind} ${frame.data.toString('hex')}`;
      const method = frame.kind === 'text' ? String((parse(frame.text) as { method?: unknown } | undefined)?.method ?? '(none)') : `(${frame.kind})`;
      const key = `nandbox ${REPLY_METHODS.includes(method) || ['TOKEN_AUTH', 'PING', 'getUser', 'getMyProfiles', 'setMyProfile'].includes(method) ? method : '(other method)'}`;
      client.frames.length = 0;
      if (frame.kind === 'text') client.socket.send(frame.text);
      else client.socket.send(frame.data, { binary: frame.kind === 'binary' });
      // Markers: re-authenticate as the main bot (the frame may have re-bound or unbound the session), then a
      // getMyProfiles whose reference names this case. Frames are answered in order, so everything before
      // the marker's answer belongs to the fuzz frame or to the TOKEN_AUTH marker.
      const reference = `marker-${++marker}`;
      client.socket.send(JSON.stringify({ method: 'TOKEN_AUTH', token: NANDBOX_TOKEN, rem: true }));
      client.socket.send(JSON.stringify({ method: 'getMyProfiles', reference }));
      const outcome = await collect(client, (frames) => frames.some((text) => (parse(text) as { reference?: unknown } | undefined)?.reference === reference));
      findings.cases++;
      if (outcome === 'timeout') {
        findings.add(`${key} timeout`, 'no answer to the marker within 5 s', repro, key);
        client.socket.terminate();
        return true;
      }
      if (outcome === 'closed') {
        if (!EXPECTED_CLOSES.includes(client.closed!)) findings.add(`${key} close ${client.closed}`, `connection closed with ${client.closed}`, repro, key);
        return true;
      }
      const markerAt = client.frames.findIndex((text) => (parse(text) as { reference?: unknown } | undefined)?.reference === reference);
      const replies = client.frames.slice(0, markerAt);
      const bad = replies.find((text) => !validReply(text));
      if (bad !== undefined) findings.add(`${key} shape`, `undefined reply ${bad.slice(0, 200)}`, repro, key);
      const authOk = replies.filter((text) => (parse(text) as { method?: unknown } | undefined)?.method === 'TOKEN_AUTH_OK').length;
      if (replies.length - 1 > 1 || authOk < 1) findings.add(`${key} count`, `${replies.length - 1} answers to one frame`, repro, key);
      const fuzzReplies = replies.slice(0, -1);
      if (fuzzReplies.some((text) => isObject(parse(text)) && 'error' in (parse(text) as object)) && storeText(mock.store.snapshot()) !== before) {
        findings.add(`${key} store changed`, 'an error frame, but the store changed', repro, key);
      }
      return true;
    }),
    { seed: SEED, numRuns: RUNS_PER_ROUTE * 25, interruptAfterTimeLimit: FUZZ_SECONDS * 1000 * 0.4, markInterruptAsFailure: false },
  );
  client.socket.close();

  // A fresh connection still serves, and so does HTTP.
  const check = await openClient(wsUrl);
  check.socket.send(JSON.stringify({ method: 'TOKEN_AUTH', token: NANDBOX_TOKEN, rem: true }));
  check.socket.send(JSON.stringify({ method: 'getUser', user_id: '90089584980037358', reference: 'final' }));
  await collect(check, (frames) => frames.length >= 2);
  t.match(parse(check.frames[1] ?? ''), { method: 'userDetails', reference: 'final' }, 'nandbox still answers getUser');
  check.socket.close();
  t.equal((await request(`${server.url}/__mock/health`)).status, 200, '/__mock/health still answers');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  t.comment(`nandbox fuzz: ${findings.cases} frames (${reconnects} reconnects after a documented close) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  findings.report(t);
  t.equal(findings.problems.size, 0, 'every frame answered once in a defined shape, store unchanged by rejected frames');
});

t.teardown(() => agent.destroy());
