// All of the boards module's SQL. Nothing here knows about HTTP or rules.
import { type Kysely, sql, type Transaction } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import type { BoardRow, BoardsTables } from './tables.ts';

type Q = Kysely<BoardsTables> | Transaction<BoardsTables>;

/** Large `in (…)` lists are cut into pieces that stay under every engine's bound-parameter limit. */
const CHUNK = 500;

export class BoardsStore {
  constructor(
    readonly db: Q,
    /** the database outside any transaction: where units of work start */
    readonly root: Kysely<BoardsTables> = db as Kysely<BoardsTables>,
  ) {}

  /** The same store writing through a unit of work's transaction. */
  within(trx: Transaction<BoardsTables>): BoardsStore {
    return new BoardsStore(trx, this.root);
  }

  /**
   * Serialises every change to one person's boards (create, rename, delete, add, remove) on both
   * engines: an UPDATE takes the default board's row lock in PostgreSQL and the write lock in SQLite,
   * held until the transaction ends. Under it, "is this note in any of my boards?" and "is this name
   * taken?" are answered exactly, so collect counts and unique names hold under concurrency.
   * Returns false when the person has no default board yet (callers create it first).
   */
  async lockOwner(ownerId: string): Promise<boolean> {
    const r = await this.db
      .updateTable('boards')
      .set({ updated_at: sql`updated_at` })
      .where('owner_id', '=', ownerId)
      .where('is_default', '=', 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ---- boards

  byId(id: string): Promise<BoardRow | undefined> {
    return this.db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
  }

  defaultOf(ownerId: string): Promise<BoardRow | undefined> {
    return this.db.selectFrom('boards').selectAll().where('owner_id', '=', ownerId).where('is_default', '=', 1).executeTakeFirst();
  }

  /** Inserts the default board unless one exists (the partial unique index decides a race). */
  async insertDefault(row: BoardRow): Promise<void> {
    await this.db
      .insertInto('boards')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async insertBoard(row: BoardRow): Promise<void> {
    await this.db.insertInto('boards').values(row).execute();
  }

  namesOf(ownerId: string): Promise<Array<Pick<BoardRow, 'id' | 'name'>>> {
    return this.db.selectFrom('boards').select(['id', 'name']).where('owner_id', '=', ownerId).execute();
  }

  async update(id: string, patch: Partial<Pick<BoardRow, 'name' | 'visibility'>>): Promise<void> {
    await this.db
      .updateTable('boards')
      .set({ ...patch, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
  }

  /** Deletes the board and its memberships; returns the notes it held. */
  async deleteBoard(id: string): Promise<string[]> {
    const held = await this.db.selectFrom('board_notes').select('note_id').where('board_id', '=', id).execute();
    await this.db.deleteFrom('board_notes').where('board_id', '=', id).execute();
    await this.db.deleteFrom('boards').where('id', '=', id).execute();
    return held.map((r) => r.note_id);
  }

  /** A page of a person's boards: the default first, then the newest. Cursor: "isDefault|id". */
  async pageOf(ownerId: string, publicOnly: boolean, before: readonly string[] | null, limit: number): Promise<BoardRow[]> {
    let q = this.db.selectFrom('boards').selectAll().where('owner_id', '=', ownerId).orderBy('is_default', 'desc').orderBy('id', 'desc').limit(limit);
    if (publicOnly) q = q.where('visibility', '=', 'public');
    if (before) {
      const [d, id] = before;
      const isDefault = Number(d);
      if (id && (isDefault === 0 || isDefault === 1)) {
        q = q.where((eb) => eb.or([eb('is_default', '<', isDefault), eb.and([eb('is_default', '=', isDefault), eb('id', '<', id)])]));
      }
    }
    return q.execute();
  }

  // ---- memberships

  /** Puts the note in the board and counts it; false when it was already there. */
  async addNote(boardId: string, noteId: string): Promise<boolean> {
    const r = await this.db
      .insertInto('board_notes')
      .values({ board_id: boardId, note_id: noteId, added_at: nowIso() })
      .onConflict((oc) => oc.columns(['board_id', 'note_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await this.bumpNoteCount([boardId], 1);
    return true;
  }

  /** Takes the note out of the board and uncounts it; false when it was not there. */
  async removeNote(boardId: string, noteId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('board_notes').where('board_id', '=', boardId).where('note_id', '=', noteId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return false;
    await this.bumpNoteCount([boardId], -1);
    return true;
  }

  /** Takes the note out of every board of the person; returns how many boards held it. */
  async removeFromAll(ownerId: string, noteId: string): Promise<number> {
    const boards = await this.boardsHolding(ownerId, noteId);
    if (boards.length === 0) return 0;
    await this.db.deleteFrom('board_notes').where('note_id', '=', noteId).where('board_id', 'in', boards).execute();
    await this.bumpNoteCount(boards, -1);
    return boards.length;
  }

  /** Takes a note out of every board (it was deleted), each board's count with it; idempotent. */
  async removeEverywhere(noteId: string): Promise<number> {
    const held = await this.db.deleteFrom('board_notes').where('note_id', '=', noteId).returning('board_id').execute();
    if (held.length > 0)
      await this.bumpNoteCount(
        held.map((r) => r.board_id),
        -1,
      );
    return held.length;
  }

  private async bumpNoteCount(boardIds: readonly string[], by: number): Promise<void> {
    await this.db
      .updateTable('boards')
      .set({ note_count: sql`note_count + ${by}` })
      .where('id', 'in', boardIds)
      .execute();
  }

  async boardsHolding(ownerId: string, noteId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('board_notes')
      .innerJoin('boards', 'boards.id', 'board_notes.board_id')
      .select('board_notes.board_id')
      .where('boards.owner_id', '=', ownerId)
      .where('board_notes.note_id', '=', noteId)
      .execute();
    return rows.map((r) => r.board_id);
  }

  /** Which of `noteIds` are in at least one of the person's boards. */
  async heldAmong(ownerId: string, noteIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < noteIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('board_notes')
        .innerJoin('boards', 'boards.id', 'board_notes.board_id')
        .select('board_notes.note_id')
        .distinct()
        .where('boards.owner_id', '=', ownerId)
        .where('board_notes.note_id', 'in', noteIds.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.add(r.note_id);
    }
    return out;
  }

  /** A page of a board's notes, newest added first. Cursor: "addedAt|noteId". */
  async notesPage(boardId: string, before: readonly string[] | null, limit: number): Promise<Array<{ note_id: string; added_at: string }>> {
    let q = this.db
      .selectFrom('board_notes')
      .select(['note_id', 'added_at'])
      .where('board_id', '=', boardId)
      .orderBy('added_at', 'desc')
      .orderBy('note_id', 'desc')
      .limit(limit);
    if (before) {
      const [at, id] = before;
      if (at && id) q = q.where((eb) => eb.or([eb('added_at', '<', at), eb.and([eb('added_at', '=', at), eb('note_id', '<', id)])]));
    }
    return q.execute();
  }

  /**
   * The notes a person collected, each once, newest collect first, counting only boards the reader
   * may see (public ones, or all for the owner): a private board keeps its collects private.
   * Cursor: "addedAt|noteId".
   */
  async collectedPage(
    ownerId: string,
    publicOnly: boolean,
    before: readonly string[] | null,
    limit: number,
  ): Promise<Array<{ note_id: string; added_at: string }>> {
    const addedAt = sql<string>`max(board_notes.added_at)`;
    let q = this.db
      .selectFrom('board_notes')
      .innerJoin('boards', 'boards.id', 'board_notes.board_id')
      .select(['board_notes.note_id as note_id', addedAt.as('added_at')])
      .where('boards.owner_id', '=', ownerId)
      .groupBy('board_notes.note_id')
      .orderBy(addedAt, 'desc')
      .orderBy('board_notes.note_id', 'desc')
      .limit(limit);
    if (publicOnly) q = q.where('boards.visibility', '=', 'public');
    if (before) {
      const [at, id] = before;
      if (at && id) q = q.having((eb) => eb.or([eb(addedAt, '<', at), eb.and([eb(addedAt, '=', at), eb('board_notes.note_id', '<', id)])]));
    }
    return q.execute();
  }

  /** The newest `n` notes of each board, in one query (a window function both engines run). */
  async newestNotes(boardIds: readonly string[], n: number): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (boardIds.length === 0) return out;
    const ranked = this.db
      .selectFrom('board_notes')
      .select(['board_id', 'note_id', sql<number>`row_number() over (partition by board_id order by added_at desc, note_id desc)`.as('rn')])
      .where('board_id', 'in', boardIds);
    const rows = await this.db.selectFrom(ranked.as('ranked')).select(['board_id', 'note_id']).where('rn', '<=', n).orderBy('board_id').orderBy('rn').execute();
    for (const r of rows) {
      const list = out.get(r.board_id) ?? [];
      list.push(r.note_id);
      out.set(r.board_id, list);
    }
    return out;
  }
}
