// Every test file gets its own database: a fresh SQLite file, or a fresh PostgreSQL schema
// in the local server (TEST_DATABASE_URL). Nothing is shared between files.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DbKind, type DbTarget, guardTransactions } from '../../src/server/platform/db/index.ts';

// In tests, a query made outside a running transaction fails at once rather than hanging on SQLite.
guardTransactions();

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

export interface TestDb {
  target: DbTarget;
  dataDir: string;
  drop(): Promise<void>;
}

export async function freshDb(kind: DbKind): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-test-'));
  if (kind === 'sqlite') {
    return {
      target: { kind: 'sqlite', file: path.join(dataDir, 'biji.sqlite') },
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    target: { kind: 'postgres', url: TEST_PG_URL, schema, poolSize: 5 },
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
