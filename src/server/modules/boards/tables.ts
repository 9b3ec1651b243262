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

export interface BoardsTables {
  boards: BoardRow;
  board_notes: BoardNoteRow;
}
