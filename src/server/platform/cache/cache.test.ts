// The shared read cache: by id and version, bounded, fresh within a limit, invalidated everywhere.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { TEST_REDIS_URL } from '../../../../test/support/db.ts';
import { MemoryPubSub } from '../pubsub/memory.ts';
import { RedisPubSub } from '../pubsub/redis.ts';
import { CacheBus, KeyedCache, VersionedCache } from './index.ts';

/** A "database" the test controls: the current version of each thing, and how many loads ran. */
function source() {
  const rows = new Map<string, number>();
  const calls: string[][] = [];
  let gate: Promise<void> | null = null;
  return {
    rows,
    calls,
    /** the next load waits until the returned function is called */
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((r) => {
        open = r;
      });
      return open;
    },
    loader: async (ids: string[]) => {
      calls.push(ids);
      const snapshot = new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id) as number] as const] : [])));
      if (gate) {
        const g = gate;
        gate = null;
        await g;
      }
      return new Map([...snapshot].map(([id, v]) => [id, { value: `${id}@v${v}`, version: v }]));
    },
  };
}

const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('versioned cache', () => {
  it('loads what is missing in one batch, serves the rest from memory, and leaves out what does not exist', async () => {
    const src = source();
    src.rows.set('a', 1).set('b', 1);
    const c = new VersionedCache({ name: 't1', max: 10 }, new CacheBus(new MemoryPubSub()), src.loader);
    assert.deepEqual(
      [...(await c.getMany(['a', 'b', 'zz']))],
      [
        ['a', 'a@v1'],
        ['b', 'b@v1'],
      ],
    );
    assert.deepEqual(
      [...(await c.getMany(['a', 'b']))],
      [
        ['a', 'a@v1'],
        ['b', 'b@v1'],
      ],
    );
    assert.deepEqual(src.calls, [['a', 'b', 'zz']]);
  });

  it('loads an id once for concurrent readers', async () => {
    const src = source();
    src.rows.set('hot', 1);
    const c = new VersionedCache({ name: 't2', max: 10 }, new CacheBus(new MemoryPubSub()), src.loader);
    const got = await Promise.all(Array.from({ length: 20 }, () => c.get('hot')));
    assert.ok(got.every((v) => v === 'hot@v1'));
    assert.equal(src.calls.length, 1);
  });

  it('never lets a load that started before a change put the old version back', async () => {
    const src = source();
    src.rows.set('n', 1);
    const c = new VersionedCache({ name: 't3', max: 10 }, new CacheBus(new MemoryPubSub()), src.loader);
    const release = src.hold();
    const slow = c.get('n'); // reads version 1, then waits
    await until(() => src.calls.length === 1);
    src.rows.set('n', 2);
    c.apply('n', 2); // the change's invalidation arrives while the old load is in flight
    release();
    assert.equal(await slow, 'n@v2', 'the stale answer is loaded again, not served');
    assert.equal(await c.get('n'), 'n@v2');
    // A late message about an older version changes nothing.
    c.apply('n', 1);
    assert.equal(await c.get('n'), 'n@v2');
    assert.equal(src.calls.length, 2);
  });

  it('keeps at most max entries, and reloads entries older than their freshness', async () => {
    const src = source();
    for (const id of ['a', 'b', 'c']) src.rows.set(id, 1);
    const small = new VersionedCache({ name: 't4', max: 2 }, new CacheBus(new MemoryPubSub()), src.loader);
    await small.getMany(['a', 'b', 'c']);
    assert.equal(small.size, 2);
    const fresh = new VersionedCache({ name: 't5', max: 10, freshMs: 30 }, new CacheBus(new MemoryPubSub()), src.loader);
    await fresh.get('a');
    await fresh.get('a');
    const before = src.calls.length;
    await new Promise((r) => setTimeout(r, 40));
    await fresh.get('a');
    assert.equal(src.calls.length, before + 1);
  });

  it('drops an entry in every process: two processes sharing Redis', async () => {
    const prefix = `biji:test:cache:${randomBytes(4).toString('hex')}:`;
    const [psA, psB] = [new RedisPubSub(TEST_REDIS_URL, { prefix }), new RedisPubSub(TEST_REDIS_URL, { prefix })];
    const [busA, busB] = [new CacheBus(psA), new CacheBus(psB)];
    try {
      const src = source();
      src.rows.set('note', 1);
      const a = new VersionedCache({ name: 'notes', max: 10 }, busA, src.loader);
      const b = new VersionedCache({ name: 'notes', max: 10 }, busB, src.loader);
      await Promise.all([busA.start(), busB.start()]);
      assert.equal(await a.get('note'), 'note@v1');
      assert.equal(await b.get('note'), 'note@v1');
      src.rows.set('note', 2);
      await a.invalidate('note', 2);
      await until(() => b.size === 0);
      assert.equal(await b.get('note'), 'note@v2');
    } finally {
      await busA.stop();
      await busB.stop();
      await psA.close();
      await psB.close();
    }
  });

  it("tells a watcher of every change to a cache, this process's at once and another's through Redis", async () => {
    const prefix = `biji:test:cache:${randomBytes(4).toString('hex')}:`;
    const [psA, psB] = [new RedisPubSub(TEST_REDIS_URL, { prefix }), new RedisPubSub(TEST_REDIS_URL, { prefix })];
    const [busA, busB] = [new CacheBus(psA), new CacheBus(psB)];
    try {
      const src = source();
      const a = new VersionedCache({ name: 'notes', max: 10 }, busA, src.loader);
      new VersionedCache({ name: 'other', max: 10 }, busA, src.loader);
      const heard = { a: 0, b: 0 };
      busA.watch('notes', () => heard.a++);
      busB.watch('notes', () => heard.b++);
      await Promise.all([busA.start(), busB.start()]);
      const local = a.invalidate('note', 2);
      assert.ok(heard.a >= 1, 'the writing process heard its own change before publishing');
      await local;
      // The writer also hears its own message back from Redis (clearing twice is harmless); wait for both
      // deliveries so that neither can arrive after the snapshot below.
      await until(() => heard.a === 2 && heard.b === 1);
      const before = { ...heard };
      await busA.publish('other', 'x', 1);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(heard, { a: before.a, b: before.b }, 'another cache’s change reached the watchers');
    } finally {
      await busA.stop();
      await busB.stop();
      await psA.close();
      await psB.close();
    }
  });

  it('empties every cache when pub/sub reconnects, since messages may have been missed', async () => {
    class ReconnectingPubSub extends MemoryPubSub {
      listeners: Array<() => void> = [];
      override onReconnect(l: () => void): void {
        this.listeners.push(l);
      }
    }
    const ps = new ReconnectingPubSub();
    const bus = new CacheBus(ps);
    const src = source();
    src.rows.set('x', 1);
    const c = new VersionedCache({ name: 't6', max: 10 }, bus, src.loader);
    await bus.start();
    await c.get('x');
    assert.equal(c.size, 1);
    for (const l of ps.listeners) l();
    assert.equal(c.size, 0);
    await bus.stop();
  });
});

