// A PostgreSQL database of the benchmark's own: a fresh schema in the database DATABASE_URL names
// (else the local one the test suite uses), dropped again at the end. Biji's migrations run in it
// as on any empty database; nothing outside the schema is touched.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const LOCAL_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchPg {
  /** DATABASE_URL for the server: the same database, with the schema as its search_path */
  url: string;
  /** where, without credentials, for the printout */
  label: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function freshPgSchema(baseUrl: string): Promise<BenchPg> {
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(baseUrl, (c) => c.query(`create schema ${schema}`));
  const u = new URL(baseUrl);
  // libpq-style "options" reach the server as start-up parameters: every pooled connection of the
  // server gets the schema first on its search path.
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    label: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname} schema ${schema}`,
    drop: () => withClient(baseUrl, (c) => c.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

/** A named schema kept between runs (a generated dataset): made again from nothing when `reset`. */
export async function keptPgSchema(schema: string, reset: boolean): Promise<{ base: string; url: string; label: string }> {
  const base = process.env.DATABASE_URL || LOCAL_PG_URL;
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  if (reset)
    await withClient(base, async (c) => {
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.query(`create schema ${schema}`);
    });
  return { base, url: u.toString(), label: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname} schema ${schema}` };
}
