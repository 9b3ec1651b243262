// Search highlights: the matched words, found case-insensitively, in any script, never as markup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightRuns } from './highlight.ts';

const hits = (text: string, words: string[]) =>
  highlightRuns(text, words)
    .filter((r) => r.hit)
    .map((r) => r.text);

test('marks every occurrence of each word, whatever its case', () => {
  assert.deepEqual(hits('Chengdu hotpot, the best HOTPOT in chengdu', ['hotpot', 'Chengdu']), ['Chengdu', 'hotpot', 'HOTPOT', 'chengdu']);
});

test('marks Chinese words inside a run of Chinese', () => {
  assert.deepEqual(highlightRuns('成都火锅真好吃', ['火锅', '成都']), [
    { text: '成都', hit: true },
    { text: '火锅', hit: true },
    { text: '真好吃', hit: false },
  ]);
});

test('prefers the longer of two words that start at one place', () => {
  assert.deepEqual(hits('hot pot night', ['hot', 'hot pot']), ['hot pot']);
});

test('keeps the text whole: the runs join back to it', () => {
  const text = 'A <b>bold</b> (claim) about [hot] pot.*';
  const runs = highlightRuns(text, ['<b>', '(claim)', '[hot]', '.*', '']);
  assert.equal(runs.map((r) => r.text).join(''), text);
  assert.deepEqual(
    runs.filter((r) => r.hit).map((r) => r.text),
    ['<b>', '(claim)', '[hot]', '.*'],
  );
});

test('with nothing to mark, gives the text as one plain run (and nothing for no text)', () => {
  assert.deepEqual(highlightRuns('plain', []), [{ text: 'plain', hit: false }]);
  assert.deepEqual(highlightRuns('plain', ['  ']), [{ text: 'plain', hit: false }]);
  assert.deepEqual(highlightRuns('', ['x']), []);
});
