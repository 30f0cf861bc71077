import type { Clock } from './clock.js';

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  /** Calls left in the window after this one. */
  remaining: number;
  /** When the bucket is completely free again, in ms since the epoch. */
  freeAt: number;
  /** When the next call will be allowed (only meaningful when !allowed), in ms from now. */
  retryAfterMs: number;
}

export interface RateLimitRule {
  limit: number;
  windowMs: number;
  /** When false, calls are counted for the headers but never refused. */
  enforce: boolean;
}

/** The times of a key's most recent calls, oldest first, in a ring of `limit` slots. */
interface CallTimes {
  times: Float64Array;
  /** Slot of the oldest call held. */
  oldest: number;
  held: number;
}

/**
 * A sliding-window limiter: remembers the times of the last `limit` calls per key
 * (e.g. per user or per token). Memory per key is bounded by `limit`; a call costs
 * O(1) amortized (a ring, not an array that shifts).
 */
export class SlidingWindowLimiter {
  private readonly calls = new Map<string, CallTimes>();

  constructor(
    private readonly clock: Clock,
    public rule: RateLimitRule,
  ) {}

  hit(key: string): RateLimitVerdict {
    const now = this.clock.now();
    const { limit, windowMs } = this.rule;
    let calls = this.calls.get(key);
    if (!calls || calls.times.length !== limit) {
      // First call of this key, or the limit was changed at runtime: start a fresh window.
      calls = { times: new Float64Array(Math.max(limit, 1)), oldest: 0, held: 0 };
      this.calls.set(key, calls);
    }
    const { times } = calls;
    const windowStart = now - windowMs;
    while (calls.held > 0 && times[calls.oldest] <= windowStart) {
      calls.oldest = (calls.oldest + 1) % times.length;
      calls.held--;
    }
    const newestSlot = (calls.oldest + calls.held - 1) % times.length;

    if (calls.held >= limit && this.rule.enforce) {
      // The window holds exactly `limit` calls: the next one is allowed once the oldest leaves it.
      const retryAfterMs = times[calls.oldest] + windowMs - now;
      return { allowed: false, limit, remaining: 0, freeAt: times[newestSlot] + windowMs, retryAfterMs };
    }
    if (calls.held === times.length) {
      // Not enforced and full: the oldest call makes room.
      calls.oldest = (calls.oldest + 1) % times.length;
      calls.held--;
    }
    times[(calls.oldest + calls.held) % times.length] = now;
    calls.held++;
    return { allowed: true, limit, remaining: Math.max(0, limit - calls.held), freeAt: now + windowMs, retryAfterMs: 0 };
  }

  reset(): void {
    this.calls.clear();
  }
}
