// The rules of boards: every person's default board "Saved" (收藏), their own boards, and
// collecting notes into them. A note counts as collected by a person once, however many of their
// boards hold it: the mark and the note's count move in the same transaction as the board change
// (through the notes service, given that transaction), and `note.collected` goes out with it.
// Which notes a reader sees in a board is the shared read pipeline's decision.
import type { Board, BoardLink, BoardVisibility, CreateBoardBody, NoteBoards, UpdateBoardBody } from '../../../shared/api/boards.ts';
import { BOARD_LIMITS, BOARD_LINK_LIMITS } from '../../../shared/api/boards.ts';
import type { PageOf } from '../../../shared/api/common.ts';
import type { NoteCard } from '../../../shared/api/notes.ts';
import { cleanLine } from '../../../shared/text/clean.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus, Tx } from '../../platform/events/index.ts';
import { newId, nowIso } from '../../platform/ids.ts';
import { allowAll, type ContentPolicy } from '../../platform/policy.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/routes.ts';
import type { AccountsService } from '../accounts/index.ts';
import type { NotesReader, NotesService } from '../notes/index.ts';
import './events.ts';
import { BoardLinkStore } from './link-store.ts';
import { linkRow, type NewBoardLink } from './links.ts';
import type { BoardsStore } from './store.ts';
import type { BoardLinkRow, BoardRow, BoardsTables } from './tables.ts';

/** What boards need from notes and accounts: narrow, so tests and other hosts can fill them. */
export type BoardsNotes = Pick<NotesService, 'requireAccess' | 'setCollected' | 'authoredNoteIds'>;
export type BoardsReader = Pick<NotesReader, 'cards'>;
export type BoardsAccounts = Pick<AccountsService, 'summaries' | 'visibleId' | 'relations'>;

export const DEFAULT_BOARD_NAME = 'Saved';
/** How many of a board's newest notes are tried for its cover before giving up (null cover). */
const COVER_CANDIDATES = 4;

/** Names are compared folded: "Cats", "cats" and "ＣＡＴＳ" are one name for one person. */
const fold = (name: string): string => name.normalize('NFKC').toLowerCase();
const noBoard = () => new NotFoundError('No such board.');

export class BoardsService {
  constructor(
    private readonly store: BoardsStore,
    private readonly events: EventBus,
    private readonly notes: BoardsNotes,
    private readonly reader: BoardsReader,
    private readonly accounts: BoardsAccounts,
    /** board names are screened (word lists) before they are stored */
    private readonly policy: ContentPolicy = allowAll,
  ) {
    this.links = new BoardLinkStore(store.db);
  }

  private readonly links: BoardLinkStore;

  // ---- boards

