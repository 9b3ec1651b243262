// The house for what comes next: versions for the shared read cache, idempotent event consumers,
// indexes for the periodic clean-ups, the index 0002 gained after it shipped, and counts made
// equal to their rows again (they drifted when a process died between a write and its count).
import { sql } from 'kysely';
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  // A cached note or person is keyed by id and version: every change that alters what a reader sees
  // bumps the version, and an invalidation never lets an older version back into a cache.
  await db.schema
    .alterTable('notes')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // 0002 was edited after it shipped to add this index, so databases made before never got it.
  await db.schema
    .createIndex('notifications_event_idx')
    .ifNotExists()
    .on('notifications')
    .columns(['recipient_id', 'actor_id', 'kind', 'subject_id'])
    .execute();
  // A notification remembers the domain event it came from: a redelivered event adds nothing.
  await db.schema.alterTable('notifications').addColumn('source_event', 'text').execute();
  await db.schema.createIndex('notifications_source_uq').unique().on('notifications').columns(['recipient_id', 'source_event']).execute();

  // Periodic clean-ups find their rows through these.
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('note_views_day_idx').on('note_views').column('day').execute();
  await db.schema.createIndex('media_unattached_idx').on('media').columns(['attached_to', 'created_at']).execute();
  await db.schema.createIndex('jobs_name_status_idx').on('jobs').columns(['name', 'status']).execute();
  // Hashtag pages and the newest public notes page by id within these.
  await db.schema.createIndex('notes_public_idx').on('notes').columns(['visibility', 'status', 'id']).execute();

  await recount(db);
}

/** Every stored count set to the number of rows it counts (idempotent; safe to run again). */
export async function recount(db: AnyDb): Promise<void> {
  // A deleted note leaves every board it was in (before, boards kept counting it).
  await db
    .deleteFrom('board_notes')
    .where('note_id', 'in', db.selectFrom('notes').select('id').where('deleted_at', 'is not', null))
    .execute();
  await db
    .deleteFrom('note_collects')
    .where('note_id', 'in', db.selectFrom('notes').select('id').where('deleted_at', 'is not', null))
    .execute();
  await db
    .updateTable('notes')
    .set({
      like_count: sql`(select count(*) from note_likes where note_likes.note_id = notes.id)`,
      collect_count: sql`(select count(*) from note_collects where note_collects.note_id = notes.id)`,
      comment_count: sql`(select count(*) from comments where comments.note_id = notes.id and comments.deleted_at is null)`,
      view_count: sql`(select count(*) from note_views where note_views.note_id = notes.id)`,
    })
    .execute();
  await db.updateTable('boards').set({ note_count: sql`(select count(*) from board_notes where board_notes.board_id = boards.id)` }).execute();
  await db
    .updateTable('comments')
    .set({
      like_count: sql`(select count(*) from comment_likes where comment_likes.comment_id = comments.id)`,
      reply_count: sql`(select count(*) from comments as r where r.parent_id = comments.id and r.deleted_at is null)`,
    })
    .execute();
  await db
    .updateTable('users')
    .set({
      followers_count: sql`(select count(*) from follows where follows.followee_id = users.id)`,
      following_count: sql`(select count(*) from follows where follows.follower_id = users.id)`,
    })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const index of [
    'notes_public_idx',
    'jobs_name_status_idx',
    'media_unattached_idx',
    'note_views_day_idx',
    'sessions_expires_idx',
    'notifications_source_uq',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.alterTable('notifications').dropColumn('source_event').execute();
  await db.schema.alterTable('users').dropColumn('version').execute();
  await db.schema.alterTable('notes').dropColumn('version').execute();
}
