// The rules of boards: every person's default board "Saved" (收藏), their own boards, and
// collecting notes into them. Which notes a reader sees in a board is decided by NotesService
// (the one visibility choke point); the note's collect count is kept there too, told here when a
// note enters a person's first board or leaves their last.
import type { Board, BoardVisibility, CreateBoardBody, NoteBoards, UpdateBoardBody } from '../../../shared/api/boards.ts';
import { BOARD_LIMITS } from '../../../shared/api/boards.ts';
import type { PageOf } from '../../../shared/api/common.ts';
import type { Note } from '../../../shared/api/notes.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, newId, nowIso } from '../../platform/ids.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { NotesService } from '../notes/service.ts';
import type { BoardsStore } from './store.ts';
import type { BoardRow } from './tables.ts';

/** What boards need from notes and accounts: narrow, so tests and other hosts can fill them. */
export type BoardsNotes = Pick<NotesService, 'requireVisible' | 'presentIds' | 'setCollected'>;
export type BoardsAccounts = Pick<AccountsService, 'summaries' | 'relations' | 'idByHandle'>;

export const DEFAULT_BOARD_NAME = 'Saved';
/** How many of a board's newest notes are tried for its cover before giving up (null cover). */
const COVER_CANDIDATES = 4;

// Control and direction-override characters never belong in a name.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Names are compared folded: "Cats", "cats" and "ＣＡＴＳ" are one name for one person. */
const fold = (name: string): string => name.normalize('NFKC').toLowerCase();

export class BoardsService {
  constructor(
    private readonly store: BoardsStore,
    private readonly notes: BoardsNotes,
    private readonly accounts: BoardsAccounts,
  ) {}

  // ---- boards

  async create(ownerId: string, input: CreateBoardBody): Promise<Board> {
    const name = this.cleanName(input.name);
    await this.ensureDefault(ownerId);
    const now = nowIso();
    const row: BoardRow = {
      id: newId(),
      owner_id: ownerId,
      name,
      visibility: input.visibility ?? 'public',
      is_default: 0,
      note_count: 0,
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (tx) => {
      await tx.lockOwner(ownerId);
      const existing = await tx.namesOf(ownerId);
      if (existing.length >= BOARD_LIMITS.perPerson) {
        throw new ConflictError(`A person can have at most ${BOARD_LIMITS.perPerson} boards.`, 'too_many_boards');
      }
      this.checkNameFree(existing, name, null);
      await tx.insertBoard(row);
    });
    return (await this.present(ownerId, [row]))[0]!;
  }

  async update(ownerId: string, id: string, patch: UpdateBoardBody): Promise<Board> {
    const board = await this.ownBoard(ownerId, id);
    const set: { name?: string; visibility?: BoardVisibility } = {};
    if (patch.visibility !== undefined) set.visibility = patch.visibility;
    if (patch.name !== undefined) {
      const name = this.cleanName(patch.name);
      // Clients show the default board's name in the reader's language, so it keeps its own.
      if (board.is_default === 1 && name !== board.name) throw new ConflictError('The default board cannot be renamed.', 'default_board');
      set.name = name;
    }
    await this.store.transaction(async (tx) => {
      await tx.lockOwner(ownerId);
      if (!(await tx.byId(id))) throw new NotFoundError('No such board.');
      if (set.name !== undefined) this.checkNameFree(await tx.namesOf(ownerId), set.name, id);
      await tx.update(id, set);
    });
    return (await this.present(ownerId, [(await this.store.byId(id))!]))[0]!;
  }

  /** Deletes a board; notes that are in no other board of the owner stop being collected. */
  async remove(ownerId: string, id: string): Promise<void> {
    const board = await this.ownBoard(ownerId, id);
    if (board.is_default === 1) throw new ConflictError('The default board cannot be deleted.', 'default_board');
    const released = await this.store.transaction(async (tx) => {
      await tx.lockOwner(ownerId);
      if (!(await tx.byId(id))) return [];
      const held = await tx.deleteBoard(id);
      const still = await tx.heldAmong(ownerId, held);
      return held.filter((n) => !still.has(n));
    });
    // One at a time: the notes module owns the count and takes no batch; a board is usually small.
    for (const noteId of released) await this.syncCollected(ownerId, noteId);
  }

