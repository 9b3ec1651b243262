// The comments module's SQL for a person's export and erasure: pages in key order, and batched
// deletes and rewrites, each inside the caller's transaction.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { CommentRow, CommentsTables } from './tables.ts';

type Q = Kysely<CommentsTables> | Transaction<CommentsTables>;
type Slim = Pick<CommentRow, 'id' | 'note_id' | 'parent_id' | 'deleted_at'>;

export class CommentsPersonalStore {
  constructor(readonly db: Q) {}

  /** A page of every comment the person wrote (deleted ones too, as stored), in id order. */
  authoredPage(authorId: string, afterId: string | null, limit: number): Promise<CommentRow[]> {
    let q = this.db.selectFrom('comments').selectAll().where('author_id', '=', authorId).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  likesPage(userId: string, afterCommentId: string | null, limit: number): Promise<Array<{ comment_id: string; user_id: string; created_at: string }>> {
    let q = this.db.selectFrom('comment_likes').selectAll().where('user_id', '=', userId).orderBy('comment_id').limit(limit);
    if (afterCommentId !== null) q = q.where('comment_id', '>', afterCommentId);
    return q.execute();
  }

  // ---- erasure

  /** The next comments under these notes, whoever wrote them. */
  async onNotes(noteIds: readonly string[], limit: number): Promise<string[]> {
    if (noteIds.length === 0) return [];
    return (await this.db.selectFrom('comments').select('id').where('note_id', 'in', noteIds).orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  /** The next comments of the person. */
  authoredBatch(authorId: string, limit: number): Promise<Slim[]> {
    return this.db
      .selectFrom('comments')
      .select(['id', 'note_id', 'parent_id', 'deleted_at'])
      .where('author_id', '=', authorId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** The replies in these threads (anyone's). */
  repliesIn(parentIds: readonly string[]): Promise<Slim[]> {
    if (parentIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('comments').select(['id', 'note_id', 'parent_id', 'deleted_at']).where('parent_id', 'in', parentIds).execute();
  }

  /** Deletes comments and the likes on them. */
  async deleteComments(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('comment_likes').where('comment_id', 'in', ids).execute();
    await this.db.deleteFrom('comments').where('id', 'in', ids).execute();
  }

  async bumpReplies(parentId: string, by: number): Promise<void> {
    await this.db
      .updateTable('comments')
      .set({ reply_count: sql`reply_count + ${by}` })
      .where('id', '=', parentId)
      .execute();
  }

  /** Others' replies that answer the person no longer name them, nor the reply of theirs (gone) they answered; how many. */
  async forgetAnswered(userId: string, limit: number): Promise<number> {
    const ids = (await this.db.selectFrom('comments').select('id').where('reply_to_user_id', '=', userId).limit(limit).execute()).map((r) => r.id);
    if (ids.length === 0) return 0;
    await this.db.updateTable('comments').set({ reply_to_user_id: null, reply_to_comment_id: null }).where('id', 'in', ids).execute();
    return ids.length;
  }

  /** Deletes a batch of the person's comment likes, each comment's count with it; how many. */
  async dropLikes(userId: string, limit: number): Promise<number> {
    const ids = (await this.db.selectFrom('comment_likes').select('comment_id').where('user_id', '=', userId).limit(limit).execute()).map((r) => r.comment_id);
    if (ids.length === 0) return 0;
    await this.db.deleteFrom('comment_likes').where('user_id', '=', userId).where('comment_id', 'in', ids).execute();
    await this.db.updateTable('comments').set({ like_count: sql`like_count - 1` }).where('id', 'in', ids).execute();
    return ids.length;
  }

  /** Comments whose entities may mention the handle (a LIKE, checked again by the caller), after `afterId`. */
  mayMention(handle: string, afterId: string | null, limit: number): Promise<Array<{ id: string; entities: string }>> {
    let q = this.db.selectFrom('comments').select(['id', 'entities']).where('entities', 'like', `%"handle":"${handle}"%`).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  async setEntities(id: string, entities: string): Promise<void> {
    await this.db.updateTable('comments').set({ entities }).where('id', '=', id).execute();
  }
}
