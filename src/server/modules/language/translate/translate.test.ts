// Translation end to end on both databases: the gloss by default, a real provider adapter against its
// local fake (LibreTranslate's documented API), storage by sentence hash, one provider call for many
// readers, re-translation of only what an edit changed, the labelled fallback when the provider fails,
// budgets, the visibility rules, bad input, and the learner's saved words.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLibreTranslate } from '../../../../../test/fakes/translation/index.ts';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../../test/support/db.ts';
import { postNote } from '../../../../../test/support/notes.ts';
import { detectLanguages } from '../detect.ts';
import { splitForTranslation } from './sentences.ts';

const EN = (text: string) => `EN[${text}]`;

describe('language detection on write', () => {
  it('tags code-switched text with both languages, a lone foreign word with neither, and too little text und', () => {
    assert.deepEqual(detectLanguages('今天吃了hotpot, so good').langs.sort(), ['en', 'zh']);
    assert.deepEqual(detectLanguages('成都的火锅太好吃了，下次还来'), { lang: 'zh', langs: ['zh'] });
    assert.deepEqual(detectLanguages('我最近很喜欢看NBA的比赛，用iPhone看').langs, ['zh']);
    assert.deepEqual(detectLanguages('Chengdu hotpot was amazing, where should I go next?').langs, ['en']);
    assert.deepEqual(detectLanguages('ok'), { lang: 'und', langs: [] });
    assert.deepEqual(detectLanguages('666 🐱'), { lang: 'und', langs: [] });
  });
});

describe('sentences for translation', () => {
  it('keeps lines whole, cuts long ones between sentences, and joins back to the text exactly', () => {
    const text = '今天吃了火锅。很好吃！\n\n  So good. Really?\n';
    const pieces = splitForTranslation(text);
    assert.deepEqual(
      pieces.map((p) => p.text),
      ['今天吃了火锅。很好吃！', 'So good. Really?'],
    );
    assert.equal(pieces.map((p) => p.text + p.tail).join(''), text);
    const long = 'One two three. '.repeat(200).trim();
    const cut = splitForTranslation(long, 100);
    assert.ok(cut.length > 20 && cut.every((p) => p.text.length <= 100 && /\.$/.test(p.text)));
    assert.equal(cut.map((p) => p.text + p.tail).join(''), long);
  });
});

