// Conversations: direct messages and group chats (the messages module's tables).
// - conversations: one row a DM or group. `dm_key` ("<low id>:<high id>") makes a pair's DM unique;
//   `last_seq` is the sequence counter, bumped in the write transaction of each message (the UPDATE
//   takes the row lock on PostgreSQL, so numbers are gapless across processes).
// - conversation_members: who is in it and how they stand (role, state, read position, mute,
//   auto-translate). `from_seq`: the last seq before they joined — history starts after it.
// - messages: seq unique per conversation; `client_id` unique per (conversation, author) makes a
//   retried send idempotent; `content_hash` tells a retry from a different message with the same id
//   even after the message became a tombstone (`deleted_at`, body emptied).
// - conversation_invites: join links (token, optional expiry, revocation, use count).
// - conversation_notes: a group shown under a note of its owner ("join the group chat").
// - stranger_quota: new conversations started with people who do not follow the starter, per UTC day.
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('avatar_media_id', 'text')
    .addColumn('dm_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('from_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_translate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added_by', 'text')
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
    .execute();
  // A person's inbox and requests box.
  await db.schema.createIndex('conversation_members_user_idx').on('conversation_members').columns(['user_id', 'state']).execute();
  // Member lists (oldest first) and ownership hand-over.
  await db.schema.createIndex('conversation_members_joined_idx').on('conversation_members').columns(['conversation_id', 'state', 'joined_at']).execute();
  await db.schema.createIndex('conversations_updated_idx').on('conversations').columns(['updated_at', 'id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('langs', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('media_id', 'text')
    .addColumn('note_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('messages_seq_uq', ['conversation_id', 'seq'])
    .addUniqueConstraint('messages_client_uq', ['conversation_id', 'author_id', 'client_id'])
    .execute();
  // A person's messages (a block or an account's removal finds them).
  await db.schema.createIndex('messages_author_idx').on('messages').columns(['author_id', 'created_at']).execute();

  await db.schema
    .createTable('conversation_invites')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_invites_conv_idx').on('conversation_invites').columns(['conversation_id', 'created_at']).execute();

  await db.schema
    .createTable('conversation_notes')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('invite_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_notes_note_idx').on('conversation_notes').column('note_id').execute();

  await db.schema
    .createTable('stranger_quota')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('stranger_quota_pk', ['user_id', 'day'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['stranger_quota', 'conversation_notes', 'conversation_invites', 'messages', 'conversation_members', 'conversations']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
