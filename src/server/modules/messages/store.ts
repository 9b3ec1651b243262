// The messages module's SQL for conversations, members, invites, note links and the stranger quota
// (the messages themselves are in message-store.ts). Nothing here knows about HTTP or rules.
import { type Kysely, sql, type Transaction } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import { type ConversationRow, IN_STATES, type InviteRow, type MemberRow, type MemberState, type MessagesTables } from './tables.ts';

type Q = Kysely<MessagesTables> | Transaction<MessagesTables>;

export interface InboxRow {
  conversation: ConversationRow;
  member: MemberRow;
}

export class ConversationStore {
  constructor(
    readonly db: Q,
    readonly root: Kysely<MessagesTables> = db as Kysely<MessagesTables>,
  ) {}

  within(trx: Transaction<MessagesTables>): ConversationStore {
    return new ConversationStore(trx, this.root);
  }

  // ---- conversations

  byId(id: string): Promise<ConversationRow | undefined> {
    return this.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byIds(ids: readonly string[]): Promise<ConversationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
  }

  dmByKey(key: string): Promise<ConversationRow | undefined> {
    return this.db.selectFrom('conversations').selectAll().where('dm_key', '=', key).executeTakeFirst();
  }

  async insert(row: ConversationRow): Promise<void> {
    await this.db.insertInto('conversations').values(row).execute();
  }

  async update(id: string, set: Partial<Pick<ConversationRow, 'name' | 'avatar_media_id' | 'ended' | 'updated_at'>>): Promise<void> {
    await this.db.updateTable('conversations').set(set).where('id', '=', id).execute();
  }

  /**
   * The next sequence number, taken in the caller's transaction: the UPDATE holds the row lock until
   * commit (PostgreSQL) or the one writer holds the database (SQLite), so numbers never repeat or skip.
   */
  async nextSeq(id: string, at: string): Promise<number | null> {
    const r = await this.db
      .updateTable('conversations')
      .set({ last_seq: sql`last_seq + 1`, updated_at: at })
      .where('id', '=', id)
      .returning('last_seq')
      .executeTakeFirst();
    return r ? Number(r.last_seq) : null;
  }

