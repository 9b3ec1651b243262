// Checking a module's PersonalData in tests: an archive writer that keeps the files it is given, and
// a scan of tables for any text column that still holds a person's id after their erasure.
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../../src/server/platform/db/index.ts';
import type { ArchiveWriter } from '../../src/server/platform/personal-data.ts';

/** Collects what an export writes: JSON files as arrays of rows, other files as they came. */
export class CapturingArchive implements ArchiveWriter {
  readonly files = new Map<string, unknown>();

  async json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    if (this.files.has(path)) throw new Error(`${path} written twice`);
    const all: unknown[] = [];
    for await (const r of rows) all.push(r);
    this.files.set(path, all);
  }

  async file(path: string, body: string | Buffer | (() => Promise<Readable>)): Promise<void> {
    if (this.files.has(path)) throw new Error(`${path} written twice`);
    if (typeof body === 'function') {
      const chunks: Buffer[] = [];
      for await (const c of await body()) chunks.push(Buffer.from(c as Buffer));
      this.files.set(path, Buffer.concat(chunks));
    } else this.files.set(path, body);
  }

  /** The rows of a JSON file (throws when it was not written). */
  rows<T = Record<string, unknown>>(path: string): T[] {
    const f = this.files.get(path);
    if (!Array.isArray(f)) throw new Error(`${path} was not written as JSON`);
    return f as T[];
  }
}

/** The text columns of a table (none when the table does not exist on this engine). */
async function textColumns(db: Db, table: string): Promise<string[]> {
  if (db.kind === 'sqlite') {
    const rows = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table})`.execute(db.kysely);
    return rows.rows.filter((r) => /text|char|clob/i.test(r.type)).map((r) => r.name);
  }
  const rows = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and data_type in ('text', 'character varying', 'character')`.execute(db.kysely);
  return rows.rows.map((r) => r.name);
}

/** Every (table.column, count) where a text column still contains `needle`. */
export async function mentions(db: Db, tables: readonly string[], needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    for (const column of await textColumns(db, table)) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} like ${`%${needle}%`}`.execute(
        db.kysely,
      );
      const n = Number(r.rows[0]?.n ?? 0);
      if (n > 0) found.push(`${table}.${column}: ${n}`);
    }
  }
  return found;
}

/** Rows of a table (for before/after comparisons of other people's data). */
export async function rowsOf(db: Db, table: string, orderBy: string): Promise<Array<Record<string, unknown>>> {
  const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.ref(orderBy)}`.execute(db.kysely);
  return r.rows;
}

export async function countOf(db: Db, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db.kysely);
  return Number(r.rows[0]?.n ?? 0);
}
