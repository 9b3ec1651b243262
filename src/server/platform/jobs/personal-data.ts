// The platform's own tables in a person's export and erasure. The job queue's rows are work about
// things (their payloads name notes, media, people), never a person's data of their own: nothing is
// exported, but a finished, failed or waiting job whose payload or error names the erased person goes
// with them. The running job — the erasure itself — is left alone: the queue marks it done afterwards.
// The queue's SQL stays in queue.ts; this reads the `jobs` table through the Db on purpose, as the
// platform owns both.
import type { Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { PersonalData } from '../personal-data.ts';

interface JobsTables {
  jobs: { id: string; payload: string; status: string; last_error: string | null };
}

const BATCH = 500;

export interface PlatformPersonalDataDeps {
  db: Db;
  /** the job doing the erasure, never deleted (it also is skipped as long as it is running) */
  exceptJobId?: string;
}

export function createPlatformPersonalData(deps: PlatformPersonalDataDeps): PersonalData {
  const db = deps.db.kysely as unknown as Kysely<JobsTables>;
  return {
    module: 'platform',
    tables: {
      jobs: { kind: 'derived' },
      instance_secrets: { kind: 'none' },
      kysely_migration: { kind: 'none' },
      kysely_migration_lock: { kind: 'none' },
    },
    files: {},
    async export() {},
    async erase(userId) {
      const like = `%${userId}%`;
      // Keyset over ids: each round looks only past the last id seen, so the loop ends with the table.
      let after = '';
      for (;;) {
        let q = db
          .selectFrom('jobs')
          .select('id')
          .where('id', '>', after)
          .where('status', '!=', 'running')
          .where((eb) => eb.or([eb('payload', 'like', like), eb('last_error', 'like', like)]));
        if (deps.exceptJobId) q = q.where('id', '!=', deps.exceptJobId);
        const ids = (await q.orderBy('id').limit(BATCH).execute()).map((r) => r.id);
        if (ids.length > 0) await db.deleteFrom('jobs').where('id', 'in', ids).where('status', '!=', 'running').execute();
        if (ids.length < BATCH) return;
        after = ids[ids.length - 1] as string;
      }
    },
  };
}
