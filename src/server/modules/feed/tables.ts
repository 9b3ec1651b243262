// The tables the feed module owns (migration 0004-feed). Times in seconds since the epoch as
// doubles: the ranker does arithmetic on them.
export interface FeedNoteRow {
  note_id: string;
  author_id: string;
  visibility: 'public' | 'followers';
  lang: string;
  /** JSON array of its hashtags */
  tags: string;
  created_s: number;
  impressions: number;
  clicks: number;
  /** likes + 2·collects + 2·comments + small credits for click-through and dwell, less "not interested" */
  engagement: number;
  hot: number;
  pool: number;
  pool_open: number;
  pool_base_impressions: number;
  pool_base_engagement: number;
}

export interface FeedTables {
  feed_notes: FeedNoteRow;
  feed_note_tags: { tag: string; note_id: string; hot: number };
  feed_follows: { follower_id: string; followee_id: string };
  topic_follows: { user_id: string; tag: string; created_at: string };
  feed_affinity: { user_id: string; kind: AffinityKind; key: string; weight: number; updated_s: number };
  feed_engaged: { user_id: string; note_id: string; weight: number; at_s: number };
  feed_neighbours: { user_id: string; neighbour_id: string; weight: number };
  feed_seen: { user_id: string; note_id: string; seen_s: number };
  feed_hidden: { user_id: string; note_id: string; created_at: string };
  feed_pool_results: { note_id: string; level: number; rate: number; at_s: number; graduated: number };
  feed_topics: { tag: string; notes: number; participants: number; views: number };
  feed_topic_authors: { tag: string; author_id: string; notes: number };
  feed_topic_hours: { tag: string; hour: number; uses: number };
  feed_trending: { rank: number; tag: string; last_hour: number; baseline: number; score: number; computed_at: string };
  /** a reader's Following, newest first (fan-out on write) */
  feed_inbox: { user_id: string; created_s: number; note_id: string; author_id: string };
  /** the inboxes that exist: complete from from_s on, written to while read_s is recent */
  feed_inbox_state: { user_id: string; from_s: number; read_s: number };
  /** user_id '' for the lists anonymous visitors page through */
  feed_lists: { id: string; user_id: string; ids: string; created_s: number; started: number };
}

/** t: a tag, a: an author, l: a language */
export type AffinityKind = 't' | 'a' | 'l';
