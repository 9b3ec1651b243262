// Trust & safety.
// The moderation module's tables:
// - moderation_cases: one case per reported or flagged thing (note, comment, message, room message,
//   person). While a case is open, every new report of the same thing gathers into it (the partial
//   unique index). `source` says what opened it: people's reports, a word filter, the image check,
//   duplicate content. An appeal reopens a resolved case once (`appeal_state`).
// - moderation_reports: who reported what, one report a person a case.
// - moderation_states: what moderation decided about a piece of content, read by the one rules point
//   (removed / held / limited / sensitive, a new account's probation). `version` moves on every change
//   so a late cache message never brings an old state back.
// - moderation_audit: every moderator action, append-only (triggers refuse UPDATE and DELETE).
// - moderation_people: new accounts a moderator approved (their probation ends at once).
// - filter_lists: the word lists and what a hit does (refuse / hold / sensitive), edited by admins.
// - media_safety: the image check's scores per media item and its perceptual hash (duplicates).
// The accounts module's columns and table:
// - users.suspended_until / users.banned_at: a suspension (no writes until then) and a ban.
// - users.comments_from / users.messages_from: who may comment on my notes and message me
//   ('everyone' | 'following' | 'nobody').
// - muted_words: words and #topics a person does not want in their lists and feeds.
import { SqliteAdapter, sql } from 'kysely';
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('moderation_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('action', 'text')
    .addColumn('action_note', 'text')
    .addColumn('action_days', 'integer')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('appeal_state', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('appeal_text', 'text')
    .addColumn('appealed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('moderation_cases_open_uq')
    .unique()
    .on('moderation_cases')
    .columns(['target_type', 'target_id'])
    .where(sql.ref('status'), '=', 'open')
    .execute();
  // The queue: a status, oldest first; the author's history.
  await db.schema.createIndex('moderation_cases_status_idx').on('moderation_cases').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('moderation_cases_owner_idx').on('moderation_cases').columns(['owner_id', 'created_at']).execute();
  await db.schema.createIndex('moderation_cases_target_idx').on('moderation_cases').columns(['target_type', 'target_id', 'created_at']).execute();
  await db.schema
    .createTable('moderation_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_reports_case_uq').unique().on('moderation_reports').columns(['case_id', 'reporter_id']).execute();
  await db.schema.createIndex('moderation_reports_reporter_idx').on('moderation_reports').columns(['reporter_id', 'created_at']).execute();
  await db.schema
    .createTable('moderation_states')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('limited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('probation_until', 'text')
    .addColumn('reason', 'text')
    .addColumn('case_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('moderation_states_pk', ['target_type', 'target_id'])
    .execute();
  // A new account's notes on probation, by author (a moderator's approval ends them at once).
  await db.schema.createIndex('moderation_states_owner_idx').on('moderation_states').columns(['owner_id', 'target_type']).execute();
  await db.schema
    .createTable('moderation_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_audit_actor_idx').on('moderation_audit').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('moderation_audit_case_idx').on('moderation_audit').columns(['case_id', 'id']).execute();
  await db.schema.createIndex('moderation_audit_action_idx').on('moderation_audit').columns(['action', 'id']).execute();
  if (sqlite) {
    await sql`CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_audit BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END`.execute(
      db,
    );
  } else {
    await sql`CREATE FUNCTION moderation_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'moderation_audit is append-only'; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER moderation_audit_no_change BEFORE UPDATE OR DELETE ON moderation_audit FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only()`.execute(
      db,
    );
  }
  await db.schema
    .createTable('moderation_people')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('filter_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('builtin', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('terms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('allowed', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('media_safety')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('dhash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_safety_dhash_idx').on('media_safety').columns(['dhash', 'created_at']).execute();

  await db.schema.alterTable('users').addColumn('suspended_until', 'text').execute();
  await db.schema.alterTable('users').addColumn('banned_at', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('comments_from', 'text', (c) => c.notNull().defaultTo('everyone'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('messages_from', 'text', (c) => c.notNull().defaultTo('everyone'))
    .execute();
  await db.schema
    .createTable('muted_words')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('muted_words_pk', ['user_id', 'word'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema.dropTable('muted_words').ifExists().execute();
  for (const col of ['messages_from', 'comments_from', 'banned_at', 'suspended_until']) await db.schema.alterTable('users').dropColumn(col).execute();
  for (const t of ['media_safety', 'filter_lists', 'moderation_people', 'moderation_audit', 'moderation_states', 'moderation_reports', 'moderation_cases'])
    await db.schema.dropTable(t).ifExists().execute();
  if (!sqlite) await sql`DROP FUNCTION IF EXISTS moderation_audit_append_only()`.execute(db);
}
