import t from 'tap';
import { request, startServer } from '../helper.js';
import { AUTH, ChakraClient, ChakraClientError, JOHN_ID, TOKEN } from './support.js';

const PROTECTED: Array<[string, string]> = [
  ['GET', `/v1/ext/user/${JOHN_ID}`],
  ['GET', `/v2/ext/user/${JOHN_ID}`],
  ['GET', '/v1/ext/users'],
  ['GET', '/v2/ext/users'],
  ['PUT', `/v1/ext/user/${JOHN_ID}`],
  ['PATCH', `/v1/ext/user/${JOHN_ID}`],
  ['GET', '/v1/ext/config'],
];

const REFUSED_HEADERS: Array<[string, Record<string, string>]> = [
  ['no Authorization header', {}],
  ['an empty header', { authorization: '' }],
  ['Bearer without a token', { authorization: 'Bearer' }],
  ['Bearer and spaces', { authorization: 'Bearer   ' }],
  ['an unknown token', { authorization: 'Bearer not-the-token' }],
  ['the token without a scheme', { authorization: TOKEN }],
  ['Basic scheme', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
  ['Token scheme', { authorization: `Token ${TOKEN}` }],
  ['two tokens', { authorization: `Bearer ${TOKEN} ${TOKEN}` }],
  ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
  ['the token in another case', { authorization: `Bearer ${TOKEN.toUpperCase()}` }],
];

t.test('every route refuses a missing, malformed or unknown token with 401 {"_errors":["Unauthorized"]}', async (t) => {
  const { url } = await startServer(t);
  for (const [method, path] of PROTECTED) {
    for (const [label, headers] of REFUSED_HEADERS) {
      const body = method === 'GET' ? undefined : '{"firstName":"Mallory"}';
      const response = await request(`${url}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body });
      t.equal(response.status, 401, `${method} ${path}: ${label}`);
      t.match(response.headers.get('content-type'), /^application\/json/);
      t.strictSame(response.json, { _errors: ['Unauthorized'] });
    }
  }
  t.equal((await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH })).json._data.firstName, 'John', 'no refused update was applied');
});

t.test('the header name and the scheme are case-insensitive; surrounding blanks are tolerated', async (t) => {
  const { url } = await startServer(t);
  for (const value of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER ${TOKEN}`, `Bearer  ${TOKEN} `]) {
    for (const name of ['Authorization', 'authorization', 'AUTHORIZATION']) {
      const response = await request(`${url}/v1/ext/config`, { headers: { [name]: value } });
      t.equal(response.status, 200, `${name}: ${JSON.stringify(value)}`);
    }
  }
});

t.test('the ChakraHQ-SDK-style client sees 401 as an error whose message is _errors[0]', async (t) => {
  const { url } = await startServer(t);
  const error = await new ChakraClient(`${url}/`, 'wrong').get('/v1/ext/users').catch((caught: unknown) => caught);
  t.ok(error instanceof ChakraClientError);
  t.equal((error as ChakraClientError).statusCode, 401);
  t.equal((error as ChakraClientError).message, 'Unauthorized');
  t.strictSame((error as ChakraClientError).responseBody, { _errors: ['Unauthorized'] });
  const ok = await new ChakraClient(`${url}/`, TOKEN).get('/v1/ext/config');
  t.equal(ok._data.team.shortId, 'paisapay', 'a trailing slash on the base URL is fine, as in the SDK');
});

t.test('CHAKRA_TOKEN replaces the default token; CHAKRA_TOKENS adds more; credentials show only {token}', async (t) => {
  const { url } = await startServer(t, { settings: { CHAKRA_TOKEN: 'k'.repeat(255), CHAKRA_TOKENS: 'second, third' } });
  for (const token of ['k'.repeat(255), 'second', 'third']) {
    t.equal((await request(`${url}/v1/ext/users`, { headers: { authorization: `Bearer ${token}` } })).status, 200, token.slice(0, 10));
  }
  t.equal((await request(`${url}/v1/ext/users`, { headers: AUTH })).status, 401, 'the default token no longer works');
  const credentials = await request(`${url}/__mock/credentials`);
  t.strictSame(credentials.json.chakra, { token: 'k'.repeat(255) });
});

t.test('the default credentials are exactly {"token"} and work', async (t) => {
  const { url } = await startServer(t);
  const credentials = (await request(`${url}/__mock/credentials`)).json.chakra;
  t.strictSame(credentials, { token: TOKEN });
  t.equal((await request(`${url}/v1/ext/config`, { headers: { authorization: `Bearer ${credentials.token}` } })).status, 200);
});

t.test('CHAKRA_UNAUTHORIZED_STATUS=403 answers 403 {"_errors":["Forbidden"]}', async (t) => {
  const { url } = await startServer(t, { settings: { CHAKRA_UNAUTHORIZED_STATUS: '403' } });
  const response = await request(`${url}/v2/ext/users`, { headers: { authorization: 'Bearer nope' } });
  t.equal(response.status, 403);
  t.strictSame(response.json, { _errors: ['Forbidden'] });
});
