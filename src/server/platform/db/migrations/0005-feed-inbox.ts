// Following as an inbox (the feed module's): each reader's followed notes, newest first, written as
// notes are posted (fan-out on write) so that a Following page is one short index range instead of a
// merge of every followed author's notes. Only readers who read Following lately get the writes; an
// inbox is built when its reader first reads it (and again after a long absence), so this migration
// fills nothing. Followers of an author are found through the new followee index.
import { sql } from 'kysely';
import type { AnyDb } from '../index.ts';

const dbl = sql`double precision`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('feed_inbox')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_s', dbl, (c) => c.notNull())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_inbox_pk', ['user_id', 'created_s', 'note_id'])
    .execute();
  // The hourly purge drops what is older than an inbox keeps.
  await db.schema.createIndex('feed_inbox_created_idx').on('feed_inbox').column('created_s').execute();
  // Whose inbox exists: complete for notes created at or after from_s; written to while read_s is recent.
  await db.schema
    .createTable('feed_inbox_state')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('from_s', dbl, (c) => c.notNull())
    .addColumn('read_s', dbl, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_inbox_state_read_idx').on('feed_inbox_state').column('read_s').execute();
  await db.schema.createIndex('feed_follows_followee_idx').on('feed_follows').columns(['followee_id', 'follower_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('feed_follows_followee_idx').ifExists().execute();
  await db.schema.dropTable('feed_inbox_state').ifExists().execute();
  await db.schema.dropTable('feed_inbox').ifExists().execute();
}
