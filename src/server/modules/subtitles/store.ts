// All of the subtitles module's SQL: a note's tracks, an upload replacing the one before it (with the
// translations made from it), a translation stored once whoever asked for it first, and a note's
// tracks dropped when it goes.
import type { Kysely } from 'kysely';
import type { SubtitlesTables, SubtitleTrackRow } from './tables.ts';

/** A track without its WebVTT text (lists need only this). */
export type TrackSummary = Omit<SubtitleTrackRow, 'vtt'>;

const SUMMARY = ['id', 'note_id', 'lang', 'label', 'kind', 'source_track_id', 'provider', 'provider_kind', 'cue_count', 'created_at'] as const;

export class SubtitlesStore {
  constructor(private readonly db: Kysely<SubtitlesTables>) {}

  /** The same store on a transaction. */
  within(db: Kysely<SubtitlesTables>): SubtitlesStore {
    return new SubtitlesStore(db);
  }

  get root(): Kysely<SubtitlesTables> {
    return this.db;
  }

  /** Every track of a note, oldest first. */
  listOf(noteId: string): Promise<TrackSummary[]> {
    return this.db.selectFrom('subtitle_tracks').select(SUMMARY).where('note_id', '=', noteId).orderBy('created_at').orderBy('id').execute();
  }

  uploaded(noteId: string, lang: string): Promise<SubtitleTrackRow | undefined> {
    return this.db
      .selectFrom('subtitle_tracks')
      .selectAll()
      .where('note_id', '=', noteId)
      .where('kind', '=', 'uploaded')
      .where('lang', '=', lang)
      .executeTakeFirst();
  }

  /** The translations of a track into `target`, newest first (one per provider). */
  translationsOf(sourceTrackId: string, target: string): Promise<SubtitleTrackRow[]> {
    return this.db
      .selectFrom('subtitle_tracks')
      .selectAll()
      .where('source_track_id', '=', sourceTrackId)
      .where('kind', '=', 'translated')
      .where('lang', '=', target)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /**
   * Puts an uploaded track in place of the note's track in its language, and drops the translations of
   * the one it replaces. False when another upload in that language won a race (the unique index).
   */
  async replaceUploaded(row: SubtitleTrackRow): Promise<boolean> {
    const old = await this.uploaded(row.note_id, row.lang);
    if (old) {
      await this.db.deleteFrom('subtitle_tracks').where('source_track_id', '=', old.id).execute();
      await this.db.deleteFrom('subtitle_tracks').where('id', '=', old.id).execute();
    }
    const r = await this.db
      .insertInto('subtitle_tracks')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Stores a translation unless the same one (source, target, provider) is there already. */
  async insertTranslation(row: SubtitleTrackRow): Promise<void> {
    await this.db
      .insertInto('subtitle_tracks')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async vtt(id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('subtitle_tracks').select('vtt').where('id', '=', id).executeTakeFirst())?.vtt;
  }

  /** Drops an uploaded track and the translations made from it; false when there was none. */
  async removeUploaded(noteId: string, lang: string): Promise<boolean> {
    const old = await this.uploaded(noteId, lang);
    if (!old) return false;
    await this.db.deleteFrom('subtitle_tracks').where('source_track_id', '=', old.id).execute();
    await this.db.deleteFrom('subtitle_tracks').where('id', '=', old.id).execute();
    return true;
  }

  /** The uploaded tracks of some notes, with their WebVTT (their author's export). */
  uploadedOf(noteIds: readonly string[]): Promise<SubtitleTrackRow[]> {
    if (noteIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('subtitle_tracks').selectAll().where('note_id', 'in', noteIds).where('kind', '=', 'uploaded').orderBy('id').execute();
  }

  /** Drops every track of some notes in one transaction, translations first (they point at their source). */
  async removeNotes(noteIds: readonly string[]): Promise<void> {
    if (noteIds.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('subtitle_tracks').where('note_id', 'in', noteIds).where('kind', '=', 'translated').execute();
      await trx.deleteFrom('subtitle_tracks').where('note_id', 'in', noteIds).execute();
    });
  }

  /** Drops every track of a note (it was deleted). */
  async removeNote(noteId: string): Promise<number> {
    const r = await this.db.deleteFrom('subtitle_tracks').where('note_id', '=', noteId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
