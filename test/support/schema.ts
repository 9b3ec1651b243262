// The database as it is, read from the engine's own catalogue: every table, its columns and its
// primary key, so a test about "every table" includes the tables nobody has written yet.
import { sql } from 'kysely';
import type { Db } from '../../src/server/platform/db/index.ts';

export interface TableShape {
  name: string;
  columns: { name: string; text: boolean }[];
  primaryKey: string[];
}

/** SQLite's FTS5 keeps its index in shadow tables named after the virtual table. */
const FTS_SHADOW = /_(data|idx|content|docsize|config)$/;

export async function schemaTables(db: Db): Promise<TableShape[]> {
  const k = db.kysely;
  if (db.kind === 'sqlite') {
    const tables = await sql<{
      name: string;
      sql: string | null;
    }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(k);
    const virtual = new Set(tables.rows.filter((t) => /create virtual table/i.test(t.sql ?? '')).map((t) => t.name));
    const out: TableShape[] = [];
    for (const t of tables.rows) {
      if ([...virtual].some((v) => t.name.startsWith(`${v}_`) && FTS_SHADOW.test(t.name))) continue;
      const cols = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${t.name})`.execute(k);
      out.push({
        name: t.name,
        columns: cols.rows.map((c) => ({ name: c.name, text: /text|char|clob|^$/i.test(c.type) })),
        primaryKey: cols.rows
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
      });
    }
    return out;
  }
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(k);
  const pks = await sql<{ table_name: string; column_name: string }>`
    select tc.table_name, kcu.column_name from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema() order by kcu.ordinal_position`.execute(k);
  const byTable = new Map<string, TableShape>();
  for (const c of cols.rows) {
    const t = byTable.get(c.table_name) ?? { name: c.table_name, columns: [], primaryKey: [] };
    t.columns.push({ name: c.column_name, text: /text|char|json/i.test(c.data_type) });
    byTable.set(c.table_name, t);
  }
  for (const p of pks.rows) byTable.get(p.table_name)?.primaryKey.push(p.column_name);
  return [...byTable.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Rows of a table where any text column holds `needle`. */
export async function rowsMentioning(db: Db, table: TableShape, needle: string): Promise<Record<string, unknown>[]> {
  const text = table.columns.filter((c) => c.text);
  if (text.length === 0) return [];
  const like = `%${needle}%`;
  const where = sql.join(
    text.map((c) => sql`cast(${sql.ref(c.name)} as text) like ${like}`),
    sql` or `,
  );
  const r = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} where ${where}`.execute(db.kysely);
  return r.rows;
}