describe('keyed cache (things without a version: relations, marks)', () => {
  /** A "database" of values the test sets, whose loads can be held mid-way. */
  function keyed() {
    const rows = new Map<string, number>();
    const calls: string[][] = [];
    let gate: Promise<void> | null = null;
    return {
      rows,
      calls,
      hold(): () => void {
        let open!: () => void;
        gate = new Promise((r) => {
          open = r;
        });
        return open;
      },
      loader: async (ids: string[]) => {
        calls.push(ids);
        const snapshot = new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id) as number] as const] : [])));
        if (gate) {
          const g = gate;
          gate = null;
          await g;
        }
        return snapshot;
      },
    };
  }

  it('loads the missing keys in one batch and caches what the loader left out as the fallback', async () => {
    const src = keyed();
    src.rows.set('a>b', 1);
    const c = new KeyedCache({ name: 'k1', max: 10 }, new CacheBus(new MemoryPubSub()), src.loader, 0);
    assert.deepEqual(
      [...(await c.getMany(['a>b', 'a>c']))],
      [
        ['a>b', 1],
        ['a>c', 0],
      ],
    );
    assert.deepEqual([...(await c.getMany(['a>c', 'a>b']))].sort(), [
      ['a>b', 1],
      ['a>c', 0],
    ]);
    assert.equal(src.calls.length, 1, 'the second read is served from memory, absent keys included');
  });

  it('never stores a load that an invalidation overtook: the next read asks again', async () => {
    const src = keyed();
    src.rows.set('a>b', 1);
    const c = new KeyedCache({ name: 'k2', max: 10 }, new CacheBus(new MemoryPubSub()), src.loader, 0);
    const release = src.hold();
    const slow = c.get('a>b');
    await until(() => src.calls.length === 1);
    src.rows.set('a>b', 2); // a block is made while the old state is being read
    c.apply('a>b');
    release();
    assert.equal(await slow, 1, 'the read that began before the change answers what it read');
    assert.equal(await c.get('a>b'), 2, 'but its answer was not kept');
    assert.equal(src.calls.length, 2);
  });

  it('drops a key in every process: two processes sharing Redis', async () => {
    const prefix = `biji:test:cache:${randomBytes(4).toString('hex')}:`;
    const [psA, psB] = [new RedisPubSub(TEST_REDIS_URL, { prefix }), new RedisPubSub(TEST_REDIS_URL, { prefix })];
    const [busA, busB] = [new CacheBus(psA), new CacheBus(psB)];
    try {
      const src = keyed();
      const a = new KeyedCache({ name: 'pairs', max: 10 }, busA, src.loader, 0);
      const b = new KeyedCache({ name: 'pairs', max: 10 }, busB, src.loader, 0);
      await Promise.all([busA.start(), busB.start()]);
      assert.equal(await b.get('x>y'), 0);
      src.rows.set('x>y', 2);
      await a.invalidate('x>y');
      await until(() => b.size === 0);
      assert.equal(await b.get('x>y'), 2);
    } finally {
      await busA.stop();
      await busB.stop();
      await psA.close();
      await psB.close();
    }
  });
});
