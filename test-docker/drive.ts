/**
 * Drives a running chat-user-mock container from the host, through the platforms' real clients:
 * zulip-js, sendbird-platform-sdk and nandbox-bot-api (as the tests in test/ use them), and fetch for
 * Open WebUI and ChakraHQ. Run by scripts/test-docker.sh:
 *
 *   npx tsx test-docker/drive.ts first  http://127.0.0.1:18080   # one request per platform, then writes users
 *   npx tsx test-docker/drive.ts second http://127.0.0.1:18080   # after a restart on the same /data: still there
 *
 * Exits 0 when every check passes, 1 with the failed check on stderr otherwise.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [phase, baseUrl] = process.argv.slice(2);
if ((phase !== 'first' && phase !== 'second') || !baseUrl) {
  process.stderr.write('usage: tsx test-docker/drive.ts first|second <base url>\n');
  process.exit(2);
}
const url = baseUrl.replace(/\/+$/, '');

// The user written through /__mock in the first phase and looked for after the restart.
const MIRANDA = { email: 'miranda@zulip.com', full_name: 'Miranda (docker test)', api_key: 'M'.repeat(32) };
// The user created through the Sendbird SDK (a platform-API write) in the first phase.
const SENDBIRD_USER = { id: 'docker-test-user', nickname: 'Written before docker stop' };

const require = createRequire(import.meta.url);

function check(condition: unknown, what: string, got?: unknown): void {
  if (!condition) {
    throw new Error(`${what}${got === undefined ? '' : `; got ${JSON.stringify(got)?.slice(0, 500)}`}`);
  }
  process.stdout.write(`  ok  ${what}\n`);
}

async function json(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: response.status, body, headers: response.headers };
}

type Credentials = {
  zulip: { email: string; api_key: string };
  sendbird: { app_id: string; api_token: string };
  openwebui: { email: string; password: string };
  chakra: { token: string };
  nandbox: { url: string; token: string; app_id: string };
};

async function zulip(): Promise<void> {
  const zulipInit = require('zulip-js') as (config: object) => Promise<any>;
  const credentials = (await json('/__mock/credentials')).body as Credentials;
  const client = await zulipInit({ realm: url, username: credentials.zulip.email, apiKey: credentials.zulip.api_key });
  const response = await client.callEndpoint('/users/10', 'GET');
  check(response.result === 'success' && response.user.full_name === 'King Hamlet', 'zulip-js: GET /api/v1/users/10 is King Hamlet', response);
}

function sendbirdApi(): any {
  const SendbirdJs = require('sendbird-platform-sdk');
  return new SendbirdJs.UserApi(new SendbirdJs.ApiClient(url));
}

async function sendbird(credentials: Credentials): Promise<void> {
  const SendbirdJs = require('sendbird-platform-sdk');
  const created = await sendbirdApi().createUser(credentials.sendbird.api_token, {
    createUserData: new SendbirdJs.CreateUserData(SENDBIRD_USER.id, SENDBIRD_USER.nickname, ''),
  });
  check(created.user_id === SENDBIRD_USER.id && created.is_created === true, 'sendbird-platform-sdk: POST /v3/users creates a user', created);
}

async function openwebui(credentials: Credentials): Promise<void> {
  const signin = await json('/api/v1/auths/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials.openwebui.email, password: credentials.openwebui.password }),
  });
  check(signin.status === 200 && signin.body.role === 'admin' && typeof signin.body.token === 'string', 'Open WebUI: POST /api/v1/auths/signin as the admin', signin.body);
  const users = await json('/api/v1/users/', { headers: { authorization: `Bearer ${signin.body.token}` } });
  check(users.status === 200 && users.body.total > 0 && Array.isArray(users.body.users), 'Open WebUI: GET /api/v1/users/ with the JWT', users.body);
}

async function chakra(credentials: Credentials): Promise<void> {
  const john = await json('/v1/ext/user/a91b5073-e9d4-4959-9fd3-6edf79c2c5a4', { headers: { authorization: `Bearer ${credentials.chakra.token}` } });
  check(john.status === 200 && john.body._data.username === 'johndoe', 'ChakraHQ: GET /v1/ext/user/{id} is John Doe', john.body);
}

/** The unmodified nandbox-bot-api SDK over the WebSocket: connect, TOKEN_AUTH, getUser -> onUserDetails. */
async function nandbox(credentials: Credentials): Promise<void> {
  // The SDK's winston logger writes to ../../../../logs relative to the cwd when it is loaded: keep that in a temp dir.
  const scratch = mkdtempSync(join(tmpdir(), 'chat-user-mock-docker-nandbox-'));
  const cwd = process.cwd();
  // The SDK also narrates on the console (method names, bot id): keep the test's output to its checks.
  const consoleLog = console.log;
  console.log = () => {};
  try {
    const workDir = join(scratch, 'a', 'b', 'c', 'd');
    mkdirSync(workDir, { recursive: true });
    process.chdir(workDir);
    const { NandBoxClient } = require('nandbox-bot-api/src/NandBoxClient');
    const NandBox = require('nandbox-bot-api/src/NandBox');
    const callback = new NandBox().Callback as Record<string, (...args: any[]) => void>;
    for (const name of ['onConnect', 'onUserDetails', 'onMyProfile', 'onClose', 'onError', 'onReceive', 'onReceiveObj']) callback[name] = () => {};
    const user = await new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nandbox-bot-api: no onUserDetails within 10 s')), 10_000);
      callback.onConnect = (api: any) => api.getUser('90089584980037358');
      callback.onUserDetails = (details: any) => {
        clearTimeout(timer);
        resolve(details);
      };
      NandBoxClient.get({ URI: credentials.nandbox.url }).connect(credentials.nandbox.token, callback);
    });
    check(user.id === '90089584980037358' && user.name === 'Shawmi dev', `nandbox-bot-api: getUser over ${credentials.nandbox.url}`, user);
  } finally {
    console.log = consoleLog;
    process.chdir(cwd);
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function writeThroughControlApi(): Promise<void> {
  const created = await json('/__mock/platforms/zulip/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(MIRANDA),
  });
  check(created.status === 201 && created.body.user?.email === MIRANDA.email, '/__mock: POST /__mock/platforms/zulip/users creates Miranda', created.body);
}

