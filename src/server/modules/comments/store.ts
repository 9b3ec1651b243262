// All of the comments module's SQL. Nothing here knows about HTTP or rules.
import { type Kysely, sql, type Transaction } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import type { CommentRow, CommentsTables } from './tables.ts';

type Q = Kysely<CommentsTables> | Transaction<CommentsTables>;

export class CommentsStore {
  constructor(
    readonly db: Q,
    /** the database outside any transaction: where units of work start */
    readonly root: Kysely<CommentsTables> = db as Kysely<CommentsTables>,
  ) {}

  /** The same store writing through a unit of work's transaction. */
  within(trx: Transaction<CommentsTables>): CommentsStore {
    return new CommentsStore(trx, this.root);
  }

  async insert(row: CommentRow): Promise<void> {
    await this.db.insertInto('comments').values(row).execute();
  }

  byId(id: string): Promise<CommentRow | undefined> {
    return this.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Moves a thread's reply count. The UPDATE also takes the top-level comment's row lock, so a
   * reply and a delete of the same thread serialise; with `requireLive` it refuses (false) when
   * the top-level comment is deleted.
   */
  async bumpReplies(parentId: string, by: number, requireLive: boolean): Promise<boolean> {
    let q = this.db
      .updateTable('comments')
      .set({ reply_count: sql`reply_count + ${by}` })
      .where('id', '=', parentId);
    if (requireLive) q = q.where('deleted_at', 'is', null);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Marks the comment deleted and forgets its words; false when it already was. */
  async softDelete(id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('comments')
      .set({ deleted_at: nowIso(), body: '', entities: '[]' })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A page of a note's threads, newest first: live top-level comments and placeholders that still have replies. */
  async topLevelPage(noteId: string, before: string | null, limit: number): Promise<CommentRow[]> {
    let q = this.db
      .selectFrom('comments')
      .selectAll()
      .where('note_id', '=', noteId)
      .where('parent_id', 'is', null)
      .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('reply_count', '>', 0)]))
      .orderBy('id', 'desc')
      .limit(limit);
    if (before) q = q.where('id', '<', before);
    return q.execute();
  }

  /** The first `n` live replies of each thread, oldest first, in one query (a window function both engines run). */
  async firstReplies(parentIds: readonly string[], n: number): Promise<CommentRow[]> {
    if (parentIds.length === 0) return [];
    const ranked = this.db
      .selectFrom('comments')
      .selectAll()
      .select(sql<number>`row_number() over (partition by parent_id order by id)`.as('rn'))
      .where('parent_id', 'in', parentIds)
      .where('deleted_at', 'is', null);
    const rows = await this.db.selectFrom(ranked.as('ranked')).selectAll().where('rn', '<=', n).orderBy('parent_id').orderBy('id').execute();
    return rows.map(({ rn: _rn, ...row }) => row as CommentRow);
  }

  /** A page of one thread's live replies, oldest first. */
  async repliesPage(parentId: string, after: string | null, limit: number): Promise<CommentRow[]> {
    let q = this.db.selectFrom('comments').selectAll().where('parent_id', '=', parentId).where('deleted_at', 'is', null).orderBy('id', 'asc').limit(limit);
    if (after) q = q.where('id', '>', after);
    return q.execute();
  }

  // ---- likes

  /** Adds or removes the person's like and moves the count with it; true when something changed. */
  async setLike(commentId: string, userId: string, on: boolean): Promise<boolean> {
    let changed: boolean;
    if (on) {
      const r = await this.db
        .insertInto('comment_likes')
        .values({ comment_id: commentId, user_id: userId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
        .executeTakeFirst();
      changed = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    } else {
      const r = await this.db.deleteFrom('comment_likes').where('comment_id', '=', commentId).where('user_id', '=', userId).executeTakeFirst();
      changed = Number(r.numDeletedRows) > 0;
    }
    if (changed) {
      await this.db
        .updateTable('comments')
        .set({ like_count: sql`like_count + ${on ? 1 : -1}` })
        .where('id', '=', commentId)
        .execute();
    }
    return changed;
  }

  async likedAmong(userId: string, commentIds: readonly string[]): Promise<Set<string>> {
    if (commentIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('comment_likes').select('comment_id').where('user_id', '=', userId).where('comment_id', 'in', commentIds).execute();
    return new Set(rows.map((r) => r.comment_id));
  }

  // ---- lookups for other modules

  byIds(ids: readonly string[]): Promise<CommentRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('comments').selectAll().where('id', 'in', ids).execute();
  }

  /** Ids of the person's comments after `afterId`, in id order. */
  async authoredIds(authorId: string, afterId: string | null, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('comments').select('id').where('author_id', '=', authorId).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return (await q.execute()).map((r) => r.id);
  }
}
