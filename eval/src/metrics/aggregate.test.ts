import { describe, expect, it } from 'vitest';
import { isThreadlineError } from '@threadline/platform';
import { mean, measured, ratio } from './aggregate.js';

describe('aggregates', () => {
  it('averages and counts the items', () => {
    expect(mean('recall@5', [1, 0, 0.5])).toEqual({ value: 0.5, n: 3 });
    expect(ratio('rate', 1, 4)).toEqual({ value: 0.25, n: 4 });
  });

  it('fails a metric over zero items with EVAL_METRIC_EMPTY', () => {
    let caught: unknown;
    try {
      mean('recall@5', []);
    } catch (error) {
      caught = error;
    }
    expect(isThreadlineError(caught) && caught.code).toBe('EVAL_METRIC_EMPTY');
    expect(() => ratio('precision', 0, 0)).toThrow(/zero items/);
  });

  it('fails a NaN or infinite value', () => {
    expect(() => mean('mrr', [1, Number.NaN])).toThrow(/NaN/);
    expect(() => measured('f1', Number.POSITIVE_INFINITY, 3)).toThrow(/Infinity/);
  });
});
