// Live rooms (the rooms module's tables): public, listed chat rooms that hold tens of thousands.
// - rooms: `last_seq` is the room's message counter, bumped in the transaction that inserts a
//   message, so seqs are durable and gap-free across processes (the row lock on PostgreSQL, the
//   write lock on SQLite). `version` moves on every change a room's hello shows (pin, edit, delete),
//   so a process may reuse its cached hello while (last_seq, version) stay the same.
// - room_members: who joined; `role` is 'member' or 'moderator'.
// - room_messages: kept for a window (settings), purged by the rooms.purge job; a delete leaves a
//   tombstone (body '', deleted 1). (room_id, author_id, client_id) makes a client's retry idempotent.
import { sql } from 'kysely';
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('slow_mode_s', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned_message_id', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('room_members')
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_members_pk', ['room_id', 'user_id'])
    .execute();
  // "Which rooms am I in" (the directory's viewer state).
  await db.schema.createIndex('room_members_user_idx').on('room_members').columns(['user_id', 'room_id']).execute();
  await db.schema
    .createTable('room_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('client_id', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('room_messages_seq_uq').unique().on('room_messages').columns(['room_id', 'seq']).execute();
  await db.schema
    .createIndex('room_messages_client_uq')
    .unique()
    .on('room_messages')
    .columns(['room_id', 'author_id', 'client_id'])
    .where(sql.ref('client_id'), 'is not', null)
    .execute();
  // Slow mode asks for one person's last message in a room.
  await db.schema.createIndex('room_messages_author_idx').on('room_messages').columns(['room_id', 'author_id', 'seq']).execute();
  // The retention job deletes by age across rooms.
  await db.schema.createIndex('room_messages_created_idx').on('room_messages').columns(['created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('room_messages').ifExists().execute();
  await db.schema.dropTable('room_members').ifExists().execute();
  await db.schema.dropTable('rooms').ifExists().execute();
}
