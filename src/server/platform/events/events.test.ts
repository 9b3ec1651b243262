// Domain events: written with the change, delivered after the commit (in this process at once, by
// any job loop after a crash), never for a change that rolled back, retried when a handler fails.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DB_KINDS, freshDb, type TestDb } from '../../../../test/support/db.ts';
import { type Db, openDb } from '../db/index.ts';
import { DbJobQueue } from '../jobs/queue.ts';
import { EventBus } from './index.ts';

declare module './index.ts' {
  interface DomainEvents {
    'test.happened': { n: number };
    'test.other': { n: number };
  }
}

for (const kind of DB_KINDS) {
  describe(`domain events [${kind}]`, () => {
    let tdb: TestDb;
    let db: Db;
    let queue: DbJobQueue;
    let bus: EventBus;
    const seen: string[] = [];
    let failNext = 0;

    before(async () => {
      tdb = await freshDb(kind);
      db = await openDb(tdb.target);
      await db.kysely.schema.createTable('things').addColumn('n', 'integer').execute();
      queue = new DbJobQueue(db, { backoffBaseMs: 1 });
      bus = new EventBus(queue);
      bus.on('test.happened', 'first', async ({ n }, meta) => {
        seen.push(`first:${n}:${meta.name}`);
      });
      bus.on('test.happened', 'second', async ({ n }) => {
        if (failNext > 0) {
          failNext -= 1;
          throw new Error('second is down');
        }
        seen.push(`second:${n}`);
      });
    });
    after(async () => {
      await queue.stop();
      await db.close();
      await tdb.drop();
    });

    const pendingJobs = async () => Number((await sql<{ n: number }>`select count(*) as n from jobs`.execute(db.kysely)).rows[0]?.n);

    it('delivers to every subscriber right after the commit, in subscription order, and leaves no job behind', async () => {
      seen.length = 0;
      const result = await bus.transaction(db.kysely, async (tx) => {
        await tx.db.insertInto('things').values({ n: 1 }).execute();
        await tx.emit('test.happened', { n: 1 });
        assert.deepEqual(seen, [], 'nothing runs before the commit');
        return 'done';
      });
      assert.equal(result, 'done');
      assert.deepEqual(seen, ['first:1:test.happened', 'second:1']);
      assert.equal(await pendingJobs(), 0);
    });

    it('delivers nothing for a transaction that rolled back, and keeps none of its change', async () => {
      seen.length = 0;
      await assert.rejects(
        bus.transaction(db.kysely, async (tx) => {
          await tx.db.insertInto('things').values({ n: 2 }).execute();
          await tx.emit('test.happened', { n: 2 });
          throw new Error('the write failed');
        }),
        /the write failed/,
      );
      await queue.drain();
      assert.deepEqual(seen, []);
      assert.equal((await db.kysely.selectFrom('things').select('n').where('n', '=', 2).execute()).length, 0);
      assert.equal(await pendingJobs(), 0);
    });

    it('retries a failing subscriber alone, through the job queue, until it succeeds', async () => {
      seen.length = 0;
      failNext = 1;
      await bus.transaction(db.kysely, (tx) => tx.emit('test.happened', { n: 3 }));
      assert.deepEqual(seen, ['first:3:test.happened'], 'the other subscriber is not held back');
      assert.equal(await pendingJobs(), 1, 'the failed delivery waits as a job');
      // Due after its backoff (1 ms here): any process's job loop delivers it.
      await new Promise((r) => setTimeout(r, 20));
      await queue.drain();
      assert.deepEqual(seen, ['first:3:test.happened', 'second:3']);
      assert.equal(await pendingJobs(), 0);
    });

    it('writes nothing for an event nobody subscribes to', async () => {
      await bus.transaction(db.kysely, (tx) => tx.emit('test.other', { n: 4 }));
      assert.equal(await pendingJobs(), 0);
    });

    it('makes a query outside the running transaction fail at once instead of waiting on it', async () => {
      await assert.rejects(
        bus.transaction(db.kysely, async () => {
          await db.kysely.selectFrom('things').select('n').execute();
        }),
        /outside the transaction/,
      );
    });

    it('leaves an event whose process died before delivering it to any job loop', async () => {
      seen.length = 0;
      // As if the process died right after the commit: the jobs exist, nobody ran them yet.
      const jobs: string[] = [];
      await db.kysely.transaction().execute(async (trx) => {
        await bus.emitter(trx, jobs)('test.happened', { n: 5 });
      });
      assert.equal(jobs.length, 2);
      assert.equal(await queue.runDue(), 0, 'not due during the emitting process’s grace');
      await db.kysely
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      await queue.drain();
      assert.deepEqual(seen.sort(), ['first:5:test.happened', 'second:5']);
    });
  });
}
