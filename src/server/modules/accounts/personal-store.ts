// The SQL of a person's accounts data for their export and their erasure: pages of their rows in
// key order (keyset pagination, never a whole history at once), and deletes in batches, each batch
// with the counts it moves. Only the accounts tables; nothing here knows about archives or caches.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AccountsTables, SessionRow, UserRow } from './tables.ts';

export type FollowSide = 'follower_id' | 'followee_id';
export type EdgeTable = 'blocks' | 'mutes';

export interface FollowExportRow {
  id: string;
  follower_id: string;
  followee_id: string;
  created_at: string;
  /** the other person's handle, and whether their own deletion is pending */
  other_handle: string | null;
  other_erases_at: string | null;
}

export interface EdgeExportRow {
  actor_id: string;
  target_id: string;
  created_at: string;
  other_handle: string | null;
}

export class AccountsPersonalStore {
  constructor(readonly db: Kysely<AccountsTables>) {}

  within(trx: Transaction<AccountsTables>): AccountsPersonalStore {
    return new AccountsPersonalStore(trx);
  }

  // ---- export

  user(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The person's sessions after `afterId`, in id order, without their token hashes. */
  sessionsPage(userId: string, afterId: string | null, limit: number): Promise<Array<Omit<SessionRow, 'token_hash'>>> {
    let q = this.db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'user_agent', 'ip', 'created_at', 'last_used_at', 'expires_at'])
      .where('user_id', '=', userId);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.orderBy('id').limit(limit).execute();
  }

  /** Follows where the person is on `side`, after `afterId` in id order, with the other person's handle. */
  async followsPage(side: FollowSide, userId: string, afterId: string | null, limit: number): Promise<FollowExportRow[]> {
    const other = side === 'follower_id' ? 'follows.followee_id' : 'follows.follower_id';
    let q = this.db
      .selectFrom('follows')
      .leftJoin('users', 'users.id', other)
      .select([
        'follows.id',
        'follows.follower_id',
        'follows.followee_id',
        'follows.created_at',
        'users.handle as other_handle',
        'users.erases_at as other_erases_at',
      ])
      .where(`follows.${side}`, '=', userId);
    if (afterId !== null) q = q.where('follows.id', '>', afterId);
    return (await q.orderBy('follows.id').limit(limit).execute()) as FollowExportRow[];
  }

  /** The person's own blocks or mutes (they are the actor), after `afterTarget`, with the other person's handle. */
  async edgesPage(table: EdgeTable, actorId: string, afterTarget: string | null, limit: number): Promise<EdgeExportRow[]> {
    let q = this.db
      .selectFrom(table)
      .leftJoin('users', 'users.id', `${table}.target_id`)
      .select([`${table}.actor_id`, `${table}.target_id`, `${table}.created_at`, 'users.handle as other_handle'])
      .where(`${table}.actor_id`, '=', actorId);
    if (afterTarget !== null) q = q.where(`${table}.target_id`, '>', afterTarget);
    return (await q.orderBy(`${table}.target_id`).limit(limit).execute()) as EdgeExportRow[];
  }

  mutedWordsPage(userId: string, afterWord: string | null, limit: number): Promise<Array<{ user_id: string; word: string; created_at: string }>> {
    let q = this.db.selectFrom('muted_words').select(['user_id', 'word', 'created_at']).where('user_id', '=', userId);
    if (afterWord !== null) q = q.where('word', '>', afterWord);
    return q.orderBy('word').limit(limit).execute();
  }

  claimsOf(userId: string): Promise<Array<{ name: string; user_id: string; created_at: string }>> {
    return this.db.selectFrom('instance_claims').select(['name', 'user_id', 'created_at']).where('user_id', '=', userId).orderBy('name').execute();
  }

  // ---- erasure (each call one batch; the caller runs it in a transaction)

  /** Deletes up to `limit` of the person's sessions; their token hashes. */
  async deleteSessions(userId: string, limit: number): Promise<string[]> {
    const batch = await this.db.selectFrom('sessions').select(['id', 'token_hash']).where('user_id', '=', userId).limit(limit).execute();
    if (batch.length === 0) return [];
    await this.db
      .deleteFrom('sessions')
      .where(
        'id',
        'in',
        batch.map((s) => s.id),
      )
      .execute();
    return batch.map((s) => s.token_hash);
  }

  /**
   * Deletes up to `limit` follows where the person is on `side`, and sets the other people's counts
   * from their remaining rows (exact, so a retried batch or an earlier drift ends right). The others.
   */
  async deleteFollows(side: FollowSide, userId: string, limit: number): Promise<string[]> {
    const otherCol = side === 'follower_id' ? 'followee_id' : 'follower_id';
    const batch = await this.db.selectFrom('follows').select(['id', otherCol]).where(side, '=', userId).orderBy('id').limit(limit).execute();
    if (batch.length === 0) return [];
    const others = [...new Set(batch.map((r) => (r as Record<string, string>)[otherCol] as string))].filter((id) => id !== userId);
    await this.db
      .deleteFrom('follows')
      .where(
        'id',
        'in',
        batch.map((r) => r.id),
      )
      .execute();
    if (others.length > 0) await this.recount(others);
    return others;
  }

  /** Both counts of these people, from their follow rows. */
  async recount(ids: readonly string[]): Promise<void> {
    // In id order, like every other count update, so concurrent follows cannot deadlock with it.
    for (const id of [...ids].sort()) {
      await this.db
        .updateTable('users')
        .set({
          followers_count: sql<number>`(select count(*) from follows f where f.followee_id = ${id})`,
          following_count: sql<number>`(select count(*) from follows f where f.follower_id = ${id})`,
        })
        .where('id', '=', id)
        .execute();
    }
  }

  /** Deletes up to `limit` blocks or mutes with the person on either end; the pairs removed. */
  async deleteEdges(table: EdgeTable, userId: string, limit: number): Promise<Array<{ actor_id: string; target_id: string }>> {
    const batch = await this.db
      .selectFrom(table)
      .select(['actor_id', 'target_id'])
      .where((eb) => eb.or([eb('actor_id', '=', userId), eb('target_id', '=', userId)]))
      .limit(limit)
      .execute();
    if (batch.length === 0) return [];
    const targets = batch.flatMap((r) => (r.actor_id === userId ? [r.target_id] : []));
    const actors = batch.flatMap((r) => (r.actor_id === userId ? [] : [r.actor_id]));
    if (targets.length > 0) await this.db.deleteFrom(table).where('actor_id', '=', userId).where('target_id', 'in', targets).execute();
    if (actors.length > 0) await this.db.deleteFrom(table).where('target_id', '=', userId).where('actor_id', 'in', actors).execute();
    return batch;
  }

  async deleteMutedWords(userId: string): Promise<void> {
    await this.db.deleteFrom('muted_words').where('user_id', '=', userId).execute();
  }

  /**
   * The instance claims the person won ("the first account is the admin") must stay won, or the next
   * sign-up would win them again: each passes to another person (an admin first), or goes when
   * nobody else is left.
   */
  async releaseClaims(userId: string): Promise<void> {
    const claims = await this.db.selectFrom('instance_claims').select('name').where('user_id', '=', userId).execute();
    if (claims.length === 0) return;
    const heir =
      (await this.db
        .selectFrom('users')
        .select('id')
        .where('id', '!=', userId)
        .where('erases_at', 'is', null)
        .where('role', '=', 'admin')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()) ??
      (await this.db
        .selectFrom('users')
        .select('id')
        .where('id', '!=', userId)
        .where('erases_at', 'is', null)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst());
    if (heir) await this.db.updateTable('instance_claims').set({ user_id: heir.id }).where('user_id', '=', userId).execute();
    else await this.db.deleteFrom('instance_claims').where('user_id', '=', userId).execute();
  }

  async deleteUser(userId: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', userId).execute();
  }
}
