// All of the feed module's SQL: what it indexed of notes, what it learned of readers, topics,
// trending and the ranked lists sessions page through. Nothing here knows about HTTP or ranking.
import { type Kysely, sql, type Transaction } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import type { AffinityKind, FeedNoteRow, FeedTables } from './tables.ts';

type Q = Kysely<FeedTables> | Transaction<FeedTables>;

/** Large `in (…)` lists are cut into pieces that stay under every engine's bound-parameter limit. */
const CHUNK = 500;
const chunks = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};

/** "hot": log10(1 + engagement) + created_s / 45000 — a day and a bit of age weighs an order of magnitude of engagement. */
export const HOT_SECONDS = 45_000;
export const hotOf = (engagement: number, createdS: number): number => Math.log10(1 + Math.max(0, engagement)) + createdS / HOT_SECONDS;
const hotSql = (engagement: ReturnType<typeof sql>) =>
  sql<number>`log10(1 + case when ${engagement} > 0 then ${engagement} else 0 end) + created_s / ${HOT_SECONDS}`;

/** Ranked lists are kept this long (200 ids each; a reader makes one a fresh Explore). */
export const LIST_KEEP_S = 6 * 3600;

/** An inbox's from_s while it is being built: complete for no time at all, so Following pulls meanwhile. */
export const INBOX_BUILDING_S = 1e12;

export interface NoteIndex {
  noteId: string;
  authorId: string;
  visibility: FeedNoteRow['visibility'];
  lang: string;
  createdS: number;
  tags: string[];
}

export class FeedStore {
  constructor(
    readonly db: Q,
    readonly root: Kysely<FeedTables> = db as Kysely<FeedTables>,
  ) {}

  within(trx: Transaction<FeedTables>): FeedStore {
    return new FeedStore(trx, this.root);
  }

  transaction<T>(fn: (store: FeedStore) => Promise<T>): Promise<T> {
    return this.root.transaction().execute((trx) => fn(this.within(trx)));
  }

  // ---- the notes a feed may rank

  async note(noteId: string): Promise<FeedNoteRow | undefined> {
    return this.db.selectFrom('feed_notes').selectAll().where('note_id', '=', noteId).executeTakeFirst();
  }

