/**
 * `npm run bench`: chat-user-mock against raw baselines, every server in its own process on 127.0.0.1.
 *
 * - REST get-user per platform (valid credentials from GET /__mock/credentials): autocannon, 50 connections,
 *   warm-up then DURATION s, baseline and mock alternately for ROUNDS rounds. Ratio of req/s (median of the
 *   rounds), p50/p99, server CPU µs per request (the server process's own utime+stime), RSS.
 * - nandbox: getUser frames per second over 50 authenticated sockets, against a bare `ws` server.
 * - Cold start (spawn to first 200 of a get-user call, median of 5) on an existing DB file and on an empty one.
 * - Seeding 1,000 / 100,000 users per platform (the path a new database file takes, then one thread per
 *   platform for the breakdown).
 * - get-user latency with 1,000 vs 1,000,000 Zulip users stored (both servers running, the probe alternating
 *   between them in blocks).
 * - RSS idle and after 1,000,000 requests.
 *
 * Under load (REST, nandbox, the latency probe) every server runs on the last CPU and this process, the
 * load generator, on the others (taskset; BENCH_PIN=0 leaves placement to the kernel). On these 2-core
 * machines the two otherwise share both cores however the scheduler decides from second to second. In
 * 10 rounds of Zulip's get-user, each measured both ways in turn, the mock served 54,200 to 65,900 req/s
 * left to the kernel (sd 3,800) and 59,100 to 66,600 pinned (sd 2,600). The ratio's spread is the raw
 * server's, pinned or not (63,000 to 95,000 req/s): see the README's "Performance benchmark".
 *
 * BENCH_QUICK=1: shorter runs, one round, smaller sizes (for development; its figures prove nothing).
 * Results: bench/results/latest.json and latest.md (kept in git), plus a timestamped copy (not kept).
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const QUICK = process.env.BENCH_QUICK === '1';
const CONFIG = {
  quick: QUICK,
  durationS: Number(process.env.BENCH_DURATION ?? (QUICK ? 3 : 10)),
  // A fresh mock under Zulip's get-user load spends 21-25 µs of CPU a request in its first 2 s, then 16-20. Yet
  // with 5 s of warm-up, two bench runs measured the mock at 22-23 µs on every platform, against 17-19 with 2 s:
  // not reproduced outside the bench, so the default stays the 2 s the earlier results used. `perf` of that
  // state: V8's slow keyed stores and map migrations under node's OutgoingMessage constructor, as if the
  // warm-up's 50 sockets closing with requests in flight had deprecated a map that optimized code still used.
  warmupS: QUICK ? 1 : Number(process.env.BENCH_WARMUP ?? 2),
  rounds: Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3)),
  connections: 50,
  sockets: 50,
  coldStarts: QUICK ? 3 : 5,
  seedSizes: QUICK ? [1_000, 10_000] : [1_000, 100_000],
  storeSizes: QUICK ? [1_000, 100_000] : [1_000, 1_000_000],
  latencyProbe: QUICK ? 2_000 : 10_000,
  requestsForRss: QUICK ? 200_000 : 1_000_000,
  pinning: cpuPinning(),
};

/** Issue 9's goals: each goal line's text, check and figure, and the tables' medians, are made from these. */
const LIMIT = { ratio: 0.7, cpuUs: 25, nandboxRatio: 0.5, coldExistingMs: 300, coldEmptyMs: 800, seedingS: 10, growthPct: 10, idleRssMb: 90, loadedRssMb: 150 };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(ROOT, 'dist', 'server.js');
const RESULTS = join(ROOT, 'bench', 'results');
const HOST = '127.0.0.1';
const TICK_US = 1_000_000 / 100; // /proc/<pid>/stat counts CPU in clock ticks of 10 ms (USER_HZ = 100 on Linux)

// ---------- processes ----------

/** Which CPUs the servers under load and the load generator get, as taskset lists; null when not pinned. */
function cpuPinning(): { servers: string; loadGenerator: string } | null {
  const count = cpus().length;
  if (process.env.BENCH_PIN === '0' || count < 2) return null;
  if (spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status !== 0) return null;
  const last = count - 1;
  return { servers: String(last), loadGenerator: last === 1 ? '0' : `0-${last - 1}` };
}

function placement(): string {
  const pinning = CONFIG.pinning;
  return pinning ? `under load the servers run on CPU ${pinning.servers} and the load generator on CPU ${pinning.loadGenerator} (taskset)` : 'CPUs left to the kernel';
}