async function findWrittenUsers(credentials: Credentials): Promise<void> {
  const listed = await json('/__mock/platforms/zulip/users?limit=1000');
  const users: any[] = Array.isArray(listed.body) ? listed.body : listed.body.users ?? listed.body.items ?? [];
  const miranda = users.find((user) => user.email === MIRANDA.email);
  check(listed.status === 200 && miranda?.full_name === MIRANDA.full_name, '/__mock: Miranda is still stored after the restart', listed.status);
  const zulipInit = require('zulip-js') as (config: object) => Promise<any>;
  const client = await zulipInit({ realm: url, username: MIRANDA.email, apiKey: MIRANDA.api_key });
  const me = await client.users.me.getProfile();
  check(me.result === 'success' && me.full_name === MIRANDA.full_name, 'zulip-js: Miranda signs in with her key after the restart', me);
  const viewed = await sendbirdApi().viewUserById(credentials.sendbird.api_token, SENDBIRD_USER.id, {});
  check(viewed.nickname === SENDBIRD_USER.nickname, 'sendbird-platform-sdk: the user created before the restart is still there', viewed);
}

async function main(): Promise<void> {
  const ready = await json('/__mock/ready');
  check(ready.status === 200 && ready.body.status === 'ready', `GET ${url}/__mock/ready`, ready.body);
  const credentials = (await json('/__mock/credentials')).body as Credentials;
  if (phase === 'first') {
    await zulip();
    await sendbird(credentials);
    await openwebui(credentials);
    await chakra(credentials);
    await nandbox(credentials);
    await writeThroughControlApi();
  } else {
    await findWrittenUsers(credentials);
  }
}

main().then(
  // The nandbox SDK keeps its socket and timers alive; the checks are done.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`test:docker: FAILED: ${error instanceof Error ? error.message : JSON.stringify(error)}\n`);
    process.exit(1);
  },
);
