// Your data is yours: import from a TikTok export, export everything, delete an account.
// The accounts module's columns:
// - users.tiktok_username: the TikTok username a person declares on their profile (self-declared,
//   lower case, unique), so people who import their TikTok follows can find them.
// - users.erases_at: set when a person asks to delete their account; the profile is gone at once and
//   everything is erased then, unless they log in before (which clears it).
// The boards module's table:
// - board_links: links kept in a board beside its notes (the TikTok videos a person liked or
//   favourited, which the export names by link only).
// The portability module's tables:
// - data_imports: one uploaded export, its preview, the options applied and the job's progress.
// - import_drafts: imported posts' captions, waiting for photos before they are published.
// - import_comments: the comments a person wrote on TikTok, a private archive.
// - import_follows: usernames a person followed on TikTok, until they follow or dismiss the match;
//   `notified_at` is set when a person who later joins declares that username.
// - data_exports: an export job and its archive in storage, downloadable until `expires_at`.
// The moderation audit stays append-only, except that erasing a person may replace the columns that
// name them with 'erased' (and drop the free-text note): the log keeps what was done, not to whom.
import { SqliteAdapter, sql } from 'kysely';
import type { AnyDb } from '../index.ts';

const AUDIT_ERASE_ONLY = `NEW.id = OLD.id AND NEW.case_id IS OLD.case_id AND NEW.action = OLD.action AND NEW.target_type IS OLD.target_type
  AND NEW.days IS OLD.days AND NEW.created_at = OLD.created_at
  AND (NEW.actor_id IS OLD.actor_id OR NEW.actor_id = 'erased')
  AND (NEW.owner_id IS OLD.owner_id OR NEW.owner_id = 'erased')
  AND (NEW.target_id IS OLD.target_id OR NEW.target_id = 'erased')
  AND (NEW.note IS OLD.note OR NEW.note IS NULL)`;

export async function up(db: AnyDb): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema.alterTable('users').addColumn('tiktok_username', 'text').execute();
  await db.schema.alterTable('users').addColumn('erases_at', 'text').execute();
  await db.schema.createIndex('users_tiktok_username_uq').unique().on('users').column('tiktok_username').execute();
  await db.schema.createIndex('users_erases_at_idx').on('users').column('erases_at').execute();

  await db.schema
    .createTable('board_links')
    .addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_links_pk', ['board_id', 'url'])
    .execute();
  await db.schema.createIndex('board_links_order_idx').on('board_links').columns(['board_id', 'saved_at']).execute();

  await db.schema
    .createTable('data_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('upload_key', 'text')
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('options', 'text')
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('data_imports_user_idx').on('data_imports').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('data_imports_expiry_idx').on('data_imports').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('import_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('original_at', 'text')
    .addColumn('original_likes', 'integer')
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_drafts_user_idx').on('import_drafts').columns(['user_id', 'original_at', 'id']).execute();
  // Applying the same import twice (a retried job) makes each draft once.
  await db.schema.createIndex('import_drafts_source_uq').unique().on('import_drafts').columns(['user_id', 'source_ref']).execute();

  await db.schema
    .createTable('import_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text')
    .addColumn('post_url', 'text')
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_comments_user_idx').on('import_comments').columns(['user_id', 'written_at', 'id']).execute();
  await db.schema.createIndex('import_comments_source_uq').unique().on('import_comments').columns(['user_id', 'source_ref']).execute();

  await db.schema
    .createTable('import_follows')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tiktok_username', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('followed_at', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('waiting'))
    .addColumn('notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_follows_pk', ['user_id', 'tiktok_username'])
    .execute();
  // A person who declares a username: who imported it and waits for them.
  await db.schema.createIndex('import_follows_username_idx').on('import_follows').columns(['tiktok_username', 'state']).execute();

  await db.schema
    .createTable('data_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('storage_key', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('data_exports_user_idx').on('data_exports').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('data_exports_expiry_idx').on('data_exports').columns(['status', 'expires_at']).execute();

  // The audit log: append-only still, but a person's erasure may blank who they were.
  if (sqlite) {
    await sql`DROP TRIGGER moderation_audit_no_update`.execute(db);
    await sql
      .raw(
        `CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit WHEN NOT (${AUDIT_ERASE_ONLY}) BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END`,
      )
      .execute(db);
  } else {
    await sql`DROP TRIGGER moderation_audit_no_change ON moderation_audit`.execute(db);
    await sql`CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_audit FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only()`.execute(
      db,
    );
    await sql
      .raw(
        `CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit FOR EACH ROW WHEN (NOT (${AUDIT_ERASE_ONLY.replaceAll(' IS OLD.', ' IS NOT DISTINCT FROM OLD.')})) EXECUTE FUNCTION moderation_audit_append_only()`,
      )
      .execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    await sql`DROP TRIGGER IF EXISTS moderation_audit_no_update`.execute(db);
    await sql`CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END`.execute(
      db,
    );
  } else {
    await sql`DROP TRIGGER IF EXISTS moderation_audit_no_update ON moderation_audit`.execute(db);
    await sql`DROP TRIGGER IF EXISTS moderation_audit_no_delete ON moderation_audit`.execute(db);
    await sql`CREATE TRIGGER moderation_audit_no_change BEFORE UPDATE OR DELETE ON moderation_audit FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only()`.execute(
      db,
    );
  }
  for (const t of ['data_exports', 'import_follows', 'import_comments', 'import_drafts', 'data_imports', 'board_links'])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex('users_erases_at_idx').ifExists().execute();
  await db.schema.dropIndex('users_tiktok_username_uq').ifExists().execute();
  for (const col of ['erases_at', 'tiktok_username']) await db.schema.alterTable('users').dropColumn(col).execute();
}
