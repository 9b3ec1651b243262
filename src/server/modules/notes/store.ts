// All of the notes module's SQL.
import { type Kysely, sql, type Transaction } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import type { NoteCounter, NoteRow, NotesTables } from './tables.ts';

export type NotesDb = Kysely<NotesTables> | Transaction<NotesTables>;

export class NotesStore {
  constructor(readonly db: NotesDb) {}

  transaction<T>(fn: (store: NotesStore, trx: Transaction<NotesTables>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this, this.db as Transaction<NotesTables>);
    return (this.db as Kysely<NotesTables>).transaction().execute((trx) => fn(new NotesStore(trx), trx));
  }

  async insertNote(row: NoteRow, mediaIds: readonly string[], tags: readonly string[]): Promise<void> {
    await this.db.insertInto('notes').values(row).execute();
    await this.db
      .insertInto('note_media')
      .values(mediaIds.map((media_id, position) => ({ note_id: row.id, media_id, position })))
      .execute();
    await this.replaceTags(row.id, tags);
  }

  async replaceTags(noteId: string, tags: readonly string[]): Promise<void> {
    await this.db.deleteFrom('note_tags').where('note_id', '=', noteId).execute();
    const unique = [...new Set(tags)];
    if (unique.length > 0)
      await this.db
        .insertInto('note_tags')
        .values(unique.map((tag) => ({ note_id: noteId, tag })))
        .execute();
  }

  byId(id: string): Promise<NoteRow | undefined> {
    return this.db.selectFrom('notes').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  byIds(ids: readonly string[]): Promise<NoteRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('notes').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  }

  async update(id: string, patch: Partial<NoteRow>): Promise<void> {
    await this.db
      .updateTable('notes')
      .set({ ...patch, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
  }

  /** A page of an author's notes, newest first, already narrowed to the visibilities the viewer may see. */
  byAuthor(
    authorId: string,
    visibilities: readonly NoteRow['visibility'][],
    includeProcessing: boolean,
    before: string | null,
    limit: number,
  ): Promise<NoteRow[]> {
    let q = this.db
      .selectFrom('notes')
      .selectAll()
      .where('author_id', '=', authorId)
      .where('deleted_at', 'is', null)
      .where('visibility', 'in', visibilities)
      .orderBy('id', 'desc')
      .limit(limit);
    if (!includeProcessing) q = q.where('status', '=', 'published');
    if (before) q = q.where('id', '<', before);
    return q.execute();
  }

  async mediaOf(noteIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (noteIds.length === 0) return out;
    const rows = await this.db.selectFrom('note_media').selectAll().where('note_id', 'in', noteIds).orderBy('note_id').orderBy('position').execute();
    for (const r of rows) {
      const list = out.get(r.note_id) ?? [];
      list.push(r.media_id);
      out.set(r.note_id, list);
    }
    return out;
  }

  async noteOfMedia(mediaId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('note_media').select('note_id').where('media_id', '=', mediaId).executeTakeFirst())?.note_id;
  }

  async bump(noteId: string, counter: NoteCounter, by: number): Promise<void> {
    await this.db
      .updateTable('notes')
      .set({ [counter]: sql`${sql.ref(counter)} + ${by}` })
      .where('id', '=', noteId)
      .execute();
  }

  /** Adds (or removes) the person's like / collect; true when something changed. */
  async setMark(table: 'note_likes' | 'note_collects', noteId: string, userId: string, on: boolean): Promise<boolean> {
    if (on) {
      const r = await this.db
        .insertInto(table)
        .values({ note_id: noteId, user_id: userId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['note_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    }
    const r = await this.db.deleteFrom(table).where('note_id', '=', noteId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async marked(table: 'note_likes' | 'note_collects', userId: string, noteIds: readonly string[]): Promise<Set<string>> {
    if (noteIds.length === 0) return new Set();
    const rows = await this.db.selectFrom(table).select('note_id').where('user_id', '=', userId).where('note_id', 'in', noteIds).execute();
    return new Set(rows.map((r) => r.note_id));
  }

  /** Notes the person liked or collected, most recent first (cursor: the mark's time + note id). */
  async markedPage(
    table: 'note_likes' | 'note_collects',
    userId: string,
    before: string | null,
    limit: number,
  ): Promise<Array<{ note_id: string; created_at: string }>> {
    let q = this.db
      .selectFrom(table)
      .select(['note_id', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('note_id', 'desc')
      .limit(limit);
    if (before) {
      const [at, id] = before.split('|');
      if (at && id) q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('note_id', '<', id)])]));
    }
    return q.execute();
  }

  /** Records a view; true when it is this viewer's first view of the note today. */
  async addView(noteId: string, viewerKey: string, day: string): Promise<boolean> {
    const r = await this.db
      .insertInto('note_views')
      .values({ note_id: noteId, viewer_key: viewerKey, day })
      .onConflict((oc) => oc.columns(['note_id', 'viewer_key', 'day']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  // ---- public lists (skeletons: ids only; the service decides what the reader sees)

  /** The newest public, published notes of everyone, newest first. */
  async recentPublicIds(before: string | null, limit: number): Promise<string[]> {
    let q = this.db
      .selectFrom('notes')
      .select('id')
      .where('visibility', '=', 'public')
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(limit);
    if (before) q = q.where('id', '<', before);
    return (await q.execute()).map((r) => r.id);
  }

  /** The newest public, published notes carrying a tag (stored normalised), newest first, through (tag, note_id). */
  async taggedPublicIds(tag: string, before: string | null, limit: number): Promise<string[]> {
    let q = this.db
      .selectFrom('note_tags')
      .innerJoin('notes', 'notes.id', 'note_tags.note_id')
      .select('note_tags.note_id as id')
      .where('note_tags.tag', '=', tag)
      .where('notes.visibility', '=', 'public')
      .where('notes.status', '=', 'published')
      .where('notes.deleted_at', 'is', null)
      .orderBy('note_tags.note_id', 'desc')
      .limit(limit);
    if (before) q = q.where('note_tags.note_id', '<', before);
    return (await q.execute()).map((r) => r.id);
  }
}
