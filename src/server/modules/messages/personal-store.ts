// The SQL of a person's export and erasure in the messages module. Every erasing step is one short
// transaction over a bounded number of rows, and each can run again (a retried erasure starts over).
import { type Kysely, sql, type Transaction } from 'kysely';
import { type ConversationRow, IN_STATES, type InviteRow, type MemberRow, type MessageRow, type MessagesTables } from './tables.ts';

type Trx = Transaction<MessagesTables>;

export class MessagesPersonalStore {
  constructor(private readonly db: Kysely<MessagesTables>) {}

  unit<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  // ---- export

  /** Their memberships (past ones too) with each conversation, in conversation order. */
  memberships(userId: string, after: string, limit: number): Promise<Array<{ member: MemberRow; conversation: ConversationRow | undefined }>> {
    return (async () => {
      const members = await this.db
        .selectFrom('conversation_members')
        .selectAll()
        .where('user_id', '=', userId)
        .where('conversation_id', '>', after)
        .orderBy('conversation_id')
        .limit(limit)
        .execute();
      const ids = members.map((m) => m.conversation_id);
      const convs = ids.length ? await this.db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute() : [];
      const byId = new Map(convs.map((c) => [c.id, c]));
      return members.map((member) => ({ member, conversation: byId.get(member.conversation_id) }));
    })();
  }

  messages(userId: string, after: string, limit: number): Promise<MessageRow[]> {
    return this.db.selectFrom('messages').selectAll().where('author_id', '=', userId).where('id', '>', after).orderBy('id').limit(limit).execute();
  }

  invites(userId: string, after: string, limit: number): Promise<InviteRow[]> {
    return this.db
      .selectFrom('conversation_invites')
      .selectAll()
      .where('created_by', '=', userId)
      .where('token', '>', after)
      .orderBy('token')
      .limit(limit)
      .execute();
  }

  quota(userId: string): Promise<Array<{ user_id: string; day: string; used: number }>> {
    return this.db.selectFrom('stranger_quota').selectAll().where('user_id', '=', userId).orderBy('day').execute();
  }

  // ---- erase

  /** Their first memberships (erasing removes each, so the next call sees the next ones). */
  firstMemberships(userId: string, limit: number): Promise<Array<{ member: MemberRow; conversation: ConversationRow | undefined }>> {
    return this.memberships(userId, '', limit);
  }

  /** Members of the conversation other than `userId` who are in it now. */
  async othersIn(trx: Trx, conversationId: string, userId: string): Promise<number> {
    const r = await trx
      .selectFrom('conversation_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId)
      .where('user_id', '!=', userId)
      .where('state', 'in', [...IN_STATES])
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Deletes up to `limit` messages of a conversation; how many went. */
  async deleteConversationMessages(conversationId: string, limit: number): Promise<number> {
    return this.unit(async (trx) => {
      const ids = (await trx.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).limit(limit).execute()).map((r) => r.id);
      if (ids.length > 0) await trx.deleteFrom('messages').where('id', 'in', ids).execute();
      return ids.length;
    });
  }

  /** Deletes a conversation with nobody left in it (its messages are gone already). */
  async deleteConversation(conversationId: string): Promise<void> {
    await this.unit(async (trx) => {
      await trx.deleteFrom('conversation_notes').where('conversation_id', '=', conversationId).execute();
      await trx.deleteFrom('conversation_invites').where('conversation_id', '=', conversationId).execute();
      await trx.deleteFrom('conversation_members').where('conversation_id', '=', conversationId).execute();
      await trx.deleteFrom('messages').where('conversation_id', '=', conversationId).execute();
      await trx.deleteFrom('conversations').where('id', '=', conversationId).execute();
    });
  }

  /**
   * Takes the person out of a conversation that goes on for the others: their membership deleted and
   * the member count moved with it; a DM loses its key (it named them) and is read-only; a group whose
   * owner they were passes to the oldest admin, else the oldest member (as when an owner leaves).
   */
  async leave(trx: Trx, member: MemberRow, conversation: ConversationRow): Promise<void> {
    const { conversation_id: id, user_id: userId } = member;
    if ((IN_STATES as readonly string[]).includes(member.state))
      await trx
        .updateTable('conversations')
        .set({ member_count: sql`case when member_count > 0 then member_count - 1 else 0 end` })
        .where('id', '=', id)
        .execute();
    if (conversation.kind === 'dm') await trx.updateTable('conversations').set({ dm_key: null, ended: 1 }).where('id', '=', id).execute();
    else if (member.role === 'owner') {
      const next = await trx
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', id)
        .where('state', '=', 'active')
        .where('user_id', '!=', userId)
        .orderBy(sql`case when role = 'admin' then 0 else 1 end`)
        .orderBy('joined_at')
        .orderBy('user_id')
        .limit(1)
        .executeTakeFirst();
      if (next)
        await trx.updateTable('conversation_members').set({ role: 'owner' }).where('conversation_id', '=', id).where('user_id', '=', next.user_id).execute();
    }
    await trx.deleteFrom('conversation_members').where('conversation_id', '=', id).where('user_id', '=', userId).execute();
  }

  /**
   * Up to `limit` of their messages in conversations that go on become authorless deleted lines: the
   * words, attachments, client id and hash go, and no column names them; the seq stays taken, so the
   * others' history has no hole (their screens would keep asking for the missing number).
   */
  async blankMessages(userId: string, limit: number, at: string): Promise<number> {
    return this.unit(async (trx) => {
      const ids = (await trx.selectFrom('messages').select('id').where('author_id', '=', userId).limit(limit).execute()).map((r) => r.id);
      if (ids.length === 0) return 0;
      await trx
        .updateTable('messages')
        .set({
          author_id: null,
          kind: 'text',
          body: '',
          lang: null,
          langs: '',
          media_id: null,
          note_id: null,
          client_id: null,
          content_hash: '',
          deleted_at: sql`coalesce(deleted_at, ${at})`,
        })
        .where('id', 'in', ids)
        .execute();
      return ids.length;
    });
  }

  /** Columns of others' rows that name them: who added a member, who made a conversation, a DM's key. */
  async forgetMentions(userId: string): Promise<void> {
    await this.unit(async (trx) => {
      await trx.updateTable('conversation_members').set({ added_by: null }).where('added_by', '=', userId).execute();
      // A conversation's creator column is required: the conversation itself stands for a creator gone.
      await trx.updateTable('conversations').set({ created_by: sql`id` }).where('created_by', '=', userId).execute();
      await trx.updateTable('conversations').set({ dm_key: null, ended: 1 }).where('dm_key', 'like', `%${userId}%`).execute();
    });
  }

  /** Deletes up to `limit` invites they made (and the note links that use them); how many went. */
  async deleteInvites(userId: string, limit: number): Promise<number> {
    return this.unit(async (trx) => {
      const tokens = (await trx.selectFrom('conversation_invites').select('token').where('created_by', '=', userId).limit(limit).execute()).map((r) => r.token);
      if (tokens.length === 0) return 0;
      await trx.deleteFrom('conversation_notes').where('invite_token', 'in', tokens).execute();
      await trx.deleteFrom('conversation_invites').where('token', 'in', tokens).execute();
      return tokens.length;
    });
  }

  async deleteQuota(userId: string): Promise<void> {
    await this.db.deleteFrom('stranger_quota').where('user_id', '=', userId).execute();
  }
}
