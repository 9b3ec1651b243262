// The boards module's SQL for board links, and for a person's export and erasure.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { BoardLinkRow, BoardNoteRow, BoardRow, BoardsTables } from './tables.ts';

type Q = Kysely<BoardsTables> | Transaction<BoardsTables>;

/** Rows a multi-row insert carries: 6 parameters each, well under every engine's limit. */
const INSERT_BATCH = 200;

export class BoardLinkStore {
  constructor(readonly db: Q) {}

  // ---- links

  /** Adds the links a board does not hold yet (by URL); how many were new. */
  async addLinks(rows: readonly BoardLinkRow[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const r = await this.db
        .insertInto('board_links')
        .values(rows.slice(i, i + INSERT_BATCH))
        .onConflict((oc) => oc.columns(['board_id', 'url']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /**
   * A page of a board's links, newest saved first (then by URL). A URL is too long for a cursor, so
   * the cursor is the last time shown and how many links of that time were shown: the next page
   * starts at that time and skips those.
   */
  async linksPage(boardId: string, before: { savedAt: string; skip: number } | null, limit: number): Promise<BoardLinkRow[]> {
    let q = this.db
      .selectFrom('board_links')
      .selectAll()
      .where('board_id', '=', boardId)
      .orderBy('saved_at', 'desc')
      .orderBy('url', 'desc')
      .limit(limit + (before?.skip ?? 0));
    if (before) q = q.where('saved_at', '<=', before.savedAt);
    return (await q.execute()).slice(before?.skip ?? 0);
  }

  /** Links in each board, in one query. */
  async linkCounts(boardIds: readonly string[]): Promise<Map<string, number>> {
    if (boardIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('board_links')
      .select(['board_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('board_id', 'in', boardIds)
      .groupBy('board_id')
      .execute();
    return new Map(rows.map((r) => [r.board_id, Number(r.n)]));
  }

  // ---- a person's boards (export and erasure)

  boardsPage(ownerId: string, afterId: string | null, limit: number): Promise<BoardRow[]> {
    let q = this.db.selectFrom('boards').selectAll().where('owner_id', '=', ownerId).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  /** A board's notes in the order they were added. */
  notesOf(boardId: string): Promise<BoardNoteRow[]> {
    return this.db.selectFrom('board_notes').selectAll().where('board_id', '=', boardId).orderBy('added_at').orderBy('note_id').execute();
  }

  /** A board's links, oldest saved first. */
  linksOf(boardId: string): Promise<BoardLinkRow[]> {
    return this.db.selectFrom('board_links').selectAll().where('board_id', '=', boardId).orderBy('saved_at').orderBy('url').execute();
  }

  /** The ids of the next boards of the person to delete. */
  async ownedIds(ownerId: string, limit: number): Promise<string[]> {
    return (await this.db.selectFrom('boards').select('id').where('owner_id', '=', ownerId).orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  /** Deletes boards with their notes and links. */
  async deleteBoards(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('board_links').where('board_id', 'in', ids).execute();
    await this.db.deleteFrom('board_notes').where('board_id', 'in', ids).execute();
    await this.db.deleteFrom('boards').where('id', 'in', ids).execute();
  }

  /** Takes the notes out of every board, each board's count with them; how many memberships went. */
  async removeNotesEverywhere(noteIds: readonly string[]): Promise<number> {
    if (noteIds.length === 0) return 0;
    const held = await this.db.deleteFrom('board_notes').where('note_id', 'in', noteIds).returning('board_id').execute();
    const perBoard = new Map<string, number>();
    for (const r of held) perBoard.set(r.board_id, (perBoard.get(r.board_id) ?? 0) + 1);
    for (const [boardId, n] of perBoard) {
      await this.db
        .updateTable('boards')
        .set({ note_count: sql`note_count - ${n}` })
        .where('id', '=', boardId)
        .execute();
    }
    return held.length;
  }
}
