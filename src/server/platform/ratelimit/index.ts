// Fixed-window rate limiting behind one interface: in process (embedded) or Redis (scaled),
// so N processes behind a load balancer share one budget per key.
import type { Redis } from 'ioredis';
import type { RateRule } from '../../config.ts';
import { RateLimitedError } from '../errors.ts';

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string, rule: RateRule): Promise<RateDecision>;
  close(): Promise<void>;
}

const decide = (count: number, rule: RateRule, msLeft: number): RateDecision => ({
  allowed: count <= rule.limit,
  remaining: Math.max(0, rule.limit - count),
  retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
});

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Drop finished windows so the map stays bounded by the keys active in the last window.
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async hit(key: string, rule: RateRule): Promise<RateDecision> {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + rule.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return decide(w.count, rule, w.resetAt - t);
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'biji:rl:',
  ) {}

  async hit(key: string, rule: RateRule): Promise<RateDecision> {
    const k = this.prefix + key;
    // INCR then set the expiry only when the window starts (NX), atomically in one round trip.
    const res = await this.redis.multi().incr(k).pexpire(k, rule.windowMs, 'NX').pttl(k).exec();
    if (!res) throw new Error('rate limiter: redis transaction aborted');
    const count = Number(res[0]?.[1] ?? 0);
    const ttl = Number(res[2]?.[1] ?? rule.windowMs);
    return decide(count, rule, ttl > 0 ? ttl : rule.windowMs);
  }

  async close(): Promise<void> {
    // the Redis connection is owned by the composition root
  }
}

/** Used when RATE_LIMITS=off (benchmarks, load tests): every hit is allowed. */
export class NoRateLimiter implements RateLimiter {
  async hit(_key: string, rule: RateRule): Promise<RateDecision> {
    return { allowed: true, remaining: rule.limit, retryAfterSeconds: 0 };
  }
  async close(): Promise<void> {}
}

/** Counts one hit against every (key, rule) pair and throws 429 if any is over its limit. */
export async function enforce(limiter: RateLimiter, checks: Array<[string, RateRule]>): Promise<void> {
  let worst = 0;
  for (const [key, rule] of checks) {
    const d = await limiter.hit(key, rule);
    if (!d.allowed) worst = Math.max(worst, d.retryAfterSeconds);
  }
  if (worst > 0) throw new RateLimitedError(worst);
}
