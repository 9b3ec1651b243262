// The table the subtitles module owns (created by migration 0007).
export interface SubtitleTrackRow {
  id: string;
  note_id: string;
  /** BCP 47 tag of the text: the uploaded file's language, or a translation's target */
  lang: string;
  label: string;
  kind: 'uploaded' | 'translated';
  /** a translation: the uploaded track it was made from */
  source_track_id: string | null;
  /** a translation: who made it ("DeepL", "CC-CEDICT") */
  provider: string | null;
  provider_kind: 'translation' | 'gloss' | null;
  /** the normalised WebVTT, served as it is */
  vtt: string;
  cue_count: number;
  created_at: string;
}

export interface SubtitlesTables {
  subtitle_tracks: SubtitleTrackRow;
}
