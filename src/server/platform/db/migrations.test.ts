// Migrations are append-only: a migration that has shipped is never edited, because databases that
// already ran it would never see the change (0002 once gained an index that way). What a migration
// does is the SQL it runs; migrations.lock.json holds a hash of that SQL for each migration on both
// engines, so an edited migration fails here while comments and types may still be tidied.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { DB_KINDS, freshDb, type TestDb } from '../../../../test/support/db.ts';
import { type AnyDb, type DbKind, openDb } from './index.ts';
import { MIGRATIONS, migrateToLatest } from './migrate.ts';
import { SQLite } from './sqlite-driver.ts';

const LOCK = path.join(import.meta.dirname, 'migrations.lock.json');
type Lock = Record<string, Record<DbKind, string>>;

/** Runs each migration's `up` in order on a fresh database and hashes the SQL it sent. */
async function sqlHashes(kind: DbKind, tdb: TestDb): Promise<Record<string, string>> {
  let bucket: string[] = [];
  const log = (e: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
    if (e.level === 'query') bucket.push(`${e.query.sql} -- ${JSON.stringify(e.query.parameters)}`);
  };
  let db: AnyDb;
  if (tdb.target.kind === 'sqlite') {
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(tdb.target.file) }), log });
  } else {
    const pool = new pg.Pool({ connectionString: tdb.target.url, max: 1, options: `-c search_path=${tdb.target.schema}` });
    db = new Kysely({ dialect: new PostgresDialect({ pool }), log });
  }
  const out: Record<string, string> = {};
  try {
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      bucket = [];
      await migration.up(db);
      out[name] = createHash('sha256').update(bucket.join('\n')).digest('hex');
    }
  } finally {
    await db.destroy();
  }
  assert.ok(Object.keys(out).length > 0, `no migrations ran on ${kind}`);
  return out;
}

describe('migrations are append-only', () => {
  const dbs: TestDb[] = [];
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  it('every migration still runs exactly the SQL it shipped with, on SQLite and PostgreSQL', async () => {
    const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8')) as Lock;
    const actual: Lock = {};
    for (const kind of DB_KINDS) {
      const tdb = await freshDb(kind);
      dbs.push(tdb);
      for (const [name, hash] of Object.entries(await sqlHashes(kind, tdb))) {
        actual[name] = { ...(actual[name] ?? ({} as Record<DbKind, string>)), [kind]: hash };
      }
    }
    const names = Object.keys(MIGRATIONS);
    // A locked migration may never disappear or move.
    assert.deepEqual(names.slice(0, Object.keys(lock).length), Object.keys(lock), 'a shipped migration was removed, renamed or reordered');
    for (const name of names) {
      const line = `"${name}": ${JSON.stringify(actual[name])}`;
      assert.ok(lock[name], `migration ${name} is not in migrations.lock.json yet; once it is final, add: ${line}`);
      assert.deepEqual(actual[name], lock[name], `migration ${name} changed after it shipped: write a new migration instead (now ${line})`);
    }
  });
});

for (const kind of DB_KINDS) {
  describe(`0003 on a database made before it [${kind}]`, () => {
    it('adds the notification index 0002 gained after it shipped, and sets drifted counts to their rows', async () => {
      const tdb = await freshDb(kind);
      const db = await openDb(tdb.target, { migrate: false });
      try {
        assert.deepEqual(await migrateToLatest(db.kysely, db.kind, '0002-notes'), ['0001-accounts', '0002-notes']);
        // As 0002 first shipped: without the index.
        await db.kysely.schema.dropIndex('notifications_event_idx').execute();
        const now = new Date().toISOString();
        const user = { handle: 'old', display_name: 'Old', languages: '["en"]', ui_language: 'en', password_hash: 'x', created_at: now, updated_at: now };
        await db.kysely
          .insertInto('users')
          .values([
            { id: 'u1', ...user },
            { id: 'u2', ...user, handle: 'old2' },
          ])
          .execute();
        await db.kysely
          .insertInto('notes')
          .values({
            id: 'n1',
            author_id: 'u1',
            kind: 'images',
            status: 'published',
            title: 't',
            body: '',
            lang: 'en',
            entities: '{"title":[],"body":[]}',
            visibility: 'public',
            like_count: 7,
            comment_count: 3,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await db.kysely.insertInto('note_likes').values({ note_id: 'n1', user_id: 'u2', created_at: now }).execute();
        await db.kysely.insertInto('follows').values({ id: 'f1', follower_id: 'u2', followee_id: 'u1', created_at: now }).execute();
        await migrateToLatest(db.kysely, db.kind);
        const note = await db.kysely.selectFrom('notes').select(['like_count', 'comment_count', 'version']).where('id', '=', 'n1').executeTakeFirstOrThrow();
        assert.deepEqual(note, { like_count: 1, comment_count: 0, version: 1 });
        const u1 = await db.kysely.selectFrom('users').select(['followers_count', 'following_count']).where('id', '=', 'u1').executeTakeFirstOrThrow();
        assert.deepEqual(u1, { followers_count: 1, following_count: 0 });
        const indexes =
          kind === 'sqlite'
            ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db.kysely)).rows
            : (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db.kysely)).rows;
        assert.ok(
          indexes.some((i) => i.name === 'notifications_event_idx'),
          'the index exists after 0003',
        );
      } finally {
        await db.close();
        await tdb.drop();
      }
    });
  });
}
