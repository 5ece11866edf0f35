import { describe, expect, it } from 'vitest';
import { percentile, StageTimer, summarizeLatency } from './latency.js';

describe('latency', () => {
  it('takes nearest-rank percentiles', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile([42], 95)).toBe(42);
  });

  it('fails a stage without samples', () => {
    expect(() => summarizeLatency('search', [])).toThrow(/zero items/);
  });

  it('records each timed call under its stage', async () => {
    const timer = new StageTimer();
    await timer.time('embed', async () => 1);
    await timer.time('embed', async () => 2);
    expect(timer.summary().embed?.p50.n).toBe(2);
  });
});
