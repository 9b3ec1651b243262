// The tables the boards module owns (created by migration 0002). `note_collects` — one row a
// person who collected a note into any board — belongs to notes; boards tell it through NotesService.
export interface BoardRow {
  id: string;
  owner_id: string;
  name: string;
  visibility: 'public' | 'private';
  /** 1 for the person's default board "Saved" (收藏); a partial unique index allows one. */
  is_default: number;
  /** rows in board_notes for this board, kept exact in the same transaction */
  note_count: number;
  created_at: string;
  updated_at: string;
}

export interface BoardNoteRow {
  board_id: string;
  note_id: string;
  added_at: string;
}

/** A link kept in a board beside its notes (migration 0012); one row per (board, url). */
export interface BoardLinkRow {
  board_id: string;
  url: string;
  title: string | null;
  /** where it was saved, e.g. 'tiktok_like' */
  source: string;
  /** when it was saved where it came from (ISO-8601 UTC): the order a board's links are listed in */
  saved_at: string;
  added_at: string;
}

export interface BoardsTables {
  boards: BoardRow;
  board_notes: BoardNoteRow;
  board_links: BoardLinkRow;
}
