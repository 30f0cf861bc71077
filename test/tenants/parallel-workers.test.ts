/**
 * Eight test workers, each in its own tenant, at once against one server, each looping: reset -> SDK reads
 * (zulip-js) -> a write -> journal wait -> a fault -> a clock advance. Every read must see its own tenant's
 * writes only, every journal only its own worker's requests, and no request may fail.
 */
import t from 'tap';
import zulipInit from 'zulip-js';
import { startMockServer } from '../../src/testing.js';

const WORKERS = 8;
const RUN_MS = 3000;
const CHAKRA_JOHN = 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';

t.test(`${WORKERS} tenants in parallel loops never see each other`, async (t) => {
  const mock = await startMockServer({ users: 5 });
  t.teardown(() => mock.close());
  const problems: string[] = [];
  const iterations: number[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };

  const worker = async (id: number) => {
    const { url, credentials, control } = await mock.tenant(`worker-${id}`);
    const zulip = await zulipInit({ realm: credentials.zulip.realm, username: credentials.zulip.email, apiKey: credentials.zulip.api_key });
    const chakra = (headers: Record<string, string> = {}) =>
      fetch(`${url}/v1/ext/user/${CHAKRA_JOHN}`, { headers: { authorization: `Bearer ${credentials.chakra.token}`, 'x-worker': String(id), ...headers } });
    const start = Date.UTC(2030 + id, 0, 1);
    await control.clock.freeze();
    await control.clock.set(start);
    let advanced = 0;
    const deadline = Date.now() + RUN_MS;
    let i = 0;
    for (; Date.now() < deadline; i++) {
      await control.reset();
      const seeded = await zulip.callEndpoint('/users/10', 'GET');
      expect(seeded.user?.full_name === 'King Hamlet', `worker ${id} #${i}: after reset ${JSON.stringify(seeded.user?.full_name)}`);

      const name = `worker ${id} write ${i}`;
      await control.users('zulip').put(10, { full_name: name });
      const read = await zulip.callEndpoint('/users/10', 'GET');
      expect(read.user?.full_name === name, `worker ${id} #${i}: read ${JSON.stringify(read.user?.full_name)}, wrote ${name}`);

      expect((await chakra()).status === 200, `worker ${id} #${i}: chakra get-user`);
      const waited = await control.wait({ platform: 'zulip', path: '/api/v1/users/10' }, { count: 2, timeoutMs: 2000 });
      expect(waited.matched && waited.count === 2, `worker ${id} #${i}: journal wait ${waited.count}`);
      const journal = await control.requests({ platform: 'chakra' });
      expect(journal.matched === 1 && journal.requests.every((entry) => entry.headers['x-worker'] === String(id)), `worker ${id} #${i}: chakra journal ${journal.matched}`);

      await control.faults.add({ platform: 'chakra', count: 1, error: { status: 503 } });
      expect((await chakra()).status === 503, `worker ${id} #${i}: its fault`);
      expect((await chakra()).status === 200, `worker ${id} #${i}: fault spent`);

      await control.clock.advance(1000);
      advanced += 1000;
      const clock = await control.clock.get();
      expect(clock.now === start + advanced, `worker ${id} #${i}: clock ${clock.iso}`);
    }
    iterations.push(i);
  };

  const results = await Promise.allSettled(Array.from({ length: WORKERS }, (_, id) => worker(id)));
  const failed = results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason));
  t.same(failed, [], 'no request failed');
  t.same(problems, [], 'no cross-tenant effect');
  t.equal(iterations.length, WORKERS);
  t.ok(iterations.every((count) => count >= 1), `every worker looped (${iterations.join(', ')} iterations)`);
  const tenants = (await (await fetch(`${mock.url}/__mock/tenants`)).json()) as { tenants: unknown[] };
  t.equal(tenants.tenants.length, WORKERS);
});
