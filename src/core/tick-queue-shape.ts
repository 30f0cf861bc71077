import { createHook } from 'node:async_hooks';

/** The queue entry kept alive; undefined until keepTickQueueShape has run. */
let kept: object | undefined;

/**
 * Keeps one of `process.nextTick`'s queue entries alive for the life of the process, so that the
 * hidden classes of those entries outlive an idle spell.
 *
 * Node builds each entry as an object literal with computed symbol keys. No boilerplate holds the
 * hidden classes such a literal goes through, only the entries themselves. When the server has been
 * idle long enough for V8's memory reducer to run a full GC (about 8 s), no entry is queued, the
 * classes are collected and the next entries get new ones. The literal's property definitions then
 * stop being specialised: each later entry defines three of its four properties in V8's runtime.
 * That made a `nextTick` cost 250 to 340 ns instead of about 50 (node 20, 22) from the first idle
 * spell on, for good. A request takes several: profiled through the benchmark, `nextTick` took 2.3 µs
 * more CPU per request from one of its idle spells on. With an entry kept, it stays at about 50 ns.
 */
export function keepTickQueueShape(): void {
  if (kept !== undefined) return;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject' && kept === undefined) kept = resource;
    },
  });
  hook.enable();
  process.nextTick(() => {});
  hook.disable();
}

/** For tests: the entry keepTickQueueShape keeps. */
export function keptTickQueueEntry(): object | undefined {
  return kept;
}
