// What the subtitles module holds about a person: the tracks of their notes. A track names no person
// (it hangs on its note), so the table is derived from their notes: the tracks they uploaded are in
// their archive beside the notes all the same (the WebVTT is their work), and erasing them drops every
// track of their notes, translations made from them included.
import type { Kysely } from 'kysely';
import type { PersonalData } from '../../platform/personal-data.ts';
import { SubtitlesStore } from './store.ts';
import type { SubtitlesTables, SubtitleTrackRow } from './tables.ts';

const CHUNK = 200;

export interface SubtitlesPersonalDeps {
  db: Kysely<SubtitlesTables>;
  /** the ids of the person's notes (the notes service's); without it nothing can be found */
  noteIds?: (userId: string) => Promise<readonly string[]>;
}

const present = (r: SubtitleTrackRow) => ({
  id: r.id,
  noteId: r.note_id,
  lang: r.lang,
  label: r.label,
  kind: r.kind,
  sourceTrackId: r.source_track_id,
  provider: r.provider,
  providerKind: r.provider_kind,
  vtt: r.vtt,
  cueCount: r.cue_count,
  createdAt: r.created_at,
});

export function createSubtitlesPersonalData(deps: SubtitlesPersonalDeps): PersonalData {
  const store = new SubtitlesStore(deps.db);
  async function* uploaded(noteIds: readonly string[]) {
    for (let i = 0; i < noteIds.length; i += CHUNK) for (const r of await store.uploadedOf(noteIds.slice(i, i + CHUNK))) yield present(r);
  }
  return {
    module: 'subtitles',
    tables: { subtitle_tracks: { kind: 'derived' } },
    files: { 'subtitles/tracks.json': 'The subtitle tracks you uploaded to your video notes, as WebVTT.' },
    async export(userId, out) {
      const ids = deps.noteIds ? await deps.noteIds(userId) : [];
      await out.json('subtitles/tracks.json', uploaded(ids));
    },
    async erase(userId) {
      const ids = deps.noteIds ? await deps.noteIds(userId) : [];
      for (let i = 0; i < ids.length; i += CHUNK) await store.removeNotes(ids.slice(i, i + CHUNK));
    },
  };
}
