/**
 * `npm run bench`: chat-user-mock against raw baselines and two peer mocks, every server in its own
 * process on 127.0.0.1. Each goal of docs/performance.md is one line of the output, marked met or not.
 *
 * - `npm start` to a 200 from /__mock/ready (median of 3, nothing changed since the last build), and two
 *   `npm start` at once after a source file's mtime changed: both must come up and serve.
 * - REST get-user per platform (valid credentials from GET /__mock/credentials; auth, journal and SQLite on):
 *   autocannon, 50 connections, warm-up then DURATION s, raw node:http baseline and mock alternately for
 *   ROUNDS rounds. Ratio of req/s (median of the rounds), p50/p99, server CPU µs per request, RSS.
 * - The same ~400-byte user answer (Zulip's) from WireMock (its standalone jar, from the npm package
 *   `wiremock`) and Prism (`@stoplight/prism-cli`), both with their default journaling, in the same rounds
 *   as the mock. They are installed at bench time into a directory of their own (npm install --prefix);
 *   when that fails the bench says so and goes on.
 * - nandbox: getUser frames per second over 50 authenticated sockets, against a bare `ws` server.
 * - RSS idle and after 1,000,000 requests.
 * - Cold start of `node dist/server.js` to /__mock/ready (median of 5) on an existing file and on a new one
 *   (first seeding of the defaults); `startMockServer()` after the first in a process and `control.reset()`
 *   (bench/start-probe.mjs).
 * - Seeding 100,000 users per platform: `node dist/server.js` with USERS=100000 on a new file, to ready.
 * - get-user p50 with 1,000 vs 100,000 Zulip users stored (both servers running, the probe alternating
 *   between them in blocks).
 *
 * Under load every server runs on the last CPU and this process, the load generator, on the others
 * (taskset; BENCH_PIN=0 leaves placement to the kernel). Start-ups and seeding get every CPU.
 *
 * BENCH_QUICK=1: shorter runs, one round, smaller sizes (for development; its figures prove nothing).
 * Results: bench/results/latest.json and latest.md (kept in git), plus a timestamped copy (not kept).
 */
import { measureTenants, type TenantFigures } from './tenants.js';
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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
  tenants: 64,
  tenantWorkers: 16,
  tenantSeconds: QUICK ? 5 : 30,
  quick: QUICK,
  durationS: Number(process.env.BENCH_DURATION ?? (QUICK ? 3 : 10)),
  warmupS: QUICK ? 1 : Number(process.env.BENCH_WARMUP ?? 2),
  /** The JVM compiles WireMock's hot path during its first seconds under load. */
  peerWarmupS: QUICK ? 2 : 5,
  rounds: Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3)),
  connections: 50,
  sockets: 50,
  npmStarts: 3,
  coldStarts: QUICK ? 3 : 5,
  laterStarts: QUICK ? 5 : 10,
  resets: QUICK ? 10 : 30,
  seedUsers: QUICK ? 10_000 : 100_000,
  storeSizes: [1_000, 100_000],
  latencyProbe: QUICK ? 2_000 : 10_000,
  requestsForRss: QUICK ? 200_000 : 1_000_000,
  pinning: cpuPinning(),
};

/** Issue 26's goals (docs/performance.md): each goal line's text, check and figure, and the tables' medians, are made from these. */
const LIMIT = {
  tenantFirstMs: 50,
  tenantMb: 2,
  tenantP99Ms: 5,
  npmStartMs: 1_500,
  coldExistingMs: 400,
  coldEmptyMs: 1_000,
  laterStartMs: 60,
  resetMs: 10,
  ratio: 0.6,
  nandboxRatio: 0.5,
  timesWireMock: 3,
  timesPrism: 5,
  seedingS: 20,
  lookupGrowth: 1.5,
  idleRssMb: 120,
  loadedRssMb: 160,
};