/** Moves every thread of `pid` (and so the threads it starts later) to the CPUs of `cpuList`. */
function pinTo(pid: number, cpuList: string): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`taskset could not pin ${pid} to CPUs ${cpuList}`);
}

/** Servers on their CPU, this process (autocannon, the ws clients, the probe) on the others. */
function pinForLoad(servers: Server[]): void {
  const pinning = CONFIG.pinning;
  if (!pinning) return;
  pinTo(process.pid, pinning.loadGenerator);
  for (const server of servers) pinTo(server.child.pid!, pinning.servers);
}

/** This process back on every CPU; the processes it starts next inherit that. */
function unpinLoadGenerator(): void {
  if (CONFIG.pinning) pinTo(process.pid, `0-${cpus().length - 1}`);
}

interface Server {
  name: string;
  child: ChildProcess;
  port: number;
  base: string;
}

const running = new Set<ChildProcess>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 4000) stderr = stderr.slice(-4000);
  });
  child.once('exit', (code, signal) => {
    if (code && code !== 0 && signal === null) process.stderr.write(`[bench] ${args.join(' ')} exited ${code}: ${stderr}\n`);
  });
  return child;
}

async function stop(server: Server | ChildProcess): Promise<void> {
  const child = 'child' in server ? server.child : server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface MockEnv {
  dbPath: string;
  users?: number;
  extra?: Record<string, string>;
}

function mockEnv(port: number, options: MockEnv): Record<string, string> {
  // Production mode, journal ON (JOURNAL_SIZE left at its default), logs off the hot path.
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST,
    DB_PATH: options.dbPath,
    LOG_LEVEL: 'warn',
    ...(options.users === undefined ? {} : { USERS: String(options.users) }),
    ...options.extra,
  };
}

async function startMock(options: MockEnv, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawnNode([...nodeArgs, SERVER], mockEnv(port, options));
  const server = { name: 'chat-user-mock', child, port, base: `http://${HOST}:${port}` };
  await waitFor200(server, '/__mock/ready', {}, 120_000);
  return server;
}

async function startBaseline(script: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawnNode([join(ROOT, 'bench', script)], { ...env, PORT: String(port) });
  const server = { name: script, child, port, base: `http://${HOST}:${port}` };
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return server;
}

// ---------- HTTP helpers ----------

interface Fetched {
  status: number;
  contentType: string;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(base: string, path: string, headers: Record<string, string> = {}, keepAlive = true): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers, agent: keepAlive ? agent : false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `path` answers 200; returns ms since `since`. */
async function waitFor200(server: Server, path: string, headers: Record<string, string>, timeoutMs: number, since = performance.now()): Promise<number> {
  const deadline = since + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited with ${server.child.exitCode} before answering`);
    try {
      const answer = await get(server.base, path, headers, false);
      if (answer.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${server.name}: no 200 on ${path} within ${timeoutMs} ms`);
    await sleep(2);
  }
}

// ---------- process accounting ----------

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

// ---------- load ----------

interface Call {
  platform: string;
  path: string;
  headers: Record<string, string>;
}

interface LoadResult {
  server: string;
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpuUsPerRequest: number;
  rssMb: number;
}

const served = new Map<number, number>(); // pid -> requests answered during the run

async function cannon(server: Server, call: Call, durationS: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: `${server.base}${call.path}`,
    connections: CONFIG.connections,
    duration: durationS,
    headers: call.headers,
  });
  const pid = server.child.pid!;
  served.set(pid, (served.get(pid) ?? 0) + result.requests.total);
  return result;
}

async function load(server: Server, call: Call): Promise<LoadResult> {
  await cannon(server, call, CONFIG.warmupS);
  const pid = server.child.pid!;
  const ticks = cpuTicks(pid);
  const result = await cannon(server, call, CONFIG.durationS);
  const cpu = (cpuTicks(pid) - ticks) * TICK_US;
  const requests = result.requests.total;
  return {
    server: server.name,
    rps: requests / CONFIG.durationS,
    requests,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuUsPerRequest: requests > 0 ? cpu / requests : NaN,
    rssMb: rssMb(pid),
  };
}

// ---------- nandbox ----------

interface FrameLoad {
  server: string;
  fps: number;
  frames: number;
  cpuUsPerFrame: number;
  rssMb: number;
}

