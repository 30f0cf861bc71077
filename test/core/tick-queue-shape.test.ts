import { spawnSync } from 'node:child_process';
import t from 'tap';

const MODULE = new URL('../../src/core/tick-queue-shape.ts', import.meta.url).href;
const APP = new URL('../../src/app.ts', import.meta.url).href;

/**
 * Runs `body` in a fresh node with GC and V8's test functions exposed (each case needs a process whose
 * nextTick entries nobody else holds); it prints one JSON line. `sameMap(a, b)`: whether two objects
 * share a hidden class; `capture()`: a new nextTick queue entry, held by nobody but the caller.
 */
function run(body: string): Record<string, unknown> {
  const script = `
    import { createHook } from 'node:async_hooks';
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
    const capture = () => {
      let entry;
      const hook = createHook({ init(_id, type, _trigger, resource) { if (type === 'TickObject') entry ??= resource; } });
      hook.enable();
      process.nextTick(() => {});
      hook.disable();
      return entry;
    };
    const idleGc = async () => {
      for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 5)); }
    };
    ${body}
  `;
  const child = spawnSync(process.execPath, ['--import=tsx', '--expose-gc', '--allow-natives-syntax', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`child exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

t.test('the kept entry outlives full GCs with nothing queued, and new entries still take its hidden class', async (t) => {
  const result = run(`
    const { keepTickQueueShape, keptTickQueueEntry } = await import('${MODULE}');
    keepTickQueueShape();
    const ref = new WeakRef(keptTickQueueEntry());
    await idleGc();
    const kept = ref.deref();
    console.log(JSON.stringify({ alive: kept !== undefined, sameAsNew: kept !== undefined && sameMap(kept, capture()) }));
  `);
  t.same(result, { alive: true, sameAsNew: true });
});

t.test('without it, nothing holds an entry through a GC with nothing queued', async (t) => {
  // The premise of the module: an entry nobody keeps is collected, and with it the last holder of its class.
  const result = run(`
    const ref = new WeakRef(capture());
    await idleGc();
    console.log(JSON.stringify({ alive: ref.deref() !== undefined }));
  `);
  t.same(result, { alive: false });
});

t.test('building the app keeps an entry, once per process', async (t) => {
  const result = run(`
    const { buildApp } = await import('${APP}');
    const { keptTickQueueEntry } = await import('${MODULE}');
    const before = keptTickQueueEntry();
    const first = await buildApp({ users: 1 });
    const kept = keptTickQueueEntry();
    const second = await buildApp({ users: 1 });
    await first.close();
    await second.close();
    console.log(JSON.stringify({ before: before === undefined, kept: kept !== undefined, same: keptTickQueueEntry() === kept }));
  `);
  t.same(result, { before: true, kept: true, same: true });
});
