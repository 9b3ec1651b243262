// The public lists of notes: everyone's newest (the home page) and a tag's (the tag page), both
// through the one visibility choke point, paged by cursor, on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';

type Page = { items: Array<{ id: string; title: string; visibility: string }>; nextCursor: string | null };

for (const kind of DB_KINDS) {
  describe(`notes lists HTTP [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let stranger: Account;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, 'list_ana');
      bo = await signUp(t.app, 'list_bo');
      stranger = await signUp(t.app, 'list_stranger');
      // Bo follows Ana: he may read her followers-only notes on her profile, never in public lists.
      const follow = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${ana.handle}/follow`, headers: bearer(bo) });
      assert.equal(follow.statusCode, 204, follow.body);
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
    const tagUrl = (tag: string, query = '') => `/api/v1/tags/${encodeURIComponent(tag)}/notes${query}`;

    /** Every page of a list, following the cursors (bounded). */
    const all = async (url: string, who?: Account): Promise<Page['items']> => {
      const items: Page['items'] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page: Page = await get(`${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`, who);
        items.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) return items;
      }
      assert.fail('the list did not end within 50 pages');
    };

    it('lists everyone’s newest public notes first, page by page, without followers-only or only-me notes', async () => {
      const first = await postNote(t.app, ana, { title: 'recent one' });
      const hidden = await postNote(t.app, ana, { title: 'recent for followers', visibility: 'followers' });
      const mine = await postNote(t.app, ana, { title: 'recent only me', visibility: 'only_me' });
      const second = await postNote(t.app, bo, { title: 'recent two' });
      const third = await postNote(t.app, ana, { title: 'recent three' });

      for (const who of [undefined, stranger, bo, ana]) {
        const ids = (await all('/api/v1/notes/recent', who)).map((n) => n.id);
        const ours = ids.filter((id) => [first.id, second.id, third.id].includes(id));
        assert.deepEqual(ours, [third.id, second.id, first.id], `newest first for ${who?.handle ?? 'anonymous'}`);
        assert.ok(!ids.includes(hidden.id), `no followers-only note for ${who?.handle ?? 'anonymous'}`);
        assert.ok(!ids.includes(mine.id), `no only-me note for ${who?.handle ?? 'anonymous'}`);
        assert.equal(new Set(ids).size, ids.length, 'no note twice across pages');
      }
      const one = await get('/api/v1/notes/recent?limit=1');
      assert.equal(one.items.length, 1);
      assert.equal(one.items[0]!.id, third.id);
      assert.ok(one.nextCursor, 'more to come');
    });

    it('leaves out deleted notes and the notes of people blocked either way', async () => {
      const gone = await postNote(t.app, bo, { title: 'soon deleted #blocktest' });
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${gone.id}`, headers: bearer(bo) });
      assert.equal(del.statusCode, 204);
      const blocker = await signUp(t.app, 'list_blocker');
      const loud = await postNote(t.app, blocker, { title: 'from the blocker #blocktest' });
      const block = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${stranger.handle}/block`, headers: bearer(blocker) });
      assert.equal(block.statusCode, 204, block.body);

      const forStranger = (await all('/api/v1/notes/recent', stranger)).map((n) => n.id);
      assert.ok(!forStranger.includes(gone.id));
      assert.ok(!forStranger.includes(loud.id), 'the person who blocked me does not exist for me');
      assert.ok(!(await all(tagUrl('blocktest'), stranger)).some((n) => n.id === loud.id));
      const forOthers = (await all('/api/v1/notes/recent', bo)).map((n) => n.id);
      assert.ok(forOthers.includes(loud.id), 'others still see it');
      assert.ok(!forOthers.includes(gone.id));
    });

    it('lists a tag’s notes newest first, in any script and any case, never a followers-only one', async () => {
      const a = await postNote(t.app, ana, { title: '火锅', body: '太辣了 #成都#美食' });
      const b = await postNote(t.app, bo, { title: 'Chengdu pandas', body: 'so sleepy #成都 #Pandas' });
      const followersOnly = await postNote(t.app, ana, { title: '秘密', body: '#成都 只给朋友看', visibility: 'followers' });
      await postNote(t.app, ana, { title: 'elsewhere', body: '#上海' });

      for (const who of [undefined, stranger, bo]) {
        const ids = (await all(tagUrl('成都'), who)).map((n) => n.id);
        assert.deepEqual(ids, [b.id, a.id], `the #成都 notes for ${who?.handle ?? 'anonymous'}`);
      }
      assert.ok(!(await all(tagUrl('成都'), ana)).some((n) => n.id === followersOnly.id), 'a public list stays public, even for the author');
      // Stored normalised (NFKC, lower-case): "Pandas", "PANDAS" and full-width "ＰＡＮＤＡＳ" are one tag.
      for (const spelling of ['pandas', 'PANDAS', 'ＰＡＮＤＡＳ'])
        assert.deepEqual(
          (await all(tagUrl(spelling))).map((n) => n.id),
          [b.id],
          spelling,
        );
      assert.deepEqual((await get(tagUrl('nobody_uses_this'))).items, []);
    });

    it('answers a bad tag, page size or cursor with a 400 problem', async () => {
      for (const bad of ['#成都', 'two words', 'a-b', 'x'.repeat(51), '!!']) {
        const res = await t.app.inject({ url: tagUrl(bad) });
        assert.equal(res.statusCode, 400, bad);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json().code, 'invalid_tag', bad);
      }
      for (const url of [
        '/api/v1/notes/recent?limit=0',
        '/api/v1/notes/recent?limit=101',
        `${tagUrl('成都')}?limit=500`,
        '/api/v1/notes/recent?cursor=%2F%2F',
      ]) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 400, url);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      }
    });
  });
}
