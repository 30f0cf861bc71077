/**
 * Tenants under load, for `npm run bench`: the first request to a new tenant, a tenant's idle memory
 * (RSS growth over `count` tenants, divided), and `workers` parallel workers, each in its own tenant,
 * looping reset -> reads -> a write -> journal wait -> a fault -> a clock advance, with every cross-tenant
 * effect and failed request counted and get-user latencies kept.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TenantFigures {
  firstRequestMs: number[];
  tenantsMade: number;
  idleRssGrowthMb: number;
  perTenantMb: number;
  workers: number;
  seconds: number;
  loops: number;
  getUsers: number;
  getUserP99Ms: number;
  failed: number;
  crossTenant: number;
  problems: string[];
}

const CHAKRA_JOHN = 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export async function measureTenants(base: string, pid: number, options: { count: number; workers: number; seconds: number }): Promise<TenantFigures> {
  const credentials = (await (await fetch(`${base}/__mock/credentials`)).json()) as { zulip: { email: string; api_key: string }; chakra: { token: string } };
  const zulipAuth = `Basic ${Buffer.from(`${credentials.zulip.email}:${credentials.zulip.api_key}`).toString('base64')}`;
  const problems: string[] = [];
  let failed = 0;
  let crossTenant = 0;
  const call = async (url: string, init: RequestInit = {}) => {
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      return { status: response.status, json: text ? (JSON.parse(text) as any) : undefined };
    } catch (error) {
      failed++;
      if (problems.length < 10) problems.push(`${url}: ${String(error)}`);
      return { status: 0, json: undefined };
    }
  };
  const post = (url: string, body: unknown) => call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  // First request to a new tenant, then memory over `count` tenants made one after another.
  await sleep(500);
  const rssBefore = rssMb(pid);
  const firstRequestMs: number[] = [];
  for (let i = 0; i < options.count; i++) {
    const started = performance.now();
    const answer = await call(`${base}/t/idle-${i}/api/v1/users/10`, { headers: { authorization: zulipAuth } });
    firstRequestMs.push(performance.now() - started);
    if (answer.status !== 200) failed++;
  }
  await sleep(2000);
  const idleRssGrowthMb = rssMb(pid) - rssBefore;
  for (let i = 0; i < options.count; i++) await call(`${base}/__mock/tenants/idle-${i}`, { method: 'DELETE' });

  // Parallel workers.
  const latencies: number[] = [];
  let loops = 0;
  const check = (ok: boolean, what: string) => {
    if (ok) return;
    crossTenant++;
    if (problems.length < 10) problems.push(what);
  };
  const worker = async (id: number) => {
    const tenant = `${base}/t/bench-worker-${id}`;
    const control = `${tenant}/__mock`;
    const chakra = () => call(`${tenant}/v1/ext/user/${CHAKRA_JOHN}`, { headers: { authorization: `Bearer ${credentials.chakra.token}`, 'x-worker': String(id) } });
    const getUser = async () => {
      const started = performance.now();
      const answer = await call(`${tenant}/api/v1/users/10`, { headers: { authorization: zulipAuth } });
      latencies.push(performance.now() - started);
      return answer;
    };
    const start = Date.UTC(2030 + id, 0, 1);
    await post(`${control}/clock`, { freeze: true });
    await post(`${control}/clock`, { set: start });
    let advanced = 0;
    const deadline = performance.now() + options.seconds * 1000;
    for (let i = 0; performance.now() < deadline; i++) {
      await post(`${control}/reset`, {});
      for (let read = 0; read < 5; read++) check((await getUser()).json?.user?.full_name === 'King Hamlet', `worker ${id}: seeded read`);
      const name = `worker ${id} write ${i}`;
      await call(`${control}/platforms/zulip/users/10`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ full_name: name }) });
      for (let read = 0; read < 5; read++) check((await getUser()).json?.user?.full_name === name, `worker ${id}: read its write`);
      check((await chakra()).status === 200, `worker ${id}: chakra`);
      const waited = await post(`${control}/requests/wait`, { platform: 'zulip', path: '/api/v1/users/10', count: 10, timeoutMs: 2000 });
      check(waited.json?.matched === true && waited.json?.count === 10, `worker ${id}: journal wait ${waited.json?.count}`);
      const journal = await call(`${control}/requests?platform=chakra`);
      check(journal.json?.matched === 1 && journal.json.requests.every((entry: { headers: Record<string, string> }) => entry.headers['x-worker'] === String(id)), `worker ${id}: chakra journal`);
      await post(`${control}/faults`, { platform: 'chakra', count: 1, error: { status: 503 } });
      check((await chakra()).status === 503, `worker ${id}: its fault`);
      check((await chakra()).status === 200, `worker ${id}: fault spent`);
      await post(`${control}/clock`, { advanceMs: 1000 });
      advanced += 1000;
      check((await call(`${control}/clock`)).json?.now === start + advanced, `worker ${id}: its clock`);
      loops++;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, id) => worker(id)));
  latencies.sort((a, b) => a - b);
  return {
    firstRequestMs,
    tenantsMade: options.count,
    idleRssGrowthMb,
    perTenantMb: idleRssGrowthMb / options.count,
    workers: options.workers,
    seconds: options.seconds,
    loops,
    getUsers: latencies.length,
    getUserP99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? NaN,
    failed,
    crossTenant,
    problems,
  };
}
