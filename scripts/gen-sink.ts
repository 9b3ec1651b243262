// Bulk writers for the generator (scripts/gen.ts): rows go into a table through one writer per
// table, in batches, without Kysely in the way.
// - SQLite: the raw better-sqlite3 handle, prepared multi-row INSERTs, one transaction per ~50k rows,
//   and the bulk-load PRAGMAs (no journal sync, a big page cache) while the load runs.
// - PostgreSQL: one INSERT … SELECT FROM unnest($1::text[], …) a batch (one parameter a column, so
//   the 65,535-parameter limit never binds), the next batch generated while the last is written.
// Secondary indexes of the tables being filled are dropped before and built again after the load
// (a sort-based build is much faster than millions of random inserts); the indexes that back
// primary keys and unique constraints stay, and rows are generated in their order where it matters.
import os from 'node:os';
import type { Pool, PoolClient } from 'pg';
import type { DbTarget } from '../src/server/platform/db/index.ts';
import { SQLite, type SqliteDatabase, type SqliteStatement } from '../src/server/platform/db/sqlite-driver.ts';

export type ColType = 'text' | 'int' | 'float';
export type Value = string | number | null;

export interface TableSpec {
  name: string;
  cols: ReadonlyArray<readonly [string, ColType]>;
}

export interface TableWriter {
  readonly spec: TableSpec;
  /** one row, values in the order of spec.cols */
  row(...values: Value[]): void;
}

export interface Sink {
  readonly kind: 'sqlite' | 'postgres';
  writer(spec: TableSpec): TableWriter;
  /** Lets queued batches go out (PostgreSQL writes the previous ones while the caller generates more). */
  drain(): Promise<void>;
  /** Everything written and committed. */
  finish(): Promise<void>;
  /** Runs SQL outside the batches (after finish). */
  exec(sqlText: string): Promise<void>;
  query<T>(sqlText: string, params?: unknown[]): Promise<T[]>;
  /** Drops the non-constraint indexes of these tables; returns the statements that rebuild them. */
  dropIndexes(tables: readonly string[]): Promise<string[]>;
  /** A table's columns, as the migrations made it. */
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
  /** rows written, by table */
  readonly counts: Map<string, number>;
}

// ---- SQLite

/** Rows per prepared statement: large enough to amortise the call, small enough to stay under SQLite's variable limit. */
const SQLITE_ROWS_PER_STMT = 100;
const SQLITE_ROWS_PER_TX = 50_000;

class SqliteWriter implements TableWriter {
  private buf: Value[] = [];
  private n = 0;
  private readonly many: SqliteStatement;
  private readonly one: SqliteStatement;

  constructor(
    readonly spec: TableSpec,
    private readonly sink: SqliteSink,
    db: SqliteDatabase,
  ) {
    const cols = spec.cols.map(([c]) => c).join(', ');
    const tuple = `(${spec.cols.map(() => '?').join(', ')})`;
    this.many = db.prepare(`insert into ${spec.name} (${cols}) values ${Array.from({ length: SQLITE_ROWS_PER_STMT }, () => tuple).join(', ')}`);
    this.one = db.prepare(`insert into ${spec.name} (${cols}) values ${tuple}`);
  }

  row(...values: Value[]): void {
    for (const v of values) this.buf.push(v);
    if (++this.n === SQLITE_ROWS_PER_STMT) {
      this.many.run(this.buf);
      this.buf = [];
      this.n = 0;
      this.sink.wrote(this.spec.name, SQLITE_ROWS_PER_STMT);
    }
  }

  flush(): void {
    const w = this.spec.cols.length;
    for (let i = 0; i < this.n; i++) this.one.run(this.buf.slice(i * w, (i + 1) * w));
    if (this.n > 0) this.sink.wrote(this.spec.name, this.n);
    this.buf = [];
    this.n = 0;
  }
}

class SqliteSink implements Sink {
  readonly kind = 'sqlite' as const;
  readonly counts = new Map<string, number>();
  private readonly writers: SqliteWriter[] = [];
  private sinceCommit = 0;
  private inTx = false;

  constructor(private readonly db: SqliteDatabase) {}

  writer(spec: TableSpec): TableWriter {
    this.begin();
    const w = new SqliteWriter(spec, this, this.db);
    this.writers.push(w);
    return w;
  }

  wrote(table: string, n: number): void {
    this.counts.set(table, (this.counts.get(table) ?? 0) + n);
    this.sinceCommit += n;
    if (this.sinceCommit >= SQLITE_ROWS_PER_TX) {
      this.db.exec('commit');
      this.db.exec('begin');
      this.sinceCommit = 0;
    }
  }

  private begin(): void {
    if (!this.inTx) {
      this.db.exec('begin');
      this.inTx = true;
    }
  }

  async drain(): Promise<void> {}

  async finish(): Promise<void> {
    for (const w of this.writers) w.flush();
    if (this.inTx) this.db.exec('commit');
    this.inTx = false;
    this.sinceCommit = 0;
  }

  async exec(sqlText: string): Promise<void> {
    this.db.exec(sqlText);
  }

  async query<T>(sqlText: string, params: unknown[] = []): Promise<T[]> {
    return this.db.prepare(sqlText).all(...params) as T[];
  }

