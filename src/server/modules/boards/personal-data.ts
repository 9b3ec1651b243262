// What the boards module holds about a person: their boards, with the notes and links in each.
// Erasure deletes their boards (what is inside goes with them) and takes their notes out of other
// people's boards, those boards' counts corrected.
import type { Kysely } from 'kysely';
import { insideTransaction } from '../../platform/db/index.ts';
import type { ArchiveWriter, PersonalData } from '../../platform/personal-data.ts';
import { BoardLinkStore } from './link-store.ts';
import type { BoardsTables } from './tables.ts';

const PAGE = 500;
/** Boards deleted in one transaction: each may hold thousands of notes and links. */
const BOARD_BATCH = 20;

export interface BoardsPersonalDeps {
  db: Kysely<BoardsTables>;
  /** the ids of every note the person wrote (the notes service's answer) */
  authoredNoteIds(userId: string): Promise<string[]>;
}

export function createBoardsPersonalData(deps: BoardsPersonalDeps): PersonalData {
  const store = new BoardLinkStore(deps.db);
  const unit = <T>(fn: (s: BoardLinkStore) => Promise<T>): Promise<T> =>
    deps.db.transaction().execute((trx) => insideTransaction(() => fn(new BoardLinkStore(trx))));

  /** Each board whole (a person has at most a few hundred): its notes in the order added, its links. */
  async function* boardsFile(userId: string) {
    let after: string | null = null;
    for (;;) {
      const rows = await store.boardsPage(userId, after, PAGE);
      for (const b of rows) {
        const [notes, links] = await Promise.all([store.notesOf(b.id), store.linksOf(b.id)]);
        yield {
          id: b.id,
          ownerId: b.owner_id,
          name: b.name,
          visibility: b.visibility,
          isDefault: b.is_default === 1,
          noteCount: b.note_count,
          createdAt: b.created_at,
          updatedAt: b.updated_at,
          noteIds: notes.map((n) => n.note_id),
          notes: notes.map((n) => ({ boardId: n.board_id, noteId: n.note_id, addedAt: n.added_at })),
          links: links.map((l) => ({ boardId: l.board_id, url: l.url, title: l.title, source: l.source, savedAt: l.saved_at, addedAt: l.added_at })),
        };
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]?.id ?? null;
    }
  }

  return {
    module: 'boards',
    tables: {
      boards: { kind: 'personal', owner: ['owner_id'] },
      // Owned through their board: exported inside boards/boards.json.
      board_notes: { kind: 'personal', owner: [] },
      board_links: { kind: 'personal', owner: [] },
    },
    files: {
      'boards/boards.json':
        'Your boards (private ones too): name, visibility, the notes in each in the order you added them, and the links kept in each (videos saved elsewhere).',
    },

    async export(userId: string, out: ArchiveWriter): Promise<void> {
      await out.json('boards/boards.json', boardsFile(userId));
    },

    async erase(userId: string): Promise<void> {
      // Their boards, and everything in them. (Their collects, and the notes' collect counts, are the notes module's.)
      for (;;) {
        const ids = await store.ownedIds(userId, BOARD_BATCH);
        if (ids.length === 0) break;
        await unit((s) => s.deleteBoards(ids));
        if (ids.length < BOARD_BATCH) break;
      }
      // Their notes leave other people's boards, whose counts follow.
      const noteIds = await deps.authoredNoteIds(userId);
      for (let i = 0; i < noteIds.length; i += PAGE) {
        const chunk = noteIds.slice(i, i + PAGE);
        await unit((s) => s.removeNotesEverywhere(chunk));
      }
    },
  };
}
