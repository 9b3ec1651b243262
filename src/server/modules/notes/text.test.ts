import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weightedLength } from '../../../shared/text/weighted-length.ts';
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
