import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { etagMatches, parseRange } from './range.ts';

describe('byte ranges', () => {
  it('reads first-last, open-ended and suffix ranges, clamping the end to the file', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
    assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
    assert.deepEqual(parseRange('BYTES = 5-5', 1000), { start: 5, end: 5 });
  });

  it('is unsatisfiable past the end or for an empty suffix', () => {
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=2000-3000', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
  });

  it('serves the whole file for no range, other units, bad syntax and several ranges', () => {
    for (const h of [undefined, '', 'items=0-1', 'bytes=abc', 'bytes=5-1', 'bytes=0-1,5-9', 'bytes=-', 'bytes=1e3-']) {
      assert.equal(parseRange(h, 1000), null, String(h));
    }
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    assert.equal(etagMatches('"abc"', '"abc"'), true);
    assert.equal(etagMatches('W/"abc"', '"abc"'), true);
    assert.equal(etagMatches('"x", "abc"', '"abc"'), true);
    assert.equal(etagMatches('*', '"abc"'), true);
    assert.equal(etagMatches('"abd"', '"abc"'), false);
    assert.equal(etagMatches(undefined, '"abc"'), false);
  });
});
