// The notes module's SQL for a person's export and erasure: pages in key order (an archive is
// streamed, never loaded whole) and the batched deletes that forget a person.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { NoteRow, NotesTables } from './tables.ts';

type Q = Kysely<NotesTables> | Transaction<NotesTables>;
type MarkTable = 'note_likes' | 'note_collects';

export class NotesPersonalStore {
  constructor(readonly db: Q) {}

  /** A page of every note the person wrote (deleted ones too, as stored), in id order. */
  notesPage(authorId: string, afterId: string | null, limit: number): Promise<NoteRow[]> {
    let q = this.db.selectFrom('notes').selectAll().where('author_id', '=', authorId).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  async tagsOf(noteIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (noteIds.length === 0) return out;
    const rows = await this.db.selectFrom('note_tags').selectAll().where('note_id', 'in', noteIds).orderBy('note_id').orderBy('tag').execute();
    for (const r of rows) out.set(r.note_id, [...(out.get(r.note_id) ?? []), r.tag]);
    return out;
  }

  async mediaOf(noteIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (noteIds.length === 0) return out;
    const rows = await this.db.selectFrom('note_media').selectAll().where('note_id', 'in', noteIds).orderBy('note_id').orderBy('position').execute();
    for (const r of rows) out.set(r.note_id, [...(out.get(r.note_id) ?? []), r.media_id]);
    return out;
  }

  /** A page of the person's likes or collects, in note id order (the person's rows are keyed by note). */
  marksPage(
    table: MarkTable,
    userId: string,
    afterNoteId: string | null,
    limit: number,
  ): Promise<Array<{ note_id: string; user_id: string; created_at: string }>> {
    let q = this.db.selectFrom(table).selectAll().where('user_id', '=', userId).orderBy('note_id').limit(limit);
    if (afterNoteId !== null) q = q.where('note_id', '>', afterNoteId);
    return q.execute();
  }

  /** A page of the views counted under the person's id (a signed-in viewer's key is their user id). */
  viewsPage(viewerKey: string, after: readonly [string, string] | null, limit: number): Promise<Array<{ note_id: string; viewer_key: string; day: string }>> {
    let q = this.db.selectFrom('note_views').selectAll().where('viewer_key', '=', viewerKey).orderBy('note_id').orderBy('day').limit(limit);
    if (after) {
      const [noteId, day] = after;
      q = q.where((eb) => eb.or([eb('note_id', '>', noteId), eb.and([eb('note_id', '=', noteId), eb('day', '>', day)])]));
    }
    return q.execute();
  }

  // ---- erasure (each call is one batch, inside the caller's transaction)

  /** The next batch of the person's notes, with the versions the read cache is told to forget. */
  authoredBatch(authorId: string, limit: number): Promise<Array<{ id: string; version: number }>> {
    return this.db.selectFrom('notes').select(['id', 'version']).where('author_id', '=', authorId).orderBy('id').limit(limit).execute();
  }

  /** Ids of the person's notes, deleted ones included, after `afterId` in id order. */
  async authoredIds(authorId: string, afterId: string | null, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('notes').select('id').where('author_id', '=', authorId).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return (await q.execute()).map((r) => r.id);
  }

  /** Deletes notes and everything hanging on them: anyone's likes, collects and views, their tags and media links. */
  async deleteNotes(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const table of ['note_likes', 'note_collects', 'note_views', 'note_media', 'note_tags'] as const) {
      await this.db.deleteFrom(table).where('note_id', 'in', ids).execute();
    }
    await this.db.deleteFrom('notes').where('id', 'in', ids).execute();
  }

  /**
   * Deletes a batch of the person's likes (or collects) and takes each from its note's count, in
   * the caller's transaction; the notes whose count moved.
   */
  async dropMarks(table: MarkTable, userId: string, limit: number): Promise<string[]> {
    const batch = (await this.db.selectFrom(table).select('note_id').where('user_id', '=', userId).orderBy('note_id').limit(limit).execute()).map(
      (r) => r.note_id,
    );
    if (batch.length === 0) return [];
    const gone = await this.db.deleteFrom(table).where('user_id', '=', userId).where('note_id', 'in', batch).returning('note_id').execute();
    const ids = gone.map((r) => r.note_id);
    const counter = table === 'note_likes' ? 'like_count' : 'collect_count';
    // One row per (note, person): each note loses exactly one.
    if (ids.length > 0)
      await this.db
        .updateTable('notes')
        .set({ [counter]: sql`${sql.ref(counter)} - 1` })
        .where('id', 'in', ids)
        .execute();
    return ids;
  }

  /** Deletes a batch of the views counted under the person's id (the counts stay: a view happened); how many went. */
  async dropViews(viewerKey: string, limit: number): Promise<number> {
    const batch = await this.db.selectFrom('note_views').select(['note_id', 'day']).where('viewer_key', '=', viewerKey).limit(limit).execute();
    if (batch.length === 0) return 0;
    const notes = [...new Set(batch.map((r) => r.note_id))];
    const r = await this.db.deleteFrom('note_views').where('viewer_key', '=', viewerKey).where('note_id', 'in', notes).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Others' notes whose entities may mention the handle (a LIKE, checked again by the caller), after `afterId`. */
  mayMention(handle: string, afterId: string | null, limit: number): Promise<Array<{ id: string; entities: string }>> {
    let q = this.db.selectFrom('notes').select(['id', 'entities']).where('entities', 'like', `%"handle":"${handle}"%`).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  /** New entities for a note, its version moved (the read cache's key) but not its edit time: its author changed nothing. */
  async setEntities(id: string, entities: string): Promise<number | undefined> {
    const r = await this.db
      .updateTable('notes')
      .set((eb) => ({ entities, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirst();
    return r?.version;
  }
}
