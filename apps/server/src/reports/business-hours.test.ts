import { describe, expect, it } from 'vitest';
import { businessMinutesBetween, type BusinessHours } from './business-hours.js';

const WORKDAY: Array<[string, string]> = [['09:00', '17:00']];
const london: BusinessHours = { timeZone: 'Europe/London', weekly: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY }, holidays: [] };
const minutes = (from: string, to: string, hours: BusinessHours = london) => businessMinutesBetween(Date.parse(from), Date.parse(to), hours);

describe('business minutes', () => {
  it('counts only opening hours across an evening and a weekend, in the zone', () => {
    // Friday 16:30 London (BST) → Monday 09:45: 30 + 45.
    expect(minutes('2026-10-02T15:30:00Z', '2026-10-05T08:45:00Z')).toBe(75);
    // Wednesday 18:30 → Thursday 09:10: only Thursday's 10 minutes.
    expect(minutes('2026-10-07T17:30:00Z', '2026-10-08T08:10:00Z')).toBe(10);
    // A message and its reply both in the night count nothing.
    expect(minutes('2026-10-07T20:00:00Z', '2026-10-07T22:00:00Z')).toBe(0);
  });

  it('follows the clock change: 09:00 London is 08:00Z in October and 09:00Z in November', () => {
    expect(minutes('2026-10-23T08:00:00Z', '2026-10-23T09:00:00Z')).toBe(60);
    expect(minutes('2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z')).toBe(60);
    // Friday 23 Oct 16:00 (BST) → Monday 26 Oct 10:00 (GMT): 60 + 60 across the change.
    expect(minutes('2026-10-23T15:00:00Z', '2026-10-26T10:00:00Z')).toBe(120);
  });

  it('skips holidays and split days, and is 0 for an end before the start', () => {
    const christmas = { ...london, holidays: ['2026-12-25'] };
    // Thursday 24 Dec 16:00 → Monday 28 Dec 10:00 (GMT): Thu 60, Fri a holiday, Mon 60.
    expect(minutes('2026-12-24T16:00:00Z', '2026-12-28T10:00:00Z', christmas)).toBe(120);
    const split: BusinessHours = { timeZone: 'UTC', weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']] }, holidays: [] };
    expect(minutes('2026-10-05T11:00:00Z', '2026-10-05T14:00:00Z', split)).toBe(120);
    expect(minutes('2026-10-05T14:00:00Z', '2026-10-05T11:00:00Z', split)).toBe(0);
  });
});