/** The peers' versions: WireMock's npm package ships its standalone jar; Prism is a Node program. */
const PEERS = { wiremock: 'wiremock@3.13.2', prism: '@stoplight/prism-cli@5.16.0' };

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
  return spawnProcess(process.execPath, args, env);
}

/** Processes started in a group of their own (npm and what it starts): stopped as a group. */
const groups = new WeakSet<ChildProcess>();
/** Processes the bench stopped: their exit code (a JVM's 143) is not reported. */
const stopped = new WeakSet<ChildProcess>();

function spawnProcess(command: string, args: string[], env: Record<string, string>, options: { group?: boolean; cwd?: string } = {}): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: options.group ?? false });
  if (options.group) groups.add(child);
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 4000) stderr = stderr.slice(-4000);
  });
  child.once('exit', (code, signal) => {
    if (code && code !== 0 && signal === null && !stopped.has(child)) process.stderr.write(`[bench] ${command} ${args.join(' ')} exited ${code}: ${stderr}\n`);
  });
  return child;
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  stopped.add(child);
  try {
    if (groups.has(child)) process.kill(-child.pid!, name);
    else child.kill(name);
  } catch {
    // already gone
  }
}

async function stop(server: Server | ChildProcess): Promise<void> {
  const child = 'child' in server ? server.child : server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signal(child, 'SIGTERM');
  const timer = setTimeout(() => signal(child, 'SIGKILL'), 10_000);
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

async function load(server: Server, call: Call, warmupS = CONFIG.warmupS): Promise<LoadResult> {
  await cannon(server, call, warmupS);
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

// ---------- npm start ----------

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function startWithNpm(dbPath: string): Promise<{ server: Server; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnProcess(NPM, ['start'], mockEnv(port, { dbPath }), { group: true });
  const server = { name: 'npm start', child, port, base: `http://${HOST}:${port}` };
  return { server, ms: await waitFor200(server, '/__mock/ready', {}, 300_000, started) };
}

interface NpmStart {
  timesMs: number[];
  twoAtOnce: { ok: boolean; timesMs: number[]; problem?: string };
}

/**
 * `npm start` CONFIG.npmStarts times on one DB file (the first run seeds it), each to a 200 from
 * /__mock/ready; then, after a source file's mtime moved (as an edit would), two at once on files of
 * their own: both must come up and answer a get-user.
 */
async function measureNpmStart(work: string): Promise<NpmStart> {
  const timesMs: number[] = [];
  for (let i = 0; i < CONFIG.npmStarts; i++) {
    const { server, ms } = await startWithNpm(join(work, 'npm-start.sqlite'));
    timesMs.push(ms);
    await stop(server);
  }
  const now = new Date();
  utimesSync(join(ROOT, 'src', 'server.ts'), now, now);
  const both = await Promise.allSettled([startWithNpm(join(work, 'npm-start-a.sqlite')), startWithNpm(join(work, 'npm-start-b.sqlite'))]);
  let problem: string | undefined;
  for (const outcome of both) {
    if (outcome.status === 'rejected') {
      problem ??= String((outcome.reason as Error).message ?? outcome.reason);
      continue;
    }
    const answer = await get(outcome.value.server.base, '/__mock/credentials', {}, false);
    if (answer.status !== 200) problem ??= `GET /__mock/credentials answered ${answer.status}`;
    await stop(outcome.value.server);
  }
  const started = both.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.ms] : []));
  return { timesMs, twoAtOnce: { ok: problem === undefined, timesMs: started, ...(problem === undefined ? {} : { problem }) } };
}

// ---------- peer mocks ----------

/** Where the peers are installed at bench time; kept between runs (a new install only when PEERS change). */
const PEER_DIR = join(tmpdir(), 'chat-user-mock-bench-peers');

let peerInstall: Promise<string | undefined> | undefined;

