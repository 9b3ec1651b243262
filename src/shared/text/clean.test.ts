import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanLine, cleanMultiline, stripInvisible } from './clean.ts';

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' ');

describe('text cleaning', () => {
  it('removes bidi overrides, embeddings, isolates and marks, so text cannot run backwards over its neighbours', () => {
    for (const ch of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      assert.equal(stripInvisible(`ad${ch}min`), 'admin', cp(ch));
    }
    assert.equal(cleanLine('\u202Enimda'), 'nimda');
  });

  it('removes zero-width and other invisible characters that let one name be spelt two ways', () => {
    const invisible = [
      '\u200B',
      '\u200C',
      '\u200D',
      '\u2060',
      '\u2061',
      '\u2062',
      '\u2063',
      '\u2064',
      '\uFEFF',
      '\u180E',
      '\u00AD',
      '\u034F',
      '\u115F',
      '\u1160',
      '\u3164',
      '\uFFA0',
      '\u2800',
      '\u17B4',
      '\u17B5',
      '\uFE0F',
      '\u{E0041}',
      '\u{E0001}',
      '\u{1D173}',
      '\uFFF9',
    ];
    for (const ch of invisible) assert.equal(stripInvisible(`ad${ch}min`), 'admin', cp(ch));
    assert.equal(cleanLine('\u3164'), '', 'a Hangul filler alone is a blank name');
    assert.equal(cleanLine('\u2800 \u200B'), '');
  });

  it('removes control characters but keeps tab and newline in multi-line text', () => {
    assert.equal(stripInvisible('a\u0000b\u0007c\u001Bd\u007Fe\u0085f'), 'abcdef');
    assert.equal(cleanMultiline('line 1\r\nline\t2\rline 3\u2028end'), 'line 1\nline\t2\nline 3\nend');
    assert.equal(cleanLine('one\ntwo\r\nthree\u2029four'), 'one two three four');
  });

  it('keeps emoji sequences whole: ZWJ families, skin tones, presentation selectors, keycaps and subdivision flags', () => {
    for (const e of ['👨‍👩‍👧', '👩🏽‍💻', '❤️', '🏳️‍🌈', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🇨🇳', '👍🏿', '❤︎']) {
      assert.equal(stripInvisible(`hi ${e}!`), `hi ${e}!`, cp(e));
    }
    assert.equal(stripInvisible('👍\u200Da'), '👍a', 'a ZWJ that joins nothing goes');
  });

  it('keeps the joiners Arabic and Indic words need, and ideographic variation selectors', () => {
    for (const word of ['می\u200Cخواهم', 'क्\u200Dष', 'ক্\u200Cষ', '葛\u{E0100}']) assert.equal(stripInvisible(word), word, cp(word));
    assert.equal(stripInvisible('ab\u200Ccd'), 'abcd', 'not between Latin letters');
  });

  it('leaves ordinary text in any script alone, and normalises one-line text to NFC with single spaces', () => {
    for (const s of ['小雨 Xiaoyu', 'Zoë', 'Ελληνικά', 'русский', 'עברית', 'العربية', 'ㅎㅏ 한국어', 'tab\there']) assert.equal(stripInvisible(s), s);
    assert.equal(cleanLine('  Zoe\u0308   \u00A0 Lee \u3000 '), 'Zoë Lee');
    assert.equal(cleanLine('a \u200B b'), 'a b');
  });

  it('handles a long run of marks and joiners in one pass (a quadratic scan would hang here)', { timeout: 20_000 }, () => {
    // Each joiner's lookbehind stops at the previous joiner instead of walking back over every mark.
    const hostile = `a${'\u0301'.repeat(100_000)}${'\u200D\u0301'.repeat(50_000)}`;
    assert.equal(stripInvisible(hostile), `a${'\u0301'.repeat(150_000)}`);
  });
});
