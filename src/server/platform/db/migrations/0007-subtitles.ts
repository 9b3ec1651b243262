// A video note's subtitles (the subtitles module's table): WebVTT tracks, each stored whole as the
// normalised WebVTT it is served as.
// - An uploaded track: the author's file in one language; one per note and language (a new upload
//   replaces it).
// - A translated track: an uploaded track put into another language by a provider, made once for all
//   readers; one per source track, target language and provider (its name: "DeepL", "CC-CEDICT"). It
//   goes with the track it was made from.
// Rows of a deleted note go when the note.deleted event reaches the module.
import { sql } from 'kysely';
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('subtitle_tracks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_track_id', 'text')
    .addColumn('provider', 'text')
    .addColumn('provider_kind', 'text')
    .addColumn('vtt', 'text', (c) => c.notNull())
    .addColumn('cue_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A note's tracks, listed and dropped together.
  await db.schema.createIndex('subtitle_tracks_note_idx').on('subtitle_tracks').columns(['note_id', 'created_at']).execute();
  await db.schema
    .createIndex('subtitle_tracks_uploaded_uq')
    .unique()
    .on('subtitle_tracks')
    .columns(['note_id', 'lang'])
    .where(sql.ref('kind'), '=', 'uploaded')
    .execute();
  await db.schema
    .createIndex('subtitle_tracks_translated_uq')
    .unique()
    .on('subtitle_tracks')
    .columns(['source_track_id', 'lang', 'provider'])
    .where(sql.ref('kind'), '=', 'translated')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('subtitle_tracks').ifExists().execute();
}
