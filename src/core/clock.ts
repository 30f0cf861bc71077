/**
 * The one source of "now" for the whole server: token expiry, activity windows,
 * rate-limit windows and last-seen times all read it. Tests and the control API
 * freeze, set or advance it; `useRealTime()` hands it back to the system clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export type ClockState = { mode: 'real'; now: number } | { mode: 'frozen'; now: number } | { mode: 'offset'; now: number; offsetMs: number };

export class ControllableClock implements Clock {
  private frozenAt: number | undefined;
  private offsetMs = 0;

  constructor(private readonly systemNow: () => number = Date.now) {}

  now(): number {
    return this.frozenAt ?? this.systemNow() + this.offsetMs;
  }

  /** Stops time at `at` (default: the current time). */
  freeze(at: number = this.now()): void {
    this.frozenAt = at;
  }

  /** Lets time run again from where it was frozen. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - this.systemNow();
    this.frozenAt = undefined;
  }

  /** Jumps to `at`; time keeps running from there unless frozen. */
  set(at: number): void {
    if (this.frozenAt !== undefined) this.frozenAt = at;
    else this.offsetMs = at - this.systemNow();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  useRealTime(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }

  state(): ClockState {
    if (this.frozenAt !== undefined) return { mode: 'frozen', now: this.frozenAt };
    if (this.offsetMs !== 0) return { mode: 'offset', now: this.now(), offsetMs: this.offsetMs };
    return { mode: 'real', now: this.now() };
  }
}
