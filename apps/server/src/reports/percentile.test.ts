import { describe, expect, it } from 'vitest';
import { percentileOf } from './overview-repository.js';

describe('percentiles from merged minute histograms', () => {
  it("interpolates between ranks as Postgres's percentile_cont does", () => {
    // 0, 2, 5, 10, 75: median 5; the 90th at rank 3.6 = 10 + 0.6 × 65 = 49.
    const minutes = new Map([[0, 1], [2, 1], [5, 1], [10, 1], [75, 1]]);
    expect(percentileOf(minutes, 0.5)).toBe(5);
    expect(percentileOf(minutes, 0.9)).toBeCloseTo(49, 10);
  });

  it('counts repeated values by their weight, and has none for no tickets', () => {
    // 1, 1, 1, 100: median at rank 1.5 = 1; the 90th at rank 2.7 = 1 + 0.7 × 99.
    expect(percentileOf(new Map([[100, 1], [1, 3]]), 0.5)).toBe(1);
    expect(percentileOf(new Map([[100, 1], [1, 3]]), 0.9)).toBeCloseTo(70.3, 10);
    expect(percentileOf(new Map(), 0.5)).toBeNull();
  });
});