for (const kind of DB_KINDS) {
  describe(`translation with the built-in gloss (${kind})`, () => {
    let t: TestApp;
    let amy: Account;
    let li: Account;
    before(async () => {
      t = await testApp(kind);
      amy = await signUp(t.app, undefined, { languages: ['en'] });
      li = await signUp(t.app, undefined, { languages: ['zh'], uiLanguage: 'zh' });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('glosses a Chinese note into English, labelled as a gloss, sentence by sentence', async () => {
      const note = await postNote(t.app, li, { title: '成都火锅', body: '我喜欢吃火锅。\n\n#美食' });
      assert.deepEqual(note.langs, ['zh']);
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en`, headers: bearer(amy) });
      assert.equal(res.statusCode, 200, res.body);
      const tr = res.json();
      assert.equal(tr.kind, 'gloss');
      assert.equal(tr.provider, 'CC-CEDICT');
      assert.equal(tr.sourceLang, 'zh');
      assert.equal(tr.targetLang, 'en');
      assert.equal(tr.fallback, null);
      assert.match(tr.title.toLowerCase(), /hot ?pot/);
      assert.match(tr.body.toLowerCase(), /like/);
      assert.ok(tr.body.includes('\n\n'), 'the line breaks survive');
      assert.equal(tr.segments.body[0].original, '我喜欢吃火锅。');
      assert.equal(typeof tr.segments.body[0].translated, 'string');
      // A visitor may read the gloss of a public note too.
      const visitor = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en` });
      assert.equal(visitor.statusCode, 200);
    });

    it('hides what the reader may not see, and refuses a language it does not translate to', async () => {
      const secret = await postNote(t.app, li, { title: '只给粉丝看', body: '秘密', visibility: 'followers' });
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${secret.id}/translation?target=en`, headers: bearer(amy) });
      assert.equal(res.statusCode, 404);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
      const gone = await t.app.inject({ method: 'GET', url: '/api/v1/notes/0190e0a0-0000-7000-8000-000000000000/translation?target=en' });
      assert.equal(gone.statusCode, 404);
      const note = await postNote(t.app, li, { title: '你好', body: '世界' });
      for (const q of ['target=fr', 'target=', '', 'target=en&x=1']) {
        const bad = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?${q}` });
        assert.equal(bad.statusCode, 400, q);
      }
    });

    it('translates comments and bios, each by its own route', async () => {
      const note = await postNote(t.app, amy, { title: 'Cat tax', body: 'Mittens says hi' });
      const c = await t.app.inject({ method: 'POST', url: `/api/v1/notes/${note.id}/comments`, headers: bearer(li), payload: { body: '这只猫太可爱了' } });
      assert.equal(c.statusCode, 201, c.body);
      assert.deepEqual(c.json().langs, ['zh']);
      const tr = await t.app.inject({ method: 'GET', url: `/api/v1/comments/${c.json().id}/translation?target=en`, headers: bearer(amy) });
      assert.equal(tr.statusCode, 200, tr.body);
      assert.equal(tr.json().title, '');
      assert.match(tr.json().body.toLowerCase(), /cat/);
      const missing = await t.app.inject({ method: 'GET', url: '/api/v1/comments/0190e0a0-0000-7000-8000-000000000000/translation?target=en' });
      assert.equal(missing.statusCode, 404);

      const me = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(li), payload: { bio: '我住在成都，喜欢猫和火锅' } });
      assert.equal(me.statusCode, 200, me.body);
      const profile = await t.app.inject({ method: 'GET', url: `/api/v1/users/${li.handle}` });
      assert.deepEqual(profile.json().bioLangs, ['zh']);
      const bio = await t.app.inject({ method: 'GET', url: `/api/v1/users/${li.handle}/translation?target=en` });
      assert.equal(bio.statusCode, 200, bio.body);
      assert.match(bio.json().body.toLowerCase(), /cat/);
      const nobody = await t.app.inject({ method: 'GET', url: '/api/v1/users/nobody_here_at_all/translation?target=en' });
      assert.equal(nobody.statusCode, 404);
    });

    it('translates any text for a signed-in person, and refuses empty, oversized, same-language or broken text', async () => {
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/translate', headers: bearer(amy), payload: { text: 'I like hot pot', target: 'zh' } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.ok(ok.json().text.includes('火锅'), ok.json().text);
      assert.equal(ok.json().kind, 'gloss');
      const anon = await t.app.inject({ method: 'POST', url: '/api/v1/translate', payload: { text: 'hi there', target: 'zh' } });
      assert.equal(anon.statusCode, 401);
      const cases: Array<[string, unknown]> = [
        ['empty', { text: '', target: 'zh' }],
        ['spaces', { text: '   ', target: 'zh' }],
        ['100 KB', { text: 'a'.repeat(100_000), target: 'zh' }],
        ['unsupported target', { text: 'hello', target: 'fr' }],
        ['same language', { text: 'hello', target: 'en', source: 'en' }],
        ['extra field', { text: 'hello', target: 'zh', x: 1 }],
      ];
      for (const [name, payload] of cases) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/translate', headers: bearer(amy), payload: payload as Record<string, unknown> });
        assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      }
      const surrogate = await t.app.inject({
        method: 'POST',
        url: '/api/v1/translate',
        headers: { ...bearer(amy), 'content-type': 'application/json' },
        payload: '{"text":"bad \\ud800 text","target":"zh"}',
      });
      assert.equal(surrogate.statusCode, 400, surrogate.body);
    });

    it('keeps a learner’s words: either script is one word, newest first, with the note it came from', async () => {
      const note = await postNote(t.app, li, { title: '成都火锅', body: '好吃' });
      const save = await t.app.inject({ method: 'POST', url: '/api/v1/me/words', headers: bearer(amy), payload: { word: '火鍋', noteId: note.id } });
      assert.equal(save.statusCode, 200, save.body);
      assert.equal(save.json().word, '火锅');
      assert.equal(save.json().traditional, '火鍋');
      assert.equal(save.json().pinyin, 'huǒ guō');
      assert.deepEqual(save.json().note, { id: note.id, title: '成都火锅' });
      await t.app.inject({ method: 'POST', url: '/api/v1/me/words', headers: bearer(amy), payload: { word: '猫' } });
      await t.app.inject({ method: 'POST', url: '/api/v1/me/words', headers: bearer(amy), payload: { word: '火锅' } });
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/words?limit=1', headers: bearer(amy) });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((w: { word: string }) => w.word),
        ['火锅'],
      );
      const next = await t.app.inject({ method: 'GET', url: `/api/v1/me/words?limit=1&cursor=${list.json().nextCursor}`, headers: bearer(amy) });
      assert.deepEqual(
        next.json().items.map((w: { word: string }) => w.word),
        ['猫'],
      );
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/me/words', headers: bearer(amy), payload: { word: 'cat' } })).statusCode, 400);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/me/words', headers: bearer(amy), payload: { word: '㐀㐁㐂' } })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me/words' })).statusCode, 401);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/words/${encodeURIComponent('火鍋')}`, headers: bearer(amy) });
      assert.equal(del.statusCode, 204);
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/me/words', headers: bearer(amy) });
      assert.deepEqual(
        after.json().items.map((w: { word: string }) => w.word),
        ['猫'],
      );
      // Another person's list is theirs alone.
      const other = await t.app.inject({ method: 'GET', url: '/api/v1/me/words', headers: bearer(li) });
      assert.deepEqual(other.json().items, []);
    });
  });
}