  async tagsOf(noteIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const part of chunks(noteIds)) {
      const rows = await this.db.selectFrom('feed_note_tags').select(['note_id', 'tag']).where('note_id', 'in', part).execute();
      for (const r of rows) {
        const list = out.get(r.note_id);
        if (list) list.push(r.tag);
        else out.set(r.note_id, [r.tag]);
      }
    }
    return out;
  }

  /** Indexes a note a reader may find (published, public or followers-only), or refreshes it after an edit. */
  async putNote(n: NoteIndex, opts: { poolOpen: boolean }): Promise<void> {
    const existing = await this.note(n.noteId);
    if (!existing) {
      await this.db
        .insertInto('feed_notes')
        .values({
          note_id: n.noteId,
          author_id: n.authorId,
          visibility: n.visibility,
          lang: n.lang,
          tags: JSON.stringify(n.tags),
          created_s: n.createdS,
          impressions: 0,
          clicks: 0,
          engagement: 0,
          hot: hotOf(0, n.createdS),
          pool: 0,
          pool_open: opts.poolOpen && n.visibility === 'public' ? 1 : 0,
          pool_base_impressions: 0,
          pool_base_engagement: 0,
        })
        .execute();
    } else {
      await this.db
        .updateTable('feed_notes')
        .set({ visibility: n.visibility, lang: n.lang, tags: JSON.stringify(n.tags), ...(n.visibility === 'public' ? {} : { pool_open: 0 }) })
        .where('note_id', '=', n.noteId)
        .execute();
    }
    const hot = existing?.hot ?? hotOf(0, n.createdS);
    const before = new Set((await this.tagsOf([n.noteId])).get(n.noteId) ?? []);
    const after = new Set(n.visibility === 'public' ? n.tags : []);
    for (const tag of before) {
      if (after.has(tag)) continue;
      await this.db.deleteFrom('feed_note_tags').where('tag', '=', tag).where('note_id', '=', n.noteId).execute();
      await this.topicNote(tag, n.authorId, -1);
    }
    for (const tag of after) {
      if (before.has(tag)) continue;
      await this.db.insertInto('feed_note_tags').values({ tag, note_id: n.noteId, hot }).execute();
      await this.topicNote(tag, n.authorId, +1);
    }
  }

  /** Forgets a note (deleted, made only-me): it leaves every candidate list and topic. */
  async dropNote(noteId: string): Promise<void> {
    const existing = await this.note(noteId);
    if (!existing) return;
    for (const tag of (await this.tagsOf([noteId])).get(noteId) ?? []) await this.topicNote(tag, existing.author_id, -1);
    await this.db.deleteFrom('feed_note_tags').where('note_id', '=', noteId).execute();
    await this.db.deleteFrom('feed_engaged').where('note_id', '=', noteId).execute();
    await this.db.deleteFrom('feed_notes').where('note_id', '=', noteId).execute();
  }

  /** Adds to a note's engagement and exposure counters and re-ranks it (in the caller's transaction). */
  async engage(noteId: string, d: { engagement?: number; impressions?: number; clicks?: number }): Promise<boolean> {
    const e = d.engagement ?? 0;
    const r = await this.db
      .updateTable('feed_notes')
      .set({
        engagement: sql`engagement + ${e}`,
        impressions: sql`impressions + ${d.impressions ?? 0}`,
        clicks: sql`clicks + ${d.clicks ?? 0}`,
        ...(e !== 0 ? { hot: hotSql(sql`(engagement + ${e})`) } : {}),
      })
      .where('note_id', '=', noteId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    if (e !== 0) {
      await this.db
        .updateTable('feed_note_tags')
        .set({ hot: (eb) => eb.selectFrom('feed_notes').select('hot').where('feed_notes.note_id', '=', noteId) })
        .where('note_id', '=', noteId)
        .execute();
    }
    return true;
  }

  async rows(noteIds: readonly string[]): Promise<FeedNoteRow[]> {
    const out: FeedNoteRow[] = [];
    for (const part of chunks(noteIds)) out.push(...(await this.db.selectFrom('feed_notes').selectAll().where('note_id', 'in', part).execute()));
    return out;
  }

  // ---- candidates

  hotPublic(limit: number): Promise<FeedNoteRow[]> {
    return this.db.selectFrom('feed_notes').selectAll().where('visibility', '=', 'public').orderBy('hot', 'desc').limit(limit).execute();
  }

  newestPublic(limit: number): Promise<FeedNoteRow[]> {
    return this.db.selectFrom('feed_notes').selectAll().where('visibility', '=', 'public').orderBy('created_s', 'desc').limit(limit).execute();
  }

  openPools(limit: number): Promise<FeedNoteRow[]> {
    return this.db.selectFrom('feed_notes').selectAll().where('pool_open', '=', 1).orderBy('created_s', 'desc').limit(limit).execute();
  }

  async hotByTags(tags: readonly string[], perTag: number): Promise<string[]> {
    const out: string[] = [];
    for (const tag of tags) {
      const rows = await this.db.selectFrom('feed_note_tags').select('note_id').where('tag', '=', tag).orderBy('hot', 'desc').limit(perTag).execute();
      for (const r of rows) out.push(r.note_id);
    }
    return out;
  }

  async recentByAuthors(authorIds: readonly string[], sinceS: number, limit: number): Promise<FeedNoteRow[]> {
    if (authorIds.length === 0) return [];
    const out: FeedNoteRow[] = [];
    for (const part of chunks(authorIds)) {
      out.push(
        ...(await this.db
          .selectFrom('feed_notes')
          .selectAll()
          .where('author_id', 'in', part)
          .where('created_s', '>', sinceS)
          .orderBy('created_s', 'desc')
          .limit(limit)
          .execute()),
      );
    }
    return out.sort((a, b) => b.created_s - a.created_s).slice(0, limit);
  }

  /**
   * What these people engaged with lately, the most recent `perUser` of each (collaborative
   * candidates): one statement of per-person index ranges, so a heavy engager costs no more than
   * anyone (a plain IN over the window read 19,000 rows for 30 neighbours and sorted them).
   */
  async engagedBy(userIds: readonly string[], sinceS: number, perUser: number): Promise<Array<{ note_id: string; user_id: string; weight: number }>> {
    const ids = [...new Set(userIds)].slice(0, 100);
    if (ids.length === 0) return [];
    const part = (userId: string, i: number) =>
      this.db
        .selectFrom((eb) =>
          eb
            .selectFrom('feed_engaged')
            .select(['note_id', 'user_id', 'weight'])
            .where('user_id', '=', userId)
            .where('at_s', '>', sinceS)
            .orderBy('at_s', 'desc')
            .limit(perUser)
            .as(`e${i}`),
        )
        .selectAll();
    let q = part(ids[0] as string, 0);
    for (let i = 1; i < ids.length; i++) q = q.unionAll(part(ids[i] as string, i));
    return q.execute();
  }

  // ---- following

  /**
   * A page of the notes of the people a reader follows, newest first (cursor: time and id). The
   * notes of a few thousand people are not gathered and sorted whole: the page is looked for in the
   * last three days, then the last month, then all time — each a range of the (author, time) index.
   */
  async followingPage(
    userId: string,
    before: { s: number; id: string } | null,
    limit: number,
    nowS: number,
  ): Promise<Array<{ note_id: string; created_s: number }>> {
    const top = before?.s ?? Number.POSITIVE_INFINITY;
    for (const days of [3, 30, null]) {
      const since = days === null ? null : Math.min(top, nowS) - days * 86_400;
      let q = this.db
        .selectFrom('feed_follows as f')
        .innerJoin('feed_notes as n', 'n.author_id', 'f.followee_id')
        .select(['n.note_id', 'n.created_s'])
        .where('f.follower_id', '=', userId);
      if (since !== null) q = q.where('n.created_s', '>', since);
      if (before) q = q.where((eb) => eb.or([eb('n.created_s', '<', before.s), eb.and([eb('n.created_s', '=', before.s), eb('n.note_id', '<', before.id)])]));
      const rows = await q.orderBy('n.created_s', 'desc').orderBy('n.note_id', 'desc').limit(limit).execute();
      if (rows.length >= limit || days === null) return rows;
    }
    return [];
  }

  // ---- the Following inbox (fan-out on write)

  /** A reader's inbox: complete for notes created after from_s; written to while read_s is recent. Null: none. */
  async inboxState(userId: string): Promise<{ from_s: number; read_s: number } | null> {
    return (await this.db.selectFrom('feed_inbox_state').select(['from_s', 'read_s']).where('user_id', '=', userId).executeTakeFirst()) ?? null;
  }

  /**
   * (Re)builds a reader's inbox from what their followed authors posted since `sinceS`, the newest
   * `max` of it; the inbox is then complete after the oldest it holds (or after `sinceS` when that was all).
   */
  /**
   * An inbox about to be built: emptied, and marked written to (so notes posted from now on are fanned out
   * into it) but complete for nothing yet (so it is not read until fillInbox). Commit this before filling:
   * a note committed while the fill runs is then either in the fill's snapshot or fanned out, never lost.
   */
  async startInbox(userId: string, nowS: number): Promise<void> {
    await this.db.deleteFrom('feed_inbox').where('user_id', '=', userId).execute();
    const state = { from_s: INBOX_BUILDING_S, read_s: nowS };
    await this.db
      .insertInto('feed_inbox_state')
      .values({ user_id: userId, ...state })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(state))
      .execute();
  }

  /** Fills a started inbox with the newest `max` followed notes since `sinceS` (alongside any fanned out meanwhile), and says from when it is complete. */
  async fillInbox(userId: string, sinceS: number, max: number, nowS: number): Promise<{ from_s: number; read_s: number }> {
    await this.db
      .insertInto('feed_inbox')
      .columns(['user_id', 'created_s', 'note_id', 'author_id'])
      .expression((eb) =>
        eb
          .selectFrom('feed_follows as f')
          .innerJoin('feed_notes as n', 'n.author_id', 'f.followee_id')
          .select([eb.val(userId).as('user_id'), 'n.created_s', 'n.note_id', 'n.author_id'])
          .where('f.follower_id', '=', userId)
          .where('n.created_s', '>', sinceS)
          .orderBy('n.created_s', 'desc')
          .limit(max),
      )
      .onConflict((oc) => oc.columns(['user_id', 'created_s', 'note_id']).doNothing())
      .executeTakeFirst();
    let fromS = sinceS;
    // Counted, not taken from the insert: rows fanned out during the fill were skipped by it.
    const held = await this.db
      .selectFrom('feed_inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(held?.n ?? 0) >= max) {
      // Full: notes as old as the oldest held may be missing (ties), so it is complete only after it.
      const oldest = await this.db.selectFrom('feed_inbox').select('created_s').where('user_id', '=', userId).orderBy('created_s').limit(1).executeTakeFirst();
      fromS = oldest?.created_s ?? sinceS;
    }
    const state = { from_s: fromS, read_s: nowS };
    await this.db
      .insertInto('feed_inbox_state')
      .values({ user_id: userId, ...state })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(state))
      .execute();
    return state;
  }

  /** A reader read their inbox: it stays written to (done at most daily by the caller). */
  async touchInbox(userId: string, nowS: number): Promise<void> {
    await this.db.updateTable('feed_inbox_state').set({ read_s: nowS }).where('user_id', '=', userId).execute();
  }

  /** A page of a reader's inbox after `fromS`, newest first, of notes the feed still knows (cursor: time and id). */
  async inboxPage(
    userId: string,
    fromS: number,
    before: { s: number; id: string } | null,
    limit: number,
  ): Promise<Array<{ note_id: string; created_s: number }>> {
    let q = this.db
      .selectFrom('feed_inbox as i')
      .innerJoin('feed_notes as n', 'n.note_id', 'i.note_id')
      .select(['i.note_id', 'i.created_s'])
      .where('i.user_id', '=', userId)
      .where('i.created_s', '>', fromS);
    if (before) q = q.where((eb) => eb.or([eb('i.created_s', '<', before.s), eb.and([eb('i.created_s', '=', before.s), eb('i.note_id', '<', before.id)])]));
    return q.orderBy('i.created_s', 'desc').orderBy('i.note_id', 'desc').limit(limit).execute();
  }

  /** A note new to the feed goes into the inboxes of its author's followers who read theirs since `activeSinceS`. */
  async fanOut(note: { note_id: string; author_id: string; created_s: number }, activeSinceS: number): Promise<void> {
    await this.db
      .insertInto('feed_inbox')
      .columns(['user_id', 'created_s', 'note_id', 'author_id'])
      .expression((eb) =>
        eb
          .selectFrom('feed_follows as f')
          .innerJoin('feed_inbox_state as s', 's.user_id', 'f.follower_id')
          .select(['f.follower_id', eb.val(note.created_s).as('created_s'), eb.val(note.note_id).as('note_id'), eb.val(note.author_id).as('author_id')])
          .where('f.followee_id', '=', note.author_id)
          .where('s.read_s', '>', activeSinceS)
          .where('s.from_s', '<', note.created_s),
      )
      .onConflict((oc) => oc.columns(['user_id', 'created_s', 'note_id']).doNothing())
      .execute();
  }

  /** A reader followed (or unfollowed) someone: that author's notes join (or leave) their inbox, if they have one. */
  async inboxFollow(followerId: string, followeeId: string, on: boolean): Promise<void> {
    if (!on) {
      await this.db.deleteFrom('feed_inbox').where('user_id', '=', followerId).where('author_id', '=', followeeId).execute();
      return;
    }
    const state = await this.inboxState(followerId);
    if (!state) return;
    await this.db
      .insertInto('feed_inbox')
      .columns(['user_id', 'created_s', 'note_id', 'author_id'])
      .expression((eb) =>
        eb
          .selectFrom('feed_notes')
          .select([eb.val(followerId).as('user_id'), 'created_s', 'note_id', 'author_id'])
          .where('author_id', '=', followeeId)
          .where('created_s', '>', state.from_s),
      )
      .onConflict((oc) => oc.columns(['user_id', 'created_s', 'note_id']).doNothing())
      .execute();
  }

  async setFollow(followerId: string, followeeId: string, on: boolean): Promise<void> {
    if (on) {
      await this.db
        .insertInto('feed_follows')
        .values({ follower_id: followerId, followee_id: followeeId })
        .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
        .execute();
    } else {
      await this.db.deleteFrom('feed_follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).execute();
    }
  }

  async followees(userId: string, limit: number): Promise<string[]> {
    return (await this.db.selectFrom('feed_follows').select('followee_id').where('follower_id', '=', userId).limit(limit).execute()).map((r) => r.followee_id);
  }

  // ---- what a reader leans towards, engaged with, saw and hid

  /** Adds to a reader's affinities, decaying what was there by its age (half-life `halfLifeS`). */
  async addAffinity(userId: string, items: ReadonlyArray<{ kind: AffinityKind; key: string; delta: number }>, nowS: number, halfLifeS: number): Promise<void> {
    for (const it of items) {
      await this.db
        .insertInto('feed_affinity')
        .values({ user_id: userId, kind: it.kind, key: it.key, weight: it.delta, updated_s: nowS })
        .onConflict((oc) =>
          oc.columns(['user_id', 'kind', 'key']).doUpdateSet({
            weight: sql`feed_affinity.weight * power(0.5, (excluded.updated_s - feed_affinity.updated_s) / ${halfLifeS}) + excluded.weight`,
            updated_s: sql`excluded.updated_s`,
          }),
        )
        .execute();
    }
  }

  affinities(userId: string, limit: number): Promise<Array<{ kind: AffinityKind; key: string; weight: number; updated_s: number }>> {
    return this.db
      .selectFrom('feed_affinity')
      .select(['kind', 'key', 'weight', 'updated_s'])
      .where('user_id', '=', userId)
      .orderBy('weight', 'desc')
      .limit(limit)
      .execute();
  }

  async addEngaged(userId: string, noteId: string, weight: number, atS: number): Promise<void> {
    await this.db
      .insertInto('feed_engaged')
      .values({ user_id: userId, note_id: noteId, weight, at_s: atS })
      .onConflict((oc) => oc.columns(['user_id', 'note_id']).doUpdateSet({ weight: sql`feed_engaged.weight + excluded.weight`, at_s: sql`excluded.at_s` }))
      .execute();
  }

  async recentEngaged(userId: string, limit: number): Promise<string[]> {
    return (await this.db.selectFrom('feed_engaged').select('note_id').where('user_id', '=', userId).orderBy('at_s', 'desc').limit(limit).execute()).map(
      (r) => r.note_id,
    );
  }

  /** People who engaged with the same notes, with how many in common (at most `perNote` of the latest engagers a note). */
  async coEngagers(userId: string, noteIds: readonly string[], perNote: number): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const noteId of noteIds) {
      const rows = await this.db
        .selectFrom('feed_engaged')
        .select('user_id')
        .where('note_id', '=', noteId)
        .where('user_id', '!=', userId)
        .orderBy('at_s', 'desc')
        .limit(perNote)
        .execute();
      // A note many engaged with says less about taste than a rare one (inverse frequency).
      const w = 1 / Math.log2(2 + rows.length);
      for (const r of rows) counts.set(r.user_id, (counts.get(r.user_id) ?? 0) + w);
    }
    return counts;
  }

  async setNeighbours(userId: string, neighbours: ReadonlyArray<{ id: string; weight: number }>): Promise<void> {
    await this.db.deleteFrom('feed_neighbours').where('user_id', '=', userId).execute();
    if (neighbours.length > 0) {
      await this.db
        .insertInto('feed_neighbours')
        .values(neighbours.map((n) => ({ user_id: userId, neighbour_id: n.id, weight: n.weight })))
        .execute();
    }
  }

  neighbours(userId: string): Promise<Array<{ neighbour_id: string; weight: number }>> {
    return this.db.selectFrom('feed_neighbours').select(['neighbour_id', 'weight']).where('user_id', '=', userId).execute();
  }

  /** Records cards a reader saw; true for each that was not seen before within the log. */
  async markSeen(userId: string, noteIds: readonly string[], nowS: number): Promise<void> {
    for (const part of chunks(noteIds)) {
      await this.db
        .insertInto('feed_seen')
        .values(part.map((note_id) => ({ user_id: userId, note_id, seen_s: nowS })))
        .onConflict((oc) => oc.columns(['user_id', 'note_id']).doUpdateSet({ seen_s: sql`excluded.seen_s` }))
        .execute();
    }
  }

  async seenSince(userId: string, sinceS: number, limit: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('feed_seen')
      .select('note_id')
      .where('user_id', '=', userId)
      .where('seen_s', '>', sinceS)
      .orderBy('seen_s', 'desc')
      .limit(limit)
      .execute();
    return new Set(rows.map((r) => r.note_id));
  }

  /** Marks a note "not interested"; false when it already was. */
  async hide(userId: string, noteId: string): Promise<boolean> {
    const r = await this.db
      .insertInto('feed_hidden')
      .values({ user_id: userId, note_id: noteId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'note_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async hidden(userId: string, limit: number): Promise<Set<string>> {
    const rows = await this.db.selectFrom('feed_hidden').select('note_id').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
    return new Set(rows.map((r) => r.note_id));
  }

  // ---- traffic pools

  /** Open notes at `level` that have had their level's audience. */
  poolDue(level: number, size: number, limit: number): Promise<FeedNoteRow[]> {
    return this.db
      .selectFrom('feed_notes')
      .selectAll()
      .where('pool_open', '=', 1)
      .where('pool', '=', level)
      .where(sql<boolean>`impressions - pool_base_impressions >= ${size}`)
      .limit(limit)
      .execute();
  }

  async recentRates(level: number, limit: number): Promise<number[]> {
    return (await this.db.selectFrom('feed_pool_results').select('rate').where('level', '=', level).orderBy('at_s', 'desc').limit(limit).execute()).map(
      (r) => r.rate,
    );
  }

  async judge(note: FeedNoteRow, rate: number, graduated: boolean, lastLevel: boolean, nowS: number): Promise<void> {
    await this.db
      .insertInto('feed_pool_results')
      .values({ note_id: note.note_id, level: note.pool, rate, at_s: nowS, graduated: graduated ? 1 : 0 })
      .onConflict((oc) => oc.columns(['note_id', 'level']).doNothing())
      .execute();
    await this.db
      .updateTable('feed_notes')
      .set(
        graduated && !lastLevel
          ? { pool: note.pool + 1, pool_base_impressions: note.impressions, pool_base_engagement: note.engagement }
          : { pool: graduated ? note.pool + 1 : note.pool, pool_open: 0 },
      )
      .where('note_id', '=', note.note_id)
      .where('pool', '=', note.pool)
      .execute();
  }

  /** Closes the pools of notes older than `beforeS`: a pool is for the first days. */
  async closeOldPools(beforeS: number): Promise<number> {
    const r = await this.db.updateTable('feed_notes').set({ pool_open: 0 }).where('pool_open', '=', 1).where('created_s', '<', beforeS).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  // ---- topics

  /** A public note carrying `tag` came (+1) or went (-1): its counts and participants follow. */
  private async topicNote(tag: string, authorId: string, d: 1 | -1): Promise<void> {
    const row = await this.db.selectFrom('feed_topic_authors').select('notes').where('tag', '=', tag).where('author_id', '=', authorId).executeTakeFirst();
    let participants = 0;
    if (!row) {
      if (d < 0) return;
      await this.db.insertInto('feed_topic_authors').values({ tag, author_id: authorId, notes: 1 }).execute();
      participants = 1;
    } else if (row.notes + d <= 0) {
      await this.db.deleteFrom('feed_topic_authors').where('tag', '=', tag).where('author_id', '=', authorId).execute();
      participants = -1;
    } else {
      await this.db
        .updateTable('feed_topic_authors')
        .set({ notes: row.notes + d })
        .where('tag', '=', tag)
        .where('author_id', '=', authorId)
        .execute();
    }
    await this.db
      .insertInto('feed_topics')
      .values({ tag, notes: Math.max(d, 0), participants: Math.max(participants, 0), views: 0 })
      .onConflict((oc) => oc.column('tag').doUpdateSet({ notes: sql`feed_topics.notes + ${d}`, participants: sql`feed_topics.participants + ${participants}` }))
      .execute();
  }

  topic(tag: string): Promise<{ tag: string; notes: number; participants: number; views: number } | undefined> {
    return this.db.selectFrom('feed_topics').selectAll().where('tag', '=', tag).executeTakeFirst();
  }

  /** Those of `tags` that are topics with public notes. */
  async existingTopics(tags: readonly string[]): Promise<string[]> {
    if (tags.length === 0) return [];
    const rows = await this.db
      .selectFrom('feed_topics')
      .select('tag')
      .where('tag', 'in', [...tags])
      .where('notes', '>', 0)
      .execute();
    const found = new Set(rows.map((r) => r.tag));
    return tags.filter((t) => found.has(t));
  }

  /** Adds views to the topics of these notes. */
  async addTopicViews(views: ReadonlyArray<{ noteId: string; count: number }>): Promise<void> {
    const tags = await this.tagsOf(views.map((v) => v.noteId));
    const perTag = new Map<string, number>();
    for (const v of views) for (const t of tags.get(v.noteId) ?? []) perTag.set(t, (perTag.get(t) ?? 0) + v.count);
    for (const [tag, n] of perTag)
      await this.db
        .updateTable('feed_topics')
        .set({ views: sql`views + ${n}` })
        .where('tag', '=', tag)
        .execute();
  }

  async addTopicUses(tags: readonly string[], hour: number, n: number): Promise<void> {
    for (const tag of tags) {
      await this.db
        .insertInto('feed_topic_hours')
        .values({ tag, hour, uses: n })
        .onConflict((oc) => oc.columns(['tag', 'hour']).doUpdateSet({ uses: sql`feed_topic_hours.uses + excluded.uses` }))
        .execute();
    }
  }

  topicUsesSince(hour: number): Promise<Array<{ tag: string; hour: number; uses: number }>> {
    return this.db.selectFrom('feed_topic_hours').select(['tag', 'hour', 'uses']).where('hour', '>=', hour).execute();
  }

  /** Tags used in these hours (the ones that may be trending). */
  async tagsUsedSince(hour: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('feed_topic_hours')
      .select('tag')
      .where('hour', '>=', hour)
      .groupBy('tag')
      .orderBy(sql`sum(uses)`, 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.tag);
  }

  async usesOf(tags: readonly string[], sinceHour: number): Promise<Array<{ tag: string; hour: number; uses: number }>> {
    const out: Array<{ tag: string; hour: number; uses: number }> = [];
    for (const part of chunks(tags)) {
      out.push(
        ...(await this.db.selectFrom('feed_topic_hours').select(['tag', 'hour', 'uses']).where('tag', 'in', part).where('hour', '>=', sinceHour).execute()),
      );
    }
    return out;
  }

  async setTrending(rows: ReadonlyArray<{ tag: string; last_hour: number; baseline: number; score: number }>, computedAt: string): Promise<void> {
    await this.db.deleteFrom('feed_trending').execute();
    if (rows.length > 0)
      await this.db
        .insertInto('feed_trending')
        .values(rows.map((r, i) => ({ rank: i + 1, ...r, computed_at: computedAt })))
        .execute();
  }

  trending(): Promise<Array<{ tag: string; last_hour: number; baseline: number; score: number; computed_at: string }>> {
    return this.db.selectFrom('feed_trending').select(['tag', 'last_hour', 'baseline', 'score', 'computed_at']).orderBy('rank').execute();
  }

  async followsTopic(userId: string, tag: string): Promise<boolean> {
    return (await this.db.selectFrom('topic_follows').select('tag').where('user_id', '=', userId).where('tag', '=', tag).executeTakeFirst()) !== undefined;
  }

  async followedTopics(userId: string, limit: number): Promise<string[]> {
    return (await this.db.selectFrom('topic_follows').select('tag').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute()).map(
      (r) => r.tag,
    );
  }

  async setTopicFollow(userId: string, tag: string, on: boolean): Promise<void> {
    if (on) {
      await this.db
        .insertInto('topic_follows')
        .values({ user_id: userId, tag, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['user_id', 'tag']).doNothing())
        .execute();
    } else {
      await this.db.deleteFrom('topic_follows').where('user_id', '=', userId).where('tag', '=', tag).execute();
    }
  }

  /** A page of a topic's public notes: by hot (cursor: hot, id) or newest first (cursor: id). */
  async topicHot(tag: string, after: { hot: number; id: string } | null, limit: number): Promise<Array<{ note_id: string; hot: number }>> {
    let q = this.db.selectFrom('feed_note_tags').select(['note_id', 'hot']).where('tag', '=', tag);
    if (after) q = q.where((eb) => eb.or([eb('hot', '<', after.hot), eb.and([eb('hot', '=', after.hot), eb('note_id', '<', after.id)])]));
    return q.orderBy('hot', 'desc').orderBy('note_id', 'desc').limit(limit).execute();
  }

  async topicNew(tag: string, beforeId: string | null, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('feed_note_tags').select('note_id').where('tag', '=', tag);
    if (beforeId) q = q.where('note_id', '<', beforeId);
    return (await q.orderBy('note_id', 'desc').limit(limit).execute()).map((r) => r.note_id);
  }

  // ---- ranked lists

  async putList(row: { id: string; user_id: string; ids: string; created_s: number; started: number }): Promise<void> {
    await this.db.insertInto('feed_lists').values(row).execute();
  }

  list(id: string): Promise<{ id: string; user_id: string; ids: string; created_s: number; started: number } | undefined> {
    return this.db.selectFrom('feed_lists').selectAll().where('id', '=', id).executeTakeFirst();
  }

  latestList(userId: string): Promise<{ id: string; user_id: string; ids: string; created_s: number; started: number } | undefined> {
    return this.db.selectFrom('feed_lists').selectAll().where('user_id', '=', userId).orderBy('created_s', 'desc').limit(1).executeTakeFirst();
  }

  async startList(id: string): Promise<boolean> {
    const r = await this.db.updateTable('feed_lists').set({ started: 1 }).where('id', '=', id).where('started', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ---- clean-up

  async purge(nowS: number, seenDays: number, inbox: { keepS: number; idleS: number }): Promise<void> {
    // Inboxes: what is older than they keep goes (and they are complete only after that), and those of readers long gone.
    const cutoff = nowS - inbox.keepS;
    await this.db.deleteFrom('feed_inbox').where('created_s', '<=', cutoff).execute();
    await this.db.updateTable('feed_inbox_state').set({ from_s: cutoff }).where('from_s', '<', cutoff).execute();
    await this.db
      .deleteFrom('feed_inbox')
      .where('user_id', 'in', (eb) =>
        eb
          .selectFrom('feed_inbox_state')
          .select('user_id')
          .where('read_s', '<', nowS - inbox.idleS),
      )
      .execute();
    await this.db
      .deleteFrom('feed_inbox_state')
      .where('read_s', '<', nowS - inbox.idleS)
      .execute();
    // A session outlives its list by at most this: its next page then starts afresh (400 invalid_cursor).
    await this.db
      .deleteFrom('feed_lists')
      .where('created_s', '<', nowS - LIST_KEEP_S)
      .execute();
    await this.db
      .deleteFrom('feed_seen')
      .where('seen_s', '<', nowS - Math.max(seenDays, 1) * 86_400)
      .execute();
    await this.db
      .deleteFrom('feed_topic_hours')
      .where('hour', '<', Math.floor(nowS / 3600) - 8 * 24)
      .execute();
    await this.db
      .deleteFrom('feed_pool_results')
      .where('at_s', '<', nowS - 7 * 86_400)
      .execute();
    await this.db
      .deleteFrom('feed_engaged')
      .where('at_s', '<', nowS - 90 * 86_400)
      .execute();
  }
}
