// All of the notes module's SQL.
import { type Kysely, sql, type Transaction } from 'kysely';
import { prepare } from '../../platform/db/prepared.ts';
import { nowIso } from '../../platform/ids.ts';
import type { NoteCounter, NoteRow, NotesTables } from './tables.ts';

export type NotesDb = Kysely<NotesTables> | Transaction<NotesTables>;

/** What the read cache keeps of a note: everything but the counts, which move too often. */
export type NoteCoreRow = Omit<NoteRow, 'like_count' | 'collect_count' | 'comment_count' | 'view_count'>;
const CORE_COLUMNS = [
  'id',
  'author_id',
  'kind',
  'status',
  'title',
  'body',
  'lang',
  'langs',
  'entities',
  'visibility',
  'place_name',
  'comments_enabled',
  'deleted_at',
  'created_at',
  'updated_at',
  'version',
] as const satisfies ReadonlyArray<keyof NoteCoreRow>;

export type NoteCountsRow = Pick<NoteRow, 'id' | 'like_count' | 'collect_count' | 'comment_count' | 'view_count'>;

/** A skeleton row: a note id and the key a list is ordered by. */
export interface MarkRow {
  note_id: string;
  created_at: string;
}

/** The reads behind every page of notes, compiled once: on the root database only (never inside a transaction). */
function preparedReads(db: Kysely<NotesTables>) {
  return {
    cores: prepare(db, (ids: readonly string[]) => db.selectFrom('notes').select(CORE_COLUMNS).where('id', 'in', ids).where('deleted_at', 'is', null)),
    counts: prepare(db, (ids: readonly string[]) =>
      db.selectFrom('notes').select(['id', 'like_count', 'collect_count', 'comment_count', 'view_count']).where('id', 'in', ids),
    ),
    marks: prepare(db, (userId: string, noteIds: readonly string[]) => marksQuery(db, userId, noteIds)),
    media: prepare(db, (noteIds: readonly string[]) =>
      db.selectFrom('note_media').selectAll().where('note_id', 'in', noteIds).orderBy('note_id').orderBy('position'),
    ),
  };
}

/** The person's likes and collects among the notes, as (kind, note) rows. */
const marksQuery = (db: NotesDb, userId: string, noteIds: readonly string[]) =>
  db
    .selectFrom('note_likes')
    .select([sql<string>`'l'`.as('k'), 'note_id'])
    .where('user_id', '=', userId)
    .where('note_id', 'in', noteIds)
    .unionAll(
      db
        .selectFrom('note_collects')
        .select([sql<string>`'c'`.as('k'), 'note_id'])
        .where('user_id', '=', userId)
        .where('note_id', 'in', noteIds),
    );

export class NotesStore {
  private readonly fast: ReturnType<typeof preparedReads> | null;

  constructor(readonly db: NotesDb) {
    this.fast = db.isTransaction ? null : preparedReads(db as Kysely<NotesTables>);
  }

  /** The same store writing through a unit of work's transaction. */
  within(trx: Transaction<NotesTables>): NotesStore {
    return new NotesStore(trx);
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

  /** The cacheable part of live notes. */
  coresByIds(ids: readonly string[]): Promise<NoteCoreRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    if (this.fast) return this.fast.cores(ids);
    return this.db.selectFrom('notes').select(CORE_COLUMNS).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  }

