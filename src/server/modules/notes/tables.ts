// The tables the notes module owns.
export interface NoteRow {
  id: string;
  author_id: string;
  kind: 'images' | 'video';
  /** processing: a video still transcoding (its author alone sees it); failed: it could not be */
  status: 'processing' | 'published' | 'failed';
  title: string;
  body: string;
  lang: string;
  /** every language the text holds, space-separated, the main one first ('' on rows older than 0006: `lang` alone) */
  langs: string;
  entities: string; // JSON {title: Entity[], body: Entity[]}
  visibility: 'public' | 'followers' | 'only_me';
  place_name: string | null;
  comments_enabled: number;
  like_count: number;
  collect_count: number;
  comment_count: number;
  view_count: number;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
  /** moves with every change a reader sees (text, visibility, status, deletion): the read cache's key */
  version: number;
}

export interface NotesTables {
  notes: NoteRow;
  note_media: { note_id: string; media_id: string; position: number };
  note_tags: { note_id: string; tag: string };
  note_likes: { note_id: string; user_id: string; created_at: string };
  note_collects: { note_id: string; user_id: string; created_at: string };
  note_views: { note_id: string; viewer_key: string; day: string };
}

export type NoteCounter = 'like_count' | 'collect_count' | 'comment_count' | 'view_count';
