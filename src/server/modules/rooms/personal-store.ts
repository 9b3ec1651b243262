// The SQL of a person's export and erasure in the rooms module.
import { type Kysely, sql } from 'kysely';
import type { RoomMemberRow, RoomMessageRow, RoomRow, RoomsTables } from './tables.ts';

/** What stands for an erased creator: the column is required, and no person has this id. */
export const ERASED = 'erased';

export class RoomsPersonalStore {
  constructor(private readonly db: Kysely<RoomsTables>) {}

  memberships(userId: string, afterRoom: string, limit: number): Promise<RoomMemberRow[]> {
    return this.db
      .selectFrom('room_members')
      .selectAll()
      .where('user_id', '=', userId)
      .where('room_id', '>', afterRoom)
      .orderBy('room_id')
      .limit(limit)
      .execute();
  }

  messages(userId: string, afterId: string, limit: number): Promise<RoomMessageRow[]> {
    return this.db.selectFrom('room_messages').selectAll().where('author_id', '=', userId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  roomsCreated(userId: string, afterId: string, limit: number): Promise<RoomRow[]> {
    return this.db.selectFrom('rooms').selectAll().where('created_by', '=', userId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  /**
   * Deletes up to `limit` of their messages in one transaction: a pinned one is unpinned first, and
   * every room that lost one moves its version (the cached hello of each process is keyed by it).
   */
  async deleteMessages(userId: string, limit: number, now: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('room_messages').select(['id', 'room_id']).where('author_id', '=', userId).limit(limit).execute();
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      const rooms = [...new Set(rows.map((r) => r.room_id))];
      await trx.updateTable('rooms').set({ pinned_message_id: null }).where('pinned_message_id', 'in', ids).execute();
      await trx.deleteFrom('room_messages').where('id', 'in', ids).execute();
      await trx.updateTable('rooms').set({ version: sql`version + 1`, updated_at: now }).where('id', 'in', rooms).execute();
      return rows.length;
    });
  }

  async deleteMemberships(userId: string): Promise<void> {
    await this.db.deleteFrom('room_members').where('user_id', '=', userId).execute();
  }

  /** Rooms they made stay for the others; the creator's column no longer names them. */
  async forgetCreator(userId: string, now: string): Promise<void> {
    await this.db.updateTable('rooms').set({ created_by: ERASED, version: sql`version + 1`, updated_at: now }).where('created_by', '=', userId).execute();
  }
}
