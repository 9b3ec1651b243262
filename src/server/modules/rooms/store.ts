// All of the rooms module's SQL. Nothing here knows about HTTP, sockets or rules.
import { type Kysely, sql, type Transaction } from 'kysely';
import { insideTransaction } from '../../platform/db/index.ts';
import type { RoomMemberRow, RoomMessageRow, RoomRow, RoomsTables } from './tables.ts';

type Q = Kysely<RoomsTables> | Transaction<RoomsTables>;

/** The most rooms the directory lists (an instance has a handful of big public rooms, not thousands). */
export const MAX_LISTED_ROOMS = 200;

export class RoomsStore {
  constructor(readonly db: Q) {}

  /** Runs `fn` in one transaction (a message's seq and its row commit together). */
  unit<T>(fn: (store: RoomsStore) => Promise<T>): Promise<T> {
    return (this.db as Kysely<RoomsTables>).transaction().execute((trx) => insideTransaction(() => fn(new RoomsStore(trx))));
  }

  // ---- rooms

  room(id: string): Promise<RoomRow | undefined> {
    return this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
  }

  rooms(): Promise<RoomRow[]> {
    return this.db.selectFrom('rooms').selectAll().orderBy('created_at', 'asc').limit(MAX_LISTED_ROOMS).execute();
  }

  async insertRoom(row: RoomRow): Promise<void> {
    await this.db.insertInto('rooms').values(row).execute();
  }

  /** Applies a change a hello shows and moves the room's version with it. */
  async updateRoom(id: string, set: Partial<Pick<RoomRow, 'name' | 'description' | 'slow_mode_s' | 'pinned_message_id'>>, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('rooms')
      .set({ ...set, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * The next seq of the room, taken in the caller's transaction: the UPDATE holds the room's row lock
   * (PostgreSQL) or the write lock (SQLite) until commit, so two processes never take the same seq and
   * the sender's slow-mode check under it is exact.
   */
  async takeSeq(roomId: string): Promise<{ seq: number; slowModeS: number } | undefined> {
    const r = await this.db
      .updateTable('rooms')
      .set({ last_seq: sql`last_seq + 1` })
      .where('id', '=', roomId)
      .returning(['last_seq', 'slow_mode_s'])
      .executeTakeFirst();
    return r ? { seq: Number(r.last_seq), slowModeS: Number(r.slow_mode_s) } : undefined;
  }

  // ---- members

  member(roomId: string, userId: string): Promise<RoomMemberRow | undefined> {
    return this.db.selectFrom('room_members').selectAll().where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst();
  }

  async memberships(userId: string, roomIds: readonly string[]): Promise<Map<string, RoomMemberRow>> {
    if (roomIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('room_members')
      .selectAll()
      .where('user_id', '=', userId)
      .where('room_id', 'in', [...roomIds])
      .execute();
    return new Map(rows.map((r) => [r.room_id, r]));
  }

  /** Joins (a no-op for a member) or, with `role`, sets the role of a member or newcomer. */
  async upsertMember(row: RoomMemberRow, setRole: boolean): Promise<void> {
    await this.db
      .insertInto('room_members')
      .values(row)
      .onConflict((oc) => (setRole ? oc.columns(['room_id', 'user_id']).doUpdateSet({ role: row.role }) : oc.columns(['room_id', 'user_id']).doNothing()))
      .execute();
  }

  async setRole(roomId: string, userId: string, role: RoomMemberRow['role']): Promise<void> {
    await this.db.updateTable('room_members').set({ role }).where('room_id', '=', roomId).where('user_id', '=', userId).execute();
  }

  async removeMember(roomId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('room_members').where('room_id', '=', roomId).where('user_id', '=', userId).execute();
  }

  // ---- messages

  async insertMessage(row: RoomMessageRow): Promise<void> {
    await this.db.insertInto('room_messages').values(row).execute();
  }

  messageById(id: string): Promise<RoomMessageRow | undefined> {
    return this.db.selectFrom('room_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  message(roomId: string, id: string): Promise<RoomMessageRow | undefined> {
    return this.db.selectFrom('room_messages').selectAll().where('room_id', '=', roomId).where('id', '=', id).executeTakeFirst();
  }

  messagesByIds(ids: readonly string[]): Promise<RoomMessageRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('room_messages')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  byClientId(roomId: string, authorId: string, clientId: string): Promise<RoomMessageRow | undefined> {
    return this.db
      .selectFrom('room_messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('author_id', '=', authorId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  /** When this person last posted in the room (slow mode). */
  async lastPostAt(roomId: string, authorId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('room_messages')
      .select('created_at')
      .where('room_id', '=', roomId)
      .where('author_id', '=', authorId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r?.created_at ?? null;
  }

  /** Messages before `before` (newest first, `limit` of them) not older than `since`. */
  before(roomId: string, before: number, limit: number, since: string): Promise<RoomMessageRow[]> {
    return this.db
      .selectFrom('room_messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('seq', '<', before)
      .where('created_at', '>=', since)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
  }

  /** Messages after `after`, oldest first. */
  after(roomId: string, after: number, limit: number, since: string): Promise<RoomMessageRow[]> {
    return this.db
      .selectFrom('room_messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('seq', '>', after)
      .where('created_at', '>=', since)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }

  async tombstone(id: string): Promise<void> {
    await this.db.updateTable('room_messages').set({ body: '', deleted: 1, lang: null }).where('id', '=', id).execute();
  }

  // ---- retention

  /** Deletes messages older than `cutoff` (a pinned message stays while pinned); how many went. */
  async purgeOlderThan(cutoff: string, limit: number): Promise<number> {
    const ids = await this.db
      .selectFrom('room_messages')
      .select('id')
      .where('created_at', '<', cutoff)
      .where('id', 'not in', this.db.selectFrom('rooms').select('pinned_message_id').where('pinned_message_id', 'is not', null))
      .limit(limit)
      .execute();
    if (ids.length === 0) return 0;
    await this.db
      .deleteFrom('room_messages')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    return ids.length;
  }

  /** Deletes a room's messages older than its newest `keep` (the pinned one stays). */
  async purgeBeyond(room: RoomRow, keep: number): Promise<number> {
    let q = this.db
      .deleteFrom('room_messages')
      .where('room_id', '=', room.id)
      .where('seq', '<=', room.last_seq - keep);
    if (room.pinned_message_id) q = q.where('id', '!=', room.pinned_message_id);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
