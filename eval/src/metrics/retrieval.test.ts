import { describe, expect, it } from 'vitest';
import { dedupe, hitAtK, ndcgAtK, recallAtK, reciprocalRank } from './retrieval.js';

const gold = (...keys: string[]) => new Set(keys);

describe('recall@k', () => {
  it('is the share of gold keys found in the top k', () => {
    expect(recallAtK(['a', 'x', 'b', 'c'], gold('a', 'b', 'c'), 1)).toBeCloseTo(1 / 3);
    expect(recallAtK(['a', 'x', 'b', 'c'], gold('a', 'b', 'c'), 3)).toBeCloseTo(2 / 3);
    expect(recallAtK(['a', 'x', 'b', 'c'], gold('a', 'b', 'c'), 10)).toBe(1);
  });

  it('is 0 when nothing relevant was retrieved, even from an empty list', () => {
    expect(recallAtK(['x', 'y'], gold('a'), 5)).toBe(0);
    expect(recallAtK([], gold('a'), 5)).toBe(0);
  });

  it('refuses a query without gold keys', () => {
    expect(() => recallAtK(['a'], gold(), 5)).toThrow(RangeError);
  });
});

describe('hit@k', () => {
  it('is 1 as soon as one gold key is in the top k', () => {
    expect(hitAtK(['x', 'y', 'b'], gold('a', 'b'), 2)).toBe(0);
    expect(hitAtK(['x', 'y', 'b'], gold('a', 'b'), 3)).toBe(1);
  });
});

describe('reciprocal rank', () => {
  it('is 1 / rank of the first gold key', () => {
    expect(reciprocalRank(['a'], gold('a'))).toBe(1);
    expect(reciprocalRank(['x', 'y', 'a', 'b'], gold('a', 'b'))).toBeCloseTo(1 / 3);
  });

  it('is 0 when the first gold key is below the cut-off', () => {
    const ranked = [...Array.from({ length: 10 }, (_, index) => `x${index}`), 'a'];
    expect(reciprocalRank(ranked, gold('a'))).toBe(0);
    expect(reciprocalRank(ranked, gold('a'), 11)).toBeCloseTo(1 / 11);
  });

  it('averages to the textbook MRR on a hand-made set', () => {
    // Ranks 1, 2 and none → (1 + 0.5 + 0) / 3 = 0.5.
    const scores = [reciprocalRank(['a'], gold('a')), reciprocalRank(['x', 'b'], gold('b')), reciprocalRank(['x', 'y'], gold('c'))];
    expect(scores.reduce((sum, score) => sum + score, 0) / scores.length).toBe(0.5);
  });
});

describe('nDCG@10', () => {
  it('is 1 for an ideal ranking', () => {
    expect(ndcgAtK(['a', 'b', 'x'], gold('a', 'b'))).toBe(1);
  });

  it('discounts a relevant key by log2(rank + 1)', () => {
    expect(ndcgAtK(['x', 'a'], gold('a'))).toBeCloseTo(1 / Math.log2(3));
  });

  it('normalises by the ideal gain of min(|gold|, k) keys', () => {
    // Gold a, b, c; retrieved a at 1 and c at 3: DCG = 1 + 1/2; IDCG = 1 + 1/log2(3) + 1/2.
    const ideal = 1 + 1 / Math.log2(3) + 0.5;
    expect(ndcgAtK(['a', 'x', 'c'], gold('a', 'b', 'c'))).toBeCloseTo(1.5 / ideal);
  });

  it('is 0 with nothing relevant', () => {
    expect(ndcgAtK(['x', 'y'], gold('a'))).toBe(0);
  });
});

describe('dedupe', () => {
  it('keeps each key at its best rank', () => {
    expect(dedupe(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
  });
});
