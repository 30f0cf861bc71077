import t from 'tap';
import { terminalProgress } from '../../src/seeding/progress.js';

function fakeTerminal(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, write: (text: string) => written.push(text) } };
}

t.test('silent while seeding is quick: nothing written before the threshold, not even the closing line', async (t) => {
  let now = 0;
  const { written, out } = fakeTerminal(true);
  const progress = terminalProgress(out, 'seeding', { now: () => now });
  progress.report('people', 0, 50);
  now = 999;
  progress.report('zulip', 1, 5);
  progress.finish();
  t.same(written, []);
});

t.test('on a TTY, one line rewritten in place at most every 100 ms within a phase, then the total', async (t) => {
  let now = 0;
  const { written, out } = fakeTerminal(true);
  const progress = terminalProgress(out, 'seeding', { now: () => now });
  now = 1200;
  progress.report('people', 3000, 100_000);
  now = 1250;
  progress.report('people', 4000, 100_000); // within 100 ms: skipped
  now = 1260;
  progress.report('zulip', 0, 5); // a new phase is shown at once
  now = 2500;
  progress.finish();
  t.same(written, [
    '\r\x1b[Kseeding: people 3,000 of 100,000 (1.2 s)',
    '\r\x1b[Kseeding: zulip 0 of 5 (1.3 s)',
    '\r\x1b[Kseeding: done in 2.5 s\n',
  ]);
});

t.test('elsewhere (a pipe, a log file), a line per phase', async (t) => {
  let now = 0;
  const { written, out } = fakeTerminal(false);
  const progress = terminalProgress(out, 'seeding', { after: 0, now: () => now });
  progress.report('people', 0, 10);
  now = 400;
  progress.report('people', 1000, 10);
  progress.report('zulip', 0, 5);
  progress.finish();
  t.same(written, ['seeding: people (0.0 s)\n', 'seeding: zulip (0.4 s)\n', 'seeding: done in 0.4 s\n']);
});
