// Discovery over HTTP on both databases: Explore (visitors and readers, no repeats in a session,
// the rules of the read pipeline, "not interested", the impression log), Following, signals,
// topic pages and follows, trending and traffic pools — all learned from domain events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { FeedStore } from './store.ts';

type Card = { id: string; title: string; author: { handle: string }; visibility: string };
type Page = { items: Card[]; nextCursor: string | null };

for (const kind of DB_KINDS) {
  describe(`feed HTTP [${kind}]`, () => {
    let t: TestApp;
    let now = Date.now();
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let reader: Account;
    const publicIds: string[] = [];
    let anaFollowersOnly = '';
    let anaOnlyMe = '';

    before(async () => {
      t = await testApp(kind, { FEED_POOL_SIZES: '2,4' }, { feedClock: () => now });
      ana = await signUp(t.app, `feed_ana_${kind.slice(0, 2)}`, { languages: ['en'] });
      bo = await signUp(t.app, `feed_bo_${kind.slice(0, 2)}`, { languages: ['zh'] });
      cy = await signUp(t.app, `feed_cy_${kind.slice(0, 2)}`, { languages: ['en'] });
      reader = await signUp(t.app, `feed_rd_${kind.slice(0, 2)}`, { languages: ['en'] });
      for (let i = 0; i < 8; i++) {
        publicIds.push((await postNote(t.app, ana, { title: `Ana cat ${i}`, body: `cat tax ${i} #cattax #mittens` })).id);
        publicIds.push((await postNote(t.app, bo, { title: `波的火锅 ${i}`, body: `今天吃火锅 #火锅` })).id);
        publicIds.push((await postNote(t.app, cy, { title: `Cy trip ${i}`, body: `day ${i} in Chengdu #travel` })).id);
      }
      anaFollowersOnly = (await postNote(t.app, ana, { title: 'Ana for followers', body: 'just friends #cattax', visibility: 'followers' })).id;
      anaOnlyMe = (await postNote(t.app, ana, { title: 'Ana only me', body: 'diary #cattax', visibility: 'only_me' })).id;
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const get = async (url: string, who?: Account): Promise<Page> => {
      const res = await t.app.inject({ url, ...(who ? { headers: bearer(who) } : {}) });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json() as Page;
    };
    const send = async (method: 'POST' | 'PUT' | 'DELETE', url: string, who: Account | null, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
    /** Every page of Explore in one session (bounded). */
    const session = async (who?: Account, limit = 5): Promise<Card[]> => {
      const items: Card[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 40; i++) {
        const page: Page = await get(`/api/v1/feed/explore?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, who);
        items.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) return items;
      }
      assert.fail('Explore did not end within 40 pages on a small instance');
    };

    it('gives a visitor every public note once in a session, and nothing followers-only or only-me', async () => {
      const items = await session();
      const ids = items.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'a card repeated within the session');
      assert.deepEqual(new Set(ids), new Set(publicIds));
      assert.ok(!ids.includes(anaFollowersOnly) && !ids.includes(anaOnlyMe));
    });

    it('never puts two cards of one author side by side when it can avoid it', async () => {
      const page = await get('/api/v1/feed/explore?limit=12', reader);
      assert.equal(page.items.length, 12);
      for (let i = 1; i < page.items.length; i++) assert.notEqual(page.items[i]?.author.handle, page.items[i - 1]?.author.handle, `cards ${i - 1} and ${i}`);
    });

    it('refuses a made-up cursor and a cursor of someone else’s session', async () => {
      const bad = await t.app.inject({ url: '/api/v1/feed/explore?cursor=bm9wZQ' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'invalid_cursor');
      // The reader's own list (prepared by a job after their first Explore) is theirs alone.
      await get('/api/v1/feed/explore?limit=2', reader);
      await t.ctx.jobs.drain();
      const mine = await get('/api/v1/feed/explore?limit=2', reader);
      assert.ok(mine.nextCursor);
      const other = await t.app.inject({ url: `/api/v1/feed/explore?cursor=${mine.nextCursor}`, headers: bearer(cy) });
      assert.equal(other.statusCode, 400);
      const huge = await t.app.inject({ url: '/api/v1/feed/explore?limit=1000' });
      assert.equal(huge.statusCode, 400);
    });

    it("leaves out a reader's own notes, a blocked author's, and what they are not interested in", async () => {
      assert.equal((await send('PUT', `/api/v1/users/${cy.handle}/block`, reader)).statusCode, 204);
      const hide = publicIds[0] as string;
      const ni = await send('POST', `/api/v1/notes/${hide}/not-interested`, reader);
      assert.equal(ni.statusCode, 204, ni.body);
      const items = await session(reader, 10);
      const handles = new Set(items.map((c) => c.author.handle));
      assert.ok(!handles.has(cy.handle), 'a blocked author appeared');
      assert.ok(!items.some((c) => c.id === hide), 'a "not interested" note came back');
      const own = await session(ana, 10);
      assert.ok(!own.some((c) => c.author.handle === ana.handle), "an author's own notes are not in their Explore");
      assert.equal((await send('DELETE', `/api/v1/users/${cy.handle}/block`, reader)).statusCode, 204);
      // Not interested needs a note the reader may see; a visitor cannot say it.
      assert.equal((await send('POST', `/api/v1/notes/${anaOnlyMe}/not-interested`, reader)).statusCode, 404);
      assert.equal((await send('POST', `/api/v1/notes/${hide}/not-interested`, null)).statusCode, 401);
    });

    it('does not show again what the reader saw (the impression log), until nothing unseen is left', async () => {
      const fresh = await signUp(t.app, `feed_seen_${kind.slice(0, 2)}`, { languages: ['en', 'zh'] });
      const first = await get('/api/v1/feed/explore?limit=6', fresh);
      const seen = first.items.map((c) => ({ noteId: c.id, ms: 1500 }));
      const sig = await send('POST', '/api/v1/feed/signals', fresh, { impressions: seen });
      assert.equal(sig.statusCode, 204, sig.body);
      await t.ctx.jobs.drain(); // their own next list, ranked knowing what they saw
      const next = (await session(fresh, 10)).map((c) => c.id);
      assert.equal(new Set(next).size, next.length);
      const firstSeen = Math.min(...seen.map((s) => next.indexOf(s.noteId)).filter((i) => i >= 0));
      const unseen = next.filter((id) => !seen.some((s) => s.noteId === id));
      assert.ok(firstSeen >= unseen.length, 'a card seen in the last days came back before every unseen one');
      assert.ok(unseen.length >= 10);
    });

    it('goes on where the last session stopped when the reader is back within minutes, and prepares the next list off the request', async () => {
      const back = await signUp(t.app, `feed_back_${kind.slice(0, 2)}`, { languages: ['en', 'zh'] });
      const first = await session(back, 6);
      const shown = first.slice(0, 6);
      const sig = await send('POST', '/api/v1/feed/signals', back, { impressions: shown.map((c) => ({ noteId: c.id, ms: 1500 })) });
      assert.equal(sig.statusCode, 204, sig.body);
      const lists = () => t.ctx.db.kysely.selectFrom('feed_lists').select(['id', 'ids', 'started']).where('user_id', '=', back.id).execute();
      const before = await lists();
      // Two minutes later: the rest of that list in its order, no card it showed, nothing ranked for it by a job yet.
      now += 2 * 60_000;
      const again = await get('/api/v1/feed/explore?limit=6', back);
      const rest = first.slice(6).map((c) => c.id);
      assert.deepEqual(
        again.items.map((c) => c.id),
        rest.slice(0, again.items.length),
      );
      assert.equal(again.items.length, 6);
      await t.ctx.jobs.drain();
      assert.equal((await lists()).filter((l) => l.started === 0).length, 0, 'the next list was ranked before it was due');
      assert.equal((await lists()).length, before.length + 1);
      // Five minutes on, the job has ranked their next list, which the next session opens.
      now += 6 * 60_000;
      await t.ctx.jobs.drain();
      const prepared = (await lists()).filter((l) => l.started === 0);
      assert.equal(prepared.length, 1);
      now += 30 * 60_000;
      const later = await get('/api/v1/feed/explore?limit=6', back);
      assert.deepEqual(
        later.items.map((c) => c.id),
        (JSON.parse(prepared[0]?.ids ?? '[]') as string[]).slice(0, 6),
      );
    });

    it('checks signals: bounded batches, real note ids', async () => {
      const tooMany = Array.from({ length: 201 }, () => ({ noteId: publicIds[0], ms: 1000 }));
      assert.equal((await send('POST', '/api/v1/feed/signals', reader, { impressions: tooMany })).statusCode, 400);
      assert.equal((await send('POST', '/api/v1/feed/signals', null, { dwell: [{ noteId: 'x', ms: 10 }] })).statusCode, 400);
      assert.equal((await send('POST', '/api/v1/feed/signals', null, { dwell: [{ noteId: publicIds[1], ms: -1 }] })).statusCode, 400);
      // A visitor's impressions count too (the pools need them); an unknown note is ignored.
      const ok = await send('POST', '/api/v1/feed/signals', null, {
        impressions: [
          { noteId: publicIds[1], ms: 1200 },
          { noteId: '01900000-0000-7000-8000-000000000000', ms: 1000 },
        ],
        dwell: [{ noteId: publicIds[1], ms: 20_000 }],
      });
      assert.equal(ok.statusCode, 204, ok.body);
    });

    it('Following lists the notes of people I follow, followers-only ones too, newest first, paged', async () => {
      assert.equal((await send('PUT', `/api/v1/users/${ana.handle}/follow`, reader)).statusCode, 204);
      const items: Card[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: Page = await get(`/api/v1/feed/following?limit=3${cursor ? `&cursor=${cursor}` : ''}`, reader);
        items.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.equal(cursor, null);
      assert.ok(items.every((c) => c.author.handle === ana.handle));
      assert.equal(items.length, 9, 'eight public notes and one for followers');
      assert.ok(items.some((c) => c.id === anaFollowersOnly));
      assert.ok(!items.some((c) => c.id === anaOnlyMe));
      const ids = items.map((c) => c.id);
      assert.deepEqual(ids, [...ids].sort().reverse(), 'newest first');
      assert.equal((await t.app.inject({ url: '/api/v1/feed/following' })).statusCode, 401);
      // A muted author leaves the feed (their page still shows them).
      assert.equal((await send('PUT', `/api/v1/users/${ana.handle}/mute`, reader)).statusCode, 204);
      assert.equal((await get('/api/v1/feed/following', reader)).items.length, 0);
      assert.equal((await send('DELETE', `/api/v1/users/${ana.handle}/mute`, reader)).statusCode, 204);
    });

    it('Following reads an inbox built off the request and kept up by fan-out: new notes, follows, unfollows, deletions, and older pages past it', async () => {
      const inb = await signUp(t.app, `feed_inb_${kind.slice(0, 2)}`, { languages: ['en'] });
      for (const who of [bo, cy]) assert.equal((await send('PUT', `/api/v1/users/${who.handle}/follow`, inb)).statusCode, 204);
      const k = t.ctx.db.kysely;
      const all = async (limit = 4): Promise<string[]> => {
        const ids: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 30; i++) {
          const page: Page = await get(`/api/v1/feed/following?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, inb);
          ids.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor;
          if (!cursor) return ids;
        }
        return assert.fail('Following did not end within 30 pages');
      };
      /** what Following must show: the followed authors' notes the feed holds, newest first */
      const expected = async (authors: Account[]): Promise<string[]> => {
        const users = await k
          .selectFrom('users')
          .select('id')
          .where(
            'handle',
            'in',
            authors.map((a) => a.handle),
          )
          .execute();
        const rows = await k
          .selectFrom('feed_notes')
          .select('note_id')
          .where(
            'author_id',
            'in',
            users.map((u: { id: string }) => u.id),
          )
          .orderBy('created_s', 'desc')
          .orderBy('note_id', 'desc')
          .execute();
        return rows.map((r: { note_id: string }) => r.note_id);
      };
      const inboxOf = async () =>
        (
          await k.selectFrom('feed_inbox as i').innerJoin('users as u', 'u.id', 'i.user_id').select('i.note_id').where('u.handle', '=', inb.handle).execute()
        ).map((r: { note_id: string }) => r.note_id);
      // No inbox yet: the first read comes from the authors' notes and asks a job to build one.
      assert.deepEqual(await all(), await expected([bo, cy]));
      assert.equal((await inboxOf()).length, 0);
      await t.ctx.jobs.drain();
      assert.equal((await inboxOf()).length, 0, 'built at once: a reader who glanced at Following once gets no inbox');
      now += 301_000; // the build is due a few minutes later
      await t.ctx.jobs.drain();
      assert.deepEqual(new Set(await inboxOf()), new Set(await expected([bo, cy])));
      assert.deepEqual(await all(), await expected([bo, cy]));
      // A new note is written into the inbox (fan-out) and leads the feed.
      const fresh = await postNote(t.app, bo, { title: 'Bo posts again', body: '新的火锅 #火锅' });
      assert.ok((await inboxOf()).includes(fresh.id), 'the new note was not fanned out to the inbox');
      assert.equal((await get('/api/v1/feed/following?limit=4', inb)).items[0]?.id, fresh.id);
      // A follow brings the author's notes in; an unfollow takes them out; a deleted note leaves.
      assert.equal((await send('PUT', `/api/v1/users/${ana.handle}/follow`, inb)).statusCode, 204);
      assert.equal((await send('DELETE', `/api/v1/users/${cy.handle}/follow`, inb)).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${fresh.id}`, headers: bearer(bo) })).statusCode, 204);
      const now2 = await expected([ana, bo]);
      assert.ok(!now2.includes(fresh.id));
      assert.deepEqual(new Set((await inboxOf()).filter((id) => id !== fresh.id)), new Set(now2));
      assert.deepEqual(await all(), now2);
      // An inbox complete only for its newest notes (a full build, or a purge): older pages come from the authors' notes.
      const user = await k.selectFrom('users').select('id').where('handle', '=', inb.handle).executeTakeFirstOrThrow();
      const sixth = await k
        .selectFrom('feed_notes')
        .select('created_s')
        .where('note_id', '=', now2[5] as string)
        .executeTakeFirstOrThrow();
      await k.updateTable('feed_inbox_state').set({ from_s: sixth.created_s }).where('user_id', '=', user.id).execute();
      await k.deleteFrom('feed_inbox').where('user_id', '=', user.id).where('created_s', '<=', sixth.created_s).execute();
      now += 31_000;
      assert.deepEqual(await all(3), now2);
      assert.deepEqual(await all(5), now2);
    });

    it('loses and doubles no note posted while an inbox is being built', async () => {
      const reader = await signUp(t.app, `feed_race_${kind.slice(0, 2)}`, { languages: ['en'] });
      assert.equal((await send('PUT', `/api/v1/users/${bo.handle}/follow`, reader)).statusCode, 204);
      const k = t.ctx.db.kysely;
      const user = await k.selectFrom('users').select('id').where('handle', '=', reader.handle).executeTakeFirstOrThrow();
      const store = new FeedStore(k);
      const nowS = now / 1000;
      // The build's first step commits; then a note is posted before the fill runs.
      await store.startInbox(user.id, nowS);
      const during = await postNote(t.app, bo, { title: 'Posted mid-build', body: 'fan-out sees the started inbox' });
      const page = await get('/api/v1/feed/following?limit=3', reader);
      assert.equal(page.items[0]?.id, during.id, 'while it is built, Following is pulled from the authors');
      await store.fillInbox(user.id, nowS - 30 * 86_400, 300, nowS);
      const held = (await k.selectFrom('feed_inbox').select('note_id').where('user_id', '=', user.id).execute()).map((r: { note_id: string }) => r.note_id);
      assert.equal(held.filter((id: string) => id === during.id).length, 1);
      const bos = await k
        .selectFrom('feed_notes as n')
        .innerJoin('users as u', 'u.id', 'n.author_id')
        .select('n.note_id')
        .where('u.handle', '=', bo.handle)
        .execute();
      assert.deepEqual(new Set(held), new Set(bos.map((r: { note_id: string }) => r.note_id)));
    });

    it('links a topic to the topics in the other script that the dictionary says mean the same (#火锅 ↔ #hotpot)', async () => {
      const before = await t.app.inject({ url: `/api/v1/topics/${encodeURIComponent('火锅')}` });
      assert.deepEqual(before.json().related, [], 'no #hotpot topic yet');
      await postNote(t.app, cy, { title: 'Hotpot night', body: 'spicy broth #hotpot' });
      const zh = await t.app.inject({ url: `/api/v1/topics/${encodeURIComponent('火锅')}` });
      assert.deepEqual(zh.json().related, ['hotpot']);
      const en = await t.app.inject({ url: '/api/v1/topics/hotpot' });
      assert.deepEqual(en.json().related, ['火锅']);
      assert.deepEqual((await t.app.inject({ url: '/api/v1/topics/cattax' })).json().related, []);
    });

    it('a topic page counts notes, participants and views, follows, and lists hot and new', async () => {
      const topic = await t.app.inject({ url: `/api/v1/topics/${encodeURIComponent('#CatTax')}` });
      assert.equal(topic.statusCode, 200, topic.body);
      assert.equal(topic.json().tag, 'cattax');
      assert.equal(topic.json().notes, 8, 'public notes only');
      assert.equal(topic.json().participants, 1);
      assert.equal(topic.json().following, false);
      // Views of its notes are its views (counted once per viewer per day, written in batches).
      await t.app.inject({ url: `/api/v1/notes/${publicIds[0]}`, headers: bearer(bo) });
      await t.app.inject({ url: `/api/v1/notes/${publicIds[0]}`, headers: bearer(cy) });
      await t.ctx.modules.notes.close();
      const viewed = await t.app.inject({ url: '/api/v1/topics/cattax', headers: bearer(bo) });
      assert.equal(viewed.json().views, 2);

      assert.equal((await send('PUT', '/api/v1/topics/cattax/follow', bo)).statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/topics/cattax', headers: bearer(bo) })).json().following, true);
      assert.equal((await send('DELETE', '/api/v1/topics/cattax/follow', bo)).statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/topics/cattax', headers: bearer(bo) })).json().following, false);
      assert.equal((await send('PUT', '/api/v1/topics/cattax/follow', null)).statusCode, 401);
      assert.equal((await t.app.inject({ url: '/api/v1/topics/no%20space' })).statusCode, 400);

      const liked = publicIds[6] as string; // Ana cat 2
      assert.equal((await send('PUT', `/api/v1/notes/${liked}/like`, bo)).statusCode, 204);
      assert.equal((await send('PUT', `/api/v1/notes/${liked}/like`, cy)).statusCode, 204);
      const hot = await get('/api/v1/topics/cattax/notes?sort=hot&limit=3');
      assert.equal(hot.items[0]?.id, liked, 'the most engaged note leads Hot');
      const all: Card[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Page = await get(`/api/v1/topics/cattax/notes?sort=new&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.equal(all.length, 8);
      assert.deepEqual(
        all.map((c) => c.id),
        publicIds.filter((_, i) => i % 3 === 0).reverse(),
      );
      const hotAll: Card[] = [];
      cursor = null;
      for (let i = 0; i < 10; i++) {
        const page: Page = await get(`/api/v1/topics/cattax/notes?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        hotAll.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.equal(new Set(hotAll.map((c) => c.id)).size, 8, 'Hot pages through every note once');
    });

    it('a deleted note leaves Explore and its topics', async () => {
      const doomed = await postNote(t.app, cy, { title: 'short lived', body: 'gone soon #ephemeral' });
      assert.equal((await t.app.inject({ url: '/api/v1/topics/ephemeral' })).json().notes, 1);
      assert.equal((await send('DELETE', `/api/v1/notes/${doomed.id}`, cy)).statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/topics/ephemeral' })).json().notes, 0);
      assert.equal((await t.app.inject({ url: '/api/v1/topics/ephemeral' })).json().participants, 0);
      assert.ok(!(await session()).some((c) => c.id === doomed.id));
    });

    it('trends a topic used far above its own baseline in the last hour', async () => {
      for (let i = 0; i < 4; i++) await postNote(t.app, bo, { title: `storm ${i}`, body: `大雪 #snowday` });
      await t.ctx.feed.topics.refreshTrending();
      const res = await t.app.inject({ url: '/api/v1/trending' });
      assert.equal(res.statusCode, 200);
      const topics = (res.json() as { topics: Array<{ tag: string; lastHour: number }> }).topics;
      assert.ok(
        topics.some((x) => x.tag === 'snowday' && x.lastHour >= 4),
        JSON.stringify(topics),
      );
      // Two hours later the burst is no longer the last hour.
      now += 2 * 3_600_000;
      await t.ctx.feed.topics.refreshTrending();
      now -= 2 * 3_600_000;
      const later = (await t.ctx.feed.topics.trending()).topics;
      assert.ok(!later.some((x) => x.tag === 'snowday'));
    });

    it('graduates a fresh note from its first pool when it beats the median, and closes the others', async () => {
      const learner = t.ctx.feed.learner;
      const good = await postNote(t.app, cy, { title: 'pool good', body: '#poolcheck' });
      const dull = await postNote(t.app, cy, { title: 'pool dull', body: '#poolcheck' });
      const viewers = [ana, bo, reader];
      for (const v of viewers)
        await send('POST', '/api/v1/feed/signals', v, {
          impressions: [
            { noteId: good.id, ms: 1000 },
            { noteId: dull.id, ms: 1000 },
          ],
        });
      assert.equal((await send('PUT', `/api/v1/notes/${good.id}/like`, ana)).statusCode, 204);
      const first = await learner.judgePools();
      assert.ok(first.graduated >= 1 && first.closed >= 1, JSON.stringify(first));
      const rows = await t.ctx.db.kysely.selectFrom('feed_notes').select(['note_id', 'pool', 'pool_open']).where('note_id', 'in', [good.id, dull.id]).execute();
      const byId = new Map(rows.map((r: { note_id: string; pool: number; pool_open: number }) => [r.note_id, r]));
      assert.deepEqual({ ...byId.get(good.id) }, { note_id: good.id, pool: 1, pool_open: 1 });
      assert.deepEqual({ ...byId.get(dull.id) }, { note_id: dull.id, pool: 0, pool_open: 0 });
      // Three days on, pools close whatever happened.
      now += 4 * 86_400_000;
      await learner.judgePools();
      now -= 4 * 86_400_000;
      const after = await t.ctx.db.kysely.selectFrom('feed_notes').select('pool_open').where('note_id', '=', good.id).executeTakeFirstOrThrow();
      assert.equal(after.pool_open, 0);
    });

    it("shares a visitor's page for a moment, but a note made only-me leaves it at once", async () => {
      const first = await get('/api/v1/feed/explore?limit=6');
      assert.deepEqual(await get('/api/v1/feed/explore?limit=6'), first);
      const card = first.items[2] as Card;
      const author = [ana, bo, cy].find((a) => a.handle === card.author.handle) as Account;
      const hide = await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${card.id}`, headers: bearer(author), payload: { visibility: 'only_me' } });
      assert.equal(hide.statusCode, 200, hide.body);
      const after = await get('/api/v1/feed/explore?limit=6');
      assert.ok(!after.items.some((c) => c.id === card.id), 'a visitor was served a cached page holding a note made only-me');
      assert.deepEqual(
        after.items.map((c) => c.id),
        first.items
          .filter((c) => c.id !== card.id)
          .map((c) => c.id)
          .concat(after.items.slice(5).map((c) => c.id)),
      );
      const back = await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${card.id}`, headers: bearer(author), payload: { visibility: 'public' } });
      assert.equal(back.statusCode, 200, back.body);
    });

    it('learns what a reader likes: a liked topic rises in their next Explore', async () => {
      const fan = await signUp(t.app, `feed_fan_${kind.slice(0, 2)}`, { languages: ['en', 'zh'] });
      const hotpot = publicIds.filter((_, i) => i % 3 === 1);
      for (const id of hotpot.slice(0, 3)) assert.equal((await send('PUT', `/api/v1/notes/${id}/like`, fan)).statusCode, 204);
      // The next Explore session (its list ranked again, or prepared by the job) knows the likes.
      await get('/api/v1/feed/explore?limit=8', fan);
      await t.ctx.jobs.drain();
      const page = await get('/api/v1/feed/explore?limit=8', fan);
      const share = page.items.filter((c) => c.author.handle === bo.handle).length / page.items.length;
      assert.ok(share >= 0.3, `hotpot notes were ${share} of the page`);
    });
  });
}