  countsByIds(ids: readonly string[]): Promise<NoteCountsRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    if (this.fast) return this.fast.counts(ids);
    return this.db.selectFrom('notes').select(['id', 'like_count', 'collect_count', 'comment_count', 'view_count']).where('id', 'in', ids).execute();
  }

  /**
   * Changes what readers see of a live note and moves its version, in one statement; the new
   * version, or undefined when the note is gone (deleted meanwhile).
   */
  async countExisting(): Promise<number> {
    const r = await this.db
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Ids of notes that exist (not deleted), in id order after `afterId`: for indexes rebuilt from scratch. */
  async idsAfter(afterId: string | null, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('notes').select('id').where('deleted_at', 'is', null);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  async update(id: string, patch: Partial<Omit<NoteRow, 'id' | 'version'>>): Promise<number | undefined> {
    const row = await this.db
      .updateTable('notes')
      .set((eb) => ({ ...patch, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returning('version')
      .executeTakeFirst();
    return row?.version;
  }

  /** A page of an author's notes, newest first, already narrowed to the visibilities the viewer may see. */
  byAuthor(
    authorId: string,
    visibilities: readonly NoteRow['visibility'][],
    includeUnpublished: boolean,
    before: string | null,
    limit: number,
  ): Promise<Array<{ id: string }>> {
    let q = this.db
      .selectFrom('notes')
      .select('id')
      .where('author_id', '=', authorId)
      .where('deleted_at', 'is', null)
      .where('visibility', 'in', visibilities)
      .orderBy('id', 'desc')
      .limit(limit);
    if (!includeUnpublished) q = q.where('status', '=', 'published');
    if (before) q = q.where('id', '<', before);
    return q.execute();
  }

  /** The newest public notes of everyone (the home page), newest first. */
  recentPublic(before: string | null, limit: number): Promise<Array<{ id: string }>> {
    let q = this.db
      .selectFrom('notes')
      .select('id')
      .where('visibility', '=', 'public')
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(limit);
    if (before) q = q.where('id', '<', before);
    return q.execute();
  }

  /** The newest public notes carrying a tag (a public list stays public, even for followers and the author). */
  byTag(tag: string, before: string | null, limit: number): Promise<Array<{ id: string }>> {
    let q = this.db
      .selectFrom('note_tags')
      .innerJoin('notes', 'notes.id', 'note_tags.note_id')
      .select('notes.id as id')
      .where('note_tags.tag', '=', tag)
      .where('notes.visibility', '=', 'public')
      .where('notes.deleted_at', 'is', null)
      .where('notes.status', '=', 'published')
      .orderBy('note_tags.note_id', 'desc')
      .limit(limit);
    if (before) q = q.where('note_tags.note_id', '<', before);
    return q.execute();
  }

  async mediaOf(noteIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (noteIds.length === 0) return out;
    const rows = this.fast
      ? await this.fast.media(noteIds)
      : await this.db.selectFrom('note_media').selectAll().where('note_id', 'in', noteIds).orderBy('note_id').orderBy('position').execute();
    for (const r of rows) {
      const list = out.get(r.note_id) ?? [];
      list.push(r.media_id);
      out.set(r.note_id, list);
    }
    return out;
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

  /** Which of the notes the person liked and collected, in one round trip. */
  async marks(userId: string, noteIds: readonly string[]): Promise<{ liked: Set<string>; collected: Set<string> }> {
    const out = { liked: new Set<string>(), collected: new Set<string>() };
    if (noteIds.length === 0) return out;
    const rows = this.fast ? await this.fast.marks(userId, noteIds) : await marksQuery(this.db, userId, noteIds).execute();
    for (const r of rows) (r.k === 'l' ? out.liked : out.collected).add(r.note_id);
    return out;
  }

  /** Notes the person liked, most recent first (cursor: the like's time + note id). */
  likedPage(userId: string, before: readonly string[] | null, limit: number): Promise<MarkRow[]> {
    let q = this.db
      .selectFrom('note_likes')
      .select(['note_id', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('note_id', 'desc')
      .limit(limit);
    if (before) {
      const [at, id] = before as [string, string];
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('note_id', '<', id)])]));
    }
    return q.execute();
  }

  /**
   * Records views, each once per viewer per day however often it is sent; bumps each note's count
   * by the views that were new. Call inside a transaction.
   */
  /** Adds the views not yet counted today; how many each note gained. */
  async addViews(views: ReadonlyArray<{ note_id: string; viewer_key: string; day: string }>): Promise<Map<string, number>> {
    if (views.length === 0) return new Map();
    const added = await this.db
      .insertInto('note_views')
      .values([...views])
      .onConflict((oc) => oc.columns(['note_id', 'viewer_key', 'day']).doNothing())
      .returning('note_id')
      .execute();
    const perNote = new Map<string, number>();
    for (const r of added) perNote.set(r.note_id, (perNote.get(r.note_id) ?? 0) + 1);
    for (const [noteId, n] of perNote) await this.bump(noteId, 'view_count', n);
    return perNote;
  }

  /** Forgets who viewed what before `day` (the counts stay); for a periodic job. */
  async purgeViewsBefore(day: string): Promise<number> {
    const r = await this.db.deleteFrom('note_views').where('day', '<', day).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
