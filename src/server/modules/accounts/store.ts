// All of the accounts module's SQL. Nothing here knows about HTTP or rules.
import { type Kysely, sql, type Transaction } from 'kysely';
import { prepare } from '../../platform/db/prepared.ts';
import { newId, nowIso } from '../../platform/ids.ts';
import type { AccountsTables, SessionRow, UserRow } from './tables.ts';

export type EdgeTable = 'blocks' | 'mutes';

export type PublicUserRow = Omit<UserRow, 'password_hash' | 'suspended_until' | 'banned_at' | 'comments_from' | 'messages_from' | 'erases_at'>;
const USER_COLUMNS = [
  'id',
  'handle',
  'display_name',
  'bio',
  'bio_langs',
  'languages',
  'ui_language',
  'auto_translate',
  'region',
  'avatar_media_id',
  'role',
  'followers_count',
  'following_count',
  'created_at',
  'updated_at',
  'version',
  'tiktok_username',
] as const satisfies ReadonlyArray<keyof PublicUserRow>;

/** The hottest reads, compiled once: on the root database only (never inside a transaction). */
function preparedReads(db: Kysely<AccountsTables>) {
  return {
    session: prepare(db, (hash: string) => sessionQuery(db, hash)),
    users: prepare(db, (ids: readonly string[]) => liveUsers(db).select(USER_COLUMNS).where('id', 'in', ids)),
    counts: prepare(db, (ids: readonly string[]) => db.selectFrom('users').select(['id', 'followers_count', 'following_count']).where('id', 'in', ids)),
    relations: prepare(db, (viewerId: string, others: readonly string[]) => relationsQuery(db, viewerId, others)),
  };
}

/** People not waiting for their erasure: a person whose deletion is pending is gone for every read but log-in. */
const liveUsers = (db: Kysely<AccountsTables>) => db.selectFrom('users').where('erases_at', 'is', null);