/** Installs PEERS into PEER_DIR from the npm registry; resolves with why not when that fails. */
function installPeers(): Promise<string | undefined> {
  const stamp = join(PEER_DIR, 'installed.json');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(PEERS)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    log(`installing ${Object.values(PEERS).join(' and ')} into ${PEER_DIR} (npm install --prefix)`);
    const child = spawn(NPM, ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(PEERS)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', (error) => resolve(`npm install failed: ${error.message}`));
    child.once('exit', (code) => {
      if (code !== 0) return resolve(`npm install --prefix ${PEER_DIR} exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}`);
      writeFileSync(stamp, JSON.stringify(PEERS));
      resolve(undefined);
    });
  });
}

interface CannedAnswer {
  contentType: string;
  /** base64 */
  body: string;
}

/** WireMock's standalone jar with one stub mapping: `call.path` answers `answer`. Default journaling (on). */
async function startWireMock(work: string, call: Call, answer: CannedAnswer): Promise<Server> {
  const jarDir = join(PEER_DIR, 'node_modules', 'wiremock', 'build');
  const jar = existsSync(jarDir) ? readdirSync(jarDir).find((file) => /^wiremock-standalone-.*\.jar$/.test(file)) : undefined;
  if (!jar) throw new Error(`no standalone jar in ${jarDir}`);
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) throw new Error('no java on PATH');
  const root = join(work, 'wiremock');
  mkdirSync(join(root, 'mappings'), { recursive: true });
  const mapping = {
    request: { method: 'GET', url: call.path },
    response: { status: 200, headers: { 'Content-Type': answer.contentType }, body: Buffer.from(answer.body, 'base64').toString() },
  };
  writeFileSync(join(root, 'mappings', 'get-user.json'), JSON.stringify(mapping));
  const port = await freePort();
  const child = spawnProcess('java', ['-jar', join(jarDir, jar), '--port', String(port), '--bind-address', HOST, '--root-dir', root, '--disable-banner'], {});
  const server = { name: 'WireMock', child, port, base: `http://${HOST}:${port}` };
  await waitFor200(server, call.path, call.headers, 60_000);
  return server;
}

