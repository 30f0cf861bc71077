import type { Clock } from '../../core/clock.js';
import { SlidingWindowLimiter, type RateLimitVerdict } from '../../core/rate-limit.js';
import { CODE, SendbirdError } from './errors.js';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Sendbird's per-application, per-endpoint limits (docs/platforms/sendbird.md#rate-limits): one sliding window for
 * reads and one for writes, each keyed by method and route. The read limiter is the
 * platform's registered one (the control API's switch); the write limiter follows its
 * enforcement and window, keeping its own, lower, call count.
 */
export class SendbirdRateLimits {
  private readonly write: SlidingWindowLimiter;

  constructor(
    private readonly clock: Clock,
    private readonly read: SlidingWindowLimiter,
    writeLimit: number,
  ) {
    this.write = new SlidingWindowLimiter(clock, { ...read.rule, limit: writeLimit });
  }

  /** Counts one call; returns the X-RateLimit-* headers, or throws 429 / 500910 when enforced and exhausted. */
  hit(method: string, route: string): Record<string, string> {
    let limiter = this.read;
    if (!READ_METHODS.has(method)) {
      limiter = this.write;
      const { enforce, windowMs } = this.read.rule;
      if (limiter.rule.enforce !== enforce || limiter.rule.windowMs !== windowMs) limiter.rule = { ...limiter.rule, enforce, windowMs };
    }
    const verdict = limiter.hit(`${method} ${route}`);
    const now = this.clock.now();
    const headers = rateLimitHeaders(verdict, limiter.rule.windowMs, now);
    if (!verdict.allowed) throw new RateLimited(verdict, limiter.rule.windowMs, headers, now);
    return headers;
  }
}

/** `X-RateLimit-Limit: N;w=W`, remaining calls, and seconds until reset / until a retry may succeed (docs/platforms/sendbird.md#rate-limits). */
function rateLimitHeaders(verdict: RateLimitVerdict, windowMs: number, now: number): Record<string, string> {
  return {
    'x-ratelimit-limit': `${verdict.limit};w=${windowMs / 1000}`,
    'x-ratelimit-remaining': String(verdict.remaining),
    'x-ratelimit-reset': String(Math.ceil(Math.max(0, verdict.freeAt - now) / 1000)),
    'x-ratelimit-retryafter': String(Math.ceil(verdict.retryAfterMs / 1000)),
  };
}

export class RateLimited extends SendbirdError {
  constructor(
    verdict: RateLimitVerdict,
    windowMs: number,
    readonly headers: Record<string, string>,
    now: number,
  ) {
    const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(4)}s`;
    super(
      CODE.RATE_LIMIT_EXCEEDED,
      `Too many requests (scope: app, limit: ${verdict.limit};w=${windowMs / 1000}, remaining: 0, retry_after: ${seconds(verdict.retryAfterMs)}, reset: ${seconds(verdict.freeAt - now)})`,
    );
  }
}
