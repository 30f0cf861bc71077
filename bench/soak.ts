/**
 * Soak test (issue 10; not part of `npm test`): `npx tsx bench/soak.ts`.
 *
 * Builds (`npm run build`, skipped with SOAK_SKIP_BUILD=1) and starts `node dist/server.js` in its own
 * process on 127.0.0.1 (PORT=0, a temporary file DB_PATH), then for SOAK_MINUTES (default 3) mixes, at a
 * steady rate (SOAK_RATE operations a second, default 200): reads on every REST platform, writes through
 * the platforms and the control API (on a bounded set of users, so the store does not grow), journal
 * queries, short-lived nandbox sockets and a few long-lived ones sending frames.
 *
 * Sampled every SOAK_SAMPLE_SECONDS (default 5): the server's RSS from /proc/<pid>/status, and the
 * latency of GET /__mock/health probed every 100 ms on its own connection. The server exposes no
 * event-loop metric, so the health latency stands in for its event-loop delay (a blocked loop delays
 * the probe by as much). After the warm-up (a third of the run, at least 30 s; the journal's 10,000
 * entries fill during it) a least-squares line is fitted to each; the run fails (exit 1) when RSS grows
 * by more than max(10 MiB, 5 %) over the measured window, the health p50 grows by more than
 * max(2 ms, 100 %), or any request or frame fails.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const RATE = Number(process.env.SOAK_RATE ?? 200);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5) * 1000;
const DURATION_MS = MINUTES * 60_000;
const WARMUP_MS = Math.max(30_000, DURATION_MS / 3);
const MAX_IN_FLIGHT = 64;
const PERSISTENT_SOCKETS = 4;
const ROOT = new URL('../', import.meta.url);

const ZULIP = `Basic ${Buffer.from('iago@zulip.com:abcdefghijklmnopqrstuvwxyz123456').toString('base64')}`;
const OWUI_KEY = 'Bearer sk-5f3b2a1c9d8e4f7a6b5c4d3e2f1a0b9c';
const SENDBIRD = '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21';
const CHAKRA = 'Bearer chakraMockAccessToken0123456789';
const JOHN = 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';
const NANDBOX_TOKEN = '90091783784280234:0:chatUserMockNandboxBotSecret01';
const SHAWMI = '90089584980037358';

// ------------------------------------------------------------------ server ---------------

if (process.env.SOAK_SKIP_BUILD !== '1') {
  process.stdout.write('building (npm run build)…\n');
  execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
const dir = mkdtempSync(join(tmpdir(), 'chat-user-mock-soak-'));
const child = spawn(process.execPath, ['dist/server.js'], {
  cwd: ROOT,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DB_PATH: join(dir, 'soak.sqlite'), USERS: '50', LOG_LEVEL: 'warn', LOG_FORMAT: 'text' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverOutput = '';
child.stderr!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
const base = await new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${serverOutput}`)), 30_000);
  child.stdout!.on('data', (chunk: Buffer) => {
    serverOutput += chunk.toString();
    const match = /listening on (http:\/\/[^\s]+)/.exec(serverOutput);
    if (match) {
      clearTimeout(timer);
      resolve(match[1].replace(/\/$/, ''));
    }
  });
  child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}):\n${serverOutput}`)));
});
const pid = child.pid!;
const wsUrl = `${base.replace('http://', 'ws://')}/nandbox/api/`;
process.stdout.write(`server pid ${pid} at ${base}; ${MINUTES} min, ${RATE} ops/s, warm-up ${WARMUP_MS / 1000} s\n`);

function rssMiB(): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

// ------------------------------------------------------------------ accounting -----------

let requests = 0;
let frames = 0;
let skippedTicks = 0;
const failures: string[] = [];
const fail = (what: string) => {
  failures.push(what);
  if (failures.length <= 10) process.stdout.write(`FAIL ${what}\n`);
};

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown, via = agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${base}${path}`,
      { method, agent: via, headers: { ...headers, ...(text === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }) }, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout (10 s)')));
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

async function expect(label: string, status: number, run: () => Promise<{ status: number; text: string }>): Promise<void> {
  requests++;
  try {
    const answer = await run();
    if (answer.status !== status) fail(`${label}: ${answer.status} ${answer.text.slice(0, 160)}`);
  } catch (error) {
    fail(`${label}: ${(error as Error).message}`);
  }
}

// ------------------------------------------------------------------ nandbox ---------------

/** One socket: TOKEN_AUTH, then request/answer frames matched by reference. */
class Socket {
  private readonly waiting = new Map<string, (frame: Record<string, unknown>) => void>();
  private authWaiter: (() => void) | undefined;
  private counter = 0;
  readonly ready: Promise<void>;
  readonly socket: WebSocket;

