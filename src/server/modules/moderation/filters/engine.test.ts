// The word filter itself: English through obscenity, Chinese through the folded term list, admins'
// lists, allowed words and which action wins.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import badWordsChinese from 'bad-words-chinese/libs/badWordsChinese.json' with { type: 'json' };
import { loadFolding } from '../../language/fold.ts';
import { Automaton } from './automaton.ts';
import { type EngineList, FilterEngine } from './engine.ts';
import type { Fold } from './fold-text.ts';
import { PACKAGE_TOO_BROAD, ZH_TERMS } from './terms-zh.ts';

const builtins = (over: Partial<Record<'en' | 'zh', Partial<EngineList>>> = {}): EngineList[] => [
  { name: 'English', builtin: 'en', action: 'hold', enabled: true, terms: [], allowed: [], ...over.en },
  { name: 'Chinese', builtin: 'zh', action: 'hold', enabled: true, terms: [], allowed: [], ...over.zh },
];

describe('word filter engine', () => {
  let fold: Fold;
  let engine: FilterEngine;
  const terms = (text: string, e: FilterEngine = engine) => e.check(text).hits.map((h) => `${h.list}:${h.term}`);
  before(async () => {
    fold = await loadFolding();
    engine = new FilterEngine(builtins(), fold);
  });

  it('catches English profanity through leetspeak, look-alikes, repeats and spelled-out letters', () => {
    assert.deepEqual(terms('what the fuck'), ['English:fuck']);
    assert.deepEqual(terms('this is sh1t'), ['English:shit']);
    assert.deepEqual(terms('f u c k you'), ['English:fuck']);
    assert.deepEqual(terms('s.h.i.t happens'), ['English:shit']);
    assert.deepEqual(terms('ｆｕｃｋ'), ['English:fuck']);
    assert.deepEqual(terms('fuuuuuck'), ['English:fuck']);
    assert.deepEqual(terms('fu\u200bck'), ['English:fuck']);
    assert.equal(engine.check('you bitch').action, 'hold');
  });

  it('catches Chinese terms in simplified and traditional, full-width and spaced out', () => {
    assert.deepEqual(terms('你个傻逼'), ['Chinese:傻逼']);
    assert.deepEqual(terms('你個傻屄'), ['Chinese:傻屄']);
    assert.deepEqual(terms('幹你娘'), ['Chinese:干你娘']);
    assert.deepEqual(terms('王八蛋'), ['Chinese:王八蛋']);
    assert.deepEqual(terms('專業代開發票'), ['Chinese:代开发票']);
    assert.deepEqual(terms('傻 逼'), ['Chinese:傻逼']);
    assert.deepEqual(terms('傻*逼'), ['Chinese:傻逼']);
    assert.deepEqual(terms('傻\u200b逼'), ['Chinese:傻逼']);
    assert.deepEqual(terms('傻、。逼！'), ['Chinese:傻逼']);
    assert.deepEqual(terms('傻Ｂ'), ['Chinese:傻b']);
    assert.deepEqual(terms('兼职刷单日赚500'), ['Chinese:兼职刷单', 'Chinese:日赚']);
    assert.deepEqual(terms('有意者加ＶＸ：abc123'), ['Chinese:加vx']);
    assert.deepEqual(terms('NMSL'), ['Chinese:nmsl']);
  });

  it('lets clean bilingual texts through', () => {
    for (const text of [
      'I love hotpot 我爱火锅',
      'Scunthorpe',
      'the class assistant',
      'cocktails in Essex',
      '诗人',
      '每天打卡',
      '我们来操作一下',
      '途中出现了一只猫',
      '一杯波霸奶茶',
      '加vip会员',
      '粉色的pink粉底',
      '印度支那半岛',
      '干你的活去',
      'NMB48 concert',
      '今天的火鍋很好吃，軟體也更新了',
    ]) {
      assert.deepEqual(engine.check(text), { action: null, hits: [] }, text);
    }
  });

  it('matches admin Latin terms on word boundaries, case-folded, and Han terms anywhere', () => {
    const e = new FilterEngine(
      [...builtins(), { name: 'spam', builtin: null, action: 'refuse', enabled: true, terms: ['Buy Followers', 'crypto', '免费送', '垃圾廣告'], allowed: [] }],
      fold,
    );
    assert.deepEqual(terms('BUY   followers today!', e), ['spam:Buy Followers']);
    assert.deepEqual(terms('Crypto.', e), ['spam:crypto']);
    assert.deepEqual(terms('cryptography', e), []);
    assert.deepEqual(terms('今天免費送手机', e), ['spam:免费送']);
    assert.deepEqual(terms('又是垃圾广告', e), ['spam:垃圾廣告']);
  });

  it('ignores a hit inside an allowed word of the same list', () => {
    const e = new FilterEngine(
      [
        ...builtins({ en: { allowed: ['pussycat'] }, zh: { allowed: ['刷单机'] } }),
        { name: 'local', builtin: null, action: 'hold', enabled: true, terms: ['hell', '鸡'], allowed: ["hell's kitchen", '鸡蛋'] },
      ],
      fold,
    );
    assert.deepEqual(terms('my pussycat', e), []);
    assert.deepEqual(terms('a pussycat and a pussy', e), ['English:pussy']);
    assert.deepEqual(terms("dinner at hell's kitchen", e), []);
    assert.deepEqual(terms('go to hell', e), ['local:hell']);
    assert.deepEqual(terms('鸡蛋', e), []);
    assert.deepEqual(terms('炸鸡', e), ['local:鸡']);
    assert.deepEqual(terms('刷单机', e), []);
  });

  it('gives the strongest action among the hits: refuse over hold over sensitive', () => {
    const e = new FilterEngine(
      [
        ...builtins({ en: { action: 'sensitive' } }),
        { name: 'a', builtin: null, action: 'sensitive', enabled: true, terms: ['alpha'], allowed: [] },
        { name: 'r', builtin: null, action: 'refuse', enabled: true, terms: ['omega'], allowed: [] },
      ],
      fold,
    );
    assert.equal(e.check('alpha').action, 'sensitive');
    assert.equal(e.check('alpha fuck').action, 'sensitive');
    assert.equal(e.check('alpha 傻逼').action, 'hold');
    assert.equal(e.check('omega alpha 傻逼').action, 'refuse');
    const v = e.checkFields([
      { name: 'title', text: 'alpha' },
      { name: 'body', text: 'fine words' },
      { name: 'place', text: 'omega' },
    ]);
    assert.equal(v.action, 'refuse');
    assert.deepEqual(
      v.fields.map((f) => [f.name, f.action]),
      [
        ['title', 'sensitive'],
        ['place', 'refuse'],
      ],
    );
  });

  it('skips disabled lists', () => {
    const e = new FilterEngine(builtins({ en: { enabled: false }, zh: { enabled: false } }), fold);
    assert.equal(e.active, false);
    assert.deepEqual(e.check('fuck 傻逼'), { action: null, hits: [] });
  });

  it('keeps every bad-words-chinese word, folded, or says why it is left out', () => {
    const listed = new Set(ZH_TERMS);
    const missing = badWordsChinese.words.map((w) => fold(w)).filter((w) => !listed.has(w) && !(w in PACKAGE_TOO_BROAD));
    assert.deepEqual(missing, []);
    assert.ok(ZH_TERMS.length >= 300, `${ZH_TERMS.length} terms`);
    for (const t of ZH_TERMS) assert.equal(t, fold(t.normalize('NFKC').toLowerCase()), `${t} is written simplified and lower-case`);
  });
});

describe('aho-corasick automaton', () => {
  it('finds every occurrence of overlapping patterns', () => {
    const a = new Automaton<string>();
    for (const p of ['he', 'she', 'his', 'hers']) a.add(p, p);
    a.build();
    const got: string[] = [];
    a.search('ushers', (o) => got.push(`${o.payload}@${o.start}`));
    assert.deepEqual(got.sort(), ['he@2', 'hers@2', 'she@1']);
  });
});
