// Notes and everything around them: jobs, media, notes, likes, views, boards and collects,
// comments, notifications. Portable types only (text, integer, real).
import { sql } from 'kysely';
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  // ---- platform: the durable job queue
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();

  // ---- platform: secrets generated once per instance (e.g. the salt for anonymous view counting)
  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // ---- media
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull()) // note | avatar
    .addColumn('kind', 'text', (c) => c.notNull()) // image | video
    .addColumn('status', 'text', (c) => c.notNull()) // processing | ready | failed
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('dominant_color', 'text')
    .addColumn('placeholder', 'text')
    .addColumn('variants', 'text', (c) => c.notNull()) // JSON: [{name, width, height, key, contentType}]
    .addColumn('error', 'text')
    .addColumn('attached_to', 'text') // the note (or user, for avatars) that uses it
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_owner_idx').on('media').columns(['owner_id', 'id']).execute();
  await db.schema.createIndex('media_attached_idx').on('media').column('attached_to').execute();

  // ---- notes
  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // images | video
    .addColumn('status', 'text', (c) => c.notNull()) // processing | published
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull()) // JSON
    .addColumn('visibility', 'text', (c) => c.notNull()) // public | followers | only_me
    .addColumn('place_name', 'text')
    .addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('collect_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notes_author_idx').on('notes').columns(['author_id', 'id']).execute();

  await db.schema
    .createTable('note_media')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_media_pk', ['note_id', 'position'])
    .execute();
  await db.schema.createIndex('note_media_media_idx').on('note_media').column('media_id').unique().execute();

  await db.schema
    .createTable('note_tags')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull()) // normalised: lower-case, NFKC
    .addPrimaryKeyConstraint('note_tags_pk', ['note_id', 'tag'])
    .execute();
  await db.schema.createIndex('note_tags_tag_idx').on('note_tags').columns(['tag', 'note_id']).execute();

  await db.schema
    .createTable('note_likes')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_likes_pk', ['note_id', 'user_id'])
    .execute();
  await db.schema.createIndex('note_likes_user_idx').on('note_likes').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('note_views')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('viewer_key', 'text', (c) => c.notNull()) // user id, or a salted hash for the anonymous
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD, UTC
    .addPrimaryKeyConstraint('note_views_pk', ['note_id', 'viewer_key', 'day'])
    .execute();

  // ---- boards and collects
  await db.schema
    .createTable('boards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull()) // public | private
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('boards_owner_idx').on('boards').columns(['owner_id', 'id']).execute();
  // Exactly one default board ("Saved", 收藏) a person, even when two requests create it at once.
  await db.schema.createIndex('boards_one_default_uq').on('boards').column('owner_id').unique().where(sql.ref('is_default'), '=', 1).execute();

  await db.schema
    .createTable('board_notes')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_notes_pk', ['board_id', 'note_id'])
    .execute();
  await db.schema.createIndex('board_notes_note_idx').on('board_notes').column('note_id').execute();

  // One row a person who collected a note into any of their boards: the note's collect count.
  await db.schema
    .createTable('note_collects')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_collects_pk', ['note_id', 'user_id'])
    .execute();
  await db.schema.createIndex('note_collects_user_idx').on('note_collects').columns(['user_id', 'created_at']).execute();

  // ---- comments (two levels: parent_id is the top-level comment a reply belongs to)
  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('parent_id', 'text')
    .addColumn('reply_to_comment_id', 'text')
    .addColumn('reply_to_user_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_note_idx').on('comments').columns(['note_id', 'parent_id', 'id']).execute();

  await db.schema
    .createTable('comment_likes')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_likes_pk', ['comment_id', 'user_id'])
    .execute();

  // ---- notifications: one row an event; grouped when read
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // like | collect | comment | reply | mention | follow | comment_like
    .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('subject_id', 'text') // the note (or comment's note) it is about
    .addColumn('comment_id', 'text')
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_recipient_idx').on('notifications').columns(['recipient_id', 'id']).execute();
  await db.schema.createIndex('notifications_group_idx').on('notifications').columns(['recipient_id', 'group_key', 'id']).execute();
  // "Is the same event already waiting unread?" (likes toggled on and off must not spam).
  await db.schema.createIndex('notifications_event_idx').on('notifications').columns(['recipient_id', 'actor_id', 'kind', 'subject_id']).execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['recipient_id', 'read_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'notifications',
    'comment_likes',
    'comments',
    'note_collects',
    'board_notes',
    'boards',
    'note_views',
    'note_likes',
    'note_tags',
    'note_media',
    'notes',
    'media',
    'instance_secrets',
    'jobs',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
