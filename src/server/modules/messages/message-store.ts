// The SQL of messages: insert, look up a clientId, page history by seq, tombstone.
import type { Kysely, Transaction } from 'kysely';
import type { MessageRow, MessagesTables } from './tables.ts';

type Q = Kysely<MessagesTables> | Transaction<MessagesTables>;

export class MessageStore {
  constructor(readonly db: Q) {}

  within(trx: Transaction<MessagesTables>): MessageStore {
    return new MessageStore(trx);
  }

  async insert(row: MessageRow): Promise<void> {
    await this.db.insertInto('messages').values(row).execute();
  }

  byId(id: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byClientId(conversationId: string, authorId: string, clientId: string): Promise<MessageRow | undefined> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('author_id', '=', authorId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  /** Messages with from < seq < to, ascending (tombstones included: the numbering shows no gap). */
  range(conversationId: string, from: number, to: number | null, limit: number): Promise<MessageRow[]> {
    let q = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).where('seq', '>', from).orderBy('seq', 'asc').limit(limit);
    if (to !== null) q = q.where('seq', '<', to);
    return q.execute();
  }

  /** The newest messages before `before` (exclusive) and after `floor`, newest first. */
  before(conversationId: string, before: number | null, floor: number, limit: number): Promise<MessageRow[]> {
    let q = this.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', floor)
      .orderBy('seq', 'desc')
      .limit(limit);
    if (before !== null) q = q.where('seq', '<', before);
    return q.execute();
  }

  /** The last message of each conversation (for the inbox), by conversation id. */
  async lastOf(pairs: ReadonlyArray<{ conversationId: string; seq: number }>): Promise<Map<string, MessageRow>> {
    const wanted = pairs.filter((p) => p.seq > 0);
    if (wanted.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where((eb) => eb.or(wanted.map((p) => eb.and([eb('conversation_id', '=', p.conversationId), eb('seq', '=', p.seq)]))))
      .execute();
    return new Map(rows.map((r) => [r.conversation_id, r]));
  }

  /** Turns the message into a tombstone (its words and attachments forgotten); false when it already was one. */
  async tombstone(id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('messages')
      .set({ deleted_at: at, body: '', lang: null, langs: '' })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
