import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { segmentedWeightedLength, soloWeight, weightedLength } from '../../../shared/text/weighted-length.ts';
import { detectLanguage } from '../language/detect.ts';
import { scanText, toEntities } from './text.ts';

describe('note text', () => {
  it('weighs a CJK character 2 and any other grapheme 1, emoji included', () => {
    assert.equal(weightedLength('成都火锅'), 8);
    assert.equal(weightedLength('cat tax'), 7);
    assert.equal(weightedLength('🐱'), 1);
    assert.equal(weightedLength('👩‍👩‍👧‍👦'), 1);
    assert.equal(weightedLength('👍🏽'), 1);
    assert.equal(weightedLength('猫 cat！'), 2 + 1 + 3 + 2);
    assert.equal(weightedLength('一'.repeat(20)), 40);
    assert.equal(weightedLength('一'.repeat(21)), 42);
  });

  it('counts without segmenting only where that gives what segmenting gives', () => {
    // Every unit the fast path vouches for, alone and side by side (forwards, backwards, interleaved).
    const fast: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (soloWeight(c) === 0) continue;
      const ch = String.fromCharCode(c);
      if (soloWeight(c) !== segmentedWeightedLength(ch) || segmentedWeightedLength(ch + ch) !== 2 * soloWeight(c)) {
        assert.fail(`U+${c.toString(16)} is not a grapheme of weight ${soloWeight(c)} on its own`);
      }
      fast.push(ch);
    }
    assert.ok(fast.length > 27_000, `${fast.length} units on the fast path`);
    const all = fast.join('');
    const backwards = [...fast].reverse().join('');
    const zipped = fast.map((ch, i) => ch + backwards[i]).join('');
    // (in slices: V8 copies the whole input into every segment it yields, so a long text costs its length squared)
    const slices = (t: string) => Array.from({ length: Math.ceil(t.length / 256) }, (_, i) => t.slice(i * 256, (i + 1) * 256));
    for (const text of [all, backwards, zipped].flatMap(slices)) {
      assert.equal(weightedLength(text), segmentedWeightedLength(text));
      assert.equal([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length, text.length, 'one grapheme a unit');
    }
    // Whatever follows may join a grapheme: those strings take the segmenter.
    for (const text of ['e\u0301', 'a\r\nb', '猫\u200d猫', '☺\ufe0f', 'ｶﾞ', 'か\u3099', '한국어', '👍🏽 ok', '成都\u302a']) {
      assert.equal(weightedLength(text), segmentedWeightedLength(text), JSON.stringify(text));
    }
  });

  it('weighs any mix of plain and joining text as segmenting the whole would', () => {
    const plain = ['a', 'Z', ' ', '\n', '猫', '，', '。', '©', '®', 'é', '…', 'Ｃ', '—', '"'];
    const joining = [
      '\u0301',
      '\u200d',
      '\ufe0f',
      '\r',
      '🐱',
      '👍🏽',
      '🇨🇳',
      '🇺',
      '한',
      '\u1100',
      '\u1161',
      'ｶ',
      'ﾞ',
      'か',
      '\u3099',
      '\u302a',
      'क',
      '\u094d',
      'ष',
      '\u0600',
      '😀',
    ];
    let seed = 20261202;
    const next = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const length = 1 + next(24);
      for (let j = 0; j < length; j++) {
        const pool = next(3) === 0 ? joining : plain;
        text += pool[next(pool.length)];
      }
      assert.equal(weightedLength(text), segmentedWeightedLength(text), JSON.stringify(text));
    }
    assert.equal(weightedLength(''), 0);
  });

  it('finds hashtags in any script, ended by whitespace or punctuation', () => {
    const text = 'Mittens! #cattax #TikTokRefugee，#美食。#成都#旅行 end#no /page#frag #1 #Ｃａｔ';
    const tags = scanText(text).hashtags;
    assert.deepEqual(
      tags.map((t) => t.tag),
      ['cattax', 'tiktokrefugee', '美食', '成都', '旅行', 'cat'],
    );
    for (const t of tags) assert.equal(text[t.start], '#');
    assert.equal(text.slice(tags[2]!.start, tags[2]!.end), '#美食');
  });

  it('finds mentions and links, keeps only known handles, never overlapping', () => {
    const text = 'hi @Ana_Cat and @nobody_here. see https://biji.dev/n/1#x and mail a@b.com @chengdu_xiaoyu.';
    const parsed = scanText(text);
    assert.deepEqual(
      parsed.mentions.map((m) => m.handle),
      ['ana_cat', 'nobody_here', 'chengdu_xiaoyu'],
    );
    const entities = toEntities(parsed, new Set(['ana_cat', 'chengdu_xiaoyu']));
    assert.deepEqual(
      entities.map((e) => e.type),
      ['mention', 'link', 'mention'],
    );
    const link = entities[1]!;
    assert.equal(link.type === 'link' && link.url, 'https://biji.dev/n/1#x');
    assert.equal(text.slice(entities[2]!.start, entities[2]!.end), '@chengdu_xiaoyu');
  });

  it('detects Chinese, English and mixed text, using the author as a tie-breaker', () => {
    assert.equal(detectLanguage('成都的火锅太好吃了 #美食'), 'zh');
    assert.equal(detectLanguage('我的猫 Mittens 今天很开心'), 'zh');
    assert.equal(detectLanguage('Chengdu hotpot was amazing, where should I go next time I visit?'), 'en');
    assert.equal(detectLanguage('Mittens says hi #cattax', ['en']), 'en');
    assert.equal(detectLanguage('my cat is the best', ['en']), 'en');
    assert.equal(detectLanguage('Bonjour tout le monde, je suis arrivée à Paris ce matin', ['en']), 'fr');
    assert.equal(detectLanguage('🐱🐱🐱'), 'und');
    assert.equal(detectLanguage('今日はいい天気ですね'), 'ja');
  });
});