const sessionQuery = (db: Kysely<AccountsTables>, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select('users.role')
    .where('sessions.token_hash', '=', tokenHash);

/** Every edge between the viewer and each of `others`, as (kind, person) rows. */
const relationsQuery = (db: Kysely<AccountsTables>, viewerId: string, others: readonly string[]) =>
  db
    .selectFrom('follows')
    .select([sql<string>`'f'`.as('k'), 'followee_id as id'])
    .where('follower_id', '=', viewerId)
    .where('followee_id', 'in', others)
    .unionAll(
      db
        .selectFrom('blocks')
        .select([sql<string>`'b'`.as('k'), 'target_id as id'])
        .where('actor_id', '=', viewerId)
        .where('target_id', 'in', others),
    )
    .unionAll(
      db
        .selectFrom('blocks')
        .select([sql<string>`'B'`.as('k'), 'actor_id as id'])
        .where('target_id', '=', viewerId)
        .where('actor_id', 'in', others),
    )
    .unionAll(
      db
        .selectFrom('mutes')
        .select([sql<string>`'m'`.as('k'), 'target_id as id'])
        .where('actor_id', '=', viewerId)
        .where('target_id', 'in', others),
    );

export class AccountsStore {
  private readonly fast: ReturnType<typeof preparedReads> | null;

  constructor(readonly db: Kysely<AccountsTables>) {
    this.fast = db.isTransaction ? null : preparedReads(db);
  }

  /** The same store writing through a unit of work's transaction. */
  within(trx: Transaction<AccountsTables>): AccountsStore {
    return new AccountsStore(trx);
  }

  // ---- users

  /** User ids in id order after `afterId` (indexes rebuilt from scratch). */
  async userIdsAfter(afterId: string | null, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('users').select('id');
    if (afterId !== null) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  async insertUser(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  /** Returns true when this call won the claim (first writer wins, on any number of processes). */
  async claim(name: string, userId: string): Promise<boolean> {
    const res = await this.db
      .insertInto('instance_claims')
      .values({ name, user_id: userId, created_at: nowIso() })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** People of this role, leaving out those whose deletion is pending (they will not be here for long). */
  async countRole(role: UserRow['role']): Promise<number> {
    const r = await liveUsers(this.db)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', role)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * Holds the instance's admin claim row until the transaction ends, so two admins leaving or being
   * demoted at once are counted one after the other (the second sees the first gone).
   */
  async lockAdmins(): Promise<void> {
    await this.db
      .updateTable('instance_claims')
      .set((eb) => ({ created_at: eb.ref('created_at') }))
      .where('name', '=', 'admin')
      .execute();
  }

  async setRole(userId: string, role: UserRow['role']): Promise<void> {
    await this.db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  }

  /** Everything but the password hash, of whoever holds the handle (a person whose deletion is pending still holds theirs). */
  userByHandle(handle: string): Promise<PublicUserRow | undefined> {
    return this.db.selectFrom('users').select(USER_COLUMNS).where('handle', '=', handle.toLowerCase()).executeTakeFirst();
  }

  /** Who holds the handle, and whether their deletion is pending. */
  handleOwner(handle: string): Promise<Pick<UserRow, 'id' | 'erases_at'> | undefined> {
    return this.db.selectFrom('users').select(['id', 'erases_at']).where('handle', '=', handle.toLowerCase()).executeTakeFirst();
  }

  /** A person as they read themselves; undefined for no one, or someone whose deletion is pending. */
  userById(id: string): Promise<PublicUserRow | undefined> {
    return liveUsers(this.db).select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  credentialsByHandle(handle: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('handle', '=', handle.toLowerCase()).executeTakeFirst();
  }

  credentialsById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  // ---- deletion and its grace period

  /** Marks the person for erasure at `erasesAt`: their profile is gone from now on. The new version. */
  scheduleErasure(id: string, erasesAt: string): Promise<number | undefined> {
    return this.updateUser(id, { erases_at: erasesAt });
  }

  /** Clears a pending erasure still in its grace period (after `now`); the new version, or undefined when there was none to clear. */
  async cancelErasure(id: string, now: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({ erases_at: null, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('erases_at', '>', now)
      .returning('version')
      .executeTakeFirst();
    return row?.version;
  }

  async erasesAt(id: string): Promise<string | null> {
    const r = await this.db.selectFrom('users').select('erases_at').where('id', '=', id).executeTakeFirst();
    return r?.erases_at ?? null;
  }

  /** Deletes every session of the person; their token hashes, for the session cache. */
  async deleteSessionsOf(userId: string): Promise<string[]> {
    const gone = await this.db.deleteFrom('sessions').where('user_id', '=', userId).returning('token_hash').execute();
    return gone.map((s) => s.token_hash);
  }

  // ---- TikTok usernames

  tiktokOf(id: string): Promise<string | null> {
    return this.db
      .selectFrom('users')
      .select('tiktok_username')
      .where('id', '=', id)
      .executeTakeFirst()
      .then((r) => r?.tiktok_username ?? null);
  }

  /** The people (not pending erasure) who declared these usernames (lower case, ≤ 500 at a time). */
  byTikTokUsernames(
    usernames: readonly string[],
  ): Promise<Array<Pick<UserRow, 'id' | 'handle' | 'display_name' | 'avatar_media_id'> & { tiktok_username: string }>> {
    if (usernames.length === 0) return Promise.resolve([]);
    return liveUsers(this.db)
      .select(['id', 'handle', 'display_name', 'avatar_media_id', 'tiktok_username'])
      .where('tiktok_username', 'in', usernames)
      .execute() as Promise<Array<Pick<UserRow, 'id' | 'handle' | 'display_name' | 'avatar_media_id'> & { tiktok_username: string }>>;
  }

  /** The session and its person's role in one indexed join: the cost of every signed-in request. */
  async sessionForToken(tokenHash: string): Promise<(SessionRow & { role: UserRow['role'] }) | undefined> {
    return this.fast ? (await this.fast.session(tokenHash))[0] : sessionQuery(this.db, tokenHash).executeTakeFirst();
  }

  usersByHandles(handles: readonly string[]): Promise<Array<Pick<UserRow, 'id' | 'handle'>>> {
    if (handles.length === 0) return Promise.resolve([]);
    return liveUsers(this.db)
      .select(['id', 'handle'])
      .where(
        'handle',
        'in',
        handles.map((h) => h.toLowerCase()),
      )
      .execute();
  }

  usersByIds(ids: readonly string[]): Promise<PublicUserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.fast ? this.fast.users(ids) : liveUsers(this.db).select(USER_COLUMNS).where('id', 'in', ids).execute();
  }

  /** Changes what others see of the person: the version moves, so every cache drops its copy. The new version. */
  async updateUser(id: string, patch: Partial<Omit<UserRow, 'id' | 'handle' | 'created_at' | 'version'>>): Promise<number | undefined> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({ ...patch, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirst();
    return row?.version;
  }

  /** Follower and following counts of these people (the part of a profile that may lag a second). */
  countsOf(ids: readonly string[]): Promise<Array<Pick<UserRow, 'id' | 'followers_count' | 'following_count'>>> {
    if (ids.length === 0) return Promise.resolve([]);
    if (this.fast) return this.fast.counts(ids);
    return this.db.selectFrom('users').select(['id', 'followers_count', 'following_count']).where('id', 'in', ids).execute();
  }

  /**
   * How the viewer stands to each of `others`, in one round trip: whom they follow, block and mute,
   * and who blocks them. The input of every visibility rule.
   */
  async relations(
    viewerId: string,
    others: readonly string[],
  ): Promise<{ following: Set<string>; blocking: Set<string>; blockedBy: Set<string>; muting: Set<string> }> {
    const out = { following: new Set<string>(), blocking: new Set<string>(), blockedBy: new Set<string>(), muting: new Set<string>() };
    if (others.length === 0) return out;
    const rows = this.fast ? await this.fast.relations(viewerId, others) : await relationsQuery(this.db, viewerId, others).execute();
    const sets = { f: out.following, b: out.blocking, B: out.blockedBy, m: out.muting } as Record<string, Set<string>>;
    for (const r of rows) sets[r.k]?.add(r.id);
    return out;
  }

  // ---- sessions

  async insertSession(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  sessionByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async touchSession(id: string, lastUsedAt: string, expiresAt: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_used_at: lastUsedAt, expires_at: expiresAt }).where('id', '=', id).execute();
  }

  sessionsOf(userId: string, now: string): Promise<SessionRow[]> {
    return this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', now).orderBy('id', 'desc').limit(200).execute();
  }

  /** Deletes one of the person's sessions; its token hash, or null when there was none. */
  async deleteSession(userId: string, sessionId: string): Promise<string | null> {
    const r = await this.db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).returning('token_hash').executeTakeFirst();
    return r?.token_hash ?? null;
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // ---- follows

  /** Inserts the follow and bumps both counters; false when it already existed. */
  async addFollow(followerId: string, followeeId: string): Promise<boolean> {
    const res = await this.db
      .insertInto('follows')
      .values({ id: newId(), follower_id: followerId, followee_id: followeeId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await this.bumpCounts(followerId, followeeId, 1);
    return true;
  }

  async removeFollow(followerId: string, followeeId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) return false;
    await this.bumpCounts(followerId, followeeId, -1);
    return true;
  }

  private async bumpCounts(followerId: string, followeeId: string, by: 1 | -1): Promise<void> {
    // Rows are locked in id order, so two people following each other at once cannot deadlock.
    const updates = [
      { id: followerId, col: 'following_count' as const },
      { id: followeeId, col: 'followers_count' as const },
    ].sort((x, y) => (x.id < y.id ? -1 : 1));
    for (const u of updates) {
      await this.db
        .updateTable('users')
        .set({ [u.col]: sql`${sql.ref(u.col)} + ${by}` })
        .where('id', '=', u.id)
        .execute();
    }
  }

  /** One page of follow edges, newest first; `side` is the column that must equal userId. */
  async followPage(
    side: 'followee_id' | 'follower_id',
    userId: string,
    before: string | null,
    limit: number,
  ): Promise<Array<{ id: string; other_id: string }>> {
    const other = side === 'followee_id' ? 'follower_id' : 'followee_id';
    let q = this.db
      .selectFrom('follows')
      .select(['id', `${other} as other_id`])
      .where(side, '=', userId)
      .orderBy('id', 'desc')
      .limit(limit);
    if (before) q = q.where('id', '<', before);
    return (await q.execute()) as Array<{ id: string; other_id: string }>;
  }

  /** Which of `others` the person follows and is followed by, in two indexed queries. */
  async followStates(userId: string, others: readonly string[]): Promise<{ following: Set<string>; followedBy: Set<string> }> {
    if (others.length === 0) return { following: new Set(), followedBy: new Set() };
    const [out, inc] = await Promise.all([
      this.db.selectFrom('follows').select('followee_id as id').where('follower_id', '=', userId).where('followee_id', 'in', others).execute(),
      this.db.selectFrom('follows').select('follower_id as id').where('followee_id', '=', userId).where('follower_id', 'in', others).execute(),
    ]);
    return { following: new Set(out.map((r) => r.id)), followedBy: new Set(inc.map((r) => r.id)) };
  }

  // ---- blocks and mutes

  /** True when the edge is new. */
  async addEdge(table: EdgeTable, actorId: string, targetId: string): Promise<boolean> {
    const r = await this.db
      .insertInto(table)
      .values({ actor_id: actorId, target_id: targetId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['actor_id', 'target_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** True when there was an edge to remove. */
  async removeEdge(table: EdgeTable, actorId: string, targetId: string): Promise<boolean> {
    const r = await this.db.deleteFrom(table).where('actor_id', '=', actorId).where('target_id', '=', targetId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Which of `others` the person has an edge to (blocks or mutes). */
  async edgesFrom(table: EdgeTable, actorId: string, others: readonly string[]): Promise<Set<string>> {
    if (others.length === 0) return new Set();
    const rows = await this.db.selectFrom(table).select('target_id').where('actor_id', '=', actorId).where('target_id', 'in', others).execute();
    return new Set(rows.map((r) => r.target_id));
  }

  /** Which of `others` block the person. */
  async blockedBy(userId: string, others: readonly string[]): Promise<Set<string>> {
    if (others.length === 0) return new Set();
    const rows = await this.db.selectFrom('blocks').select('actor_id').where('target_id', '=', userId).where('actor_id', 'in', others).execute();
    return new Set(rows.map((r) => r.actor_id));
  }
}
