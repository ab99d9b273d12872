/**
 * Token-bucket rate limiting for endpoints marked `rateLimited`: one bucket
 * per user ID, or per client IP when unauthenticated (login, register). A
 * bucket holds `burst` tokens and refills at `perSecond`; a request takes one.
 * An empty bucket answers 429 M_LIMIT_EXCEEDED with `Retry-After` (seconds)
 * and `retry_after_ms`, which every SDK honours.
 *
 * Buckets live in this process: behind a load balancer each process limits on
 * its own, which bounds abuse per process well enough for a practice-sized
 * server. Off entirely with WARD_RATE_LIMITS=false.
 */
import type { RateLimitConfig } from "../config.js";
import type { WardContext } from "./context.js";
import { limitExceeded } from "./matrix-error.js";

export interface RateLimiter {
  /** Takes a token for `key`: 0 when allowed, otherwise the milliseconds until one is available. */
  take(key: string): number;
}

type Bucket = { tokens: number; updatedMs: number };

export type TokenBucketOptions = Pick<RateLimitConfig, "perSecond" | "burst"> & {
  now?: () => number;
  /** Above this many buckets, full (idle) ones are dropped; bounds memory under an IP flood. */
  maxBuckets?: number;
};

export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxBuckets: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.maxBuckets = options.maxBuckets ?? 100_000;
  }

  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updatedMs: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.updatedMs = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxBuckets) this.prune(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.options.perSecond) * 1000);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.options.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.options.perSecond);
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.options.burst) this.buckets.delete(key);
    }
    // Still full of busy buckets (a flood from many addresses): forget the oldest rather than grow without bound.
    if (this.buckets.size >= this.maxBuckets) {
      const excess = this.buckets.size - Math.floor(this.maxBuckets / 2);
      let i = 0;
      for (const key of this.buckets.keys()) {
        if (i++ >= excess) break;
        this.buckets.delete(key);
      }
    }
  }
}

export function createRateLimiter(config: RateLimitConfig): RateLimiter | undefined {
  return config.enabled ? new TokenBucketLimiter(config) : undefined;
}

/** The caller's bucket: the user when authenticated, otherwise the address (X-Forwarded-For only with WARD_TRUST_PROXY). */
export function rateLimitKey(ctx: WardContext): string {
  return ctx.state.session ? `user:${ctx.state.session.userId}` : `ip:${ctx.ip}`;
}

export function enforceRateLimit(ctx: WardContext, limiter: RateLimiter | undefined): void {
  if (!limiter) return;
  const waitMs = limiter.take(rateLimitKey(ctx));
  if (waitMs > 0) throw limitExceeded(waitMs);
}
