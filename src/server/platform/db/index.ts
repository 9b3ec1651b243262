// The database: Kysely over better-sqlite3 (embedded) or pg (scaled), chosen once from config.

import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Driver,
  Kysely,
  PostgresDialect,
  type SchemaMetadata,
  SqliteDialect,
  sql,
  type TableMetadata,
} from 'kysely';
import { migrateToLatest } from './migrate.ts';
import { SQLite, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.ts';

export type DbKind = 'sqlite' | 'postgres';

export type DbTarget = ({ kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string; poolSize?: number }) & {
  /** called with the SQL of every query (tests count round trips with it) */
  onQuery?: (sql: string) => void;
};

/** The untyped handle the platform holds; each module sees only its own tables through `scoped`. */
// biome-ignore lint/suspicious/noExplicitAny: the one untyped view of the database; modules get typed ones through `scoped`
export type AnyDb = Kysely<any>;

export interface Db {
  kind: DbKind;
  kysely: AnyDb;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Set while a unit of work's callback runs (platform/events). A query that asks the database for a
 * connection from inside one is a bug: on SQLite the one connection is held by the transaction, so
 * it would wait forever; on PostgreSQL it would read outside the transaction. With the guard on,
 * such a query fails at once with an error naming the mistake instead. The test suite turns it on;
 * a server does not pay for it (async context tracking costs every promise on Node 20).
 */
const openTransaction = new AsyncLocalStorage<true>();
let guarding = false;

/** Turns on the check above for this process (tests). */
export function guardTransactions(): void {
  guarding = true;
}

/** Runs a transaction's callback so that, with the guard on, a query outside it fails instead of hanging. */
export function insideTransaction<T>(fn: () => Promise<T>): Promise<T> {
  return guarding ? openTransaction.run(true, fn) : fn();
}

function guarded(driver: Driver): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => {
    if (guarding && openTransaction.getStore()) throw new Error('a query outside the transaction was made while the transaction runs: use tx.db');
    return acquire();
  };
  return driver;
}

class GuardedSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return guarded(super.createDriver());
  }
}

/**
 * What Kysely's migrator asks about the database, answered for our own schema only. The stock
 * PostgreSQL introspector reads every schema's columns, and fails ("schema … does not exist") when
 * another schema is dropped meanwhile — which happens on a server that hosts several Biji databases
 * as schemas, and in the test suite, where every test file has its own.
 */
class SchemaScopedIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: AnyDb) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows.rows.map((r) => ({ name: r.name }));
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ schema: string; name: string; kind: string }>`
      select table_schema as schema, table_name as name, table_type as kind
      from information_schema.tables where table_schema = current_schema()`.execute(this.db);
    return rows.rows.map((r) => ({ schema: r.schema, name: r.name, isView: r.kind === 'VIEW', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class GuardedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return guarded(super.createDriver());
  }

  override createIntrospector(db: AnyDb): DatabaseIntrospector {
    return new SchemaScopedIntrospector(db);
  }
}

/** A module's typed view of the database: only the tables it owns are visible to its store. */
export const scoped = <Tables>(db: Db): Kysely<Tables> => db.kysely as Kysely<Tables>;

export function targetFromConfig(c: { databaseUrl: string | null; dataDir: string }): DbTarget {
  return c.databaseUrl ? { kind: 'postgres', url: c.databaseUrl } : { kind: 'sqlite', file: path.join(c.dataDir, 'biji.sqlite') };
}

/**
 * Kysely prepares every SQLite statement anew on each query; preparing costs more than running a
 * point lookup. The builder produces the same SQL text for the same query shape, so a bounded
 * cache of prepared statements serves nearly every query. (Statements are only run with .all/.run,
 * never iterated, so sharing one between queries is safe on this single connection.)
 */
function withStatementCache(raw: SqliteDatabase, max = 500) {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text); // re-insert: Map order is our LRU order
      } else {
        stmt = raw.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}

const queryLog = (target: DbTarget) => {
  const onQuery = target.onQuery;
  return onQuery ? { log: (e: { level: string; query: { sql: string } }) => onQuery(e.query.sql) } : {};
};

export async function openDb(target: DbTarget, opts: { migrate?: boolean } = {}): Promise<Db> {
  let db: Db;
  if (target.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const raw = new SQLite(target.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('synchronous = NORMAL');
    const kysely: AnyDb = new Kysely({ dialect: new GuardedSqliteDialect({ database: withStatementCache(raw) }), ...queryLog(target) });
    db = {
      kind: 'sqlite',
      kysely,
      ping: async () => {
        await sql`select 1`.execute(kysely);
      },
      close: () => kysely.destroy(),
    };
  } else {
    // Loaded only for PostgreSQL: an embedded instance never pays for the driver.
    const { default: pg } = await import('pg');
    // int8 (COUNT(*), bigint) arrives as a string by default; our counts fit in a double.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    });
    const kysely: AnyDb = new Kysely({ dialect: new GuardedPostgresDialect({ pool }), ...queryLog(target) });
    db = {
      kind: 'postgres',
      kysely,
      ping: async () => {
        await sql`select 1`.execute(kysely);
      },
      close: () => kysely.destroy(),
    };
  }
  if (opts.migrate !== false) {
    try {
      await migrateToLatest(db.kysely, db.kind);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

/** Unique-constraint violations look different on each engine; this is the one place that knows. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