async function openSockets(url: string, token: string | undefined): Promise<WebSocket[]> {
  return Promise.all(
    Array.from({ length: CONFIG.sockets }, async () => {
      const socket = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      if (token !== undefined) {
        socket.send(JSON.stringify({ method: 'TOKEN_AUTH', token, rem: true }));
        const reply = await new Promise<string>((resolve) => socket.once('message', (data: WebSocket.RawData) => resolve(data.toString())));
        if (!reply.includes('TOKEN_AUTH_OK')) throw new Error(`nandbox auth failed: ${reply}`);
      }
      return socket;
    }),
  );
}

/** Each socket sends one frame, waits for its answer, sends the next: 50 frames in flight. */
async function frameLoop(sockets: WebSocket[], frame: string, durationS: number): Promise<number> {
  let count = 0;
  let running = true;
  const handlers = sockets.map((socket) => {
    const onMessage = () => {
      count++;
      if (running) socket.send(frame);
    };
    socket.on('message', onMessage);
    socket.send(frame);
    return onMessage;
  });
  await sleep(durationS * 1000);
  running = false;
  await sleep(200); // let the frames in flight come back before the listeners go
  sockets.forEach((socket, i) => socket.off('message', handlers[i]));
  return count;
}

async function frameLoad(server: Server, sockets: WebSocket[], frame: string): Promise<FrameLoad> {
  await frameLoop(sockets, frame, CONFIG.warmupS);
  const pid = server.child.pid!;
  const ticks = cpuTicks(pid);
  const started = performance.now();
  const frames = await frameLoop(sockets, frame, CONFIG.durationS);
  const elapsedS = (performance.now() - started) / 1000;
  const cpu = (cpuTicks(pid) - ticks) * TICK_US;
  return { server: server.name, fps: frames / elapsedS, frames, cpuUsPerFrame: cpu / frames, rssMb: rssMb(pid) };
}

// ---------- latency probe ----------

/** Blocks the latency probe alternates between its servers: drift of the machine falls on each alike. */
const PROBE_BLOCKS = 10;

interface ProbeTarget {
  server: Server;
  /** The i-th random stored id. */
  ids: (i: number) => number;
}

/**
 * One keep-alive connection per server, sequential requests: p50/p99 in µs of get-user over random
 * stored ids. After a warm-up, the servers take turns, PROBE_BLOCKS blocks of `count / PROBE_BLOCKS`
 * requests each, in alternating order. Probed one after the other, the 1,000,000-user p50 moved from
 * 133 to 183 µs between two runs on this machine, with the 1,000-user one at 114 and 115: the drift was
 * larger than the difference measured.
 */
async function latencyProbe(targets: ProbeTarget[], headers: Record<string, string>, count: number): Promise<Array<{ p50: number; p99: number }>> {
  const probes = targets.map(({ server, ids }) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const once = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const path = `/api/v1/users/${ids(i)}`;
        const started = performance.now();
        const req = httpRequest(`${server.base}${path}`, { headers, agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve((performance.now() - started) * 1000) : reject(new Error(`${path}: ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end();
      });
    return { agent, once, times: [] as number[] };
  });
  for (const probe of probes) for (let i = 0; i < Math.min(2000, count); i++) await probe.once(i);
  const perBlock = Math.ceil(count / PROBE_BLOCKS);
  for (let block = 0; block < PROBE_BLOCKS; block++) {
    for (const probe of block % 2 ? [...probes].reverse() : probes) {
      for (let i = block * perBlock; i < Math.min(count, (block + 1) * perBlock); i++) probe.times.push(await probe.once(i + 7919));
    }
  }
  return probes.map(({ agent, times }) => {
    agent.destroy();
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length * 0.5)], p99: times[Math.floor(times.length * 0.99)] };
  });
}

/** Deterministic pseudo-random ids in [first, first + n). */
function idPicker(first: number, n: number): (i: number) => number {
  return (i) => first + (Math.imul(i + 1, 2654435761) >>> 0) % n;
}

// ---------- statistics, formatting ----------

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? round(value, digits).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');
/** Ratios get three decimals: with two, 0.697 printed as 0.70 beside its goal's "not met" (medians: fmtAgainst). */
const fmtRatio = (value: number) => fmt(value, 3);
/**
 * A goal line's figure: `digits` decimals, and more while rounding would print it on the other side of
 * `limit` than it is (25.04 µs as "25.0" beside "not met", 0.6996 as "0.700"); six at most.
 */
const fmtAgainst = (value: number, limit: number, digits: number) => {
  let shown = digits;
  while (shown < 6 && Math.sign(round(value, shown) - limit) !== Math.sign(value - limit)) shown++;
  return fmt(value, shown);
};

function runScript(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnNode([join(ROOT, 'bench', script), ...args], {});
    let out = '';
    child.stdout!.removeAllListeners('data');
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${script} ${args.join(' ')} exited ${code}`))));
  });
}

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

