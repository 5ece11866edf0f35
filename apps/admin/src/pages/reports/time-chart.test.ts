import { describe, expect, it } from 'vitest';
import { periodTicks } from './time-chart.js';

describe('periodTicks', () => {
  const days = Array.from({ length: 30 }, (_unused, index) => 1_762_560_000 + index * 86_400);

  it('labels every period when they fit', () => {
    expect(periodTicks(days.slice(0, 5), 640)).toEqual(days.slice(0, 5));
  });

  it('thins the labels to the width, always keeping the first period', () => {
    const ticks = periodTicks(days, 320);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks[0]).toBe(days[0]);
    expect(ticks.every((tick) => days.includes(tick))).toBe(true);
  });
});
