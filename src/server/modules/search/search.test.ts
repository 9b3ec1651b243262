// Search over HTTP on both databases: Chinese, English and across the two; traditional script,
// pinyin, typos and prefixes; ranking, sorts, filters and pages; people and topics; suggestions,
// history and trending; the read pipeline's rules (visibility, blocks, deletion) at once, whatever
// the index holds; bad input; and a rebuild that finds what the events built.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLibreTranslate } from '../../../../test/fakes/translation/index.ts';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';

type Hit = { note?: { id: string; title: string }; user?: { handle: string; followers: number }; topic?: { tag: string; notes: number }; matched: string[] };
type Result = { type: string; items: Hit[]; nextCursor: string | null; expansions: Array<{ term: string; from: string; via: string }>; related: string[] };

for (const kind of DB_KINDS) {
  describe(`search HTTP [${kind}]`, () => {
    let t: TestApp;
    let now = Date.now();
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let reader: Account;
    const k = kind.slice(0, 2);
    const ids: Record<string, string> = {};

    before(async () => {
      t = await testApp(kind, {}, { feedClock: () => now });
      ana = await signUp(t.app, `srch_ana_${k}`, { languages: ['en'], displayName: 'Ana Cats' });
      bo = await signUp(t.app, `srch_bo_${k}`, { languages: ['zh'], displayName: '王小明' });
      cy = await signUp(t.app, `srch_cy_${k}`, { languages: ['en'], displayName: 'Cy Travels' });
      reader = await signUp(t.app, `srch_rd_${k}`, { languages: ['en'] });
      const post = async (name: string, who: Account, note: { title: string; body: string; visibility?: 'public' | 'followers' | 'only_me' }) => {
        ids[name] = (await postNote(t.app, who, note)).id;
      };
      await post('hotpot', bo, { title: '成都火锅推荐', body: '今天在成都吃了最好吃的火锅，麻辣鲜香！#火锅 #成都' });
      await post('hotpotTrad', bo, { title: '台北的麻辣鍋', body: '火鍋店的湯底很好 #美食' });
      await post('cat', ana, { title: 'Mittens the cat', body: 'Here is my cat tax for today #cattax' });
      await post('cat2', ana, { title: 'Sleepy kitty', body: 'Another photo for the feed #cattax' });
      await post('catZh', bo, { title: '我家的小猫咪', body: '每天都很可爱' });
      await post('dumplingTitle', cy, { title: 'Dumplings in Xi’an', body: 'A street food walk through the Muslim quarter.' });
      await post('dumplingBody', cy, { title: 'Street food walk', body: 'We also had dumplings and noodles in the night market.' });
      await post('restaurant', cy, { title: 'Best restaurants in Shanghai', body: 'Three places I loved. #travel' });
      await post('followers', ana, { title: 'Friends only dumplings', body: 'for followers #cattax', visibility: 'followers' });
      await post('onlyMe', ana, { title: 'Private dumplings diary', body: 'only me #cattax', visibility: 'only_me' });
      await t.ctx.jobs.drain();
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const search = async (qs: string, who?: Account): Promise<Result> => {
      const res = await t.app.inject({ url: `/api/v1/search?${qs}`, ...(who ? { headers: bearer(who) } : {}) });
      assert.equal(res.statusCode, 200, `${qs}: ${res.body}`);
      return res.json() as Result;
    };
    const q = (text: string, more = '') => `q=${encodeURIComponent(text)}${more}`;
    const noteIds = (r: Result) => r.items.map((h) => h.note?.id);

    it('finds Chinese notes by their words, and says which words matched', async () => {
      const r = await search(q('成都 火锅'));
      assert.equal(r.items[0]?.note?.id, ids.hotpot);
      assert.ok(r.items[0]?.matched.includes('火锅') && r.items[0]?.matched.includes('成都'), JSON.stringify(r.items[0]?.matched));
    });

    it('finds a Chinese note for an English query through the dictionary, and names the expansion', async () => {
      const r = await search(q('Chengdu hotpot'));
      assert.equal(r.items[0]?.note?.id, ids.hotpot, JSON.stringify(r.items.map((h) => h.note?.title)));
      assert.ok(
        r.expansions.some((e) => e.term === '火锅' && e.via === 'dictionary'),
        JSON.stringify(r.expansions),
      );
      assert.ok(r.expansions.some((e) => e.term === '成都'));
    });

    it('finds #cattax notes for 猫, and the Chinese kitten note by its character', async () => {
      const r = await search(q('猫'));
      const found = noteIds(r);
      for (const id of [ids.cat, ids.cat2, ids.catZh]) assert.ok(found.includes(id), `${id} missing from ${JSON.stringify(r.items.map((h) => h.note?.title))}`);
    });

    it('folds traditional characters: 火鍋 finds 火锅 and the other way round', async () => {
      const trad = noteIds(await search(q('火鍋')));
      const simp = noteIds(await search(q('火锅')));
      for (const found of [trad, simp]) {
        assert.ok(found.includes(ids.hotpot));
        assert.ok(found.includes(ids.hotpotTrad));
      }
      const r = await search(q('火鍋'));
      assert.ok(r.expansions.some((e) => e.via === 'script' && e.term === '火锅'));
    });

    it('weighs the title above the body', async () => {
      const r = await search(q('dumplings'));
      const found = noteIds(r);
      assert.ok(found.indexOf(ids.dumplingTitle) >= 0 && found.indexOf(ids.dumplingTitle) < found.indexOf(ids.dumplingBody), JSON.stringify(found));
    });

    it('stems English, matches the last word as a prefix, and fixes a typo', async () => {
      assert.ok(noteIds(await search(q('restaurant'))).includes(ids.restaurant));
      assert.ok(noteIds(await search(q('shangh'))).includes(ids.restaurant), 'prefix of the word being typed');
      assert.ok(!noteIds(await search(q('shangh '))).includes(ids.restaurant), 'a finished word is not a prefix');
      const typo = await search(q('restaraunts'));
      assert.ok(noteIds(typo).includes(ids.restaurant), JSON.stringify(typo.expansions));
      assert.ok(typo.expansions.some((e) => e.via === 'spelling'));
    });

    it('finds notes by typed pinyin of a topic', async () => {
      const r = await search(q('huoguo'));
      assert.ok(noteIds(r).includes(ids.hotpot), JSON.stringify(r.expansions));
      assert.ok(r.expansions.some((e) => e.via === 'pinyin' && e.term === '火锅'));
    });

    it('asks for the hashtag with #tag', async () => {
      const found = noteIds(await search(q('#cattax')));
      assert.deepEqual(new Set(found), new Set([ids.cat, ids.cat2]));
    });

    it('sorts by newest and most liked, and filters by language and time', async () => {
      const newest = noteIds(await search(q('dumplings', '&sort=new')));
      assert.deepEqual(newest, [ids.dumplingBody, ids.dumplingTitle]);
      const like = await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${ids.dumplingTitle}/like`, headers: bearer(reader) });
      assert.equal(like.statusCode, 204);
      await t.ctx.jobs.drain();
      assert.deepEqual(noteIds(await search(q('dumplings', '&sort=likes'))), [ids.dumplingTitle, ids.dumplingBody]);
      assert.deepEqual(noteIds(await search(q('猫', '&lang=zh'))), [ids.catZh]);
      now += 3 * 86_400_000;
      try {
        assert.deepEqual(noteIds(await search(q('dumplings', '&time=day'))), []);
        assert.equal(noteIds(await search(q('dumplings', '&time=week'))).length, 2);
      } finally {
        now -= 3 * 86_400_000;
      }
    });

    it('pages through results with cursors, each result once, and refuses another search’s cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Result = await search(q('猫', `&limit=1${cursor ? `&cursor=${cursor}` : ''}`));
        seen.push(...page.items.map((h) => h.note?.id ?? ''));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.equal(cursor, null, 'the list ended');
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.length >= 3);
      const first = await search(q('猫', '&limit=1'));
      const other = await t.app.inject({ url: `/api/v1/search?${q('dumplings')}&cursor=${first.nextCursor}` });
      assert.equal(other.statusCode, 400);
      assert.equal(other.json().code, 'invalid_cursor');
    });

    it('never shows what the searcher may not see: only-me, followers-only to others, blocked either way, made private, deleted', async () => {
      const visitor = noteIds(await search(q('dumplings')));
      assert.ok(!visitor.includes(ids.onlyMe) && !visitor.includes(ids.followers));
      const follow = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${ana.handle}/follow`, headers: bearer(reader) });
      assert.ok([200, 204].includes(follow.statusCode), follow.body);
      const follower = noteIds(await search(q('dumplings'), reader));
      assert.ok(follower.includes(ids.followers) && !follower.includes(ids.onlyMe));

      // A block either way hides the author's notes from the search at once.
      const block = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${reader.handle}/block`, headers: bearer(cy) });
      assert.ok([200, 204].includes(block.statusCode), block.body);
      assert.ok(!noteIds(await search(q('dumplings'), reader)).some((id) => id === ids.dumplingTitle || id === ids.dumplingBody));
      await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${reader.handle}/block`, headers: bearer(cy) });

      // Made only-me, then deleted: gone before the index hears of it.
      const hide = await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${ids.cat2}`, headers: bearer(ana), payload: { visibility: 'only_me' } });
      assert.equal(hide.statusCode, 200, hide.body);
      assert.ok(!noteIds(await search(q('#cattax'))).includes(ids.cat2));
      await t.ctx.jobs.drain();
      assert.ok(!noteIds(await search(q('#cattax'))).includes(ids.cat2));
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${ids.cat2}`, headers: bearer(ana) });
      assert.equal(del.statusCode, 204);
      assert.ok(!noteIds(await search(q('kitty'))).includes(ids.cat2));
    });

    it('finds people by handle, name, and the pinyin of a Chinese name', async () => {
      for (const typed of [`srch_bo_${k}`, '王小', 'wangxiaoming', 'xiaoming', 'wxm']) {
        const r = await search(q(typed, '&type=users'));
        assert.ok(
          r.items.some((h) => h.user?.handle === bo.handle),
          `${typed}: ${JSON.stringify(r.items)}`,
        );
      }
      const cats = await search(q('ana', '&type=users'));
      assert.equal(cats.items[0]?.user?.handle, ana.handle);
    });

    it('finds topics by name and across scripts, and suggests them by pinyin and initials', async () => {
      const r = await search(q('hotpot', '&type=topics'));
      assert.ok(
        r.items.some((h) => h.topic?.tag === '火锅'),
        JSON.stringify(r.items),
      );
      for (const typed of ['hg', 'huog', '火']) {
        const res = await t.app.inject({ url: `/api/v1/search/suggest?${q(typed)}` });
        assert.equal(res.statusCode, 200);
        assert.ok(
          (res.json() as { topics: Array<{ tag: string }> }).topics.some((x) => x.tag === '火锅'),
          `${typed}: ${res.body}`,
        );
      }
      const people = await t.app.inject({ url: `/api/v1/search/suggest?${q('wangx')}` });
      assert.ok(
        (people.json() as { users: Array<{ handle: string }> }).users.some((u) => u.handle === bo.handle),
        people.body,
      );
    });

    it('keeps a signed-in person’s history, forgets one search or all, and counts popular and trending searches', async () => {
      const people = [reader, ana, bo, cy];
      for (const who of people) await search(q('Chengdu hotpot'), who);
      now += 1_000;
      await search(q('dumplings'), reader);
      now -= 1_000;
      const hist = await t.app.inject({ url: '/api/v1/search/history', headers: bearer(reader) });
      assert.deepEqual(
        (hist.json() as { items: Array<{ q: string }> }).items.map((e) => e.q),
        ['dumplings', 'chengdu hotpot'],
      );
      const one = await t.app.inject({ method: 'DELETE', url: `/api/v1/search/history?${q('dumplings')}`, headers: bearer(reader) });
      assert.equal(one.statusCode, 204);
      const left = await t.app.inject({ url: '/api/v1/search/history', headers: bearer(reader) });
      assert.deepEqual(
        (left.json() as { items: Array<{ q: string }> }).items.map((e) => e.q),
        ['chengdu hotpot'],
      );
      const all = await t.app.inject({ method: 'DELETE', url: '/api/v1/search/history', headers: bearer(reader) });
      assert.equal(all.statusCode, 204);
      assert.deepEqual((await t.app.inject({ url: '/api/v1/search/history', headers: bearer(reader) })).json(), { items: [] });
      assert.equal((await t.app.inject({ url: '/api/v1/search/history' })).statusCode, 401);

      await t.ctx.search.service.refreshTrending();
      const trending = (await t.app.inject({ url: '/api/v1/search/trending' })).json() as { queries: Array<{ q: string; lastHour: number }> };
      assert.ok(
        trending.queries.some((x) => x.q === 'chengdu hotpot' && x.lastHour >= people.length),
        JSON.stringify(trending),
      );
      const suggest = (await t.app.inject({ url: `/api/v1/search/suggest?${q('cheng')}` })).json() as { queries: string[] };
      assert.ok(suggest.queries.includes('chengdu hotpot'), JSON.stringify(suggest));
    });

    it('answers bad input with a 4xx or a sensible result, never a 5xx', async () => {
      for (const bad of ['', '   ', 'x'.repeat(2_001)]) {
        const res = await t.app.inject({ url: `/api/v1/search?${q(bad)}` });
        assert.equal(res.statusCode, 400, bad.slice(0, 10));
        assert.match(res.headers['content-type'] as string, /problem\+json/);
      }
      const long = await t.app.inject({ url: `/api/v1/search?${q('猫'.repeat(201))}` });
      assert.equal(long.statusCode, 400);
      for (const odd of [
        '"',
        '"hot',
        '*',
        'NEAR(a b)',
        '-cat',
        'title:cat',
        "'; DROP TABLE notes; --",
        'a AND OR NOT b',
        '🐱🐱',
        '(((',
        '\\',
        '%',
        '_',
        "cat's",
        'c++',
      ]) {
        for (const type of ['notes', 'users', 'topics']) {
          const res = await t.app.inject({ url: `/api/v1/search?${q(odd)}&type=${type}` });
          assert.ok(res.statusCode === 200, `${odd} ${type}: ${res.statusCode} ${res.body}`);
        }
        const s = await t.app.inject({ url: `/api/v1/search/suggest?${q(odd)}` });
        assert.equal(s.statusCode, 200, `${odd}: ${s.body}`);
      }
      const surrogate = await t.app.inject({ url: '/api/v1/search?q=%ED%A0%80' });
      assert.ok(surrogate.statusCode < 500);
      const lone = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('a')}%ED%A0%80&type=users` });
      assert.ok(lone.statusCode < 500);
    });

    it('rebuilds the index from the notes and people themselves', async () => {
      const before = noteIds(await search(q('Chengdu hotpot')));
      const done = await t.ctx.search.indexer.rebuild();
      assert.ok(done.notes >= 8 && done.people >= 4, JSON.stringify(done));
      assert.deepEqual(noteIds(await search(q('Chengdu hotpot'))), before);
      assert.ok((await search(q('wangxiaoming', '&type=users'))).items.some((h) => h.user?.handle === bo.handle));
    });
  });
}

describe('search with a translation provider (LibreTranslate fake, SQLite)', () => {
  it('widens a query with its machine translation, names it, and finds the notes it reaches', async () => {
    // The provider knows a phrase the dictionary does not: "unsent letters" is 没寄出的信.
    const fake = await startLibreTranslate({ translate: (text) => (text.toLowerCase() === 'unsent letters' ? '没寄出的信' : text) });
    const t = await testApp('sqlite', { TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url });
    try {
      const poet = await signUp(t.app, 'srch_poet', { languages: ['zh'] });
      const letter = await postNote(t.app, poet, { title: '第10封没寄出的信', body: '写给十年前的自己' });
      await postNote(t.app, poet, { title: '今天的晚霞', body: '很美' });
      await t.ctx.jobs.drain();
      const res = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('unsent letters')}` });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json() as Result;
      assert.deepEqual(
        r.items.map((h) => h.note?.id),
        [letter.id],
      );
      assert.ok(
        r.expansions.some((e) => e.via === 'translation' && e.term === '没寄出的信'),
        JSON.stringify(r.expansions),
      );
      // A provider that fails leaves the search to the dictionary: no 5xx, no wait beyond its timeout.
      await fake.close();
      const after = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('evening sky')}` });
      assert.equal(after.statusCode, 200, after.body);
      assertNo5xx(t.logs);
    } finally {
      await t.close();
      await fake.close().catch(() => {});
    }
  });
});