  async create(ownerId: string, input: CreateBoardBody): Promise<Board> {
    const name = this.cleanName(input.name);
    await this.policy.screen({ kind: 'board_name', authorId: ownerId, fields: [{ name: 'name', text: name }], isNew: true });
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
    await this.unit(async (store) => {
      await store.lockOwner(ownerId);
      const existing = await store.namesOf(ownerId);
      if (existing.length >= BOARD_LIMITS.perPerson) throw new ConflictError(`A person can have at most ${BOARD_LIMITS.perPerson} boards.`, 'too_many_boards');
      this.checkNameFree(existing, name, null);
      await store.insertBoard(row);
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
      if (name !== board.name) await this.policy.screen({ kind: 'board_name', authorId: ownerId, fields: [{ name: 'name', text: name }], isNew: false });
      set.name = name;
    }
    await this.unit(async (store) => {
      await store.lockOwner(ownerId);
      if (!(await store.byId(id))) throw noBoard();
      if (set.name !== undefined) this.checkNameFree(await store.namesOf(ownerId), set.name, id);
      await store.update(id, set);
    });
    return (await this.present(ownerId, [(await this.store.byId(id))!]))[0]!;
  }

  /** Deletes a board; notes that are in no other board of the owner stop being collected. */
  async remove(ownerId: string, id: string): Promise<void> {
    const board = await this.ownBoard(ownerId, id);
    if (board.is_default === 1) throw new ConflictError('The default board cannot be deleted.', 'default_board');
    await this.unit(async (store, tx) => {
      await store.lockOwner(ownerId);
      if (!(await store.byId(id))) return;
      const held = await store.deleteBoard(id);
      const still = await store.heldAmong(ownerId, held);
      for (const noteId of held.filter((n) => !still.has(n))) await this.uncount(tx, ownerId, noteId);
    });
  }

  // ---- links (an importer's saved videos; listed beside the notes)

  /** A new private board of the person's, its name screened as any board name (an importer keeps what it brings here). */
  createPrivateBoard(ownerId: string, name: string): Promise<Board> {
    return this.create(ownerId, { name, visibility: 'private' });
  }

  /**
   * Adds links to one of the person's boards: idempotent (a URL already in the board is left as it
   * is), at most BOARD_LINK_LIMITS.perCall a call; links that are not http(s) URLs with a date and a
   * source are left out. How many were added.
   */
  async addLinks(ownerId: string, boardId: string, links: readonly NewBoardLink[]): Promise<number> {
    if (links.length > BOARD_LINK_LIMITS.perCall) {
      throw new ValidationError(`At most ${BOARD_LINK_LIMITS.perCall} links can be added at once.`, [
        { field: 'links', message: `at most ${BOARD_LINK_LIMITS.perCall} a call` },
      ]);
    }
    await this.ownBoard(ownerId, boardId);
    const now = nowIso();
    const rows = new Map<string, BoardLinkRow>();
    for (const link of links) {
      const row = linkRow(boardId, link, now);
      if (row && !rows.has(row.url)) rows.set(row.url, row);
    }
    if (rows.size === 0) return 0;
    return this.unit(async (store) => {
      // The board may have been deleted meanwhile: links never outlive it.
      if (!(await store.byId(boardId))) throw noBoard();
      return new BoardLinkStore(store.db).addLinks([...rows.values()]);
    });
  }

  /** A board's links, newest saved first, for whoever may see the board. */
  async linksOf(viewerId: string | null, id: string, cursor: string | undefined, limit: number): Promise<PageOf<BoardLink>> {
    await this.visibleBoard(viewerId, id);
    const at = decodeCursor(cursor, ['time', 'count']);
    const before = at ? { savedAt: at[0] as string, skip: Number(at[1]) } : null;
    const rows = await this.links.linksPage(id, before, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (rows.length > limit && last) {
      // How many links of the last one's time have been shown, this page and the ones before it.
      const sameHere = page.filter((r) => r.saved_at === last.saved_at).length;
      const skip = sameHere + (before && before.savedAt === last.saved_at ? before.skip : 0);
      nextCursor = encodeCursor([last.saved_at, String(skip)]);
    }
    return {
      items: page.map((r) => ({ url: r.url, title: r.title, source: r.source, savedAt: r.saved_at, addedAt: r.added_at })),
      nextCursor,
    };
  }

  async get(viewerId: string | null, id: string): Promise<Board> {
    const board = await this.visibleBoard(viewerId, id);
    return (await this.present(viewerId, [board]))[0]!;
  }

  /** A person's boards: public ones, or all of them for the owner; the default first. */
  async listOf(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<Board>> {
    const ownerId = await this.accounts.visibleId(viewerId, handle);
    const own = viewerId === ownerId;
    // The owner always finds "Saved" on their list (the collect sheet offers it before any collect).
    if (own) await this.ensureDefault(ownerId);
    const rows = await this.store.pageOf(ownerId, !own, decodeCursor(cursor, ['flag', 'id']), limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [String(r.is_default), r.id],
      (page) => this.present(viewerId, page),
    );
  }

  /** The Collects tab: notes the person collected into boards the reader may see, newest first. */
  async collectsOf(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<NoteCard>> {
    const ownerId = await this.accounts.visibleId(viewerId, handle);
    const rows = await this.store.collectedPage(ownerId, viewerId !== ownerId, decodeCursor(cursor, ['time', 'id']), limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.added_at, r.note_id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.note_id),
        ),
    );
  }

  /** The notes in a board that the reader may see, newest added first. */
  async notesOf(viewerId: string | null, id: string, cursor: string | undefined, limit: number): Promise<PageOf<NoteCard>> {
    await this.visibleBoard(viewerId, id);
    const rows = await this.store.notesPage(id, decodeCursor(cursor, ['time', 'id']), limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.added_at, r.note_id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.note_id),
        ),
    );
  }

  // ---- collecting

  /** Puts a note the owner may see into one of their boards; idempotent. */
  async addNote(ownerId: string, boardId: string, noteId: string): Promise<void> {
    await this.ownBoard(ownerId, boardId);
    const note = await this.notes.requireAccess(ownerId, 'collect', noteId);
    await this.ensureDefault(ownerId);
    await this.unit(async (store, tx) => {
      await store.lockOwner(ownerId);
      // The board may have been deleted while we waited for the lock.
      if (!(await store.byId(boardId))) throw noBoard();
      if (!(await store.addNote(boardId, noteId))) return;
      if ((await store.boardsHolding(ownerId, noteId)).length !== 1) return;
      if (await this.notes.setCollected(tx.db, ownerId, noteId, true)) {
        await tx.emit('note.collected', { noteId, authorId: note.authorId, userId: ownerId, boardId });
      }
    });
  }

