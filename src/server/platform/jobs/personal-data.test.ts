// The platform's part of an erasure, on SQLite and PostgreSQL: jobs whose payload or error names the
// person go (queued, done or failed), the running job doing the erasure stays, others' jobs stay.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { DB_KINDS, freshDb, type TestDb } from '../../../../test/support/db.ts';
import { CapturingArchive, mentions } from '../../../../test/support/personal-data-kit.ts';
import { type Db, openDb } from '../db/index.ts';
import { newId } from '../ids.ts';
import { createPlatformPersonalData } from './personal-data.ts';

interface JobRow {
  id: string;
  name: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

for (const kind of DB_KINDS) {
  describe(`platform personal data [${kind}]`, () => {
    let tdb: TestDb;
    let db: Db;
    const ana = newId();
    const bo = newId();
    const ids: Record<string, string> = {};
    const job = (name: string, payload: unknown, status: string, lastError: string | null = null): JobRow => {
      const at = new Date().toISOString();
      const id = newId();
      ids[name] = id;
      return {
        id,
        name,
        payload: JSON.stringify(payload),
        status,
        attempts: 0,
        max_attempts: 5,
        run_at: at,
        locked_by: status === 'running' ? 'worker' : null,
        locked_until: null,
        last_error: lastError,
        created_at: at,
        updated_at: at,
      };
    };
    before(async () => {
      tdb = await freshDb(kind);
      db = await openDb(tdb.target);
      await (db.kysely as Kysely<{ jobs: JobRow }>)
        .insertInto('jobs')
        .values([
          job('queued-ana', { userId: ana }, 'queued'),
          job('done-ana', { event: { payload: { followerId: bo, followeeId: ana } } }, 'done'),
          job('failed-ana', { noteId: newId() }, 'failed', `no person ${ana}`),
          job('running-erasure', { userId: ana }, 'running'),
          job('excepted-erasure', { userId: ana }, 'queued'),
          job('queued-bo', { userId: bo }, 'queued'),
          job('periodic', {}, 'queued'),
        ])
        .execute();
    });
    after(async () => {
      await db.close();
      await tdb.drop();
    });

    it('owns the queue and the migrator’s tables, and exports nothing', async () => {
      const p = createPlatformPersonalData({ db });
      assert.deepEqual(p.tables, {
        jobs: { kind: 'derived' },
        instance_secrets: { kind: 'none' },
        kysely_migration: { kind: 'none' },
        kysely_migration_lock: { kind: 'none' },
      });
      const out = new CapturingArchive();
      await p.export(ana, out);
      assert.equal(out.files.size, 0);
    });

    it('deletes the jobs that name the person but not the running erasure or others’ jobs, and can run again', async () => {
      const p = createPlatformPersonalData({ db, exceptJobId: ids['excepted-erasure'] as string });
      await p.erase(ana);
      await p.erase(ana);
      const left = await db.kysely.selectFrom('jobs').select(['name']).orderBy('name').execute();
      assert.deepEqual(
        left.map((r) => r.name),
        ['excepted-erasure', 'periodic', 'queued-bo', 'running-erasure'],
      );
      // Once the erasure's own jobs are done, nothing names the person any more.
      await db.kysely.updateTable('jobs').set({ status: 'done' }).where('name', '=', 'running-erasure').execute();
      await createPlatformPersonalData({ db }).erase(ana);
      assert.deepEqual(await mentions(db, ['jobs'], ana), []);
      assert.equal((await mentions(db, ['jobs'], bo)).length, 1, 'the other person’s job stays');
    });
  });
}
