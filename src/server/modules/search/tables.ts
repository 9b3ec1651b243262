// The tables the search module owns (migration 0008-search). Word columns hold text already cut
// into words and joined by spaces (analyze.ts); the full-text index over them is the database's own
// (an FTS5 table on SQLite, a generated tsvector on PostgreSQL: see store.ts).
export interface SearchNoteRow {
  doc_id: number;
  note_id: string;
  author_id: string;
  visibility: 'public' | 'followers';
  lang: string;
  media: 'photo' | 'video';
  created_s: number;
  likes: number;
  /** likes + 2·collects + 2·comments */
  engagement: number;
  /** JSON array of its hashtags (the topics it counts for) */
  tags: string;
  title_words: string;
  tag_words: string;
  body_words: string;
  /** its Han characters in order: one-character and out-of-dictionary words match here */
  chars: string;
  version: number;
}

export interface SearchTables {
  search_notes: Omit<SearchNoteRow, 'doc_id'> & { doc_id?: number };
  search_users: { user_id: string; handle: string; name: string; followers: number };
  /** prefix keys of a person: handle, name, name words, their pinyin and initials */
  search_user_keys: { key: string; user_id: string };
  /** public notes per hashtag */
  search_topics: { tag: string; notes: number };
  search_topic_keys: { key: string; tag: string };
  search_history: { user_id: string; q: string; at: string };
  /** searches per normalised query and hour (hours since the epoch) */
  search_counts: { q: string; hour: number; n: number };
  search_popular: { q: string; n: number; last_hour: number };
  search_trending: { rank: number; q: string; last_hour: number; score: number; computed_at: string };
}
