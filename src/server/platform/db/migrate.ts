// One list of migrations that runs on SQLite and PostgreSQL alike.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import * as m0001 from './migrations/0001-accounts.ts';
import * as m0002 from './migrations/0002-notes.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0002-notes': m0002,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, kind: 'sqlite' | 'postgres'): Promise<string[]> {
  // On PostgreSQL, pin Kysely's bookkeeping tables to the schema we run in: its "does the lock
  // table exist" check looks across all schemas, so another schema's copy would fool it.
  const schema = kind === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
