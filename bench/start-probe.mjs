/**
 * In-process start-up probe (bare `node`, built code): what a user's test file pays. Times
 * `startMockServer()` (each started and closed in turn; the first separately, as it loads the
 * modules) and `control.reset()` on one running server, as tests call it between cases.
 * Prints one JSON line: {"firstMs", "laterMs": [...], "resetMs": [...]}.
 * Usage: node bench/start-probe.mjs <later starts> <resets>
 */
import { performance } from 'node:perf_hooks';

const starts = Number(process.argv[2] ?? 10);
const resets = Number(process.argv[3] ?? 20);
const { startMockServer } = await import(new URL('../dist/index.js', import.meta.url).href);

const timed = async (work) => {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
};

const first = await timed(() => startMockServer());
await first.result.close();
const laterMs = [];
for (let i = 0; i < starts; i++) {
  const { ms, result: mock } = await timed(() => startMockServer());
  laterMs.push(ms);
  await mock.close();
}
const mock = await startMockServer();
const resetMs = [];
for (let i = 0; i < resets; i++) resetMs.push((await timed(() => mock.control.reset())).ms);
await mock.close();
process.stdout.write(`${JSON.stringify({ firstMs: first.ms, laterMs, resetMs })}\n`);
