// `npm run gen`, small, on SQLite and PostgreSQL: every stored count equals its rows, entities and
// tags agree as the notes service would have written them, the feed's tables derive from the notes
// as its handlers would have built them, and the app serves a generated note, its card, its
// picture and a generated person's sign-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ENGAGED_WEIGHT, GenRefused, type GenSummary, generate, hotOf, parseArgs } from '../scripts/gen.ts';
import { buildApp } from '../src/server/app.ts';
import { scanText, toEntities } from '../src/server/modules/notes/text.ts';
import { type AnyDb, type Db, openDb } from '../src/server/platform/db/index.ts';
import { ORIGIN, testConfig } from './support/app.ts';
import { DB_KINDS, freshDb, type TestDb } from './support/db.ts';

// one clock for the dataset and the checks (whole milliseconds, as stored times are)
const NOW = Date.now();
const SIZE = { notes: 3000, users: 400, interactions: 30_000, images: 6, now: NOW };
const weekAgo = new Date(NOW - 7 * 86_400_000).toISOString();

async function one<T>(db: AnyDb, query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(db)).rows[0] as T;
}
async function hasColumn(db: AnyDb, table: string, column: string): Promise<boolean> {
  try {
    await sql`select ${sql.ref(column)} from ${sql.table(table)} where 1 = 0`.execute(db);
    return true;
  } catch {
    return false;
  }
}
const num = async (db: AnyDb, query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> => Number((await one(db, query)).n);

describe('gen arguments', () => {
  it('reads counts as numbers, 20k and 1m included, and refuses what it does not know', () => {
    assert.deepEqual(parseArgs(['--notes', '1m', '--users', '100k', '--interactions', '10_000_000', '--force']), {
      notes: 1_000_000,
      users: 100_000,
      interactions: 10_000_000,
      force: true,
    });
    assert.throws(() => parseArgs(['--notes', 'many']), /--notes needs a number/);
    assert.throws(() => parseArgs(['--nope']), /unknown option --nope/);
  });
});

for (const kind of DB_KINDS) {
  describe(`gen [${kind}]`, () => {
    let tdb: TestDb;
    let summary: GenSummary;
    let db: Db;
    before(async () => {
      tdb = await freshDb(kind);
      summary = await generate({ db: tdb.target, dataDir: tdb.dataDir, s3: null }, SIZE);
      db = await openDb(tdb.target);
    });
    after(async () => {
      await db?.close();
      await tdb?.drop();
    });

    it('fills every table it names, with as many rows as it says', async () => {
      for (const [table, rows] of Object.entries(summary.rows)) {
        assert.ok(rows > 0, `${table} has rows`);
        assert.equal(await num(db.kysely, sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`), rows, table);
      }
      assert.equal(summary.rows.users, SIZE.users);
      assert.equal(summary.rows.notes, SIZE.notes);
      const interactions = summary.rows.note_likes! + summary.rows.note_collects! + summary.rows.comments!;
      assert.ok(
        interactions > SIZE.interactions * 0.9 && interactions <= SIZE.interactions * 1.02,
        `about ${SIZE.interactions} interactions (${interactions})`,
      );
    });

    it('refuses a database that has people unless forced', async () => {
      await assert.rejects(generate({ db: tdb.target, dataDir: tdb.dataDir, s3: null }, SIZE), GenRefused);
    });

    it('keeps every count equal to its rows', async () => {
      const k = db.kysely;
      const mismatches = {
        likes: sql<{ n: number }>`select count(*) as n from notes where like_count <> (select count(*) from note_likes l where l.note_id = notes.id)`,
        collects: sql<{ n: number }>`select count(*) as n from notes where collect_count <> (select count(*) from note_collects c where c.note_id = notes.id)`,
        comments: sql<{
          n: number;
        }>`select count(*) as n from notes where comment_count <> (select count(*) from comments c where c.note_id = notes.id and c.deleted_at is null)`,
        views: sql<{ n: number }>`select count(*) as n from notes where view_count <> (select count(*) from note_views v where v.note_id = notes.id)`,
        followers: sql<{ n: number }>`select count(*) as n from users where followers_count <> (select count(*) from follows f where f.followee_id = users.id)`,
        following: sql<{ n: number }>`select count(*) as n from users where following_count <> (select count(*) from follows f where f.follower_id = users.id)`,
        boards: sql<{ n: number }>`select count(*) as n from boards where note_count <> (select count(*) from board_notes b where b.board_id = boards.id)`,
        replies: sql<{
          n: number;
        }>`select count(*) as n from comments where reply_count <> (select count(*) from comments r where r.parent_id = comments.id and r.deleted_at is null)`,
        // a collect is a person's note in at least one of their boards, and the other way round
        collectRows: sql<{
          n: number;
        }>`select count(*) as n from note_collects c where not exists (select 1 from board_notes bn join boards b on b.id = bn.board_id where bn.note_id = c.note_id and b.owner_id = c.user_id)`,
        boardRows: sql<{
          n: number;
        }>`select count(*) as n from board_notes bn join boards b on b.id = bn.board_id where not exists (select 1 from note_collects c where c.note_id = bn.note_id and c.user_id = b.owner_id)`,
        defaults: sql<{ n: number }>`select count(*) as n from (select owner_id from boards where is_default = 1 group by owner_id having count(*) > 1) d`,
        // every reference names a row that exists
        orphanLikes: sql<{
          n: number;
        }>`select count(*) as n from note_likes l where not exists (select 1 from users u where u.id = l.user_id) or not exists (select 1 from notes n where n.id = l.note_id)`,
        orphanFollows: sql<{
          n: number;
        }>`select count(*) as n from follows f where not exists (select 1 from users u where u.id = f.followee_id) or f.follower_id = f.followee_id`,
        orphanMedia: sql<{
          n: number;
        }>`select count(*) as n from note_media nm left join media m on m.id = nm.media_id where m.id is null or m.attached_to <> nm.note_id or m.owner_id <> (select author_id from notes where id = nm.note_id)`,
        orphanAvatars: sql<{
          n: number;
        }>`select count(*) as n from users u left join media m on m.id = u.avatar_media_id where u.avatar_media_id is not null and (m.id is null or m.purpose <> 'avatar' or m.attached_to <> ${sql.lit('avatar:')} || m.id)`,
        noCover: sql<{
          n: number;
        }>`select count(*) as n from notes where not exists (select 1 from note_media nm where nm.note_id = notes.id and nm.position = 0)`,
        replyThreads: sql<{
          n: number;
        }>`select count(*) as n from comments c join comments p on p.id = c.parent_id where p.parent_id is not null or p.note_id <> c.note_id`,
      };
      for (const [name, q] of Object.entries(mismatches)) assert.equal(await num(k, q), 0, name);
    });

    it('writes entities and tags as the notes service parses them', async () => {
      const rows = await db.kysely.selectFrom('notes').select(['id', 'title', 'body', 'entities']).orderBy('id').limit(400).execute();
      const tags = await db.kysely
        .selectFrom('note_tags')
        .select(['note_id', 'tag'])
        .where(
          'note_id',
          'in',
          rows.map((r) => r.id as string),
        )
        .execute();
      for (const r of rows) {
        const stored = JSON.parse(r.entities as string);
        const parsed = { title: toEntities(scanText(r.title as string), new Set()), body: toEntities(scanText(r.body as string), new Set()) };
        assert.deepEqual(stored, parsed, `entities of ${r.id}`);
        const fromText = [...new Set([...parsed.title, ...parsed.body].flatMap((e) => (e.type === 'hashtag' ? [e.tag] : [])))].sort();
        assert.deepEqual(
          tags
            .filter((t) => t.note_id === r.id)
            .map((t) => t.tag as string)
            .sort(),
          fromText,
          `tags of ${r.id}`,
        );
      }
    });

    it('builds the feed tables from the notes as the feed would have', async () => {
      const k = db.kysely;
      const q = {
        feedNotes: sql<{
          n: number;
        }>`select count(*) as n from notes where visibility in ('public', 'followers') and status = 'published' and deleted_at is null`,
        noFeedRow: sql<{
          n: number;
        }>`select count(*) as n from notes n where n.visibility <> 'only_me' and not exists (select 1 from feed_notes f where f.note_id = n.id and f.author_id = n.author_id and f.visibility = n.visibility and f.lang = n.lang)`,
        badEngagement: sql<{
          n: number;
        }>`select count(*) as n from feed_notes f join notes n on n.id = f.note_id where f.engagement <> n.like_count + 2 * n.collect_count + 2 * n.comment_count or f.impressions < f.clicks`,
        tagRows: sql<{ n: number }>`select count(*) as n from note_tags t join notes n on n.id = t.note_id where n.visibility = 'public'`,
        missingTag: sql<{
          n: number;
        }>`select count(*) as n from note_tags t join notes n on n.id = t.note_id where n.visibility = 'public' and not exists (select 1 from feed_note_tags f join feed_notes fn on fn.note_id = f.note_id where f.tag = t.tag and f.note_id = t.note_id and f.hot = fn.hot)`,
        followRows: sql<{ n: number }>`select count(*) as n from follows`,
        missingFollow: sql<{
          n: number;
        }>`select count(*) as n from follows f where not exists (select 1 from feed_follows g where g.follower_id = f.follower_id and g.followee_id = f.followee_id)`,
        // likes, collects and comments by anyone but the note's author
        engagedPairs: sql<{
          n: number;
        }>`select count(*) as n from (select note_id, user_id from note_likes union select note_id, user_id from note_collects union select c.note_id, c.author_id from comments c join notes n on n.id = c.note_id where c.author_id <> n.author_id) x`,
        badEngaged: sql<{
          n: number;
        }>`select count(*) as n from feed_engaged e where e.weight <> ${ENGAGED_WEIGHT.like} * (select count(*) from note_likes l where l.note_id = e.note_id and l.user_id = e.user_id) + ${ENGAGED_WEIGHT.collect} * (select count(*) from note_collects c where c.note_id = e.note_id and c.user_id = e.user_id) + ${ENGAGED_WEIGHT.comment} * (select count(*) from comments c where c.note_id = e.note_id and c.author_id = e.user_id)`,
        // 3 uses of each tag when a public note is posted, 1 for each like, collect and comment by someone else: those of the last week
        hourUses: sql<{ n: number }>`select coalesce(sum(uses), 0) as n from feed_topic_hours`,
        weekUses: sql<{ n: number }>`select
            3 * (select count(*) from note_tags t join notes n on n.id = t.note_id where n.visibility = 'public' and n.created_at >= ${weekAgo})
          + (select count(*) from note_likes l join note_tags t on t.note_id = l.note_id join notes n on n.id = l.note_id where n.visibility = 'public' and l.created_at >= ${weekAgo})
          + (select count(*) from note_collects l join note_tags t on t.note_id = l.note_id join notes n on n.id = l.note_id where n.visibility = 'public' and l.created_at >= ${weekAgo})
          + (select count(*) from comments c join note_tags t on t.note_id = c.note_id join notes n on n.id = c.note_id where n.visibility = 'public' and c.author_id <> n.author_id and c.created_at >= ${weekAgo}) as n`,
        // traffic pools: open only for public notes of the last three days, judged levels below the one reached
        badPools: sql<{
          n: number;
        }>`select count(*) as n from feed_notes where (pool_open = 1 and (visibility <> 'public' or created_s < ${NOW / 1000 - 3 * 86_400})) or pool < 0 or pool > 4 or pool_base_impressions > impressions`,
        badResults: sql<{
          n: number;
        }>`select count(*) as n from feed_pool_results r join feed_notes f on f.note_id = r.note_id where r.level > f.pool or (r.graduated = 1 and r.level >= f.pool) or f.visibility <> 'public' or r.at_s < ${NOW / 1000 - 7 * 86_400}`,
        badTopics: sql<{
          n: number;
        }>`select count(*) as n from feed_topics t where t.notes <> (select count(*) from feed_note_tags f where f.tag = t.tag) or t.participants <> (select count(*) from feed_topic_authors a where a.tag = t.tag)`,
        oldHours: sql<{ n: number }>`select count(*) as n from feed_topic_hours where hour < ${Math.floor(NOW / 3_600_000) - 7 * 24}`,
      };
      const n = async (key: keyof typeof q) => num(k, q[key]);
      assert.equal(await n('feedNotes'), summary.rows.feed_notes);
      assert.equal(await n('noFeedRow'), 0);
      assert.equal(await n('badEngagement'), 0);
      assert.equal(await n('tagRows'), summary.rows.feed_note_tags);
      assert.equal(await n('missingTag'), 0);
      assert.equal(await n('followRows'), summary.rows.feed_follows);
      assert.equal(await n('missingFollow'), 0);
      assert.equal(await n('engagedPairs'), summary.rows.feed_engaged);
      assert.equal(await n('badEngaged'), 0);
      assert.equal(await n('badTopics'), 0);
      assert.equal(await n('oldHours'), 0);
      assert.equal(await n('hourUses'), await n('weekUses'));
      assert.equal(await n('badPools'), 0);
      assert.equal(await n('badResults'), 0);
      assert.ok(summary.rows.feed_pool_results! > 0);
      const f = await k.selectFrom('feed_notes').selectAll().orderBy('engagement', 'desc').limit(1).executeTakeFirstOrThrow();
      assert.ok(Math.abs(Number(f.hot) - hotOf(Number(f.engagement), Number(f.created_s))) < 1e-9);
      if (await hasColumn(k, 'feed_notes', 'tags')) {
        // each note's hashtags, once, in the order of its text
        const rows = await k.selectFrom('feed_notes as f').innerJoin('notes as n', 'n.id', 'f.note_id').select(['f.tags', 'n.entities']).limit(500).execute();
        for (const row of rows) {
          const e = JSON.parse(row.entities as string) as { title: Array<{ type: string; tag?: string }>; body: Array<{ type: string; tag?: string }> };
          const want = [...new Set([...e.title, ...e.body].flatMap((x) => (x.type === 'hashtag' ? [x.tag] : [])))];
          assert.deepEqual(JSON.parse(row.tags as string), want);
        }
      }
    });

    it('has each reader’s affinities and taste neighbours as the feed would have left them', async () => {
      const k = db.kysely;
      // the most engaged readers and some others
      const users = (await sql<{ user_id: string }>`select user_id from feed_engaged group by user_id order by count(*) desc, user_id limit 40`.execute(k)).rows
        .filter((_, i) => i < 10 || i % 5 === 0)
        .map((r) => r.user_id);
      const HALF_LIFE_S = 14 * 86_400;
      const feedNoteTags = await hasColumn(k, 'feed_notes', 'tags');
      for (const userId of users) {
        // every act, as the feed's events would bring them: (time, note, weight); follows as (time, author, 2)
        const acts = (
          await sql<{ at: string; note_id: string; w: number }>`
            select created_at as at, note_id, ${ENGAGED_WEIGHT.like} as w from note_likes where user_id = ${userId}
            union all select created_at as at, note_id, ${ENGAGED_WEIGHT.collect} as w from note_collects where user_id = ${userId}
            union all select c.created_at as at, c.note_id, ${ENGAGED_WEIGHT.comment} as w from comments c join notes n on n.id = c.note_id
              where c.author_id = ${userId} and n.author_id <> ${userId}`.execute(k)
        ).rows;
        const notes = new Map(
          (
            await k
              .selectFrom('notes')
              .select(['id', 'author_id', 'lang', 'visibility'])
              .where(
                'id',
                'in',
                acts.map((a) => a.note_id),
              )
              .execute()
          ).map((r) => [r.id as string, r]),
        );
        const tags = new Map<string, string[]>();
        for (const t of await k
          .selectFrom('note_tags')
          .select(['note_id', 'tag'])
          .where(
            'note_id',
            'in',
            acts.map((a) => a.note_id),
          )
          .execute()) {
          tags.set(t.note_id as string, [...(tags.get(t.note_id as string) ?? []), t.tag as string]);
        }
        const follows = await k.selectFrom('follows').select(['followee_id', 'created_at']).where('follower_id', '=', userId).execute();
        type Update = { atS: number; items: Array<[string, number]> };
        const updates: Update[] = follows.map((f) => ({
          atS: Date.parse(f.created_at as string) / 1000,
          items: [[`a:${f.followee_id}`, ENGAGED_WEIGHT.follow]],
        }));
        const engaged = new Map<string, { w: number; atS: number }>();
        for (const a of acts) {
          const atS = Date.parse(a.at) / 1000;
          const w = Number(a.w);
          const n = notes.get(a.note_id)!;
          // with feed_notes.tags the feed learns a note's tags whatever its visibility; before it, from public notes only
          const noteTags = feedNoteTags || n.visibility === 'public' ? (tags.get(a.note_id) ?? []) : [];
          const items: Array<[string, number]> = noteTags.map((t) => [`t:${t}`, w / Math.sqrt(Math.max(1, noteTags.length))]);
          items.push([`a:${n.author_id}`, w], [`l:${n.lang}`, w * 0.3]);
          updates.push({ atS, items });
          const e = engaged.get(a.note_id) ?? { w: 0, atS: 0 };
          engaged.set(a.note_id, { w: e.w + w, atS: Math.max(e.atS, atS) });
        }
        // applied in time order, as the feed applies them: weight · 0.5^(Δt / half-life) + delta
        const want = new Map<string, { w: number; atS: number }>();
        for (const u of updates.sort((a, b) => a.atS - b.atS)) {
          for (const [key, delta] of u.items) {
            const was = want.get(key);
            want.set(key, { w: was ? was.w * 0.5 ** ((u.atS - was.atS) / HALF_LIFE_S) + delta : delta, atS: u.atS });
          }
        }
        const have = await k.selectFrom('feed_affinity').select(['kind', 'key', 'weight', 'updated_s']).where('user_id', '=', userId).execute();
        assert.equal(have.length, want.size, `affinities of ${userId}`);
        for (const h of have) {
          const x = want.get(`${h.kind}:${h.key}`);
          assert.ok(x, `${userId} leans to ${h.kind}:${h.key}`);
          assert.ok(Math.abs(Number(h.weight) - x.w) < 1e-6 * Math.max(1, x.w), `weight of ${h.kind}:${h.key}: ${h.weight} vs ${x.w}`);
          assert.ok(Math.abs(Number(h.updated_s) - x.atS) < 1e-3);
        }
        const rows = await k.selectFrom('feed_engaged').select(['note_id', 'weight', 'at_s']).where('user_id', '=', userId).execute();
        assert.equal(rows.length, engaged.size);
        for (const r of rows) {
          const x = engaged.get(r.note_id as string)!;
          assert.equal(Number(r.weight), x.w);
          assert.ok(Math.abs(Number(r.at_s) - x.atS) < 1e-3);
        }

        // taste neighbours, with the feed job's own queries: the latest 40 engaged notes, the latest 50 others on each
        const recent = await k.selectFrom('feed_engaged').select('note_id').where('user_id', '=', userId).orderBy('at_s', 'desc').limit(40).execute();
        const counts = new Map<string, number>();
        for (const { note_id } of recent) {
          const others = await k
            .selectFrom('feed_engaged')
            .select('user_id')
            .where('note_id', '=', note_id)
            .where('user_id', '!=', userId)
            .orderBy('at_s', 'desc')
            .limit(50)
            .execute();
          for (const o of others) counts.set(o.user_id as string, (counts.get(o.user_id as string) ?? 0) + 1 / Math.log2(2 + others.length));
        }
        const best = [...counts.values()].sort((a, b) => b - a).slice(0, 30);
        const stored = await k.selectFrom('feed_neighbours').select(['neighbour_id', 'weight']).where('user_id', '=', userId).execute();
        // the same weights (which of several tied at the cut is kept may differ), each the neighbour's own
        assert.deepEqual(stored.map((x) => Number(x.weight).toFixed(9)).sort(), best.map((x) => x.toFixed(9)).sort(), `neighbours of ${userId}`);
        for (const x of stored) assert.ok(Math.abs(Number(x.weight) - counts.get(x.neighbour_id as string)!) < 1e-9);
      }
    });

    // At 100,000 people about 60% of authors have fewer than ten followers; this small a dataset has fewer authors to share them.
    it('has a long tail of followers: many authors have fewer than ten, a few have many', async () => {
      const r = await one(
        db.kysely,
        sql<{
          authors: number;
          few: number;
          most: number;
        }>`select count(*) as authors, sum(case when followers_count < 10 then 1 else 0 end) as few, max(followers_count) as most from users where exists (select 1 from notes where author_id = users.id)`,
      );
      assert.ok(Number(r.few) > Number(r.authors) / 4, `many authors have under ten followers (${r.few} of ${r.authors})`);
      assert.ok(Number(r.most) >= 50, `the most followed has many (${r.most})`);
    });

    it('serves a generated note, its card, its picture and a generated person', async () => {
      const { app } = await buildApp(testConfig(tdb.dataDir, { LOG_LEVEL: 'warn' }), { dbTarget: tdb.target });
      try {
        const top = await db.kysely
          .selectFrom('notes')
          .innerJoin('users', 'users.id', 'notes.author_id')
          .select(['notes.id', 'notes.like_count', 'notes.collect_count', 'notes.comment_count', 'users.handle'])
          .where('notes.visibility', '=', 'public')
          .orderBy('notes.like_count', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
        const res = await app.inject({ method: 'GET', url: `/api/v1/notes/${top.id}` });
        assert.equal(res.statusCode, 200, res.body);
        const note = res.json() as {
          id: string;
          author: { handle: string };
          tags: string[];
          media: Array<{ urls: Record<string, string>; placeholder: string | null; width: number }>;
          counts: { likes: number; collects: number; comments: number };
        };
        assert.equal(note.author.handle, top.handle);
        assert.deepEqual(note.counts, { likes: Number(top.like_count), collects: Number(top.collect_count), comments: Number(top.comment_count), views: 0 });
        assert.ok(note.tags.length > 0 && note.media.length > 0);
        assert.ok(note.media[0]!.placeholder && note.media[0]!.width > 0);

        const picture = await app.inject({ method: 'GET', url: note.media[0]!.urls['360']! });
        assert.equal(picture.statusCode, 200);
        assert.equal(picture.headers['content-type'], 'image/webp');
        assert.ok(picture.rawPayload.length > 500);

        // the note's card, on its author's page (paged through as a client would)
        type Card = { id: string; cover: { urls: Record<string, string> } | null; counts: { likes: number } };
        let card: Card | undefined;
        let cursor: string | null = null;
        for (let page = 0; page < 100 && !card; page++) {
          const res: { statusCode: number; body: string; json(): unknown } = await app.inject({
            method: 'GET',
            url: `/api/v1/users/${top.handle}/notes?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
          });
          assert.equal(res.statusCode, 200, res.body);
          const body = res.json() as { items: Card[]; nextCursor: string | null };
          card = body.items.find((c) => c.id === top.id);
          cursor = body.nextCursor;
          if (!cursor) break;
        }
        assert.ok(card, 'the note is on its author’s page');
        assert.ok(card.cover?.urls['360']);
        assert.equal(card.counts.likes, Number(top.like_count));

        const tag = note.tags[0]!;
        const byTag = await app.inject({ method: 'GET', url: `/api/v1/tags/${encodeURIComponent(tag)}/notes` });
        assert.equal(byTag.statusCode, 200);
        assert.ok((byTag.json() as { items: unknown[] }).items.length > 0);

        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/sessions',
          headers: { origin: ORIGIN },
          payload: { handle: top.handle, password: summary.password },
        });
        assert.equal(login.statusCode, 200, login.body);
        const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${(login.json() as { token: string }).token}` } });
        assert.equal(me.statusCode, 200);
        assert.equal(
          (me.json() as { followersCount: number }).followersCount,
          Number((await db.kysely.selectFrom('users').select('followers_count').where('handle', '=', top.handle).executeTakeFirstOrThrow()).followers_count),
        );
      } finally {
        await app.close();
      }
    });
  });
}
