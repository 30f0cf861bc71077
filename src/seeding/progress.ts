/** Where seeding says how far it has got: the phase ("people", a platform's name) and how much of it is done. */
export interface SeedProgress {
  report(phase: string, done: number, total: number): void;
  finish(): void;
}

export interface TerminalProgressOptions {
  /** Nothing is written until seeding has run this long (ms): a quick seed stays silent. Default 1,000. */
  after?: number;
  /** Milliseconds since some fixed point. Default performance.now. */
  now?: () => number;
}

/** The least time (ms) between two rewrites of the line on a terminal. */
const REDRAW_MS = 100;

/**
 * Seeding's progress on a terminal (stderr for the CLI), once it has run for more than a second: one line,
 * rewritten in place on a TTY; elsewhere (a pipe, a log file), a line per phase. Seeding runs synchronously
 * on the main thread, and writes to a TTY, a file or a pipe are synchronous on Linux and macOS' TTYs, so the
 * line moves while the work goes on.
 */
export function terminalProgress(
  out: { write(text: string): unknown; isTTY?: boolean },
  label: string,
  { after = 1000, now = () => performance.now() }: TerminalProgressOptions = {},
): SeedProgress {
  const started = now();
  let shownPhase: string | undefined;
  let drawnAt = -Infinity;
  let shown = false;
  const seconds = () => `${((now() - started) / 1000).toFixed(1)} s`;
  return {
    report(phase, done, total) {
      const at = now();
      if (at - started < after) return;
      if (out.isTTY) {
        if (at - drawnAt < REDRAW_MS && phase === shownPhase) return;
        out.write(`\r\x1b[K${label}: ${phase} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${seconds()})`);
      } else {
        if (phase === shownPhase) return;
        out.write(`${label}: ${phase} (${seconds()})\n`);
      }
      shown = true;
      shownPhase = phase;
      drawnAt = at;
    },
    finish() {
      if (!shown) return;
      out.write(`${out.isTTY ? '\r\x1b[K' : ''}${label}: done in ${seconds()}\n`);
    },
  };
}
