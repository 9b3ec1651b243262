// All of the notify module's SQL. Nothing here knows about HTTP, pub/sub or rules.
import { type Kysely, sql } from 'kysely';
import type { NotificationRow, NotifyTables } from './tables.ts';

/**
 * The smallest UUIDv7-shaped id for a moment: ids are time-ordered, so `id >= idFloor(t)` selects
 * events since t through the (recipient_id, id) index instead of scanning created_at.
 */
export function idFloor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}

/** The head of one list item: the aggregate of every event that shares a group key. */
export interface GroupHead {
  group_key: string;
  newest: string;
  kind: NotificationRow['kind'];
  subject_id: string | null;
  comment_id: string | null;
  created_at: string;
  actor_count: number;
  unread_events: number;
}

export type EventKey = Pick<NotificationRow, 'recipient_id' | 'kind' | 'actor_id' | 'subject_id' | 'comment_id'>;

export class NotifyStore {
  constructor(readonly db: Kysely<NotifyTables>) {}

  /** Inserts unless this recipient already has the notification of this event; true when inserted. */
  async insert(row: NotificationRow): Promise<boolean> {
    const r = await this.db
      .insertInto('notifications')
      .values(row)
      .onConflict((oc) => oc.columns(['recipient_id', 'source_event']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Whether this exact event is already waiting unread since `sinceId` (dedupe of like → unlike → like). */
  async hasUnread(e: EventKey, sinceId: string): Promise<boolean> {
    let q = this.db
      .selectFrom('notifications')
      .select('id')
      .where('recipient_id', '=', e.recipient_id)
      .where('id', '>=', sinceId)
      .where('kind', '=', e.kind)
      .where('actor_id', '=', e.actor_id)
      .where('read_at', 'is', null);
    q = e.subject_id === null ? q.where('subject_id', 'is', null) : q.where('subject_id', '=', e.subject_id);
    q = e.comment_id === null ? q.where('comment_id', 'is', null) : q.where('comment_id', '=', e.comment_id);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  /**
   * One page of groups, newest group first. A group's position is its newest event, and the cursor
   * is the newest event of the last group shown: HAVING (not WHERE) keeps a group that straddles the
   * cursor from appearing again, with its older events, on the next page.
   */
  async groupPage(recipientId: string, floorId: string, before: string | null, limit: number): Promise<GroupHead[]> {
    let q = this.db
      .selectFrom('notifications')
      .select((eb) => [
        'group_key',
        eb.fn.max('id').as('newest'),
        // Constant within a group (the key is built from them), so max() just picks the value.
        eb.fn.max('kind').as('kind'),
        eb.fn.max('subject_id').as('subject_id'),
        eb.fn.max('comment_id').as('comment_id'),
        eb.fn.max('created_at').as('created_at'),
        eb.fn.count('actor_id').distinct().as('actor_count'),
        eb.fn.sum<number>(eb.case().when('read_at', 'is', null).then(1).else(0).end()).as('unread_events'),
      ])
      .where('recipient_id', '=', recipientId)
      .where('id', '>=', floorId)
      .groupBy('group_key')
      .orderBy('newest', 'desc')
      .limit(limit);
    if (before) q = q.having((eb) => eb.fn.max('id'), '<', before);
    const rows = await q.execute();
    return rows.map((r) => ({
      group_key: r.group_key,
      newest: r.newest,
      kind: r.kind,
      subject_id: r.subject_id,
      comment_id: r.comment_id,
      created_at: r.created_at,
      actor_count: Number(r.actor_count),
      unread_events: Number(r.unread_events),
    }));
  }

  /** The most recent distinct actors of each group, in one query (a window over per-actor maxima). */
  async recentActors(recipientId: string, groupKeys: readonly string[], floorId: string, perGroup: number): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (groupKeys.length === 0) return out;
    const perActor = this.db
      .selectFrom('notifications')
      .select((eb) => [
        'group_key',
        'actor_id',
        eb.fn.max('id').as('last_id'),
        sql<number>`row_number() over (partition by group_key order by max(id) desc)`.as('rn'),
      ])
      .where('recipient_id', '=', recipientId)
      .where('group_key', 'in', groupKeys)
      .where('id', '>=', floorId)
      .groupBy(['group_key', 'actor_id']);
    const rows = await this.db
      .selectFrom(perActor.as('t'))
      .select(['t.group_key', 't.actor_id', 't.rn'])
      .where('t.rn', '<=', perGroup)
      .orderBy('t.group_key')
      .orderBy('t.rn')
      .execute();
    for (const r of rows) {
      const list = out.get(r.group_key) ?? [];
      list.push(r.actor_id);
      out.set(r.group_key, list);
    }
    return out;
  }

  /** Unread groups counted per subject (null for follows), so the caller can drop subjects the reader may not see. */
  async unreadBySubject(recipientId: string, floorId: string, cap: number): Promise<Array<{ subjectId: string | null; groups: number }>> {
    const rows = await this.db
      .selectFrom('notifications')
      .select((eb) => ['subject_id', eb.fn.count('group_key').distinct().as('groups')])
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .where('id', '>=', floorId)
      .groupBy('subject_id')
      .limit(cap)
      .execute();
    return rows.map((r) => ({ subjectId: r.subject_id, groups: Number(r.groups) }));
  }

  /** The recipient's own events among `ids` (others' ids are simply not found). */
  heads(recipientId: string, ids: readonly string[]): Promise<Array<{ id: string; group_key: string }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('notifications').select(['id', 'group_key']).where('recipient_id', '=', recipientId).where('id', 'in', ids).execute();
  }

  /** Marks every unread event of each group up to (and including) the given event read, in one statement. */
  async markGroupsRead(recipientId: string, heads: ReadonlyArray<{ id: string; group_key: string }>, now: string): Promise<number> {
    if (heads.length === 0) return 0;
    const res = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .where((eb) => eb.or(heads.map((h) => eb.and([eb('group_key', '=', h.group_key), eb('id', '<=', h.id)]))))
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async markAllRead(recipientId: string, now: string): Promise<number> {
    const res = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Deletes events older than the list window (nobody can see them any more). */
  async purgeBefore(floorId: string): Promise<number> {
    const res = await this.db.deleteFrom('notifications').where('id', '<', floorId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  // ---- a person's data (export and erasure)

  /** The person's own notifications (as recipient) after `afterId`, in id order. */
  ownPage(recipientId: string, afterId: string | null, limit: number): Promise<NotificationRow[]> {
    let q = this.db.selectFrom('notifications').selectAll().where('recipient_id', '=', recipientId);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.orderBy('id').limit(limit).execute();
  }

  /**
   * Deletes up to `limit` notifications that are the person's or name them: theirs as recipient,
   * those they caused, any whose group key or source event holds their id, and those about
   * `subjects` (their notes and comments); the recipients whose notifications went.
   */
  async eraseBatch(userId: string, subjects: readonly string[], limit: number): Promise<{ deleted: number; recipients: string[] }> {
    // Ids are UUIDs; were one ever to hold a LIKE wildcard, '_' (any one character) still matches it.
    const pattern = `%${userId.replace(/[\\%_]/g, '_')}%`;
    const rows = await this.db
      .selectFrom('notifications')
      .select(['id', 'recipient_id'])
      .where((eb) =>
        eb.or([
          eb('recipient_id', '=', userId),
          eb('actor_id', '=', userId),
          eb('group_key', 'like', pattern),
          eb('source_event', 'like', pattern),
          ...(subjects.length > 0 ? [eb('subject_id', 'in', subjects), eb('comment_id', 'in', subjects)] : []),
        ]),
      )
      .limit(limit)
      .execute();
    if (rows.length === 0) return { deleted: 0, recipients: [] };
    await this.db
      .deleteFrom('notifications')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return { deleted: rows.length, recipients: [...new Set(rows.map((r) => r.recipient_id))] };
  }

  /** Marks every unread event up to (and including) an id read: ids are time-ordered, so nothing newer is touched. */
  async markReadUpTo(recipientId: string, upTo: string, now: string): Promise<number> {
    const res = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .where('id', '<=', upTo)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}