  constructor() {
    this.socket = new WebSocket(wsUrl, { agent: undefined });
    this.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (frame.method === 'TOKEN_AUTH_OK') return this.authWaiter?.();
      const resolve = this.waiting.get(String(frame.reference));
      if (resolve) {
        this.waiting.delete(String(frame.reference));
        resolve(frame);
      }
    });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('open', () => {
        this.authWaiter = resolve;
        this.socket.send(JSON.stringify({ method: 'TOKEN_AUTH', token: NANDBOX_TOKEN, rem: true }));
      });
      this.socket.once('error', reject);
      setTimeout(() => reject(new Error('nandbox auth timeout')), 5000);
    });
  }

  request(frame: Record<string, unknown>): Promise<Record<string, unknown>> {
    const reference = `r${++this.counter}`;
    frames++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reference);
        reject(new Error(`no answer to ${String(frame.method)} within 5 s`));
      }, 5000);
      this.waiting.set(reference, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.socket.send(JSON.stringify({ ...frame, reference }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

async function nandboxCall(socket: Socket, frame: Record<string, unknown>, method: string): Promise<void> {
  try {
    const answer = await socket.request(frame);
    if (answer.method !== method) fail(`nandbox ${String(frame.method)}: ${JSON.stringify(answer).slice(0, 160)}`);
  } catch (error) {
    fail(`nandbox ${String(frame.method)}: ${(error as Error).message}`);
  }
}

async function shortLivedSocket(): Promise<void> {
  requests++;
  try {
    const socket = new Socket();
    await socket.ready;
    await nandboxCall(socket, { method: 'getUser', app_id: '90090684293000559', user_id: SHAWMI }, 'userDetails');
    socket.close();
  } catch (error) {
    fail(`nandbox short-lived socket: ${(error as Error).message}`);
  }
}

// ------------------------------------------------------------------ the mix ---------------

let n = 0;
// The first control write creates soak-<i> (201), later ones replace it (200): 50 users, however long the run.
const created = new Set<number>();
function controlPut(): Promise<void> {
  const id = n % 50;
  const status = created.has(id) ? 200 : 201;
  created.add(id);
  return expect('control put user', status, () => call('PUT', `/__mock/platforms/sendbird/users/soak-${id}`, {}, { nickname: `soak ${n}`, profile_url: '' }));
}
/** One operation per tick, round robin: 9 reads, 4 writes, 2 journal queries, 1 nandbox socket in 16. */
const OPERATIONS: Array<() => Promise<void>> = [
  () => expect('zulip get-user', 200, () => call('GET', '/api/v1/users/10', { authorization: ZULIP })),
  () => expect('sendbird list', 200, () => call('GET', '/v3/users?limit=10', { 'Api-Token': SENDBIRD })),
  () => controlPut(),
  () => expect('openwebui list', 200, () => call('GET', '/api/v1/users/?page=1', { authorization: OWUI_KEY })),
  () => expect('chakra v1 user', 200, () => call('GET', `/v1/ext/user/${JOHN}`, { authorization: CHAKRA })),
  () => expect('journal query', 200, () => call('GET', '/__mock/requests?platform=sendbird&limit=20')),
  () => expect('zulip get-users', 200, () => call('GET', '/api/v1/users', { authorization: ZULIP })),
  () => expect('sendbird update', 200, () => call('PUT', '/v3/users/Jay', { 'Api-Token': SENDBIRD }, { nickname: `Rooster ${n % 100}` })),
  () => expect('sendbird view', 200, () => call('GET', '/v3/users/Tyler?include_unread_count=true&custom_types=art,sports', { 'Api-Token': SENDBIRD })),
  () => shortLivedSocket(),
  () => expect('chakra update', 200, () => call('PATCH', `/v1/ext/user/${JOHN}`, { authorization: CHAKRA }, { bio: `soak ${n % 100}` })),
  () => expect('openwebui info', 200, () => call('GET', '/api/v1/users/user-123/info', { authorization: OWUI_KEY })),
  () => expect('journal wait', 200, () => call('POST', '/__mock/requests/wait', {}, { platform: 'zulip', count: 1, timeoutMs: 100 })),
  () => expect('chakra v2 list', 200, () => call('GET', '/v2/ext/users', { authorization: CHAKRA })),
  () =>
    expect('openwebui update', 200, () =>
      call('POST', '/api/v1/users/user-123/update', { authorization: OWUI_KEY }, { role: 'user', name: `John Doe ${n % 10}`, email: 'user@example.com', profile_image_url: '/user.png' }),
    ),
  () => expect('nandbox docs', 200, () => call('GET', '/nandbox/api/methods')),
];

// ------------------------------------------------------------------ run ------------------

interface Sample {
  atS: number;
  rss: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  frames: number;
  failures: number;
}
const samples: Sample[] = [];
let latencies: number[] = [];
const started = Date.now();
const end = started + DURATION_MS;
let running = true;

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function healthProbe(): Promise<void> {
  while (running) {
    const t0 = performance.now();
    try {
      const answer = await call('GET', '/__mock/health', {}, undefined, healthAgent);
      if (answer.status !== 200) fail(`health: ${answer.status}`);
      latencies.push(performance.now() - t0);
    } catch (error) {
      fail(`health: ${(error as Error).message}`);
    }
    await sleep(100);
  }
}

async function persistentSocket(index: number): Promise<void> {
  const socket = new Socket();
  try {
    await socket.ready;
  } catch (error) {
    fail(`nandbox persistent socket ${index}: ${(error as Error).message}`);
    return;
  }
  let i = 0;
  while (running) {
    i++;
    if (i % 10 === 0) await nandboxCall(socket, { method: 'setMyProfile', user: { status: `soak ${index}.${i % 20}` } }, 'myProfile');
    else await nandboxCall(socket, { method: 'getUser', app_id: '90090684293000559', user_id: SHAWMI }, 'userDetails');
    await sleep(200);
  }
  socket.close();
}

async function sampler(): Promise<void> {
  process.stdout.write('  t(s)   RSS(MiB)  health p50/p99/max (ms)  requests   frames  failures\n');
  while (running) {
    await sleep(SAMPLE_MS);
    const window = latencies;
    latencies = [];
    const sample: Sample = {
      atS: Math.round((Date.now() - started) / 1000),
      rss: rssMiB(),
      p50: quantile(window, 0.5),
      p99: quantile(window, 0.99),
      max: Math.max(...window),
      requests,
      frames,
      failures: failures.length,
    };
    samples.push(sample);
    const warm = sample.atS * 1000 < WARMUP_MS ? ' (warm-up)' : '';
    process.stdout.write(
      `${String(sample.atS).padStart(6)}  ${sample.rss.toFixed(1).padStart(8)}  ${sample.p50.toFixed(2).padStart(7)} / ${sample.p99.toFixed(2).padStart(6)} / ${sample.max.toFixed(1).padStart(6)}   ${String(sample.requests).padStart(8)} ${String(sample.frames).padStart(8)}  ${String(sample.failures).padStart(8)}${warm}\n`,
    );
  }
}

let inFlight = 0;
async function load(): Promise<void> {
  const interval = 1000 / RATE;
  let nextAt = performance.now();
  while (Date.now() < end) {
    nextAt += interval;
    if (inFlight >= MAX_IN_FLIGHT) skippedTicks++;
    else {
      inFlight++;
      const operation = OPERATIONS[n % OPERATIONS.length];
      n++;
      void operation().finally(() => inFlight--);
    }
    const wait = nextAt - performance.now();
    if (wait > 0) await sleep(wait);
  }
  while (inFlight > 0) await sleep(10);
}

const background = [healthProbe(), sampler(), ...Array.from({ length: PERSISTENT_SOCKETS }, (_, i) => persistentSocket(i))];
await load();
running = false;
await Promise.all(background);

// ------------------------------------------------------------------ verdict --------------

/** Least squares: slope per second. */
function slope(points: Array<[number, number]>): number {
  const count = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / count;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / count;
  const num = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const den = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const measured = samples.filter((sample) => sample.atS * 1000 >= WARMUP_MS);
const windowS = measured.length > 1 ? measured[measured.length - 1].atS - measured[0].atS : 0;
const rssSlope = slope(measured.map((sample) => [sample.atS, sample.rss]));
const rssGrowth = rssSlope * windowS;
const p50Slope = slope(measured.map((sample) => [sample.atS, sample.p50]));
const p50Growth = p50Slope * windowS;
const baseRss = measured[0]?.rss ?? NaN;
const baseP50 = quantile(measured.slice(0, 3).map((sample) => sample.p50), 0.5);
const allP50 = quantile(measured.map((sample) => sample.p50), 0.5);
const allP99 = quantile(measured.map((sample) => sample.p99), 0.5);
const worstP99 = Math.max(...measured.map((sample) => sample.p99));
const elapsedS = (Date.now() - started) / 1000;

child.kill('SIGTERM');
const exit = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
rmSync(dir, { recursive: true, force: true });

const reasons: string[] = [];
if (measured.length < 3) reasons.push(`only ${measured.length} samples after warm-up`);
if (rssGrowth > Math.max(10, baseRss * 0.05)) reasons.push(`RSS grows: +${rssGrowth.toFixed(1)} MiB over ${windowS} s`);
if (p50Growth > Math.max(2, baseP50)) reasons.push(`health latency grows: p50 +${p50Growth.toFixed(2)} ms over ${windowS} s`);
if (failures.length > 0) reasons.push(`${failures.length} failed requests/frames`);
if (exit !== 0) reasons.push(`server exit code ${exit} on SIGTERM`);

process.stdout.write(
  `\nsummary: ${elapsedS.toFixed(0)} s, ${requests} requests + ${frames} nandbox frames (${(requests / elapsedS).toFixed(0)} req/s), ${failures.length} failures, ${skippedTicks} ticks skipped (in-flight cap)\n` +
    `  RSS: ${samples[0]?.rss.toFixed(1)} MiB first sample, ${baseRss.toFixed(1)} MiB after warm-up, ${samples[samples.length - 1]?.rss.toFixed(1)} MiB at the end; ` +
    `trend after warm-up ${(rssSlope * 60).toFixed(2)} MiB/min (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)} MiB fitted over ${windowS} s)\n` +
    `  health latency (event-loop delay proxy) after warm-up: p50 ${allP50.toFixed(2)} ms, p99 ${allP99.toFixed(2)} ms (median of samples), worst sample p99 ${worstP99.toFixed(2)} ms; ` +
    `p50 trend ${(p50Slope * 60).toFixed(3)} ms/min\n` +
    `  verdict: ${reasons.length === 0 ? 'PASS (flat RSS and latency, no failure)' : `FAIL: ${reasons.join('; ')}`}\n`,
);
process.exit(reasons.length === 0 ? 0 : 1);
