// nDCG, recall and reciprocal rank (eval/metrics/ndcg.ts) against values computed by hand.
// Run: npx tsx --test eval/metrics/ndcg.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dcg, ndcgAt, recallAt, reciprocalRank } from './ndcg.ts';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

// Three relevant notes: a and e highly (2), c somewhat (1). Ideal DCG: 2/log2(2) + 2/log2(3) + 1/log2(4)
// = 2 + 1.2618595071429148 + 0.5 = 3.7618595071429148.
const J = { a: 2, c: 1, e: 2, z: 0 };
const IDEAL = 2 + 2 / Math.log2(3) + 0.5;

describe('nDCG@k', () => {
  it('dcg sums grade / log2(rank + 1)', () => {
    close(dcg([2, 0, 1]), 2.5); // 2/1 + 0/1.585 + 1/2
    close(dcg([]), 0);
    close(IDEAL, 3.761859507142915);
  });

  it('a hit first, a miss, a partial hit: 2.5 / 3.7619', () => {
    close(ndcgAt(['a', 'b', 'c', 'd'], J, 10), 0.6645649565734895);
  });

  it('the same hits lower down score less: (1/log2(3) + 2/log2(4)) / 3.7619', () => {
    close(ndcgAt(['x', 'c', 'a'], J, 10), 0.43354350434265104);
  });

  it('the ideal ranking scores 1, whatever follows it', () => {
    close(ndcgAt(['a', 'e', 'c'], J, 10), 1);
    close(ndcgAt(['e', 'a', 'c', 'q', 'r'], J, 10), 1);
  });

  it('the cut applies to the ideal too: at k=2, 2 / (2 + 2/log2(3))', () => {
    close(ndcgAt(['a', 'b', 'e'], J, 2), 0.6131471927654584);
    close(ndcgAt(['a', 'e', 'x'], J, 2), 1);
  });

  it('an id ranked twice counts once; grade 0 and unknown ids gain nothing', () => {
    close(ndcgAt(['a', 'a', 'a'], J, 10), 2 / IDEAL);
    close(ndcgAt(['z', 'q'], J, 10), 0);
    close(ndcgAt([], J, 10), 0);
  });

  it('nothing judged relevant: 0', () => {
    close(ndcgAt(['a'], { a: 0 }, 10), 0);
    close(ndcgAt(['a'], {}, 10), 0);
  });
});

describe('Recall@k', () => {
  it('relevant found in the first k over all relevant', () => {
    close(recallAt(['a', 'b', 'c', 'd'], J, 10), 2 / 3);
    close(recallAt(['a', 'b', 'c', 'd'], J, 2), 1 / 3);
    close(recallAt(['x', 'y'], J, 10), 0);
    close(recallAt(['a', 'a', 'e', 'c'], J, 10), 1);
  });

  it('capped: over min(k, relevant)', () => {
    close(recallAt(['a', 'b', 'c', 'd'], J, 2, { capped: true }), 1 / 2);
    close(recallAt(['a', 'e', 'c', 'd'], J, 2, { capped: true }), 1);
    close(recallAt(['a', 'b', 'c', 'd'], J, 10, { capped: true }), 2 / 3);
  });
});

describe('reciprocal rank', () => {
  it('1 / rank of the first relevant result', () => {
    close(reciprocalRank(['a', 'b'], J), 1);
    close(reciprocalRank(['x', 'y', 'c'], J), 1 / 3);
    close(reciprocalRank(['x', 'x', 'c'], J), 1 / 2); // the repeat is not a rank
    close(reciprocalRank(['x', 'y'], J), 0);
  });

  it('minGrade 2: the first highly relevant one', () => {
    close(reciprocalRank(['c', 'x', 'e'], J, 2), 1 / 3);
  });
});
