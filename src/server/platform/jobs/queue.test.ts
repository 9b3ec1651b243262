import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { DB_KINDS, freshDb, type TestDb } from '../../../../test/support/db.ts';
import { type Db, openDb } from '../db/index.ts';
import { DbJobQueue, type DbJobQueueOptions, type JobLog } from './queue.ts';

declare module './types.ts' {
  interface JobTypes {
    'test.echo': { n: number };
    'test.flaky': { failTimes: number };
    'test.unhandled': { n: number };
  }
}

/** Waits (at most `ms`) until `check` holds; the bound keeps a broken queue from hanging the run. */
async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function capturingLog(): JobLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_o, m) => lines.push(`info ${m}`), warn: (_o, m) => lines.push(`warn ${m}`), error: (_o, m) => lines.push(`error ${m}`) };
}

for (const kind of DB_KINDS) {
  describe(`durable job queue [${kind}]`, () => {
    let t: TestDb;
    let db: Db;
    // A clock the tests move, so backoff is checked without sleeping.
    let clock = Date.parse('2030-01-01T00:00:00.000Z');
    const queue = (opts: DbJobQueueOptions = {}, on: Db = db) => new DbJobQueue(on, { now: () => clock, backoffBaseMs: 1_000, ...opts });
    type Jobs = { jobs: { id: string; status: string; attempts: number; locked_by: string | null; locked_until: string | null } };
    const jobs = () => db.kysely as Kysely<Jobs>;

    before(async () => {
      t = await freshDb(kind);
      db = await openDb(t.target);
    });
    after(async () => {
      await db.close();
      await t.drop();
    });
    beforeEach(async () => {
      await db.kysely.deleteFrom('jobs').execute();
    });

    it('runs an enqueued job once with its payload, and records it done', async () => {
      const q = queue();
      const seen: number[] = [];
      q.register('test.echo', async (p) => {
        seen.push(p.n);
      });
      const id = await q.enqueue('test.echo', { n: 7 });
      assert.equal((await q.get(id))?.status, 'queued');
      assert.equal(await q.drain(), 1);
      assert.deepEqual(seen, [7]);
      const info = await q.get(id);
      assert.equal(info?.status, 'done');
      assert.equal(info?.attempts, 1);
      assert.equal(await q.drain(), 0);
      assert.equal(await q.get('no-such-job'), undefined);
    });

    it('does not run a job before its runAt', async () => {
      const q = queue();
      const seen: number[] = [];
      q.register('test.echo', async (p) => {
        seen.push(p.n);
      });
      await q.enqueue('test.echo', { n: 1 }, { runAt: new Date(clock + 60_000) });
      assert.equal(await q.drain(), 0);
      clock += 60_000;
      assert.equal(await q.drain(), 1);
      assert.deepEqual(seen, [1]);
    });

    it('retries a failing job with exponential backoff, then succeeds', async () => {
      const log = capturingLog();
      const q = queue({ log });
      let calls = 0;
      q.register('test.flaky', async (p) => {
        calls++;
        if (calls <= p.failTimes) throw new Error(`boom ${calls}`);
      });
      const id = await q.enqueue('test.flaky', { failTimes: 2 });

      assert.equal(await q.drain(), 1);
      let info = await q.get(id);
      assert.equal(info?.status, 'queued');
      assert.equal(info?.attempts, 1);
      assert.equal(info?.lastError, 'Error: boom 1');
      let delay = Date.parse(info!.runAt) - clock;
      assert.ok(delay >= 1_000 && delay <= 1_100, `first retry after ~1 s, got ${delay} ms`);
      assert.equal(await q.drain(), 0, 'not due before the backoff has passed');

      clock += 1_100;
      assert.equal(await q.drain(), 1);
      info = await q.get(id);
      assert.equal(info?.attempts, 2);
      assert.equal(info?.lastError, 'Error: boom 2');
      delay = Date.parse(info!.runAt) - clock;
      assert.ok(delay >= 2_000 && delay <= 2_200, `second retry after ~2 s, got ${delay} ms`);

      clock += 2_200;
      assert.equal(await q.drain(), 1);
      info = await q.get(id);
      assert.equal(info?.status, 'done');
      assert.equal(info?.attempts, 3);
      assert.equal(calls, 3);
      assert.equal(log.lines.filter((l) => l === 'warn job failed; will retry').length, 2);
    });

    it('gives up after maxAttempts, leaving the job failed with its last error', async () => {
      const log = capturingLog();
      const q = queue({ log });
      q.register('test.flaky', async () => {
        throw new TypeError('always broken');
      });
      const id = await q.enqueue('test.flaky', { failTimes: 99 }, { maxAttempts: 3 });
      for (let i = 0; i < 3; i++) {
        await q.drain();
        clock += 10_000;
      }
      const info = await q.get(id);
      assert.equal(info?.status, 'failed');
      assert.equal(info?.attempts, 3);
      assert.equal(info?.maxAttempts, 3);
      assert.equal(info?.lastError, 'TypeError: always broken');
      assert.equal(await q.drain(), 0);
      assert.ok(log.lines.includes('error job failed; giving up'));
    });

    it('fails a job no handler is registered for, with a clear last error', async () => {
      const q = queue();
      const id = await q.enqueue('test.unhandled', { n: 1 }, { maxAttempts: 1 });
      assert.equal(await q.drain(), 1);
      const info = await q.get(id);
      assert.equal(info?.status, 'failed');
      assert.match(info?.lastError ?? '', /no handler is registered for job "test\.unhandled"/);
    });

    it('never runs a job enqueued inside a transaction that rolled back', async () => {
      const q = queue();
      let ran = 0;
      q.register('test.echo', async () => {
        ran++;
      });
      let id = '';
      await assert.rejects(
        db.kysely.transaction().execute(async (trx) => {
          id = await q.enqueue('test.echo', { n: 1 }, { trx });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(await q.drain(), 0);
      assert.equal(ran, 0);
      assert.equal(await q.get(id), undefined);

      // …and one enqueued in a transaction that commits does run.
      await db.kysely.transaction().execute(async (trx) => {
        id = await q.enqueue('test.echo', { n: 2 }, { trx });
      });
      assert.equal(await q.drain(), 1);
      assert.equal((await q.get(id))?.status, 'done');
    });

    it('runs again a job whose worker died (running, lock expired) in a new queue instance', async () => {
      const seed = queue();
      const dead = await seed.enqueue('test.echo', { n: 1 });
      const alive = await seed.enqueue('test.echo', { n: 2 });
      // As a crashed process leaves them: running, attempt 1 counted, one lock expired and one still held.
      const at = (ms: number) => new Date(clock + ms).toISOString();
      await jobs()
        .updateTable('jobs')
        .set({ status: 'running', attempts: 1, locked_by: 'dead-worker', locked_until: at(-1) })
        .where('id', '=', dead)
        .execute();
      await jobs()
        .updateTable('jobs')
        .set({ status: 'running', attempts: 1, locked_by: 'live-worker', locked_until: at(30_000) })
        .where('id', '=', alive)
        .execute();

      const restarted = queue();
      const seen: number[] = [];
      restarted.register('test.echo', async (p) => {
        seen.push(p.n);
      });
      assert.equal(await restarted.drain(), 1);
      assert.deepEqual(seen, [1], "a live worker's job is left alone");
      const info = await restarted.get(dead);
      assert.equal(info?.status, 'done');
      assert.equal(info?.attempts, 2);
      assert.equal((await restarted.get(alive))?.status, 'running');
    });

    it('fails, instead of retrying forever, a job whose workers died on every attempt', async () => {
      const q = queue();
      let ran = 0;
      q.register('test.echo', async () => {
        ran++;
      });
      const id = await q.enqueue('test.echo', { n: 1 }, { maxAttempts: 2 });
      await jobs()
        .updateTable('jobs')
        .set({ status: 'running', attempts: 2, locked_by: 'dead', locked_until: new Date(clock - 1).toISOString() })
        .where('id', '=', id)
        .execute();
      assert.equal(await q.drain(), 1);
      assert.equal(ran, 0);
      const info = await q.get(id);
      assert.equal(info?.status, 'failed');
      assert.match(info?.lastError ?? '', /abandoned/);
    });

    it('two queue instances (two processes) draining together run each of 50 jobs exactly once', async () => {
      const other = await openDb(t.target, { migrate: false });
      try {
        const runs = new Map<number, number>();
        const handler = async (p: { n: number }) => {
          runs.set(p.n, (runs.get(p.n) ?? 0) + 1);
          await new Promise((r) => setImmediate(r));
        };
        const a = queue({ concurrency: 4, workerId: 'a' });
        const b = queue({ concurrency: 4, workerId: 'b' }, other);
        a.register('test.echo', handler);
        b.register('test.echo', handler);
        for (let n = 0; n < 50; n++) await a.enqueue('test.echo', { n });
        const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
        assert.equal(ranA + ranB, 50);
        assert.equal(runs.size, 50);
        assert.ok(
          [...runs.values()].every((c) => c === 1),
          'no job ran twice',
        );
        const left = await jobs().selectFrom('jobs').select('id').where('status', '!=', 'done').execute();
        assert.deepEqual(left, []);
      } finally {
        await other.close();
      }
    });

    it('start() processes jobs in the background; stop() waits for the running handler', async () => {
      const q = new DbJobQueue(db, { pollIntervalMs: 20, concurrency: 2 });
      const seen: number[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let slowStarted = false;
      q.register('test.echo', async (p) => {
        if (p.n === 99) {
          slowStarted = true;
          await gate;
        }
        seen.push(p.n);
      });
      q.start();
      const ids = [];
      for (let n = 0; n < 5; n++) ids.push(await q.enqueue('test.echo', { n }));
      await eventually(async () => seen.length === 5);
      const slow = await q.enqueue('test.echo', { n: 99 });
      await eventually(async () => slowStarted);
      const stopped = q.stop();
      release();
      await stopped;
      assert.deepEqual(
        [...seen].sort((x, y) => x - y),
        [0, 1, 2, 3, 4, 99],
      );
      for (const id of [...ids, slow]) assert.equal((await q.get(id))?.status, 'done');

      // Stopped means stopped: a job enqueued now waits for the next worker.
      const later = await q.enqueue('test.echo', { n: 100 });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await q.get(later))?.status, 'queued');
    });

    it('purges done jobs older than the cut-off, keeping failed and recent ones', async () => {
      const q = queue();
      q.register('test.echo', async () => {});
      q.register('test.flaky', async () => {
        throw new Error('no');
      });
      const old = await q.enqueue('test.echo', { n: 1 });
      const oldFailed = await q.enqueue('test.flaky', { failTimes: 1 }, { maxAttempts: 1 });
      await q.drain();
      clock += 8 * 24 * 3600_000;
      const recent = await q.enqueue('test.echo', { n: 2 });
      await q.drain();
      assert.equal(await q.purgeFinished(7 * 24 * 3600_000), 1);
      assert.equal(await q.get(old), undefined);
      assert.equal((await q.get(oldFailed))?.status, 'failed');
      assert.equal((await q.get(recent))?.status, 'done');
    });
  });
}
