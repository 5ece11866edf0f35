import { describe, expect, it } from 'vitest';
import { coverOf } from './report-cover.js';

describe('the rollup rows that cover a range', () => {
  it('reads whole weeks from their weekly rows and the days at the ends from the daily ones', () => {
    // Thursday 1 to Saturday 31 October 2026: three whole weeks from Monday 5 October.
    expect(coverOf({ from: '2026-10-01', to: '2026-10-31' }, { isByDay: false })).toEqual({
      weeks: ['2026-10-05', '2026-10-12', '2026-10-19'],
      days: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31'],
    });
  });

  it('takes a week that ends on the last day whole, and a range shorter than a week as days', () => {
    expect(coverOf({ from: '2026-10-05', to: '2026-10-11' }, { isByDay: false })).toEqual({ weeks: ['2026-10-05'], days: [] });
    expect(coverOf({ from: '2026-10-05', to: '2026-10-10' }, { isByDay: false })).toEqual({ weeks: [], days: ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-10'] });
  });

  it('reads every day when the figures are wanted day by day', () => {
    const cover = coverOf({ from: '2026-10-01', to: '2026-10-31' }, { isByDay: true });
    expect(cover.weeks).toEqual([]);
    expect(cover.days).toHaveLength(31);
  });

  it('crosses a change to summer time without losing or repeating a day', () => {
    // Local dates: 29 March 2026 is the clocks-forward Sunday in Europe; days are calendar dates.
    const cover = coverOf({ from: '2026-03-23', to: '2026-04-05' }, { isByDay: false });
    expect(cover).toEqual({ weeks: ['2026-03-23', '2026-03-30'], days: [] });
  });
});
