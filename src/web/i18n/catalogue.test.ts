// Every UI string exists in English and 简体中文: the same keys in both catalogues, none empty, the
// same {{placeholders}} in each pair — and counts read the way each language writes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCount } from '../lib/format.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  const english = leaves(en as unknown as Tree);
  const chinese = leaves(zh as unknown as Tree);

  it('has every key in both languages, and no other', () => {
    assert.ok(english.size > 300, `only ${english.size} strings`);
    assert.deepEqual(
      [...english.keys()].filter((k) => !chinese.has(k)),
      [],
      'missing in 简体中文',
    );
    assert.deepEqual(
      [...chinese.keys()].filter((k) => !english.has(k)),
      [],
      'missing in English',
    );
  });

  it('leaves no string empty, and no English sentence untranslated in Chinese', () => {
    for (const [k, v] of english) assert.ok(v.trim().length > 0, `en ${k} is empty`);
    for (const [k, v] of chinese) {
      assert.ok(v.trim().length > 0, `zh ${k} is empty`);
      // A Chinese string may name things in Latin letters (Biji, CC-CEDICT, @handle), not be an English sentence.
      assert.ok(!(/^[\sA-Za-z',.!?’…-]{12,}$/.test(v) && v.split(' ').length > 2 && v === english.get(k)), `zh ${k} is the English text: ${v}`);
    }
  });

  it('gives each pair the same placeholders', () => {
    for (const [k, v] of english) assert.deepEqual(placeholders(chinese.get(k) ?? ''), placeholders(v), `placeholders of ${k}`);
  });

  it('writes counts as each language does: 1.2万 in Chinese, 12K in English', () => {
    assert.equal(formatCount(999, 'en'), '999');
    assert.equal(formatCount(1234, 'en'), '1,234');
    assert.equal(formatCount(12_345, 'en'), '12.3K');
    assert.equal(formatCount(12_000, 'en'), '12K');
    assert.equal(formatCount(1_250_000, 'en'), '1.3M');
    assert.equal(formatCount(12_345, 'zh'), '1.2万');
    assert.equal(formatCount(123_456_789, 'zh'), '1.2亿');
    assert.equal(formatCount(9_999, 'zh'), '9,999');
  });
});
