// The search module's index (issue 9): its own copy of what it searches, fed by domain events and
// rebuilt by `npm run reindex`; nothing here is read by another module.
// - search_notes: one row a searchable note (published, public or followers-only), its text already
//   cut into words (jieba's search-mode cuts for Chinese, stemmed English, folded scripts and widths),
//   the Han characters in order (for one-character and unknown words) and what ranking and filters need.
// - The full-text index over those words is where the two databases differ: an FTS5 table (unicode61
//   on the pre-cut text, contentless, rowid = doc_id) on SQLite; a tsvector column ('simple'
//   configuration, title A, tags B, body C, characters D) with a GIN index on PostgreSQL.
// - search_users / search_topics and their prefix keys (handle, name words, pinyin, initials) for the
//   People and Topics tabs and suggestions as you type.
// - search_history (a person's own, clearable), search_counts (searches per normalised query and hour:
//   popular queries, related and trending searches) and search_trending (recomputed every minute).
import { SqliteAdapter, sql } from 'kysely';
import type { AnyDb } from '../index.ts';

const dbl = sql`double precision`;

export async function up(db: AnyDb): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('search_notes')
    .addColumn('doc_id', sqlite ? 'integer' : 'bigserial', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().unique())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('created_s', dbl, (c) => c.notNull())
    .addColumn('likes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('engagement', dbl, (c) => c.notNull().defaultTo(0))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('title_words', 'text', (c) => c.notNull())
    .addColumn('tag_words', 'text', (c) => c.notNull())
    .addColumn('body_words', 'text', (c) => c.notNull())
    .addColumn('chars', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_notes_author_idx').on('search_notes').columns(['author_id', 'created_s']).execute();
  if (sqlite) {
    await sql`CREATE VIRTUAL TABLE search_notes_fts USING fts5(title, tags, body, chars, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
  } else {
    await sql`ALTER TABLE search_notes ADD COLUMN doc tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', title_words), 'A') || setweight(to_tsvector('simple', tag_words), 'B') ||
      setweight(to_tsvector('simple', body_words), 'C') || setweight(to_tsvector('simple', chars), 'D')) STORED`.execute(db);
    await sql`CREATE INDEX search_notes_doc_idx ON search_notes USING gin (doc)`.execute(db);
  }

  await db.schema
    .createTable('search_users')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('followers', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('search_user_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_user_keys_pk', ['key', 'user_id'])
    .execute();
  await db.schema.createIndex('search_user_keys_user_idx').on('search_user_keys').column('user_id').execute();

  await db.schema
    .createTable('search_topics')
    .addColumn('tag', 'text', (c) => c.primaryKey())
    .addColumn('notes', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('search_topic_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_topic_keys_pk', ['key', 'tag'])
    .execute();
  await db.schema.createIndex('search_topic_keys_tag_idx').on('search_topic_keys').column('tag').execute();

  await db.schema
    .createTable('search_history')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('q', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_history_pk', ['user_id', 'q'])
    .execute();
  await db.schema.createIndex('search_history_at_idx').on('search_history').columns(['user_id', 'at']).execute();

  await db.schema
    .createTable('search_counts')
    .addColumn('q', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_counts_pk', ['q', 'hour'])
    .execute();
  await db.schema.createIndex('search_counts_hour_idx').on('search_counts').column('hour').execute();
  await db.schema
    .createTable('search_popular')
    .addColumn('q', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('last_hour', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('search_trending')
    .addColumn('rank', 'integer', (c) => c.primaryKey())
    .addColumn('q', 'text', (c) => c.notNull())
    .addColumn('last_hour', 'integer', (c) => c.notNull())
    .addColumn('score', dbl, (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'search_trending',
    'search_popular',
    'search_counts',
    'search_history',
    'search_topic_keys',
    'search_topics',
    'search_user_keys',
    'search_users',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`DROP TABLE IF EXISTS search_notes_fts`.execute(db);
  await db.schema.dropTable('search_notes').ifExists().execute();
}