  /** Moves the member count (members in state active, request or pending) with the change that caused it. */
  async bumpMembers(id: string, by: number): Promise<void> {
    if (by === 0) return;
    await this.db
      .updateTable('conversations')
      .set({ member_count: sql`member_count + ${by}` })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Adds `n` members when the group stays within `max`; false (nothing changed) otherwise. One
   * conditional UPDATE, so concurrent joins in any process cannot pass the limit together.
   */
  async addMembersWithin(id: string, n: number, max: number): Promise<boolean> {
    const r = await this.db
      .updateTable('conversations')
      .set({ member_count: sql`member_count + ${n}` })
      .where('id', '=', id)
      .where('member_count', '<=', max - n)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ---- members

  member(conversationId: string, userId: string): Promise<MemberRow | undefined> {
    return this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  membersOf(conversationId: string, userIds: readonly string[]): Promise<MemberRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('conversation_members').selectAll().where('conversation_id', '=', conversationId).where('user_id', 'in', userIds).execute();
  }

  /** The other side of each DM (conversation id → that person's member row), in one query. */
  async peersOf(viewerId: string, conversationIds: readonly string[]): Promise<Map<string, MemberRow>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', 'in', conversationIds)
      .where('user_id', '!=', viewerId)
      .execute();
    return new Map(rows.map((r) => [r.conversation_id, r]));
  }

  /** Everyone in the conversation now (active, request, pending): who a new message reaches. */
  inMembers(conversationId: string): Promise<MemberRow[]> {
    return this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('state', 'in', IN_STATES as MemberState[])
      .execute();
  }

  /** A page of the people in it, oldest member first. */
  memberPage(conversationId: string, after: { joinedAt: string; userId: string } | null, limit: number): Promise<MemberRow[]> {
    let q = this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('state', 'in', IN_STATES as MemberState[])
      .orderBy('joined_at')
      .orderBy('user_id')
      .limit(limit);
    if (after) {
      q = q.where((eb) => eb.or([eb('joined_at', '>', after.joinedAt), eb.and([eb('joined_at', '=', after.joinedAt), eb('user_id', '>', after.userId)])]));
    }
    return q.execute();
  }

  /** Inserts a member, or brings a former one back with the given values. */
  async upsertMember(row: MemberRow): Promise<void> {
    await this.db
      .insertInto('conversation_members')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'user_id']).doUpdateSet({
          role: row.role,
          state: row.state,
          from_seq: row.from_seq,
          last_read_seq: row.last_read_seq,
          added_by: row.added_by,
          joined_at: row.joined_at,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  /** Changes a member's state; with `from`, only when it is one of those (false when it was not). */
  async setState(conversationId: string, userId: string, state: MemberState, from?: readonly MemberState[]): Promise<boolean> {
    let q = this.db
      .updateTable('conversation_members')
      .set({ state, updated_at: nowIso() })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId);
    if (from) q = q.where('state', 'in', from as MemberState[]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setRole(conversationId: string, userId: string, role: MemberRow['role']): Promise<void> {
    await this.db
      .updateTable('conversation_members')
      .set({ role, updated_at: nowIso() })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .execute();
  }

  async setSettings(conversationId: string, userId: string, set: Partial<Pick<MemberRow, 'muted' | 'auto_translate'>>): Promise<void> {
    await this.db
      .updateTable('conversation_members')
      .set({ ...set, updated_at: nowIso() })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** Moves the read position forward only (an old ack arriving late changes nothing); the position after. */
  async markRead(conversationId: string, userId: string, seq: number): Promise<boolean> {
    const r = await this.db
      .updateTable('conversation_members')
      .set({ last_read_seq: seq })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .where('last_read_seq', '<', seq)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Who takes over a group whose owner leaves: the oldest admin, else the oldest member. */
  async successor(conversationId: string, leaving: string): Promise<MemberRow | undefined> {
    return this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('state', '=', 'active')
      .where('user_id', '!=', leaving)
      .orderBy(sql`case when role = 'admin' then 0 else 1 end`)
      .orderBy('joined_at')
      .orderBy('user_id')
      .limit(1)
      .executeTakeFirst();
  }

  /** A person's conversations in some states, most recently active first, keyset-paged. */
  async inbox(userId: string, states: readonly MemberState[], after: { at: string; id: string } | null, limit: number): Promise<InboxRow[]> {
    let q = this.db
      .selectFrom('conversation_members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .selectAll('c')
      .select([
        'm.user_id as m_user_id',
        'm.role as m_role',
        'm.state as m_state',
        'm.from_seq as m_from_seq',
        'm.last_read_seq as m_last_read_seq',
        'm.muted as m_muted',
        'm.auto_translate as m_auto_translate',
        'm.added_by as m_added_by',
        'm.joined_at as m_joined_at',
        'm.updated_at as m_updated_at',
      ])
      .where('m.user_id', '=', userId)
      .where('m.state', 'in', states as MemberState[])
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit);
    if (after) q = q.where((eb) => eb.or([eb('c.updated_at', '<', after.at), eb.and([eb('c.updated_at', '=', after.at), eb('c.id', '<', after.id)])]));
    const rows = await q.execute();
    return rows.map((r) => ({
      conversation: {
        id: r.id,
        kind: r.kind,
        name: r.name,
        avatar_media_id: r.avatar_media_id,
        dm_key: r.dm_key,
        created_by: r.created_by,
        last_seq: Number(r.last_seq),
        member_count: Number(r.member_count),
        ended: Number(r.ended),
        created_at: r.created_at,
        updated_at: r.updated_at,
      },
      member: {
        conversation_id: r.id,
        user_id: r.m_user_id,
        role: r.m_role,
        state: r.m_state,
        from_seq: Number(r.m_from_seq),
        last_read_seq: Number(r.m_last_read_seq),
        muted: Number(r.m_muted),
        auto_translate: Number(r.m_auto_translate),
        added_by: r.m_added_by,
        joined_at: r.m_joined_at,
        updated_at: r.m_updated_at,
      },
    }));
  }

  async countInState(userId: string, state: MemberState): Promise<number> {
    const r = await this.db
      .selectFrom('conversation_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('state', '=', state)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  // ---- the stranger quota

  /** Takes `n` of the person's new-conversations-with-strangers for the day; false (nothing taken) when that would pass `limit`. */
  async takeQuota(userId: string, day: string, n: number, limit: number): Promise<boolean> {
    await this.db
      .insertInto('stranger_quota')
      .values({ user_id: userId, day, used: 0 })
      .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
      .execute();
    // One conditional UPDATE: concurrent starts in any process cannot both pass the limit.
    const r = await this.db
      .updateTable('stranger_quota')
      .set({ used: sql`used + ${n}` })
      .where('user_id', '=', userId)
      .where('day', '=', day)
      .where('used', '<=', limit - n)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async purgeQuota(beforeDay: string): Promise<void> {
    await this.db.deleteFrom('stranger_quota').where('day', '<', beforeDay).execute();
  }

  // ---- invites

  async insertInvite(row: InviteRow): Promise<void> {
    await this.db.insertInto('conversation_invites').values(row).execute();
  }

  invite(token: string): Promise<InviteRow | undefined> {
    return this.db.selectFrom('conversation_invites').selectAll().where('token', '=', token).executeTakeFirst();
  }

  liveInvites(conversationId: string, now: string): Promise<InviteRow[]> {
    return this.db
      .selectFrom('conversation_invites')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
  }

  async revokeInvite(conversationId: string, token: string): Promise<boolean> {
    const r = await this.db
      .updateTable('conversation_invites')
      .set({ revoked_at: nowIso() })
      .where('token', '=', token)
      .where('conversation_id', '=', conversationId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async useInvite(token: string): Promise<void> {
    await this.db.updateTable('conversation_invites').set({ uses: sql`uses + 1` }).where('token', '=', token).execute();
  }

  // ---- note links

  noteLink(conversationId: string) {
    return this.db.selectFrom('conversation_notes').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
  }

  groupsOfNote(noteId: string) {
    return this.db.selectFrom('conversation_notes').selectAll().where('note_id', '=', noteId).orderBy('created_at').limit(20).execute();
  }

  async setNoteLink(row: { conversation_id: string; note_id: string; invite_token: string; created_at: string }): Promise<void> {
    await this.db
      .insertInto('conversation_notes')
      .values(row)
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ note_id: row.note_id, invite_token: row.invite_token, created_at: row.created_at }))
      .execute();
  }

  async clearNoteLink(conversationId: string): Promise<void> {
    await this.db.deleteFrom('conversation_notes').where('conversation_id', '=', conversationId).execute();
  }

  async clearLinksOfNote(noteId: string): Promise<void> {
    await this.db.deleteFrom('conversation_notes').where('note_id', '=', noteId).execute();
  }
}
