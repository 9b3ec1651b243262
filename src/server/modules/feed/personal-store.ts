// The SQL of a person's export and erasure in the feed module: their interest profile (affinities,
// what they engaged with, saw and hid, the topics they follow) and every row of the feed's own
// bookkeeping that names them. Erasing steps are short transactions over a bounded number of rows.
import { type Kysely, sql } from 'kysely';
import type { FeedStore } from './store.ts';
import type { AffinityKind, FeedTables } from './tables.ts';

/** The tables a person reads or writes one row at a time: keyed by (user_id, note_id). */
type NoteKeyed = 'feed_engaged' | 'feed_seen' | 'feed_hidden';

export class FeedPersonalStore {
  constructor(
    private readonly db: Kysely<FeedTables>,
    private readonly store: FeedStore,
  ) {}

  // ---- export

  affinities(userId: string, after: [string, string], limit: number) {
    const [kind, key] = after;
    return this.db
      .selectFrom('feed_affinity')
      .selectAll()
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('kind', '>', kind as AffinityKind), eb.and([eb('kind', '=', kind as AffinityKind), eb('key', '>', key)])]))
      .orderBy('kind')
      .orderBy('key')
      .limit(limit)
      .execute();
  }

  engaged(userId: string, after: string, limit: number) {
    return this.db.selectFrom('feed_engaged').selectAll().where('user_id', '=', userId).where('note_id', '>', after).orderBy('note_id').limit(limit).execute();
  }

  seen(userId: string, after: string, limit: number) {
    return this.db.selectFrom('feed_seen').selectAll().where('user_id', '=', userId).where('note_id', '>', after).orderBy('note_id').limit(limit).execute();
  }

  hidden(userId: string, after: string, limit: number) {
    return this.db.selectFrom('feed_hidden').selectAll().where('user_id', '=', userId).where('note_id', '>', after).orderBy('note_id').limit(limit).execute();
  }

  topicFollows(userId: string, after: string, limit: number) {
    return this.db.selectFrom('topic_follows').selectAll().where('user_id', '=', userId).where('tag', '>', after).orderBy('tag').limit(limit).execute();
  }

  inboxState(userId: string) {
    return this.db.selectFrom('feed_inbox_state').selectAll().where('user_id', '=', userId).execute();
  }

  // ---- erase

  /** A page of their notes the feed ranks, in id order after `after`. */
  async notesOf(userId: string, after: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('feed_notes')
      .select('note_id')
      .where('author_id', '=', userId)
      .where('note_id', '>', after)
      .orderBy('note_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.note_id);
  }

  /** A page of ranked lists (every reader's, anonymous ones too), in id order after `after`. */
  lists(after: string, limit: number) {
    return this.db.selectFrom('feed_lists').select(['id', 'ids']).where('id', '>', after).orderBy('id').limit(limit).execute();
  }

  async rewriteList(id: string, ids: readonly string[]): Promise<void> {
    await this.db
      .updateTable('feed_lists')
      .set({ ids: JSON.stringify(ids) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Forgets notes as a deleted note is forgotten (topics, tags, others' engagement with them), and
   * what only the feed keeps of them: pool results and their places in others' inboxes.
   */
  async dropNotes(noteIds: readonly string[]): Promise<void> {
    if (noteIds.length === 0) return;
    await this.store.transaction(async (store) => {
      for (const id of noteIds) await store.dropNote(id);
      await store.db
        .deleteFrom('feed_pool_results')
        .where('note_id', 'in', [...noteIds])
        .execute();
      await store.db
        .deleteFrom('feed_inbox')
        .where('note_id', 'in', [...noteIds])
        .execute();
    });
  }

  /**
   * Topic participations left over (a note the feed no longer has, bookkeeping that drifted): each
   * goes with its note count and participant from the topic, as the last note of an author would.
   */
  async dropTopicAuthors(userId: string, limit: number): Promise<number> {
    return this.store.transaction(async (store) => {
      const rows = await store.db.selectFrom('feed_topic_authors').selectAll().where('author_id', '=', userId).limit(limit).execute();
      for (const r of rows) {
        await store.db.deleteFrom('feed_topic_authors').where('tag', '=', r.tag).where('author_id', '=', userId).execute();
        await store.db
          .updateTable('feed_topics')
          .set({
            notes: sql`case when notes > ${r.notes} then notes - ${r.notes} else 0 end`,
            participants: sql`case when participants > 0 then participants - 1 else 0 end`,
          })
          .where('tag', '=', r.tag)
          .execute();
      }
      return rows.length;
    });
  }

  /** Deletes up to `limit` of their rows of a (user_id, note_id) table; how many went. */
  async deleteNoteKeyed(table: NoteKeyed, userId: string, limit: number): Promise<number> {
    const db = this.db as unknown as Kysely<Record<NoteKeyed, { user_id: string; note_id: string }>>;
    const ids = (await db.selectFrom(table).select('note_id').where('user_id', '=', userId).limit(limit).execute()).map((r) => r.note_id);
    if (ids.length > 0) await db.deleteFrom(table).where('user_id', '=', userId).where('note_id', 'in', ids).execute();
    return ids.length;
  }

  /** Deletes up to `limit` inbox rows that are theirs or show their notes; how many went. */
  async deleteInbox(userId: string, limit: number): Promise<number> {
    const rows = await this.db
      .selectFrom('feed_inbox')
      .select(['user_id', 'created_s', 'note_id'])
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('author_id', '=', userId)]))
      .limit(limit)
      .execute();
    if (rows.length === 0) return 0;
    await this.db.transaction().execute(async (trx) => {
      for (const r of rows)
        await trx.deleteFrom('feed_inbox').where('user_id', '=', r.user_id).where('created_s', '=', r.created_s).where('note_id', '=', r.note_id).execute();
    });
    return rows.length;
  }

  /** Everything else that names them, whole: the profile rows, both sides of follows and neighbours, others' taste for them as an author. */
  async deleteRest(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('feed_affinity').where('user_id', '=', userId).execute();
      await trx.deleteFrom('feed_affinity').where('kind', '=', 'a').where('key', '=', userId).execute();
      await trx
        .deleteFrom('feed_neighbours')
        .where((eb) => eb.or([eb('user_id', '=', userId), eb('neighbour_id', '=', userId)]))
        .execute();
      await trx
        .deleteFrom('feed_follows')
        .where((eb) => eb.or([eb('follower_id', '=', userId), eb('followee_id', '=', userId)]))
        .execute();
      await trx.deleteFrom('topic_follows').where('user_id', '=', userId).execute();
      await trx.deleteFrom('feed_inbox_state').where('user_id', '=', userId).execute();
      await trx.deleteFrom('feed_lists').where('user_id', '=', userId).execute();
    });
  }
}
