// Discovery (the feed module's tables): the notes a feed may rank with what it learned of them, the
// follow graph and topic follows as the feed sees them, what each reader engaged with, saw, hid and
// leans towards, taste neighbours, topic totals and hourly uses for trending, and the ranked lists
// a scroll session pages through. The feed fills them from domain events; this migration fills them
// once from what an existing instance already holds, so Explore is not empty after an upgrade.
import { sql } from 'kysely';
import type { AnyDb } from '../index.ts';

const dbl = sql`double precision`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('feed_notes')
    .addColumn('note_id', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    // its hashtags (JSON array): ranking needs them for every candidate, so they come with the row
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_s', dbl, (c) => c.notNull())
    .addColumn('impressions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('engagement', dbl, (c) => c.notNull().defaultTo(0))
    // log10(1 + engagement) + created_s / 45000: a static order that favours the new (RedNote's and Reddit's "hot")
    .addColumn('hot', dbl, (c) => c.notNull())
    // traffic pools: the level a note has reached, whether it is still being shown to that level's audience,
    // and its impressions and engagement when it entered the level (its rate there is measured from them)
    .addColumn('pool', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pool_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('pool_base_impressions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pool_base_engagement', dbl, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('feed_notes_hot_idx').on('feed_notes').columns(['visibility', 'hot']).execute();
  await db.schema.createIndex('feed_notes_new_idx').on('feed_notes').columns(['visibility', 'created_s']).execute();
  await db.schema.createIndex('feed_notes_pool_idx').on('feed_notes').columns(['pool_open', 'created_s']).execute();
  // An author's recent notes (Following, followed authors in Explore) are a range of this index each.
  await db.schema.createIndex('feed_notes_author_idx').on('feed_notes').columns(['author_id', 'created_s']).execute();

  // Public notes by tag: topic pages (hot and new) and interest candidates.
  await db.schema
    .createTable('feed_note_tags')
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('hot', dbl, (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_note_tags_pk', ['tag', 'note_id'])
    .execute();
  await db.schema.createIndex('feed_note_tags_hot_idx').on('feed_note_tags').columns(['tag', 'hot']).execute();
  await db.schema.createIndex('feed_note_tags_note_idx').on('feed_note_tags').column('note_id').execute();

  await db.schema
    .createTable('feed_follows')
    .addColumn('follower_id', 'text', (c) => c.notNull())
    .addColumn('followee_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_follows_pk', ['follower_id', 'followee_id'])
    .execute();

  await db.schema
    .createTable('topic_follows')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('topic_follows_pk', ['user_id', 'tag'])
    .execute();

  // A reader's leaning towards a tag (t), an author (a) or a language (l), decayed by age when updated.
  await db.schema
    .createTable('feed_affinity')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('weight', dbl, (c) => c.notNull())
    .addColumn('updated_s', dbl, (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_affinity_pk', ['user_id', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('feed_affinity_top_idx').on('feed_affinity').columns(['user_id', 'weight']).execute();

  // What each reader liked, collected, commented on or read at length: the seeds of taste neighbours.
  await db.schema
    .createTable('feed_engaged')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('weight', dbl, (c) => c.notNull())
    .addColumn('at_s', dbl, (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_engaged_pk', ['user_id', 'note_id'])
    .execute();
  await db.schema.createIndex('feed_engaged_user_idx').on('feed_engaged').columns(['user_id', 'at_s']).execute();
  await db.schema.createIndex('feed_engaged_note_idx').on('feed_engaged').columns(['note_id', 'at_s']).execute();

  await db.schema
    .createTable('feed_neighbours')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('neighbour_id', 'text', (c) => c.notNull())
    .addColumn('weight', dbl, (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_neighbours_pk', ['user_id', 'neighbour_id'])
    .execute();

  // The impression log (cards a reader saw) and "not interested".
  await db.schema
    .createTable('feed_seen')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('seen_s', dbl, (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_seen_pk', ['user_id', 'note_id'])
    .execute();
  await db.schema.createIndex('feed_seen_user_idx').on('feed_seen').columns(['user_id', 'seen_s']).execute();
  await db.schema.createIndex('feed_seen_time_idx').on('feed_seen').column('seen_s').execute();
  await db.schema
    .createTable('feed_hidden')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_hidden_pk', ['user_id', 'note_id'])
    .execute();

  // Pool evaluations: each note's rate at each level it finished (the medians are taken over these).
  await db.schema
    .createTable('feed_pool_results')
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('rate', dbl, (c) => c.notNull())
    .addColumn('at_s', dbl, (c) => c.notNull())
    .addColumn('graduated', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_pool_results_pk', ['note_id', 'level'])
    .execute();
  await db.schema.createIndex('feed_pool_results_level_idx').on('feed_pool_results').columns(['level', 'at_s']).execute();

  // Topics: totals, who took part, uses by hour (trending) and the latest trending list.
  await db.schema
    .createTable('feed_topics')
    .addColumn('tag', 'text', (c) => c.primaryKey())
    .addColumn('notes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('participants', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('feed_topic_authors')
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('notes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_topic_authors_pk', ['tag', 'author_id'])
    .execute();
  await db.schema
    .createTable('feed_topic_hours')
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_topic_hours_pk', ['tag', 'hour'])
    .execute();
  await db.schema.createIndex('feed_topic_hours_hour_idx').on('feed_topic_hours').columns(['hour', 'tag']).execute();
  await db.schema
    .createTable('feed_trending')
    .addColumn('rank', 'integer', (c) => c.primaryKey())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('last_hour', 'integer', (c) => c.notNull())
    .addColumn('baseline', dbl, (c) => c.notNull())
    .addColumn('score', dbl, (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  // A scroll session's ranked list: every page of it reads the same list, whichever process answers.
  // user_id is '' for the lists anonymous visitors share.
  await db.schema
    .createTable('feed_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('ids', 'text', (c) => c.notNull())
    .addColumn('created_s', dbl, (c) => c.notNull())
    // 1 once a session began on it: the next fresh Explore gets the list prepared after it
    .addColumn('started', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('feed_lists_user_idx').on('feed_lists').columns(['user_id', 'created_s']).execute();
  await db.schema.createIndex('feed_lists_time_idx').on('feed_lists').column('created_s').execute();

  await backfill(db);
}

const BATCH = 500;
const hotOf = (engagement: number, createdS: number) => Math.log10(1 + Math.max(0, engagement)) + createdS / 45_000;

/** What an instance already holds, as the feed would have learned it from the events. */
async function backfill(db: AnyDb): Promise<void> {
  const follows = await db.selectFrom('follows').select(['follower_id', 'followee_id']).execute();
  for (let i = 0; i < follows.length; i += BATCH)
    await db
      .insertInto('feed_follows')
      .values(follows.slice(i, i + BATCH))
      .execute();

  let after = '';
  for (;;) {
    const notes: Array<{
      id: string;
      author_id: string;
      visibility: string;
      lang: string;
      created_at: string;
      like_count: number;
      collect_count: number;
      comment_count: number;
      view_count: number;
    }> = await db
      .selectFrom('notes')
      .select(['id', 'author_id', 'visibility', 'lang', 'created_at', 'like_count', 'collect_count', 'comment_count', 'view_count'])
      .where('id', '>', after)
      .where('deleted_at', 'is', null)
      .where('status', '=', 'published')
      .where('visibility', 'in', ['public', 'followers'])
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (notes.length === 0) break;
    after = (notes[notes.length - 1] as { id: string }).id;
    const tags: Array<{ note_id: string; tag: string }> = await db
      .selectFrom('note_tags')
      .select(['note_id', 'tag'])
      .where(
        'note_id',
        'in',
        notes.map((n) => n.id),
      )
      .execute();
    const tagsByNote = new Map<string, string[]>();
    for (const t of tags) tagsByNote.set(t.note_id, [...(tagsByNote.get(t.note_id) ?? []), t.tag]);
    const rows = notes.map((n) => {
      const createdS = Date.parse(n.created_at) / 1000;
      const engagement = n.like_count + 2 * n.collect_count + 2 * n.comment_count;
      // An existing note has had its audience: it competes on what it earned, not in the first pool.
      return {
        note_id: n.id,
        author_id: n.author_id,
        visibility: n.visibility,
        lang: n.lang,
        tags: JSON.stringify(tagsByNote.get(n.id) ?? []),
        created_s: createdS,
        impressions: Math.max(n.view_count, 0),
        clicks: n.view_count,
        engagement,
        hot: hotOf(engagement, createdS),
        pool: 0,
        pool_open: 0,
        pool_base_impressions: 0,
        pool_base_engagement: 0,
      };
    });
    await db.insertInto('feed_notes').values(rows).execute();
    const byId = new Map(rows.map((r) => [r.note_id, r]));
    const publicTags = tags.filter((t) => byId.get(t.note_id)?.visibility === 'public');
    if (publicTags.length > 0) {
      await db
        .insertInto('feed_note_tags')
        .values(publicTags.map((t) => ({ tag: t.tag, note_id: t.note_id, hot: (byId.get(t.note_id) as { hot: number }).hot })))
        .execute();
    }
  }
  // Topic totals from the public notes that carry them.
  await db
    .insertInto('feed_topic_authors')
    .columns(['tag', 'author_id', 'notes'])
    .expression(
      db
        .selectFrom('feed_note_tags as t')
        .innerJoin('feed_notes as n', 'n.note_id', 't.note_id')
        .select(['t.tag', 'n.author_id', sql<number>`count(*)`.as('notes')])
        .groupBy(['t.tag', 'n.author_id']),
    )
    .execute();
  await db
    .insertInto('feed_topics')
    .columns(['tag', 'notes', 'participants', 'views'])
    .expression(
      db
        .selectFrom('feed_note_tags as t')
        .innerJoin('notes as n', 'n.id', 't.note_id')
        .select([
          't.tag',
          sql<number>`count(*)`.as('notes'),
          sql<number>`count(distinct n.author_id)`.as('participants'),
          sql<number>`coalesce(sum(n.view_count), 0)`.as('views'),
        ])
        .groupBy('t.tag'),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'feed_lists',
    'feed_trending',
    'feed_topic_hours',
    'feed_topic_authors',
    'feed_topics',
    'feed_pool_results',
    'feed_hidden',
    'feed_seen',
    'feed_neighbours',
    'feed_engaged',
    'feed_affinity',
    'topic_follows',
    'feed_follows',
    'feed_note_tags',
    'feed_notes',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
