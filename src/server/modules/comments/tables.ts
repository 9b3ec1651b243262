// The tables the comments module owns (created by migration 0002). Two levels, as on RedNote:
// `parent_id` is the top-level comment a reply belongs to; a reply to a reply also records the
// reply it answers and its author.
export interface CommentRow {
  id: string;
  note_id: string;
  author_id: string;
  /** null on a top-level comment */
  parent_id: string | null;
  /** set only on a reply to a reply: the reply it answers (a direct reply answers its parent) */
  reply_to_comment_id: string | null;
  reply_to_user_id: string | null;
  body: string;
  lang: string;
  /** every language the text holds, space-separated, the main one first ('' on rows older than 0006) */
  langs: string;
  entities: string; // JSON Entity[]
  like_count: number;
  /** live replies in the thread (top-level comments only) */
  reply_count: number;
  deleted_at: string | null;
  created_at: string;
}

export interface CommentsTables {
  comments: CommentRow;
  comment_likes: { comment_id: string; user_id: string; created_at: string };
}