  async get(viewerId: string | null, id: string): Promise<Board> {
    const board = await this.visibleBoard(viewerId, id);
    return (await this.present(viewerId, [board]))[0]!;
  }

  /** A person's boards: public ones, or all of them for the owner; the default first. */
  async listOf(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<Board>> {
    const ownerId = await this.accounts.idByHandle(handle);
    const own = viewerId === ownerId;
    if (viewerId && !own && (await this.accounts.relations(viewerId, [ownerId])).blocked.has(ownerId)) {
      throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
    }
    // The owner always finds "Saved" on their list (the collect sheet offers it before any collect).
    if (own) await this.ensureDefault(ownerId);
    const rows = await this.store.pageOf(ownerId, !own, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.present(viewerId, page), nextCursor: rows.length > limit && last ? encodeCursor(`${last.is_default}|${last.id}`) : null };
  }

  /** The Collects tab: notes the person collected into boards the reader may see, newest first. */
  async collectsOf(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<Note>> {
    const ownerId = await this.accounts.idByHandle(handle);
    const own = viewerId === ownerId;
    if (viewerId && !own && (await this.accounts.relations(viewerId, [ownerId])).blocked.has(ownerId)) {
      throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
    }
    const rows = await this.store.collectedPage(ownerId, !own, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const items = await this.notes.presentIds(
      viewerId,
      page.map((r) => r.note_id),
    );
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(`${last.added_at}|${last.note_id}`) : null };
  }

  /** The notes in a board that the reader may see, newest added first. */
  async notesOf(viewerId: string | null, id: string, cursor: string | undefined, limit: number): Promise<PageOf<Note>> {
    await this.visibleBoard(viewerId, id);
    const rows = await this.store.notesPage(id, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const items = await this.notes.presentIds(
      viewerId,
      page.map((r) => r.note_id),
    );
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(`${last.added_at}|${last.note_id}`) : null };
  }

  // ---- collecting

  /** Puts a note the owner may see into one of their boards; idempotent. */
  async addNote(ownerId: string, boardId: string, noteId: string): Promise<void> {
    await this.ownBoard(ownerId, boardId);
    await this.notes.requireVisible(ownerId, noteId);
    await this.ensureDefault(ownerId);
    const first = await this.store.transaction(async (tx) => {
      await tx.lockOwner(ownerId);
      // The board may have been deleted while we waited for the lock.
      if (!(await tx.byId(boardId))) throw new NotFoundError('No such board.');
      if (!(await tx.addNote(boardId, noteId))) return false;
      return (await tx.boardsHolding(ownerId, noteId)).length === 1;
    });
    if (first) await this.syncCollected(ownerId, noteId);
  }

  /** Takes a note out of one of the owner's boards; idempotent. */
  async removeNote(ownerId: string, boardId: string, noteId: string): Promise<void> {
    await this.ownBoard(ownerId, boardId);
    const last = await this.store.transaction(async (tx) => {
      await tx.lockOwner(ownerId);
      if (!(await tx.removeNote(boardId, noteId))) return false;
      return (await tx.boardsHolding(ownerId, noteId)).length === 0;
    });
    if (last) await this.syncCollected(ownerId, noteId);
  }

  /** The collect button: into the default board "Saved". */
  async collect(ownerId: string, noteId: string): Promise<void> {
    const board = await this.ensureDefault(ownerId);
    await this.addNote(ownerId, board.id, noteId);
  }

  /** Un-collect: out of every board of mine. */
  async uncollect(ownerId: string, noteId: string): Promise<void> {
    const released = await this.store.transaction(async (tx) => {
      if (!(await tx.lockOwner(ownerId))) return false; // no default board: never collected anything
      return (await tx.removeFromAll(ownerId, noteId)) > 0;
    });
    if (released) await this.syncCollected(ownerId, noteId);
  }

  /** Which of my boards hold the note (for the collect sheet). */
  async boardsHolding(ownerId: string, noteId: string): Promise<NoteBoards> {
    await this.notes.requireVisible(ownerId, noteId);
    return { boardIds: await this.store.boardsHolding(ownerId, noteId) };
  }

  /** The person's default board, created on first need; concurrent first calls agree on one. */
  async ensureDefault(ownerId: string): Promise<BoardRow> {
    const found = await this.store.defaultOf(ownerId);
    if (found) return found;
    const now = nowIso();
    await this.store.insertDefault({
      id: newId(),
      owner_id: ownerId,
      name: DEFAULT_BOARD_NAME,
      // Collects are public on RedNote unless hidden; the owner can make "Saved" private.
      visibility: 'public',
      is_default: 1,
      note_count: 0,
      created_at: now,
      updated_at: now,
    });
    // Whoever won the race, this is the one row the partial unique index allows.
    return (await this.store.defaultOf(ownerId))!;
  }

  // ---- helpers

  /**
   * Tells notes whether the person holds the note in any board. It runs after our transaction
   * (the notes module writes through its own), so it sends the state as it is now rather than the
   * change we made, and checks again afterwards: when two of the owner's requests race, the one
   * that writes last has read the final membership, so the collect count ends exact.
   */
  private async syncCollected(ownerId: string, noteId: string): Promise<void> {
    let held = (await this.store.boardsHolding(ownerId, noteId)).length > 0;
    for (let i = 0; i < 3; i++) {
      try {
        await this.notes.setCollected(ownerId, noteId, held);
      } catch (err) {
        // The note vanished or was hidden from the owner meanwhile: nothing to count any more.
        if (err instanceof AppError && err.status === 404) return;
        throw err;
      }
      const now = (await this.store.boardsHolding(ownerId, noteId)).length > 0;
      if (now === held) return;
      held = now;
    }
  }

  /** A board the reader may see: private boards exist only for their owner, and blocks hide everything. */
  private async visibleBoard(viewerId: string | null, id: string): Promise<BoardRow> {
    const board = await this.store.byId(id);
    if (!board) throw new NotFoundError('No such board.');
    if (viewerId === board.owner_id) return board;
    if (board.visibility !== 'public') throw new NotFoundError('No such board.');
    if (viewerId && (await this.accounts.relations(viewerId, [board.owner_id])).blocked.has(board.owner_id)) {
      throw new NotFoundError('No such board.');
    }
    return board;
  }

  private async ownBoard(ownerId: string, id: string): Promise<BoardRow> {
    const board = await this.visibleBoard(ownerId, id);
    if (board.owner_id !== ownerId) throw new ForbiddenError('Only the owner can change a board.', 'not_owner');
    return board;
  }

  private cleanName(raw: string): string {
    const name = raw.replace(CONTROL, '').replace(/\s+/gu, ' ').trim();
    const chars = [...name].length;
    if (chars === 0 || chars > BOARD_LIMITS.nameChars) {
      throw new ValidationError('The board name is not valid.', [{ field: 'name', message: `must be 1–${BOARD_LIMITS.nameChars} characters` }]);
    }
    return name;
  }

  private checkNameFree(existing: ReadonlyArray<{ id: string; name: string }>, name: string, exceptId: string | null): void {
    const key = fold(name);
    if (existing.some((b) => b.id !== exceptId && fold(b.name) === key)) {
      throw new ConflictError('You already have a board with that name.', 'board_name_taken', [{ field: 'name', message: 'is already one of your boards' }]);
    }
  }

  // ---- presenting (batched: owners once, covers through one presentIds call a page)

  private async present(viewerId: string | null, rows: readonly BoardRow[]): Promise<Board[]> {
    if (rows.length === 0) return [];
    const [owners, newest] = await Promise.all([
      this.accounts.summaries(rows.map((r) => r.owner_id)),
      this.store.newestNotes(
        rows.filter((r) => r.note_count > 0).map((r) => r.id),
        COVER_CANDIDATES,
      ),
    ]);
    const candidates = [...new Set([...newest.values()].flat())];
    const notes = candidates.length > 0 ? await this.notes.presentIds(viewerId, candidates) : [];
    const firstMedia = new Map(notes.flatMap((n) => (n.media[0] ? [[n.id, n.media[0]] as const] : [])));
    return rows.map((r) => {
      const o = owners.get(r.owner_id);
      const coverNote = (newest.get(r.id) ?? []).find((id) => firstMedia.has(id));
      return {
        id: r.id,
        name: r.name,
        visibility: r.visibility,
        isDefault: r.is_default === 1,
        noteCount: r.note_count,
        cover: coverNote ? firstMedia.get(coverNote)! : null,
        owner: { handle: o?.handle ?? 'unknown', displayName: o?.displayName ?? '', avatar: o?.avatar ?? null },
        createdAt: r.created_at,
      };
    });
  }
}
