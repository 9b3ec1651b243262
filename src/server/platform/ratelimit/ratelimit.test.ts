import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { assertNo5xx, STRONG_PASSWORD, type TestApp, testApp } from '../../../../test/support/app.ts';
import { TEST_REDIS_URL } from '../../../../test/support/db.ts';
import { RateLimitedError } from '../errors.ts';
import { enforce, MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './index.ts';

const rule = { limit: 3, windowMs: 60_000 };

function behavesAsLimiter(name: string, make: () => RateLimiter) {
  it(`${name}: allows up to the limit, then refuses with a retry time, per key`, async () => {
    const l = make();
    const key = `k-${randomBytes(6).toString('hex')}`;
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await l.hit(key, rule));
    assert.deepEqual(
      decisions.map((d) => d.allowed),
      [true, true, true, false, false],
    );
    assert.deepEqual(
      decisions.map((d) => d.remaining),
      [2, 1, 0, 0, 0],
    );
    assert.ok(decisions[4]!.retryAfterSeconds >= 1 && decisions[4]!.retryAfterSeconds <= 60);
    assert.equal((await l.hit(`${key}-other`, rule)).allowed, true);
    await assert.rejects(enforce(l, [[key, rule]]), RateLimitedError);
  });
}

describe('rate limiters', () => {
  let redis: Redis;
  before(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  after(async () => {
    await redis.quit();
  });

  behavesAsLimiter('memory', () => new MemoryRateLimiter());
  behavesAsLimiter('redis', () => new RedisRateLimiter(redis, `biji:test:${process.pid}:`));

  it('memory: a new window starts when the old one ends', async () => {
    let now = 1_000_000;
    const l = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i++) await l.hit('w', rule);
    assert.equal((await l.hit('w', rule)).allowed, false);
    now += 60_001;
    assert.equal((await l.hit('w', rule)).allowed, true);
    await l.close();
  });

  it('redis: two limiters (two processes) share one budget', async () => {
    const other = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const prefix = `biji:test:shared:${randomBytes(4).toString('hex')}:`;
    const a = new RedisRateLimiter(redis, prefix);
    const b = new RedisRateLimiter(other, prefix);
    const results = await Promise.all([a.hit('x', rule), b.hit('x', rule), a.hit('x', rule), b.hit('x', rule)]);
    assert.equal(results.filter((r) => r.allowed).length, 3);
    await other.quit();
  });
});

for (const backend of ['memory', 'redis'] as const) {
  describe(`sign-up and log-in limits over HTTP [${backend}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp('sqlite', {
        RATE_LIMITS: 'on',
        RATE_LIMIT_SIGNUP_PER_IP: '2/3600',
        RATE_LIMIT_LOGIN_PER_IP: '6/900',
        RATE_LIMIT_LOGIN_PER_HANDLE: '3/900',
        ...(backend === 'redis' ? { REDIS_URL: TEST_REDIS_URL } : {}),
      });
      if (backend === 'redis') await t.ctx.redis!.eval("for _,k in ipairs(redis.call('keys','biji:rl:*')) do redis.call('del',k) end", 0);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('answers 429 with Retry-After past the sign-up limit per IP', async () => {
      const codes = [];
      let last: Awaited<ReturnType<typeof t.app.inject>> | undefined;
      for (let i = 0; i < 3; i++) {
        last = await t.app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          remoteAddress: '10.9.9.9',
          payload: { handle: `rl_${backend}_${i}`, password: STRONG_PASSWORD, displayName: 'r' },
        });
        codes.push(last.statusCode);
      }
      assert.deepEqual(codes, [201, 201, 429]);
      assert.equal(last!.json().code, 'rate_limited');
      assert.ok(Number(last!.headers['retry-after']) >= 1);
      // another address still gets in
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        remoteAddress: '10.9.9.10',
        payload: { handle: `rl_${backend}_x`, password: STRONG_PASSWORD, displayName: 'r' },
      });
      assert.equal(other.statusCode, 201);
    });

    it('limits log-in per handle across addresses, and per address across handles', async () => {
      const codes = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          remoteAddress: `10.8.0.${i}`,
          payload: { handle: `rl_${backend}_0`, password: 'wrong-password-x' },
        });
        codes.push(res.statusCode);
      }
      assert.deepEqual(codes, [401, 401, 401, 429]);
      const perIp = [];
      for (let i = 0; i < 7; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          remoteAddress: '10.7.7.7',
          payload: { handle: `someone_${i}`, password: 'wrong-password-x' },
        });
        perIp.push(res.statusCode);
      }
      assert.deepEqual(perIp, [401, 401, 401, 401, 401, 401, 429]);
    });
  });
}
