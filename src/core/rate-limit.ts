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

/**
 * A sliding-window limiter: remembers the times of the last `limit` calls per key
 * (e.g. per user or per token). Memory per key is bounded by `limit`.
 */
export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    public rule: RateLimitRule,
  ) {}

  hit(key: string): RateLimitVerdict {
    const now = this.clock.now();
    const { limit, windowMs } = this.rule;
    let times = this.calls.get(key);
    if (!times) {
      times = [];
      this.calls.set(key, times);
    }
    const windowStart = now - windowMs;
    let expired = 0;
    while (expired < times.length && times[expired] <= windowStart) expired++;
    if (expired > 0) times.splice(0, expired);

    if (times.length >= limit && this.rule.enforce) {
      const retryAfterMs = times[times.length - limit] + windowMs - now;
      return { allowed: false, limit, remaining: 0, freeAt: times[times.length - 1] + windowMs, retryAfterMs };
    }
    times.push(now);
    if (times.length > limit) times.splice(0, times.length - limit);
    return { allowed: true, limit, remaining: Math.max(0, limit - times.length), freeAt: now + windowMs, retryAfterMs: 0 };
  }

  reset(): void {
    this.calls.clear();
  }
}
