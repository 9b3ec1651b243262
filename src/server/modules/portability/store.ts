// All of the portability module's SQL, on its own tables only.
import type { Kysely } from 'kysely';
import type { DataExportRow, DataImportRow, ImportCommentRow, ImportDraftRow, ImportFollowRow, PortabilityTables } from './tables.ts';

/** Rows a bulk insert writes per statement (SQLite's bound-variable limit is the tighter one). */
const BATCH = 200;

export class PortabilityStore {
  constructor(private readonly db: Kysely<PortabilityTables>) {}

  // Imports

  async insertImport(row: DataImportRow): Promise<void> {
    await this.db.insertInto('data_imports').values(row).execute();
  }

  getImport(id: string): Promise<DataImportRow | undefined> {
    return this.db.selectFrom('data_imports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listImports(userId: string, limit: number): Promise<DataImportRow[]> {
    return this.db
      .selectFrom('data_imports')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async updateImport(id: string, patch: Partial<Omit<DataImportRow, 'id' | 'user_id'>>): Promise<void> {
    await this.db.updateTable('data_imports').set(patch).where('id', '=', id).execute();
  }

  /** previewed → queued, once: a second apply of the same import finds nothing to claim. */
  async claimApply(id: string, userId: string, options: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('data_imports')
      .set({ status: 'queued', options, updated_at: now })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('status', '=', 'previewed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Previews never applied, and finished imports, whose parsed file is still in storage past their time. */
  staleImports(now: string, limit: number): Promise<DataImportRow[]> {
    return this.db
      .selectFrom('data_imports')
      .selectAll()
      .where('expires_at', '<', now)
      .where((eb) => eb.or([eb('status', '=', 'previewed'), eb('upload_key', 'is not', null)]))
      .where('status', 'not in', ['queued', 'running'])
      .limit(limit)
      .execute();
  }

  async insertDrafts(rows: ImportDraftRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH)
      await this.db
        .insertInto('import_drafts')
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(['user_id', 'source_ref']).doNothing())
        .execute();
  }

  async insertComments(rows: ImportCommentRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH)
      await this.db
        .insertInto('import_comments')
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(['user_id', 'source_ref']).doNothing())
        .execute();
  }

  async insertFollows(rows: ImportFollowRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH)
      await this.db
        .insertInto('import_follows')
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.columns(['user_id', 'tiktok_username']).doNothing())
        .execute();
  }

  async countDrafts(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('import_drafts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Drafts newest original first; the cursor is (original_at, id) of the last one seen. */
  draftsPage(userId: string, after: { at: string; id: string } | null, limit: number): Promise<ImportDraftRow[]> {
    let q = this.db.selectFrom('import_drafts').selectAll().where('user_id', '=', userId);
    if (after) q = q.where((eb) => eb.or([eb('original_at', '<', after.at), eb.and([eb('original_at', '=', after.at), eb('id', '<', after.id)])]));
    return q.orderBy('original_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  getDraft(id: string): Promise<ImportDraftRow | undefined> {
    return this.db.selectFrom('import_drafts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteDraft(id: string, userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('import_drafts').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  commentsPage(userId: string, after: { at: string; id: string } | null, limit: number): Promise<ImportCommentRow[]> {
    let q = this.db.selectFrom('import_comments').selectAll().where('user_id', '=', userId);
    if (after) q = q.where((eb) => eb.or([eb('written_at', '<', after.at), eb.and([eb('written_at', '=', after.at), eb('id', '<', after.id)])]));
    return q.orderBy('written_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** The usernames a person followed on TikTok and has not dismissed, newest follow first. */
  waitingFollows(userId: string, limit: number): Promise<ImportFollowRow[]> {
    return this.db
      .selectFrom('import_follows')
      .selectAll()
      .where('user_id', '=', userId)
      .where('state', '=', 'waiting')
      .orderBy('followed_at', 'desc')
      .orderBy('tiktok_username')
      .limit(limit)
      .execute();
  }

  async dismissFollow(userId: string, username: string): Promise<boolean> {
    const r = await this.db
      .updateTable('import_follows')
      .set({ state: 'dismissed' })
      .where('user_id', '=', userId)
      .where('tiktok_username', '=', username)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Importers waiting for this username who have not been told yet. */
  waitingFor(username: string, limit: number): Promise<ImportFollowRow[]> {
    return this.db
      .selectFrom('import_follows')
      .selectAll()
      .where('tiktok_username', '=', username)
      .where('state', '=', 'waiting')
      .where('notified_at', 'is', null)
      .limit(limit)
      .execute();
  }

  async markNotified(userIds: string[], username: string, at: string): Promise<void> {
    if (userIds.length === 0) return;
    await this.db
      .updateTable('import_follows')
      .set({ notified_at: at })
      .where('tiktok_username', '=', username)
      .where('user_id', 'in', userIds)
      .where('notified_at', 'is', null)
      .execute();
  }

  // Exports

  async insertExport(row: DataExportRow): Promise<void> {
    await this.db.insertInto('data_exports').values(row).execute();
  }

  getExport(id: string): Promise<DataExportRow | undefined> {
    return this.db.selectFrom('data_exports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listExports(userId: string, limit: number): Promise<DataExportRow[]> {
    return this.db
      .selectFrom('data_exports')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  activeExport(userId: string): Promise<DataExportRow | undefined> {
    return this.db.selectFrom('data_exports').selectAll().where('user_id', '=', userId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  }

  async updateExport(id: string, patch: Partial<Omit<DataExportRow, 'id' | 'user_id'>>): Promise<void> {
    await this.db.updateTable('data_exports').set(patch).where('id', '=', id).execute();
  }

  expiredExports(now: string, limit: number): Promise<DataExportRow[]> {
    return this.db.selectFrom('data_exports').selectAll().where('status', '=', 'done').where('expires_at', '<', now).limit(limit).execute();
  }

  // A person's rows, for their archive and their erasure

  async *rowsOf<T extends keyof PortabilityTables>(table: T, userId: string, key: 'id' | 'tiktok_username'): AsyncGenerator<PortabilityTables[T]> {
    let after = '';
    for (let round = 0; round < 1_000_000; round++) {
      // biome-ignore lint/suspicious/noExplicitAny: one keyset walk over five tables of different shapes
      const rows: any[] = await (this.db as Kysely<any>)
        .selectFrom(table)
        .selectAll()
        .where('user_id', '=', userId)
        .where(key, '>', after)
        .orderBy(key)
        .limit(500)
        .execute();
      for (const r of rows) yield r;
      if (rows.length < 500) return;
      after = rows[rows.length - 1][key];
    }
  }

  storageKeysOf(userId: string): Promise<{ key: string | null }[]> {
    return this.db
      .selectFrom('data_imports')
      .select('upload_key as key')
      .where('user_id', '=', userId)
      .unionAll(this.db.selectFrom('data_exports').select('storage_key as key').where('user_id', '=', userId))
      .execute();
  }

  async deleteAllOf(userId: string): Promise<void> {
    for (const t of ['import_drafts', 'import_comments', 'import_follows', 'data_exports', 'data_imports'] as const) {
      await this.db.deleteFrom(t).where('user_id', '=', userId).execute();
    }
  }
}