  /** Takes a note out of one of the owner's boards; idempotent. */
  async removeNote(ownerId: string, boardId: string, noteId: string): Promise<void> {
    await this.ownBoard(ownerId, boardId);
    await this.unit(async (store, tx) => {
      await store.lockOwner(ownerId);
      if (!(await store.removeNote(boardId, noteId))) return;
      if ((await store.boardsHolding(ownerId, noteId)).length === 0) await this.uncount(tx, ownerId, noteId);
    });
  }

  /** The collect button: into the default board "Saved". */
  async collect(ownerId: string, noteId: string): Promise<void> {
    const board = await this.ensureDefault(ownerId);
    await this.addNote(ownerId, board.id, noteId);
  }

  /** Un-collect: out of every board of mine (possible even after a block, or once the note went private). */
  async uncollect(ownerId: string, noteId: string): Promise<void> {
    await this.notes.requireAccess(ownerId, 'uncollect', noteId);
    await this.unit(async (store, tx) => {
      if (!(await store.lockOwner(ownerId))) return; // no default board: never collected anything
      if ((await store.removeFromAll(ownerId, noteId)) > 0) await this.uncount(tx, ownerId, noteId);
    });
  }

  /** Which of my boards hold the note (for the collect sheet). */
  async boardsHolding(ownerId: string, noteId: string): Promise<NoteBoards> {
    await this.notes.requireAccess(ownerId, 'view', noteId);
    return { boardIds: await this.store.boardsHolding(ownerId, noteId) };
  }

  /** A deleted note leaves every board (subscribed to `note.deleted`); idempotent. */
  async noteDeleted(noteId: string): Promise<void> {
    await this.unit((store) => store.removeEverywhere(noteId));
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

  /** A unit of work on boards: their rows, the note's collect mark and count, and events, in one transaction. */
  private unit<T>(fn: (store: BoardsStore, tx: Tx<BoardsTables>) => Promise<T>): Promise<T> {
    return this.events.transaction(this.store.root, (tx) => fn(this.store.within(tx.db), tx));
  }

  /** The person's last board let the note go: the note is no longer collected by them. */
  private async uncount(tx: Tx<BoardsTables>, ownerId: string, noteId: string): Promise<void> {
    if (await this.notes.setCollected(tx.db, ownerId, noteId, false)) await tx.emit('note.uncollected', { noteId, userId: ownerId });
  }

  /** A board the reader may see: private boards exist only for their owner, and blocks hide everything. */
  private async visibleBoard(viewerId: string | null, id: string): Promise<BoardRow> {
    const board = await this.store.byId(id);
    if (!board) throw noBoard();
    if (viewerId === board.owner_id) return board;
    if (board.visibility !== 'public') throw noBoard();
    if (viewerId && (await this.accounts.relations(viewerId, [board.owner_id])).blocked.has(board.owner_id)) throw noBoard();
    return board;
  }

  private async ownBoard(ownerId: string, id: string): Promise<BoardRow> {
    const board = await this.visibleBoard(ownerId, id);
    if (board.owner_id !== ownerId) throw new ForbiddenError('Only the owner can change a board.', 'not_owner');
    return board;
  }

  private cleanName(raw: string): string {
    const name = cleanLine(raw);
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

  // ---- presenting (batched: owners once, covers through one pipeline call a page)

  private async present(viewerId: string | null, rows: readonly BoardRow[]): Promise<Board[]> {
    if (rows.length === 0) return [];
    const [owners, newest, linkCounts] = await Promise.all([
      this.accounts.summaries(rows.map((r) => r.owner_id)),
      this.store.newestNotes(
        rows.filter((r) => r.note_count > 0).map((r) => r.id),
        COVER_CANDIDATES,
      ),
      this.links.linkCounts(rows.map((r) => r.id)),
    ]);
    const candidates = [...new Set([...newest.values()].flat())];
    const cards = candidates.length > 0 ? await this.reader.cards(viewerId, candidates) : [];
    const covers = new Map(cards.flatMap((n) => (n.cover ? [[n.id, n.cover] as const] : [])));
    return rows.map((r) => {
      const o = owners.get(r.owner_id);
      const coverNote = (newest.get(r.id) ?? []).find((id) => covers.has(id));
      return {
        id: r.id,
        name: r.name,
        visibility: r.visibility,
        isDefault: r.is_default === 1,
        noteCount: r.note_count,
        linkCount: linkCounts.get(r.id) ?? 0,
        cover: coverNote ? covers.get(coverNote)! : null,
        owner: { handle: o?.handle ?? 'unknown', displayName: o?.displayName ?? '', avatar: o?.avatar ?? null },
        createdAt: r.created_at,
      };
    });
  }
}
