// The feed module's part of a person's archive and erasure, on SQLite and PostgreSQL: their interest
// profile (affinities, engagement, what they saw and hid, topics followed, their inbox's state) is
// theirs to take; erasure forgets their notes as deleted notes are forgotten (topic counts and
// participants corrected), takes them out of others' inboxes and lists, and deletes every row naming
// them, while the others' feeds go on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, ORIGIN, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { CapturingArchive, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { createFeedPersonalData } from './personal-data.ts';
import { FeedStore } from './store.ts';
import type { FeedTables } from './tables.ts';

const TABLES = [
  'feed_affinity',
  'feed_engaged',
  'feed_seen',
  'feed_hidden',
  'topic_follows',
  'feed_inbox_state',
  'feed_neighbours',
  'feed_follows',
  'feed_inbox',
  'feed_lists',
  'feed_notes',
  'feed_note_tags',
  'feed_pool_results',
  'feed_topic_authors',
  'feed_topics',
  'feed_topic_hours',
  'feed_trending',
];

for (const kind of DB_KINDS) {
  describe(`feed personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    const anaNotes: string[] = [];
    let boNote: string;
    let cyNote: string;
    const call = async (method: 'GET' | 'PUT' | 'POST', url: string, who: Account) => {
      const res = await t.app.inject({ method, url, headers: { origin: ORIGIN, ...bearer(who) } });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    before(async () => {
      t = await testApp(kind);
      [ana, bo, cy] = [await signUp(t.app), await signUp(t.app), await signUp(t.app)];
      await t.ctx.accounts.follow(bo.id, ana.handle);
      await t.ctx.accounts.follow(ana.id, cy.handle);
      // Bo reads Following before Ana posts: his inbox exists, so her notes fan out into it.
      await t.ctx.jobs.drain();
      await t.ctx.feed.service.buildInbox(bo.id);
      for (const title of ['Mittens', 'Sleepy kitty']) anaNotes.push((await postNote(t.app, ana, { title, body: `${title} #cattax` })).id);
      boNote = (await postNote(t.app, bo, { title: 'Whiskers', body: 'mine too #cattax' })).id;
      cyNote = (await postNote(t.app, cy, { title: 'Hotpot night', body: 'spicy #hotpot' })).id;
      await t.ctx.jobs.drain();
      await call('PUT', `/api/v1/notes/${boNote}/like`, ana);
      await call('PUT', `/api/v1/notes/${anaNotes[0]}/like`, bo);
      await call('PUT', `/api/v1/notes/${anaNotes[0]}/like`, cy);
      await call('PUT', '/api/v1/topics/hotpot/follow', ana);
      await call('POST', `/api/v1/notes/${cyNote}/not-interested`, ana);
      await t.ctx.jobs.drain();
      for (const who of [ana, bo, cy]) await call('GET', '/api/v1/feed/explore', who);
      await call('GET', '/api/v1/feed/following', bo);
      await t.ctx.jobs.drain();
    });
    after(async () => t.close());

    const provider = () => {
      const db = scoped<FeedTables>(t.ctx.db);
      return createFeedPersonalData({ db, store: new FeedStore(db), forget: () => {} });
    };

    it('declares every table the module owns', () => {
      assert.deepEqual(Object.keys(provider().tables).sort(), [...TABLES].sort());
      assert.ok(t.ctx.feed.personalData);
    });

    it('exports their interest profile and nobody else’s', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      const aff = out.rows<{ userId: string; kind: string; key: string }>('feed/affinities.json');
      assert.ok(aff.length > 0 && aff.every((a) => a.userId === ana.id));
      assert.ok(
        aff.some((a) => a.kind === 'a' && a.key === bo.id),
        'she likes Bo’s notes',
      );
      assert.deepEqual(
        out.rows<{ noteId: string }>('feed/engaged.json').map((e) => e.noteId),
        [boNote],
      );
      assert.deepEqual(
        out.rows<{ noteId: string }>('feed/hidden.json').map((e) => e.noteId),
        [cyNote],
      );
      assert.deepEqual(
        out.rows<{ tag: string }>('feed/topic-follows.json').map((e) => e.tag),
        ['hotpot'],
      );
      assert.ok(Array.isArray(out.rows('feed/seen.json')));
      assert.ok(Array.isArray(out.rows('feed/inbox.json')));
      assert.deepEqual([...out.files.keys()].sort(), Object.keys(provider().files).sort());
    });

    it('erases every row naming them, with topic counts as the feed keeps them, and can run again', async () => {
      const rows = (table: string, order: string) => rowsOf(t.ctx.db, table, order);
      const boInboxHadHers = (await rows('feed_inbox', 'note_id')).some((r) => r.user_id === bo.id && r.author_id === ana.id);
      assert.ok(boInboxHadHers, 'her notes reached Bo’s inbox');
      // A list Cy is paging through, as Explore saved it, with her notes among others.
      const listId = '01900000-0000-7000-8000-00000000c1c1';
      await new FeedStore(scoped<FeedTables>(t.ctx.db)).putList({
        id: listId,
        user_id: cy.id,
        ids: JSON.stringify([anaNotes[0], boNote, anaNotes[1]]),
        created_s: Date.now() / 1000,
        started: 1,
      });
      const cyAffinityForBo = (await rows('feed_affinity', 'key')).filter((r) => r.user_id === cy.id);

      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await mentions(t.ctx.db, TABLES, ana.id), []);
      for (const id of anaNotes) assert.deepEqual(await mentions(t.ctx.db, TABLES, id), [], `her note ${id}`);
      assert.deepEqual(
        JSON.parse(String((await rows('feed_lists', 'id')).find((r) => r.id === listId)?.ids)),
        [boNote],
        'the others’ lists stay, without her notes',
      );

      // The topic counts are what the rows say.
      const topics = await rows('feed_topics', 'tag');
      const authors = await rows('feed_topic_authors', 'tag');
      const tags = await rows('feed_note_tags', 'tag');
      for (const topic of topics) {
        const mine = authors.filter((a) => a.tag === topic.tag);
        assert.equal(Number(topic.participants), mine.length, `participants of ${topic.tag}`);
        assert.equal(Number(topic.notes), tags.filter((x) => x.tag === topic.tag).length, `notes of ${topic.tag}`);
      }
      assert.equal(Number(topics.find((x) => x.tag === 'cattax')?.notes), 1);

      // Others' profiles stay, less their taste for her as an author.
      assert.deepEqual(
        (await rows('feed_affinity', 'key')).filter((r) => r.user_id === cy.id),
        cyAffinityForBo.filter((r) => !(r.kind === 'a' && r.key === ana.id)),
      );
      // The others' feeds go on.
      await call('GET', '/api/v1/feed/explore', bo);
      await call('GET', '/api/v1/feed/following', bo);
      await call('GET', '/api/v1/topics/cattax', cy);
    });
  });
}