/** Prism serving an OpenAPI document whose one operation has `answer` as its example. Default logging. */
async function startPrism(work: string, call: Call, answer: CannedAnswer): Promise<Server> {
  const bin = join(PEER_DIR, 'node_modules', '.bin', 'prism');
  if (!existsSync(bin)) throw new Error(`no ${bin}`);
  const contentType = answer.contentType.split(';')[0];
  const document = {
    openapi: '3.0.3',
    info: { title: 'get-user', version: '1' },
    paths: {
      [call.path]: {
        get: {
          responses: {
            200: { description: 'the user', content: { [contentType]: { schema: { type: 'object' }, example: JSON.parse(Buffer.from(answer.body, 'base64').toString()) as unknown } } },
          },
        },
      },
    },
  };
  const file = join(work, 'prism-openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const port = await freePort();
  const child = spawnProcess(bin, ['mock', file, '-h', HOST, '-p', String(port)], {});
  const server = { name: 'Prism', child, port, base: `http://${HOST}:${port}` };
  await waitFor200(server, call.path, call.headers, 60_000);
  return server;
}

interface PeerSummary {
  /** The mock's req/s over the peer's, median of the rounds; undefined when the peer could not run. */
  ratio?: number;
  ratios: number[];
  mockRps: number;
  peerRps?: number;
  peerCpuUs?: number;
  bytes?: number;
  problem?: string;
}

/**
 * The mock's Zulip get-user against WireMock and Prism serving the same answer: in each round the three
 * are loaded one after the other (the order rotated), and each peer's ratio is taken within its round.
 */
async function measurePeers(work: string, mock: Server, call: Call, answer: CannedAnswer): Promise<{ wiremock: PeerSummary; prism: PeerSummary }> {
  unpinLoadGenerator();
  peerInstall ??= installPeers();
  const installProblem = await peerInstall;
  const started: Record<'wiremock' | 'prism', Server | string> = { wiremock: installProblem ?? '', prism: installProblem ?? '' };
  if (!installProblem) {
    for (const [name, start] of [['wiremock', startWireMock], ['prism', startPrism]] as const) {
      try {
        started[name] = await start(work, call, answer);
      } catch (error) {
        started[name] = `could not start: ${(error as Error).message}`;
      }
    }
  }
  const servers = Object.entries(started).flatMap(([name, server]) => (typeof server === 'string' ? [] : [{ name: name as 'wiremock' | 'prism', server }]));
  for (const { name, server } of servers) {
    const copy = await get(server.base, call.path, call.headers, false);
    log(`${name} answers ${copy.status} with ${copy.body.length} bytes (${copy.contentType})`);
  }
  pinForLoad([mock, ...servers.map(({ server }) => server)]);
  const rounds: Array<Record<string, LoadResult>> = [];
  for (let round = 0; servers.length > 0 && round < CONFIG.rounds; round++) {
    const order = [{ name: 'mock', server: mock }, ...servers];
    for (let turn = 0; turn < round % order.length; turn++) order.push(order.shift()!);
    const results: Record<string, LoadResult> = {};
    for (const { name, server } of order) results[name] = await load(server, call, name === 'mock' ? CONFIG.warmupS : CONFIG.peerWarmupS);
    rounds.push(results);
    log(`peers round ${round + 1}: mock ${fmt(results.mock.rps)} req/s, ${servers.map(({ name }) => `${name} ${fmt(results[name].rps)} req/s (${fmt(results.mock.rps / results[name].rps, 2)}×, ${results[name].non2xx + results[name].errors} errors)`).join(', ')}`);
  }
  for (const { server } of servers) await stop(server);
  const summary = (name: 'wiremock' | 'prism'): PeerSummary => {
    const mockRps = rounds.length ? median(rounds.map((results) => results.mock.rps)) : NaN;
    if (typeof started[name] === 'string') return { ratios: [], mockRps, problem: started[name] as string };
    const ratios = rounds.map((results) => results.mock.rps / results[name].rps);
    return {
      ratio: median(ratios),
      ratios,
      mockRps,
      peerRps: median(rounds.map((results) => results[name].rps)),
      peerCpuUs: median(rounds.map((results) => results[name].cpuUsPerRequest)),
    };
  };
  return { wiremock: summary('wiremock'), prism: summary('prism') };
}

// ---------- the run ----------

async function main(): Promise<void> {
  if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` first (npm run bench does)');
  const work = mkdtempSync(join(tmpdir(), 'cum-bench-'));
  const dbPath = join(work, 'mock.sqlite');
  const startedAt = new Date();
  const benchStarted = performance.now();
  log(`${QUICK ? 'QUICK mode, ' : ''}${CONFIG.rounds} round(s) of ${CONFIG.durationS} s, ${CONFIG.connections} connections; node ${process.version}, ${cpus().length} cores; ${placement()}`);

  // 0. `npm start`, as a user runs it: nothing changed since the build `npm run bench` just made, then two at once.
  const npmStart = await measureNpmStart(work);
  log(`npm start to ready: ${npmStart.timesMs.map((ms) => fmt(ms)).join(', ')} ms; two at once after a source change: ${npmStart.twoAtOnce.ok ? `both up in ${npmStart.twoAtOnce.timesMs.map((ms) => fmt(ms)).join(' and ')} ms` : `failed: ${npmStart.twoAtOnce.problem}`}`);

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

  // 4. The same Zulip answer from WireMock and Prism, the mock in the same rounds.
  const zulipCall = calls[0];
  const peers = await measurePeers(work, mock, zulipCall, canned[zulipCall.path]);

  // 5. nandbox: getUser frames over 50 authenticated sockets vs a bare ws server.
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

  // 6. RSS after 1,000,000 requests: top up with the four calls in turn until the mock has served that many.
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
  // Start-ups and seeding get every CPU, as on a user's machine.
  unpinLoadGenerator();

  // 7. Cold start of the built server: spawn to /__mock/ready, on the existing DB (the one just used) and on a new one.
  const coldStart = async (dbFile: () => string): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < CONFIG.coldStarts; i++) {
      const port = await freePort();
      const started = performance.now();
      const child = spawnNode([SERVER], mockEnv(port, { dbPath: dbFile() }));
      const server = { name: 'chat-user-mock', child, port, base: `http://${HOST}:${port}` };
      times.push(await waitFor200(server, '/__mock/ready', {}, 60_000, started));
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
  log(`cold start to ready: existing DB ${fmt(coldExisting)} ms, new DB ${fmt(coldEmpty)} ms, raw node:http ${fmt(coldRaw)} ms`);

  // 8. In a test process: startMockServer() after the first, and control.reset().
  const inProcess = JSON.parse(await runScript('start-probe.mjs', [String(CONFIG.laterStarts), String(CONFIG.resets)])) as { firstMs: number; laterMs: number[]; resetMs: number[] };
  const laterStartMs = median(inProcess.laterMs);
  const resetMs = median(inProcess.resetMs);
  log(`startMockServer(): first ${fmt(inProcess.firstMs)} ms, later ${fmt(laterStartMs, 1)} ms (median of ${inProcess.laterMs.length}); control.reset() ${fmt(resetMs, 1)} ms (median of ${inProcess.resetMs.length})`);

  // 9. Seeding: the server on a new file with USERS generated users per platform, to ready.
  const seedFile = join(work, `seed-${CONFIG.seedUsers}.sqlite`);
  const seedPort = await freePort();
  const seedStarted = performance.now();
  const seeder = { name: 'chat-user-mock (seeding)', child: spawnNode([SERVER], mockEnv(seedPort, { dbPath: seedFile, users: CONFIG.seedUsers })), port: seedPort, base: `http://${HOST}:${seedPort}` };
  const seedingMs = await waitFor200(seeder, '/__mock/ready', {}, 600_000, seedStarted);
  await stop(seeder);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${seedFile}${suffix}`, { force: true });
  log(`seeding ${fmt(CONFIG.seedUsers)} users per platform (new file, start to ready): ${fmt(seedingMs / 1000, 2)} s`);

  // 10. get-user with 1,000 vs 100,000 Zulip users stored (random targets among them): both servers run at
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
  const storeLatency: Array<{ users: number; p50Us: number; p99Us: number }> = [];
  for (const [index, { users, file, server }] of stores.entries()) {
    storeLatency.push({ users, p50Us: probes[index].p50, p99Us: probes[index].p99 });
    await stop(server);
    rmSync(file, { force: true });
    log(`${fmt(users)} Zulip users stored: get-user p50 ${fmt(probes[index].p50)} µs, p99 ${fmt(probes[index].p99)} µs (one connection)`);
  }
  unpinLoadGenerator();
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
  // Tenants, on a mock of their own (a new file).
  const tenantMock = await startMock({ dbPath: join(work, 'tenants.sqlite') });
  const tenants: TenantFigures = await measureTenants(tenantMock.base, tenantMock.child.pid!, { count: CONFIG.tenants, workers: CONFIG.tenantWorkers, seconds: CONFIG.tenantSeconds });
  await stop(tenantMock);
  const tenantFirstMs = median(tenants.firstRequestMs);
  log(`tenants: first request ${fmt(tenantFirstMs, 1)} ms (median of ${tenants.tenantsMade}), ${fmt(tenants.perTenantMb, 2)} MB each; ${tenants.workers} workers ${tenants.seconds} s: ${fmt(tenants.loops)} loops, get-user p99 ${fmt(tenants.getUserP99Ms, 2)} ms, failed ${tenants.failed}, cross-tenant ${tenants.crossTenant}`);

  const npmStartMs = median(npmStart.timesMs);
  const seedingS = seedingMs / 1000;
  const [small, large] = storeLatency;
  const lookupGrowth = large.p50Us / small.p50Us;
  const peerGoal = (peer: PeerSummary, limit: number, name: string) =>
    peer.ratio === undefined
      ? { goal: `get-user >= ${limit}× ${name}'s req/s (same answer, same run)`, met: false, value: `not measured: ${peer.problem}` }
      : {
          goal: `get-user >= ${limit}× ${name}'s req/s (same answer, same run)`,
          met: peer.ratio >= limit,
          value: `${fmtAgainst(peer.ratio, limit, 2)}× (mock ${fmt(peer.mockRps)}, ${name} ${fmt(peer.peerRps!)} req/s)`,
        };
  const goals = [
    {
      goal: `npm start to a 200 from /__mock/ready <= ${fmt(LIMIT.npmStartMs)} ms, nothing changed since the build (median of ${CONFIG.npmStarts})`,
      met: npmStartMs <= LIMIT.npmStartMs,
      value: `${fmtAgainst(npmStartMs, LIMIT.npmStartMs, 0)} ms`,
    },
    {
      goal: 'two npm start at once, after a source file changed: both come up and serve',
      met: npmStart.twoAtOnce.ok,
      value: npmStart.twoAtOnce.ok ? `ready in ${npmStart.twoAtOnce.timesMs.map((ms) => fmt(ms)).join(' and ')} ms, get-user 200 from both` : npmStart.twoAtOnce.problem,
    },
    {
      goal: `cold start (node dist/server.js) to ready <= ${LIMIT.coldExistingMs} ms on an existing DB file`,
      met: coldExisting <= LIMIT.coldExistingMs,
      value: `${fmtAgainst(coldExisting, LIMIT.coldExistingMs, 0)} ms`,
    },
    {
      goal: `cold start to ready <= ${fmt(LIMIT.coldEmptyMs)} ms with first seeding of the defaults`,
      met: coldEmpty <= LIMIT.coldEmptyMs,
      value: `${fmtAgainst(coldEmpty, LIMIT.coldEmptyMs, 0)} ms`,
    },
    {
      goal: `startMockServer() <= ${LIMIT.laterStartMs} ms after the first in a process`,
      met: laterStartMs <= LIMIT.laterStartMs,
      value: `${fmtAgainst(laterStartMs, LIMIT.laterStartMs, 1)} ms (first ${fmt(inProcess.firstMs)} ms)`,
    },
    { goal: `control.reset() <= ${LIMIT.resetMs} ms`, met: resetMs <= LIMIT.resetMs, value: `${fmtAgainst(resetMs, LIMIT.resetMs, 1)} ms` },
    {
      goal: `REST get-user throughput >= ${fmt(LIMIT.ratio, 2)} of raw node:http (every platform; auth, journal, SQLite on)`,
      met: restSummary.every((entry) => entry.ratio >= LIMIT.ratio),
      value: restSummary.map((entry) => `${entry.platform} ${fmtAgainst(entry.ratio, LIMIT.ratio, 3)}`).join(', '),
    },
    {
      goal: `nandbox getUser >= ${LIMIT.nandboxRatio} of the bare ws frame rate`,
      met: nandboxSummary.ratio >= LIMIT.nandboxRatio,
      value: fmtAgainst(nandboxSummary.ratio, LIMIT.nandboxRatio, 3),
    },
    peerGoal(peers.wiremock, LIMIT.timesWireMock, 'WireMock'),
    peerGoal(peers.prism, LIMIT.timesPrism, 'Prism'),
    {
      goal: `seeding 100,000 users per platform (all five) <= ${LIMIT.seedingS} s`,
      met: !QUICK && seedingS <= LIMIT.seedingS,
      value: `${fmtAgainst(seedingS, LIMIT.seedingS, 2)} s${QUICK ? ` (quick: ${fmt(CONFIG.seedUsers)} users)` : ''}`,
    },
    {
      goal: `get-user p50 among ${fmt(large.users)} users <= ${LIMIT.lookupGrowth}× among ${fmt(small.users)}`,
      met: lookupGrowth <= LIMIT.lookupGrowth,
      value: `${fmt(small.p50Us)} -> ${fmt(large.p50Us)} µs (${fmtAgainst(lookupGrowth, LIMIT.lookupGrowth, 2)}×)`,
    },
    { goal: `RSS <= ${LIMIT.idleRssMb} MB idle`, met: idleRssMb <= LIMIT.idleRssMb, value: `${fmtAgainst(idleRssMb, LIMIT.idleRssMb, 1)} MB` },
    {
      goal: `RSS <= ${LIMIT.loadedRssMb} MB after 1,000,000 requests`,
      met: requestsServed >= 1_000_000 && rssAfterMb <= LIMIT.loadedRssMb,
      value: `${fmtAgainst(rssAfterMb, LIMIT.loadedRssMb, 1)} MB after ${fmt(requestsServed)} requests`,
    },
    {
      goal: `first request to a new tenant answered <= ${LIMIT.tenantFirstMs} ms (median of ${CONFIG.tenants})`,
      met: tenantFirstMs <= LIMIT.tenantFirstMs,
      value: `${fmtAgainst(tenantFirstMs, LIMIT.tenantFirstMs, 1)} ms (slowest ${fmt(Math.max(...tenants.firstRequestMs), 1)} ms)`,
    },
    {
      goal: `a tenant's idle memory <= ${LIMIT.tenantMb} MB (RSS growth over ${CONFIG.tenants} tenants, divided)`,
      met: tenants.perTenantMb <= LIMIT.tenantMb,
      value: `${fmtAgainst(tenants.perTenantMb, LIMIT.tenantMb, 2)} MB (${fmt(tenants.idleRssGrowthMb, 1)} MB in all)`,
    },
    {
      goal: `${CONFIG.tenantWorkers} workers in their own tenants for ${CONFIG.tenantSeconds} s: no cross-tenant effect, no failed request, get-user p99 <= ${LIMIT.tenantP99Ms} ms`,
      met: tenants.crossTenant === 0 && tenants.failed === 0 && tenants.getUserP99Ms <= LIMIT.tenantP99Ms,
      value: `${tenants.crossTenant} cross-tenant, ${tenants.failed} failed, p99 ${fmtAgainst(tenants.getUserP99Ms, LIMIT.tenantP99Ms, 2)} ms over ${fmt(tenants.getUsers)} get-users in ${fmt(tenants.loops)} loops${tenants.problems.length ? `; ${tenants.problems.join('; ')}` : ''}`,
    },
  ];

  const md: string[] = [];
  md.push(`Run ${startedAt.toISOString()}${QUICK ? ' (QUICK mode: indicative only)' : ''}: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}; ` +
    `${CONFIG.rounds} round(s), ${CONFIG.durationS} s each after a ${CONFIG.warmupS} s warm-up (peers ${CONFIG.peerWarmupS} s), ${CONFIG.connections} connections, autocannon and every server in its own process on 127.0.0.1; ${placement()}. ` +
    `Ratios are the median over rounds of req/s against the server measured in the same round.`);
  md.push('');
  md.push('| get-user | bytes | req/s ratio to raw | mock req/s | raw req/s | mock p50 / p99 ms | raw p50 / p99 ms | server CPU µs/req mock (raw) | RSS before → after MB |');
  md.push('|---|---|---|---|---|---|---|---|---|');
  for (const entry of restSummary) {
    md.push(`| ${entry.platform} | ${entry.bytes} | **${fmtAgainst(entry.ratio, LIMIT.ratio, 3)}** (${entry.ratios.map(fmtRatio).join(', ')}) | ${fmt(entry.mockRps)} | ${fmt(entry.rawRps)} | ${fmt(entry.mockP50, 1)} / ${fmt(entry.mockP99, 1)} | ${fmt(entry.rawP50, 1)} / ${fmt(entry.rawP99, 1)} | ${fmt(entry.mockCpuUs, 1)} (${fmt(entry.rawCpuUs, 1)}) | ${fmt(entry.rssBeforeMb, 1)} → ${fmt(entry.rssAfterMb, 1)} |`);
  }
  md.push(`| nandbox getUser frames (50 sockets) | ${Buffer.byteLength(sample)} | **${fmtAgainst(nandboxSummary.ratio, LIMIT.nandboxRatio, 3)}** of bare ws | ${fmt(nandboxSummary.mockFps)} frames/s | ${fmt(nandboxSummary.rawFps)} frames/s | | | ${fmt(nandboxSummary.mockCpuUs, 1)} (${fmt(nandboxSummary.rawCpuUs, 1)}) | |`);
  md.push('');
  md.push(`| Zulip's get-user answer (${sizes.zulip} bytes) | req/s | mock's req/s in the same rounds | mock ÷ peer | server CPU µs/req |`);
  md.push('|---|---|---|---|---|');
  for (const [name, peer] of [['WireMock', peers.wiremock], ['Prism', peers.prism]] as const) {
    md.push(peer.ratio === undefined
      ? `| ${name} | not measured: ${peer.problem} | | | |`
      : `| ${name} | ${fmt(peer.peerRps!)} | ${fmt(peer.mockRps)} | **${fmt(peer.ratio, 2)}×** (${peer.ratios.map((ratio) => fmt(ratio, 2)).join(', ')}) | ${fmt(peer.peerCpuUs!, 1)} |`);
  }
  md.push('');
  md.push('| startup and size | chat-user-mock | raw node:http |');
  md.push('|---|---|---|');
  md.push(`| npm start to ready (${npmStart.timesMs.length} runs, nothing changed since the build) | ${npmStart.timesMs.map((ms) => fmt(ms)).join(', ')} ms | |`);
  md.push(`| cold start to ready, existing DB (median of ${CONFIG.coldStarts}) | ${fmt(coldExisting)} ms | ${fmt(coldRaw)} ms (to its first 200) |`);
  md.push(`| cold start to ready, new DB (includes seeding the default data) | ${fmt(coldEmpty)} ms | |`);
  md.push(`| startMockServer(): first / later (median of ${inProcess.laterMs.length}); control.reset() (median of ${inProcess.resetMs.length}) | ${fmt(inProcess.firstMs)} / ${fmt(laterStartMs, 1)} ms; ${fmt(resetMs, 1)} ms | |`);
  md.push(`| seeding ${fmt(CONFIG.seedUsers)} users per platform (new file, start to ready) | ${fmt(seedingS, 2)} s | |`);
  for (const entry of storeLatency) {
    md.push(`| Zulip get-user with ${fmt(entry.users)} users stored: p50 / p99 (1 connection) | ${fmt(entry.p50Us)} / ${fmt(entry.p99Us)} µs | |`);
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
    npmStart,
    rest: restSummary,
    restRounds: rest,
    peers,
    nandbox: { ...nandboxSummary, frameBytes: Buffer.byteLength(sample), rounds: nandboxRounds },
    coldStartMs: { existingDb: coldExisting, emptyDb: coldEmpty, rawNodeHttp: coldRaw },
    inProcess,
    seeding: { users: CONFIG.seedUsers, ms: seedingMs },
    storeLatency,
    rss: { idleMb: idleRssMb, afterMb: rssAfterMb, requestsServed },
    tenants,
    goals,
  };
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const name = QUICK ? 'quick' : 'latest';
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS, `${name}.md`), markdown);
  writeFileSync(join(RESULTS, `run-${stamp}${QUICK ? '-quick' : ''}.json`), `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\n${markdown}`);
  for (const goal of goals) process.stdout.write(`GOAL ${goal.met ? 'MET    ' : 'NOT MET'} ${goal.goal}: ${goal.value}\n`);
  log(`done in ${fmt((performance.now() - benchStarted) / 60_000, 1)} minutes`);
}

const cleanup = () => {
  for (const child of running) signal(child, 'SIGKILL');
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