describe('translation through a provider (LibreTranslate fake, SQLite)', () => {
  it('stores each sentence once for all readers and re-translates only what an edit changed', async () => {
    const fake = await startLibreTranslate({ translate: EN });
    const t = await testApp('sqlite', { TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url });
    try {
      const li = await signUp(t.app, undefined, { languages: ['zh'] });
      const readers = await Promise.all([signUp(t.app), signUp(t.app), signUp(t.app)]);
      const note = await postNote(t.app, li, { title: '成都火锅', body: '第一句。第二句！\n第三行' });
      // Three readers at once: one provider call.
      const all = await Promise.all(
        readers.map((r) => t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en`, headers: bearer(r) })),
      );
      for (const res of all) {
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().provider, 'LibreTranslate');
        assert.equal(res.json().kind, 'translation');
        assert.equal(res.json().title, 'EN[成都火锅]');
        assert.equal(res.json().body, 'EN[第一句。第二句！]\nEN[第三行]');
      }
      assert.equal(fake.translations().length, 1, 'one batch for title and body, however many readers');
      const sent = fake.translations()[0]?.data as { q: string[]; source: string; target: string; format: string };
      assert.deepEqual(sent.q.sort(), ['成都火锅', '第一句。第二句！', '第三行'].sort());
      assert.equal(sent.source, 'zh-Hans');

      // Stored, not just remembered: a fresh process (same database) asks the provider nothing.
      const stored = await t.ctx.db.kysely
        .selectFrom('translations' as never)
        .selectAll()
        .execute();
      assert.equal(stored.length, 3);

      // An edit: only the changed line is sent.
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/notes/${note.id}`,
        headers: bearer(li),
        payload: { body: '第一句。第二句！\n新的一行' },
      });
      assert.equal(edit.statusCode, 200, edit.body);
      const again = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en`, headers: bearer(readers[0] as Account) });
      assert.equal(again.json().body, 'EN[第一句。第二句！]\nEN[新的一行]');
      assert.equal(fake.translations().length, 2);
      assert.deepEqual((fake.translations()[1]?.data as { q: string[] } | undefined)?.q, ['新的一行']);

      // English text toward English needs nothing.
      const en = await postNote(t.app, li, { title: 'Hello there', body: 'All in English' });
      const same = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${en.id}/translation?target=en` });
      assert.equal(same.json().body, 'All in English');
      assert.equal(same.json().sourceLang, 'und');
      assert.equal(fake.translations().length, 2);
      assertNo5xx(t.logs);
    } finally {
      await t.close();
      await fake.close();
    }
  });

  it('falls back to the gloss, labelled, when the provider is out of quota, broken or silent — never a 5xx', async () => {
    const cases = [
      { name: 'quota', fault: { kind: 'status' as const, status: 403, message: 'banned' }, reason: 'auth' },
      { name: 'garbage', fault: { kind: 'garbage' as const }, reason: 'bad-response' },
      { name: 'down', fault: { kind: 'status' as const, status: 500 }, reason: 'unavailable' },
      { name: 'silent', fault: { kind: 'hang' as const }, reason: 'timeout' },
    ];
    for (const c of cases) {
      const fake = await startLibreTranslate({ translate: EN, fault: c.fault });
      const t = await testApp('sqlite', { TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url, TRANSLATE_TIMEOUT_MS: '300' });
      try {
        const li = await signUp(t.app);
        const note = await postNote(t.app, li, { title: '成都火锅', body: '我喜欢吃火锅' });
        const started = Date.now();
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en` });
        assert.equal(res.statusCode, 200, `${c.name}: ${res.body}`);
        assert.equal(res.json().kind, 'gloss', c.name);
        assert.equal(res.json().provider, 'CC-CEDICT', c.name);
        assert.deepEqual(res.json().fallback, { provider: 'LibreTranslate', reason: c.reason }, c.name);
        assert.match(res.json().body.toLowerCase(), /hot ?pot/, c.name);
        assert.ok(Date.now() - started < 5000, `${c.name} answered in ${Date.now() - started} ms`);
        // The failed provider rests: the next reader is glossed at once, without another call.
        const calls = fake.translations().length;
        const next = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en` });
        assert.equal(next.json().kind, 'gloss');
        assert.equal(fake.translations().length, calls, c.name);
        assertNo5xx(t.logs);
      } finally {
        await t.close();
        await fake.close();
      }
    }
  });

  it('retries a 429 and then answers with the translation', async () => {
    const fake = await startLibreTranslate({ translate: EN, faults: [{ kind: 'status', status: 429, retryAfter: '0' }] });
    const t = await testApp('sqlite', { TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url });
    try {
      const li = await signUp(t.app);
      const note = await postNote(t.app, li, { title: '你好', body: '世界' });
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${note.id}/translation?target=en` });
      assert.equal(res.json().kind, 'translation', res.body);
      assert.equal(res.json().body, 'EN[世界]');
      assert.equal(fake.translations().length, 2);
    } finally {
      await t.close();
      await fake.close();
    }
  });

  it('spends a reader’s budget on provider calls only, then glosses with the reason', async () => {
    const fake = await startLibreTranslate({ translate: EN });
    const t = await testApp('sqlite', {
      TRANSLATE_PROVIDER: 'libretranslate',
      TRANSLATE_URL: fake.url,
      RATE_LIMITS: 'on',
      TRANSLATE_BUDGET_PER_USER: '1/3600',
    });
    try {
      const li = await signUp(t.app);
      const amy = await signUp(t.app);
      const one = await postNote(t.app, li, { title: '第一', body: '一' });
      const two = await postNote(t.app, li, { title: '第二', body: '二' });
      const first = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${one.id}/translation?target=en`, headers: bearer(amy) });
      assert.equal(first.json().kind, 'translation');
      // Already stored: free.
      const again = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${one.id}/translation?target=en`, headers: bearer(amy) });
      assert.equal(again.json().kind, 'translation');
      const second = await t.app.inject({ method: 'GET', url: `/api/v1/notes/${two.id}/translation?target=en`, headers: bearer(amy) });
      assert.equal(second.statusCode, 200);
      assert.equal(second.json().kind, 'gloss');
      assert.deepEqual(second.json().fallback, { provider: 'LibreTranslate', reason: 'budget' });
      assert.equal(fake.translations().length, 1);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});