// ---------- the run ----------

async function main(): Promise<void> {
  if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first (npm run bench does)');
  const work = mkdtempSync(join(tmpdir(), 'cum-bench-'));
  const dbPath = join(work, 'mock.sqlite');
  const startedAt = new Date();
  log(`${QUICK ? 'QUICK mode, ' : ''}${CONFIG.rounds} round(s) of ${CONFIG.durationS} s, ${CONFIG.connections} connections; node ${process.version}, ${cpus().length} cores; ${placement()}`);

  // 1. The mock on a fresh DB (first seeding of the default data), its credentials and the calls.
  let mock = await startMock({ dbPath });
  await sleep(1000);
  const idleRssMb = rssMb(mock.child.pid!);
  const credentials = JSON.parse((await get(mock.base, '/__mock/credentials')).body.toString()) as {
    zulip: { email: string; api_key: string };
    sendbird: { api_token: string };
    openwebui: { token: string };
    chakra: { token: string };
    nandbox: { url: string; token: string; app_id: string };
  };
  const chakraSeed = JSON.parse(readFileSync(join(ROOT, 'seeds', 'chakra.json'), 'utf8')) as unknown;
  const chakraUserId = JSON.stringify(chakraSeed).match(/"id":"(a91b5073-[0-9a-f-]+)"/)?.[1] ?? 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';
  const zulipAuth = `Basic ${Buffer.from(`${credentials.zulip.email}:${credentials.zulip.api_key}`).toString('base64')}`;
  const calls: Call[] = [
    { platform: 'zulip', path: '/api/v1/users/10', headers: { authorization: zulipAuth } },
    { platform: 'sendbird', path: '/v3/users/Tyler', headers: { 'api-token': credentials.sendbird.api_token } },
    { platform: 'openwebui', path: '/api/v1/users/user-123', headers: { authorization: `Bearer ${credentials.openwebui.token}` } },
    { platform: 'chakra', path: `/v1/ext/user/${chakraUserId}`, headers: { authorization: `Bearer ${credentials.chakra.token}` } },
  ];

  // 2. The raw baseline: a byte-identical pre-serialized copy of each response.
  const canned: Record<string, { status: number; contentType: string; body: string }> = {};
  const sizes: Record<string, number> = {};
  for (const call of calls) {
    const answer = await get(mock.base, call.path, call.headers);
    if (answer.status !== 200) throw new Error(`${call.platform} get-user answered ${answer.status}: ${answer.body.toString()}`);
    canned[call.path] = { status: answer.status, contentType: answer.contentType, body: answer.body.toString('base64') };
    sizes[call.platform] = answer.body.length;
  }
  const cannedFile = join(work, 'responses.json');
  writeFileSync(cannedFile, JSON.stringify(canned));
  const raw = await startBaseline('baseline-http.mjs', { BASELINE_RESPONSES: cannedFile });
  for (const call of calls) {
    const copy = await get(raw.base, call.path);
    if (!copy.body.equals(Buffer.from(canned[call.path].body, 'base64')) || copy.contentType !== canned[call.path].contentType) throw new Error(`baseline copy of ${call.platform} differs`);
  }

  // 3. REST get-user: baseline and mock alternately, the order swapped every round.
  pinForLoad([mock, raw]);
  const rest: Array<{ platform: string; bytes: number; rounds: Array<{ raw: LoadResult; mock: LoadResult }>; rssBeforeMb: number }> = [];
  for (const call of calls) {
    const entry = { platform: call.platform, bytes: sizes[call.platform], rounds: [] as Array<{ raw: LoadResult; mock: LoadResult }>, rssBeforeMb: rssMb(mock.child.pid!) };
    for (let round = 0; round < CONFIG.rounds; round++) {
      const first = round % 2 === 0 ? raw : mock;
      const second = first === raw ? mock : raw;
      const a = await load(first, call);
      const b = await load(second, call);
      const pair = first === raw ? { raw: a, mock: b } : { raw: b, mock: a };
      if (pair.mock.non2xx > 0 || pair.mock.errors > 0) log(`  ${call.platform}: ${pair.mock.non2xx} non-2xx, ${pair.mock.errors} errors from the mock`);
      entry.rounds.push(pair);
      log(`${call.platform} round ${round + 1}: raw ${fmt(pair.raw.rps)} req/s, mock ${fmt(pair.mock.rps)} req/s (${fmtRatio(pair.mock.rps / pair.raw.rps)}), mock ${fmt(pair.mock.cpuUsPerRequest, 1)} µs CPU/req`);
    }
    rest.push(entry);
  }

  // 4. nandbox: getUser frames over 50 authenticated sockets vs a bare ws server.
  const nandboxFrame = JSON.stringify({ method: 'getUser', app_id: credentials.nandbox.app_id, user_id: '90089584781491899', reference: 1 });
  const mockSockets = await openSockets(credentials.nandbox.url, credentials.nandbox.token);
  const sample = await new Promise<string>((resolve) => {
    mockSockets[0].once('message', (data: WebSocket.RawData) => resolve(data.toString()));
    mockSockets[0].send(nandboxFrame);
  });
  if (!sample.includes('"userDetails"')) throw new Error(`nandbox getUser answered ${sample}`);
  const bareWs = await startBaseline('baseline-ws.mjs', { BASELINE_FRAME: Buffer.from(sample).toString('base64') });
  pinForLoad([bareWs]);
  const bareSockets = await openSockets(`ws://${HOST}:${bareWs.port}/nandbox/api/`, undefined);
  const nandboxRounds: Array<{ raw: FrameLoad; mock: FrameLoad }> = [];
  for (let round = 0; round < CONFIG.rounds; round++) {
    const bareFirst = round % 2 === 0;
    const before = bareFirst ? await frameLoad(bareWs, bareSockets, nandboxFrame) : await frameLoad(mock, mockSockets, nandboxFrame);
    const after = bareFirst ? await frameLoad(mock, mockSockets, nandboxFrame) : await frameLoad(bareWs, bareSockets, nandboxFrame);
    const pair = bareFirst ? { raw: before, mock: after } : { raw: after, mock: before };
    nandboxRounds.push(pair);
    log(`nandbox round ${round + 1}: bare ws ${fmt(pair.raw.fps)} frames/s, mock ${fmt(pair.mock.fps)} frames/s (${fmtRatio(pair.mock.fps / pair.raw.fps)})`);
  }
  for (const socket of [...mockSockets, ...bareSockets]) socket.terminate();
  await stop(bareWs);

  // 5. RSS after 1,000,000 requests: top up with the four calls in turn until the mock has served that many.
  const mockPid = mock.child.pid!;
  let topUps = 0;
  while ((served.get(mockPid) ?? 0) < CONFIG.requestsForRss && topUps < 40) {
    await cannon(mock, calls[topUps % calls.length], Math.min(10, CONFIG.durationS));
    topUps++;
  }
  await sleep(1000);
  const requestsServed = served.get(mockPid) ?? 0;
  const rssAfterMb = rssMb(mockPid);
  log(`RSS: ${fmt(idleRssMb, 1)} MB idle, ${fmt(rssAfterMb, 1)} MB after ${fmt(requestsServed)} requests`);
  await stop(mock);
  await stop(raw);
  // Cold starts and seeding (two threads) get every CPU, as on a user's machine.
  unpinLoadGenerator();

  // 6. Cold start: spawn to the first 200 of Zulip's get-user; existing DB (the one just used) and empty DB.
  const zulipCall = calls[0];
  const coldStart = async (dbFile: () => string): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < CONFIG.coldStarts; i++) {
      const port = await freePort();
      const started = performance.now();
      const child = spawnNode([SERVER], mockEnv(port, { dbPath: dbFile() }));
      const server = { name: 'chat-user-mock', child, port, base: `http://${HOST}:${port}` };
      times.push(await waitFor200(server, zulipCall.path, zulipCall.headers, 60_000, started));
      await stop(server);
    }
    return median(times);
  };
  const coldExisting = await coldStart(() => dbPath);
  let fresh = 0;
  const coldEmpty = await coldStart(() => join(work, `empty-${fresh++}.sqlite`));
  const rawColdTimes: number[] = [];
  for (let i = 0; i < CONFIG.coldStarts; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawnNode([join(ROOT, 'bench', 'baseline-http.mjs')], { PORT: String(port), BASELINE_RESPONSES: cannedFile });
    const server = { name: 'baseline-http', child, port, base: `http://${HOST}:${port}` };
    rawColdTimes.push(await waitFor200(server, zulipCall.path, {}, 10_000, started));
    await stop(server);
  }
  const coldRaw = median(rawColdTimes);
  log(`cold start: existing DB ${fmt(coldExisting)} ms, empty DB ${fmt(coldEmpty)} ms, raw node:http ${fmt(coldRaw)} ms`);

  // 7. Seeding.
  const seeding: Array<{ users: number; peopleMs: number; platforms: Record<string, number>; totalMs: number }> = [];
  for (const users of CONFIG.seedSizes) {
    const file = join(work, `seed-${users}.sqlite`);
    const result = JSON.parse(await runScript('seed-probe.mjs', [String(users), file])) as (typeof seeding)[number];
    seeding.push(result);
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    log(`seeding ${fmt(users)} users per platform: ${fmt(result.totalMs / 1000, 2)} s (one thread each: ${Object.entries(result.platforms).map(([name, ms]) => `${name} ${fmt(ms / 1000, 2)} s`).join(', ')}; people ${fmt(result.peopleMs / 1000, 2)} s)`);
  }

  // 8. get-user with 1,000 vs 1,000,000 Zulip users stored (random targets among them): both servers run at
  // once and the probe alternates between them.
  const stores: Array<{ users: number; file: string; server: Server; ids: (i: number) => number; synthetic: number }> = [];
  for (const users of CONFIG.storeSizes) {
    const file = join(work, `store-${users}.sqlite`);
    copyFileSync(dbPath, file);
    await runScript('grow-store.mjs', [file, String(users)]);
    const synthetic = Math.max(1, users - 100);
    stores.push({ users, file, server: await startMock({ dbPath: file }), ids: idPicker(1_000_000, Math.min(synthetic, users)), synthetic });
  }
  pinForLoad(stores.map(({ server }) => server));
  const probes = await latencyProbe(stores, zulipCall.headers, CONFIG.latencyProbe);
  const storeLatency: Array<{ users: number; p50Us: number; p99Us: number; rps: number }> = [];
  for (const [index, { users, file, server, synthetic }] of stores.entries()) {
    const burst = await cannon(server, { ...zulipCall, path: `/api/v1/users/${1_000_000 + Math.floor(synthetic / 2)}` }, Math.min(5, CONFIG.durationS));
    storeLatency.push({ users, p50Us: probes[index].p50, p99Us: probes[index].p99, rps: burst.requests.total / Math.min(5, CONFIG.durationS) });
    await stop(server);
    rmSync(file, { force: true });
    log(`${fmt(users)} Zulip users stored: get-user p50 ${fmt(probes[index].p50)} µs, p99 ${fmt(probes[index].p99)} µs (one connection)`);
  }
  rmSync(work, { recursive: true, force: true });

  // ---------- report ----------
  const restSummary = rest.map((entry) => {
    const ratios = entry.rounds.map((pair) => pair.mock.rps / pair.raw.rps);
    return {
      platform: entry.platform,
      bytes: entry.bytes,
      ratio: median(ratios),
      ratios,
      rawRps: median(entry.rounds.map((pair) => pair.raw.rps)),
      mockRps: median(entry.rounds.map((pair) => pair.mock.rps)),
      mockP50: median(entry.rounds.map((pair) => pair.mock.p50)),
      mockP99: median(entry.rounds.map((pair) => pair.mock.p99)),
      rawP50: median(entry.rounds.map((pair) => pair.raw.p50)),
      rawP99: median(entry.rounds.map((pair) => pair.raw.p99)),
      mockCpuUs: median(entry.rounds.map((pair) => pair.mock.cpuUsPerRequest)),
      rawCpuUs: median(entry.rounds.map((pair) => pair.raw.cpuUsPerRequest)),
      rssBeforeMb: entry.rssBeforeMb,
      rssAfterMb: entry.rounds[entry.rounds.length - 1].mock.rssMb,
      non2xx: entry.rounds.reduce((n, pair) => n + pair.mock.non2xx + pair.mock.errors, 0),
    };
  });
  const nandboxSummary = {
    ratio: median(nandboxRounds.map((pair) => pair.mock.fps / pair.raw.fps)),
    rawFps: median(nandboxRounds.map((pair) => pair.raw.fps)),
    mockFps: median(nandboxRounds.map((pair) => pair.mock.fps)),
    mockCpuUs: median(nandboxRounds.map((pair) => pair.mock.cpuUsPerFrame)),
    rawCpuUs: median(nandboxRounds.map((pair) => pair.raw.cpuUsPerFrame)),
  };
  const seed100k = seeding[seeding.length - 1];
  const [small, large] = storeLatency;
  const seedingS = seed100k.totalMs / 1000;
  const growthPct = (large.p50Us / small.p50Us - 1) * 100;
  const goals = [
    {
      goal: `REST get-user throughput >= ${fmt(LIMIT.ratio, 2)} of raw node:http (every platform)`,
      met: restSummary.every((entry) => entry.ratio >= LIMIT.ratio),
      value: restSummary.map((entry) => `${entry.platform} ${fmtAgainst(entry.ratio, LIMIT.ratio, 3)}`).join(', '),
    },
    {
      goal: `REST get-user server CPU <= ${LIMIT.cpuUs} µs per request (every platform)`,
      met: restSummary.every((entry) => entry.mockCpuUs <= LIMIT.cpuUs),
      value: restSummary.map((entry) => `${entry.platform} ${fmtAgainst(entry.mockCpuUs, LIMIT.cpuUs, 1)}`).join(', '),
    },
    {
      goal: `nandbox getUser >= ${LIMIT.nandboxRatio} of the bare ws frame rate`,
      met: nandboxSummary.ratio >= LIMIT.nandboxRatio,
      value: fmtAgainst(nandboxSummary.ratio, LIMIT.nandboxRatio, 3),
    },
    {
      goal: `cold start <= ${LIMIT.coldExistingMs} ms on an existing DB file`,
      met: coldExisting <= LIMIT.coldExistingMs,
      value: `${fmtAgainst(coldExisting, LIMIT.coldExistingMs, 0)} ms`,
    },
    {
      goal: `cold start <= ${LIMIT.coldEmptyMs} ms including first seeding`,
      met: coldEmpty <= LIMIT.coldEmptyMs,
      value: `${fmtAgainst(coldEmpty, LIMIT.coldEmptyMs, 0)} ms`,
    },
    {
      goal: `seeding ${fmt(seed100k.users)} users per platform (all five) <= ${LIMIT.seedingS} s`,
      met: !QUICK && seedingS <= LIMIT.seedingS,
      value: `${fmtAgainst(seedingS, LIMIT.seedingS, 2)} s${QUICK ? ' (quick: 100,000 not run)' : ''}`,
    },
    {
      goal: `get-user p50 with ${fmt(large.users)} users within ${LIMIT.growthPct}% of ${fmt(small.users)}`,
      met: !QUICK && growthPct <= LIMIT.growthPct,
      value: `${fmt(small.p50Us)} -> ${fmt(large.p50Us)} µs (${fmtAgainst(growthPct, LIMIT.growthPct, 1)}%)${QUICK ? ' (quick: not 1,000,000)' : ''}`,
    },
    { goal: `RSS <= ${LIMIT.idleRssMb} MB idle`, met: idleRssMb <= LIMIT.idleRssMb, value: `${fmtAgainst(idleRssMb, LIMIT.idleRssMb, 1)} MB` },
    {
      goal: `RSS <= ${LIMIT.loadedRssMb} MB after 1,000,000 requests`,
      met: requestsServed >= 1_000_000 && rssAfterMb <= LIMIT.loadedRssMb,
      value: `${fmtAgainst(rssAfterMb, LIMIT.loadedRssMb, 1)} MB after ${fmt(requestsServed)} requests`,
    },
  ];

  const md: string[] = [];
  md.push(`Run ${startedAt.toISOString()}${QUICK ? ' (QUICK mode: indicative only)' : ''}: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}; ` +
    `${CONFIG.rounds} round(s), ${CONFIG.durationS} s each after a ${CONFIG.warmupS} s warm-up, ${CONFIG.connections} connections, autocannon and every server in its own process on 127.0.0.1; ${placement()}. ` +
    `Ratios are the median over rounds of req/s against the raw node:http server measured in the same round.`);
  md.push('');
  md.push('| get-user | bytes | req/s ratio to raw | mock req/s | raw req/s | mock p50 / p99 ms | raw p50 / p99 ms | server CPU µs/req mock (raw) | RSS before → after MB |');
  md.push('|---|---|---|---|---|---|---|---|---|');
  for (const entry of restSummary) {
    md.push(`| ${entry.platform} | ${entry.bytes} | **${fmtAgainst(entry.ratio, LIMIT.ratio, 3)}** (${entry.ratios.map(fmtRatio).join(', ')}) | ${fmt(entry.mockRps)} | ${fmt(entry.rawRps)} | ${fmt(entry.mockP50, 1)} / ${fmt(entry.mockP99, 1)} | ${fmt(entry.rawP50, 1)} / ${fmt(entry.rawP99, 1)} | ${fmt(entry.mockCpuUs, 1)} (${fmt(entry.rawCpuUs, 1)}) | ${fmt(entry.rssBeforeMb, 1)} → ${fmt(entry.rssAfterMb, 1)} |`);
  }
  md.push(`| nandbox getUser frames (50 sockets) | ${Buffer.byteLength(sample)} | **${fmtAgainst(nandboxSummary.ratio, LIMIT.nandboxRatio, 3)}** of bare ws | ${fmt(nandboxSummary.mockFps)} frames/s | ${fmt(nandboxSummary.rawFps)} frames/s | | | ${fmt(nandboxSummary.mockCpuUs, 1)} (${fmt(nandboxSummary.rawCpuUs, 1)}) | |`);
  md.push('');
  md.push('| startup and size | chat-user-mock | raw node:http |');
  md.push('|---|---|---|');
  md.push(`| cold start, existing DB (median of ${CONFIG.coldStarts}, spawn to first 200) | ${fmt(coldExisting)} ms | ${fmt(coldRaw)} ms |`);
  md.push(`| cold start, empty DB (includes seeding the default data) | ${fmt(coldEmpty)} ms | |`);
  for (const entry of seeding) {
    md.push(`| seeding ${fmt(entry.users)} users per platform | ${fmt(entry.totalMs / 1000, 2)} s (one thread each: people ${fmt(entry.peopleMs / 1000, 2)}; ${Object.entries(entry.platforms).map(([name, ms]) => `${name} ${fmt(ms / 1000, 2)}`).join(', ')}) | |`);
  }
  for (const entry of storeLatency) {
    md.push(`| Zulip get-user with ${fmt(entry.users)} users stored: p50 / p99 (1 connection), req/s (50) | ${fmt(entry.p50Us)} / ${fmt(entry.p99Us)} µs, ${fmt(entry.rps)} req/s | |`);
  }
  md.push(`| RSS idle / after ${fmt(requestsServed)} requests | ${fmt(idleRssMb, 1)} / ${fmt(rssAfterMb, 1)} MB | |`);
  md.push('');
  md.push('| goal | result | |');
  md.push('|---|---|---|');
  for (const goal of goals) md.push(`| ${goal.goal} | ${goal.value} | ${goal.met ? 'met' : '**not met**'} |`);
  const markdown = `${md.join('\n')}\n`;

  const json = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    cpus: cpus().length,
    config: CONFIG,
    rest: restSummary,
    restRounds: rest,
    nandbox: { ...nandboxSummary, frameBytes: Buffer.byteLength(sample), rounds: nandboxRounds },
    coldStartMs: { existingDb: coldExisting, emptyDb: coldEmpty, rawNodeHttp: coldRaw },
    seeding,
    storeLatency,
    rss: { idleMb: idleRssMb, afterMb: rssAfterMb, requestsServed },
    goals,
  };
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const name = QUICK ? 'quick' : 'latest';
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS, `${name}.md`), markdown);
  writeFileSync(join(RESULTS, `run-${stamp}${QUICK ? '-quick' : ''}.json`), `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\n${markdown}`);
  for (const goal of goals) process.stdout.write(`GOAL ${goal.met ? 'MET    ' : 'NOT MET'} ${goal.goal}: ${goal.value}\n`);
}

const cleanup = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
main().then(
  () => {
    agent.destroy();
    cleanup();
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    cleanup();
    process.exit(1);
  },
);