  async dropIndexes(tables: readonly string[]): Promise<string[]> {
    const rows = this.db
      .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(', ')})`)
      .all(...tables) as Array<{ name: string; sql: string }>;
    for (const r of rows) this.db.exec(`drop index "${r.name}"`);
    return rows.map((r) => r.sql);
  }

  async columns(table: string): Promise<string[]> {
    return (this.db.prepare('select name from pragma_table_info(?)').all(table) as Array<{ name: string }>).map((r) => r.name);
  }

  async close(): Promise<void> {
    // Back to what the app runs with: a write-ahead log, synced at NORMAL.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.close();
  }
}

/** Opens the SQLite file for a bulk load (the app's Kysely handle must be closed: this takes the file alone). */
export function openSqliteSink(file: string): Sink {
  const db = new SQLite(file);
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -2000000'); // 2 GB: the B-trees being filled stay in memory
  // Helper threads for the sorter that builds the indexes at the end (one per core).
  db.pragma(`threads = ${Math.max(1, Math.min(8, os.cpus().length))}`);
  return new SqliteSink(db);
}

// ---- PostgreSQL

const PG_TYPES: Record<ColType, string> = { text: 'text', int: 'int4', float: 'float8' };
/** Values a batch: arrays this size are serialised and parsed quickly, and a batch is one round trip. */
const PG_BATCH_VALUES = 200_000;

class PgWriter implements TableWriter {
  private cols: Value[][];
  private n = 0;
  private readonly max: number;
  private readonly text: string;

  constructor(
    readonly spec: TableSpec,
    private readonly sink: PgSink,
  ) {
    this.cols = spec.cols.map(() => []);
    this.max = Math.max(1000, Math.floor(PG_BATCH_VALUES / spec.cols.length));
    const names = spec.cols.map(([c]) => c).join(', ');
    const args = spec.cols.map(([, t], i) => `$${i + 1}::${PG_TYPES[t]}[]`).join(', ');
    this.text = `insert into ${spec.name} (${names}) select * from unnest(${args})`;
  }

  row(...values: Value[]): void {
    for (let i = 0; i < values.length; i++) (this.cols[i] as Value[]).push(values[i] as Value);
    if (++this.n >= this.max) this.sink.cutThrough(this);
  }

  cut(): void {
    if (this.n === 0) return;
    this.sink.queue(this.spec.name, this.text, this.cols, this.n);
    this.cols = this.spec.cols.map(() => []);
    this.n = 0;
  }
}

class PgSink implements Sink {
  readonly kind = 'postgres' as const;
  readonly counts = new Map<string, number>();
  private readonly writers: PgWriter[] = [];
  private pending: Array<{ table: string; text: string; cols: Value[][]; n: number }> = [];
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly client: PoolClient,
  ) {}

  writer(spec: TableSpec): TableWriter {
    const w = new PgWriter(spec, this);
    this.writers.push(w);
    return w;
  }

  /**
   * Queues this writer's batch, and first those of every writer made before it: writers are made
   * parents first, so a row never reaches PostgreSQL before the row its foreign key names.
   */
  cutThrough(w: PgWriter): void {
    for (const x of this.writers) {
      x.cut();
      if (x === w) return;
    }
  }

  queue(table: string, text: string, cols: Value[][], n: number): void {
    this.pending.push({ table, text, cols, n });
  }

  async drain(): Promise<void> {
    // One batch list in flight at a time: the caller generates the next while PostgreSQL takes this one.
    await this.inflight;
    const batches = this.pending;
    this.pending = [];
    if (batches.length === 0) return;
    this.inflight = (async () => {
      for (const b of batches) {
        await this.client.query(b.text, b.cols);
        this.counts.set(b.table, (this.counts.get(b.table) ?? 0) + b.n);
      }
    })();
    // Surface a failure at the next drain, not as an unhandled rejection.
    this.inflight.catch(() => {});
  }

  async finish(): Promise<void> {
    for (const w of this.writers) w.cut();
    await this.drain();
    await this.inflight;
  }

  async exec(sqlText: string): Promise<void> {
    await this.client.query(sqlText);
  }

  async query<T>(sqlText: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sqlText, params)).rows as T[];
  }

  async dropIndexes(tables: readonly string[]): Promise<string[]> {
    // Not the indexes behind primary keys and unique constraints: those go with their constraint.
    const rows = (
      await this.client.query(
        `select i.indexname as name, i.indexdef as def from pg_indexes i
         where i.schemaname = current_schema() and i.tablename = any($1::text[])
           and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
        [tables],
      )
    ).rows as Array<{ name: string; def: string }>;
    for (const r of rows) await this.client.query(`drop index "${r.name}"`);
    return rows.map((r) => r.def);
  }

  async columns(table: string): Promise<string[]> {
    const rows = await this.client.query(
      'select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = $1',
      [table],
    );
    return (rows.rows as Array<{ name: string }>).map((r) => r.name);
  }

  async close(): Promise<void> {
    this.client.release();
    await this.pool.end();
  }
}

export async function openPgSink(target: Extract<DbTarget, { kind: 'postgres' }>): Promise<Sink> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: target.url, max: 1, ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}) });
  const client = await pool.connect();
  await client.query('set synchronous_commit = off');
  // Foreign keys are checked by triggers; a superuser may skip them for the load (every row is
  // generated valid, and the test checks it). Others keep them, which is slower but as correct.
  await client.query('set session_replication_role = replica').catch(() => {});
  await client.query(`set maintenance_work_mem = '512MB'`).catch(() => {});
  return new PgSink(pool, client);
}
