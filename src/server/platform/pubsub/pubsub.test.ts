import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '../../../../test/support/db.ts';
import { createPubSub } from './index.ts';
import { MemoryPubSub, type PubSubLog } from './memory.ts';
import { RedisPubSub } from './redis.ts';
import type { PubSub } from './types.ts';

// Unique per run, so parallel runs and leftovers on the shared Redis never cross.
const RUN = randomBytes(4).toString('hex');
let seq = 0;
const channel = (name: string) => `test:${RUN}:${name}:${++seq}`;
const PREFIX = `biji:test:${RUN}:`;

/** Collects a handler's messages; waitFor resolves at N messages or fails after a bounded wait. */
function inbox() {
  const got: unknown[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    got,
    handler: (m: unknown) => {
      got.push(m);
      for (const w of waiters) if (got.length >= w.n) w.resolve();
    },
    waitFor(n: number, ms = 2_000): Promise<void> {
      if (got.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${n} messages within ${ms} ms: ${JSON.stringify(got)}`)), ms);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

function capturingLog(): PubSubLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (_o, m) => lines.push(`warn ${m}`), error: (_o, m) => lines.push(`error ${m}`) };
}

function behavesAsPubSub(name: string, make: (log?: PubSubLog) => PubSub) {
  describe(`pub/sub behaviour [${name}]`, () => {
    const opened: PubSub[] = [];
    const open = (log?: PubSubLog) => {
      const ps = make(log);
      opened.push(ps);
      return ps;
    };
    after(async () => {
      for (const ps of opened) await ps.close();
    });

    it('delivers a channel’s messages to a subscriber in publish order, asynchronously', async () => {
      const ps = open();
      const ch = channel('order');
      const box = inbox();
      await ps.subscribe(ch, box.handler);
      const first = ps.publish(ch, { i: 0 });
      assert.equal(box.got.length, 0, 'not delivered on the publisher’s stack');
      await first;
      for (let i = 1; i < 20; i++) await ps.publish(ch, { i });
      await box.waitFor(20);
      assert.deepEqual(
        box.got,
        Array.from({ length: 20 }, (_, i) => ({ i })),
      );
    });

    it('gives every handler on a channel each message, each its own copy', async () => {
      const ps = open();
      const ch = channel('fanout');
      const a = inbox();
      const b = inbox();
      await ps.subscribe(ch, a.handler);
      await ps.subscribe(ch, b.handler);
      const msg = { text: '你好', tags: ['x'] };
      await ps.publish(ch, msg);
      msg.tags.push('changed after publish');
      await Promise.all([a.waitFor(1), b.waitFor(1)]);
      assert.deepEqual(a.got, [{ text: '你好', tags: ['x'] }]);
      assert.deepEqual(b.got, [{ text: '你好', tags: ['x'] }]);
      assert.notEqual(a.got[0], b.got[0], 'handlers never share an object');
    });

    it('stops delivering to a handler once it unsubscribes, and keeps delivering to the others', async () => {
      const ps = open();
      const ch = channel('unsub');
      const gone = inbox();
      const stays = inbox();
      const unsubscribe = await ps.subscribe(ch, gone.handler);
      await ps.subscribe(ch, stays.handler);
      await ps.publish(ch, 1);
      await Promise.all([gone.waitFor(1), stays.waitFor(1)]);
      await unsubscribe();
      await unsubscribe(); // twice is harmless
      await ps.publish(ch, 2);
      await stays.waitFor(2);
      assert.deepEqual(gone.got, [1]);
      assert.deepEqual(stays.got, [1, 2]);
    });

    it('knows whether anyone listens on a channel', async () => {
      const ps = open();
      const ch = channel('listeners');
      assert.equal(await ps.hasSubscribers(ch), false);
      const off = await ps.subscribe(ch, () => {});
      assert.equal(await ps.hasSubscribers(ch), true);
      await off();
      assert.equal(await ps.hasSubscribers(ch), false);
    });

    it('keeps channels apart', async () => {
      const ps = open();
      const one = channel('one');
      const two = channel('two');
      const a = inbox();
      const b = inbox();
      await ps.subscribe(one, a.handler);
      await ps.subscribe(two, b.handler);
      // Published in this order: had "for one" leaked into two, it would arrive before the marker.
      await ps.publish(one, 'for one');
      await ps.publish(two, 'marker');
      await Promise.all([a.waitFor(1), b.waitFor(1)]);
      assert.deepEqual(a.got, ['for one']);
      assert.deepEqual(b.got, ['marker']);
    });

    it('a throwing handler is logged and does not stop the other handlers', async () => {
      const log = capturingLog();
      const ps = open(log);
      const ch = channel('throws');
      const box = inbox();
      await ps.subscribe(ch, () => {
        throw new Error('handler bug');
      });
      await ps.subscribe(ch, box.handler);
      await ps.publish(ch, 'a');
      await ps.publish(ch, 'b');
      await box.waitFor(2);
      assert.deepEqual(box.got, ['a', 'b']);
      assert.ok(log.lines.includes('error pub/sub handler threw'));
    });

    it('refuses a message JSON cannot carry', async () => {
      const ps = open();
      await assert.rejects(ps.publish(channel('bad'), undefined), TypeError);
      await assert.rejects(ps.publish(channel('bad'), 10n), TypeError);
    });
  });
}

describe('pub/sub', () => {
  const closers: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const c of closers) await c();
  });

  behavesAsPubSub('memory', (log) => new MemoryPubSub(log ? { log } : {}));
  behavesAsPubSub('redis', (log) => new RedisPubSub(TEST_REDIS_URL, { prefix: PREFIX, ...(log ? { log } : {}) }));

  describe('redis only', () => {
    let admin: Redis;
    before(() => {
      admin = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      closers.push(() => admin.quit());
    });
    const redisPubSub = (log?: PubSubLog) => {
      const ps = new RedisPubSub(TEST_REDIS_URL, { prefix: PREFIX, ...(log ? { log } : {}) });
      closers.push(() => ps.close());
      return ps;
    };
    const subscribers = async (ch: string) => {
      const res = (await admin.pubsub('NUMSUB', PREFIX + ch)) as [string, number];
      return Number(res[1]);
    };

    it('carries a message from one instance (process) to a subscriber on another', async () => {
      const publisher = redisPubSub();
      const subscriber = redisPubSub();
      const ch = channel('cross');
      const box = inbox();
      await subscriber.subscribe(ch, box.handler);
      for (let i = 0; i < 5; i++) await publisher.publish(ch, { i });
      await box.waitFor(5);
      assert.deepEqual(
        box.got,
        [0, 1, 2, 3, 4].map((i) => ({ i })),
      );
    });

    it('sees a listener on another instance (process)', async () => {
      const publisher = redisPubSub();
      const subscriber = redisPubSub();
      const ch = channel('numsub');
      assert.equal(await publisher.hasSubscribers(ch), false);
      await subscriber.subscribe(ch, () => {});
      assert.equal(await publisher.hasSubscribers(ch), true);
    });

    it('holds one Redis subscription a channel and drops it when the last handler leaves', async () => {
      const ps = redisPubSub();
      const ch = channel('refcount');
      const [u1, u2] = await Promise.all([ps.subscribe(ch, () => {}), ps.subscribe(ch, () => {})]);
      assert.equal(await subscribers(ch), 1);
      await u1();
      assert.equal(await subscribers(ch), 1);
      await u2();
      assert.equal(await subscribers(ch), 0);
      // …and a new handler subscribes it again.
      const box = inbox();
      await ps.subscribe(ch, box.handler);
      assert.equal(await subscribers(ch), 1);
      await ps.publish(ch, 'again');
      await box.waitFor(1);
    });

    it('logs and drops a message that is not JSON, then goes on', async () => {
      const log = capturingLog();
      const ps = redisPubSub(log);
      const ch = channel('malformed');
      const box = inbox();
      await ps.subscribe(ch, box.handler);
      await admin.publish(PREFIX + ch, '{not json');
      await ps.publish(ch, 'fine');
      await box.waitFor(1);
      assert.deepEqual(box.got, ['fine']);
      assert.ok(log.lines.includes('warn pub/sub dropped a message that is not JSON'));
    });

    it('createPubSub picks Redis for a URL and memory without one', async () => {
      const mem = await createPubSub(null);
      const red = await createPubSub(TEST_REDIS_URL);
      closers.push(
        () => mem.close(),
        () => red.close(),
      );
      assert.equal(mem.kind, 'memory');
      assert.equal(red.kind, 'redis');
    });
  });
});
