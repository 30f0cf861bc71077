/**
 * Faults and the clock as each platform's own client sees them, set through startMockServer's
 * control client: Sendbird's SDK sees 500901, Chakra answers 5xx in `_errors`, Open WebUI's
 * is_active window follows the clock, nandbox frames are delayed.
 */
import t from 'tap';
import { startMockServer } from '../../src/index.js';
import { FrameClient } from '../nandbox/support.js';
import { SendbirdJs } from '../sendbird/fixtures.js';

t.test('the Sendbird SDK surfaces a configured 500901 with Sendbird\'s envelope', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const api = new SendbirdJs.UserApi(new SendbirdJs.ApiClient(mock.url));
  await mock.control.faults.add({ platform: 'sendbird', method: 'GET', path: '/v3/users/*', error: { status: 500, code: 500901 }, count: 1 });
  const failure = await api.viewUserById(mock.credentials.sendbird.api_token, 'Tyler', {}).then(
    () => undefined,
    (error: { status: number; body: unknown }) => error,
  );
  t.equal(failure?.status, 500);
  t.match(failure?.body, { code: 500901, error: true, message: String });
  const user = await api.viewUserById(mock.credentials.sendbird.api_token, 'Tyler', {});
  t.equal(user.nickname, 'SilentSoccer', 'count 1: the next call succeeds');
  const [entry] = (await mock.control.requests({ platform: 'sendbird', status: 500 })).requests;
  t.equal(entry.headers['api-token'], '[redacted]', 'the Api-Token header is redacted in the journal');
});

t.test('a Chakra 5xx fault answers in `_errors`', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  await mock.control.faults.add({ platform: 'chakra', error: { status: 503, message: 'Service Unavailable' } });
  const response = await fetch(`${mock.url}/v1/ext/users`, { headers: { authorization: `Bearer ${mock.credentials.chakra.token}` } });
  t.equal(response.status, 503);
  t.match(response.headers.get('content-type'), /application\/json/);
  t.same(await response.json(), { _errors: ['Service Unavailable'] });
});

t.test('moving the clock moves a user out of Open WebUI\'s 180 s is_active window', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  await mock.control.clock.set('2031-05-01T12:00:00.000Z');
  await mock.control.clock.freeze();
  const signin = await fetch(`${mock.url}/api/v1/auths/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'user@example.com', password: 'john-doe-password' }),
  });
  t.equal(signin.status, 200);
  const { token } = (await signin.json()) as { token: string };
  t.equal((await fetch(`${mock.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${token}` } })).status, 200, 'John is active now');
  const asAdmin = { headers: { authorization: `Bearer ${mock.credentials.openwebui.token}` } };
  const isActive = async () => ((await (await fetch(`${mock.url}/api/v1/users/user-123`, asAdmin)).json()) as { is_active: boolean }).is_active;
  t.equal(await isActive(), true);
  await mock.control.clock.advance(180_000);
  t.equal(await isActive(), true, 'still inside at exactly 180 s');
  await mock.control.clock.advance(1_000);
  t.equal(await isActive(), false, 'out of the window at 181 s');
});

t.test('a nandbox frame can be delayed; frames are journaled both ways', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const { url: wsUrl, token, app_id: appId } = mock.credentials.nandbox;
  const client = await FrameClient.authenticated(wsUrl, token);
  t.teardown(() => client.socket.terminate());
  await mock.control.faults.add({ platform: 'nandbox', path: 'getUser', frame: 'delay', latency: { ms: 300 }, count: 1 });
  const started = Date.now();
  const answer = await client.call({ method: 'getUser', app_id: appId, user_id: '90089584781491899', reference: 7 });
  t.ok(Date.now() - started >= 290, 'the answer was held back');
  t.equal(answer.method, 'userDetails');
  const frames = await mock.control.requests({ platform: 'nandbox', method: 'WS' });
  const paths = frames.requests.map((entry) => `${entry.direction}:${entry.path}`);
  t.ok(paths.includes('in:getUser') && paths.includes('out:userDetails'), paths.join(' '));
  const sent = frames.requests.find((entry) => entry.path === 'userDetails')!;
  t.strictSame(sent.body, answer, 'an answer is journaled as the client received it');
  const auth = frames.requests.find((entry) => entry.path === 'TOKEN_AUTH')!;
  t.equal((auth.body as { token: string }).token, '[redacted]', 'the bot token in TOKEN_AUTH is redacted');
  const waited = await mock.control.wait({ platform: 'nandbox', path: 'userDetails' }, { timeoutMs: 100 });
  t.equal(waited.matched, true, 'wait works on frames too');
});
