// One list of migrations that runs on SQLite and PostgreSQL alike.
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { AnyDb } from './index.ts';
import * as m0001 from './migrations/0001-accounts.ts';
import * as m0002 from './migrations/0002-notes.ts';
import * as m0003 from './migrations/0003-house.ts';
import * as m0004 from './migrations/0004-feed.ts';
import * as m0005 from './migrations/0005-feed-inbox.ts';
import * as m0006 from './migrations/0006-language.ts';
import * as m0007 from './migrations/0007-subtitles.ts';
import * as m0008 from './migrations/0008-search.ts';
import * as m0009 from './migrations/0009-messages.ts';
import * as m0010 from './migrations/0010-rooms.ts';
import * as m0011 from './migrations/0011-safety.ts';
import * as m0012 from './migrations/0012-portability.ts';

/** Append-only: an applied migration is never edited (migrations.test.ts holds each one's SQL to account). */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0002-notes': m0002,
  '0003-house': m0003,
  '0004-feed': m0004,
  '0005-feed-inbox': m0005,
  '0006-language': m0006,
  '0007-subtitles': m0007,
  '0008-search': m0008,
  '0009-messages': m0009,
  '0010-rooms': m0010,
  '0011-safety': m0011,
  '0012-portability': m0012,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration (or those up to and including `upTo`); the names applied. */
export async function migrateToLatest(db: AnyDb, kind: 'sqlite' | 'postgres', upTo?: string): Promise<string[]> {
  // On PostgreSQL, pin Kysely's bookkeeping tables to the schema we run in: its "does the lock
  // table exist" check looks across all schemas, so another schema's copy would fool it.
  const schema = kind === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
