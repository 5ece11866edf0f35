import { describe, expect, it } from 'vitest';
import { addDays, daysIn, filtersFromSearch, localToday, presetRange, previousPeriod, queryFromFilters, rangeProblem, searchFromFilters } from './range.js';

describe('date ranges', () => {
  it('a preset of N days ends today and counts today', () => {
    expect(presetRange(7, '2026-12-07')).toEqual({ from: '2026-12-01', to: '2026-12-07' });
    expect(daysIn(presetRange(30, '2026-03-01'))).toBe(30);
    expect(presetRange(30, '2026-03-01').from).toBe('2026-01-31');
  });

  it('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod({ from: '2026-12-01', to: '2026-12-07' })).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it("reads the browser's calendar date, not UTC's", () => {
    expect(localToday(new Date(2026, 11, 7, 23, 30))).toBe('2026-12-07');
  });

  it('says why a custom range cannot be asked for', () => {
    expect(rangeProblem({ from: '2026-12-07', to: '2026-12-01' })).toMatch(/start date is after/);
    expect(rangeProblem({ from: '2026-02-30', to: '2026-03-01' })).toMatch(/both dates/);
    expect(rangeProblem({ from: '2025-01-01', to: '2026-12-01' })).toMatch(/at most 400 days/);
    expect(rangeProblem({ from: '2026-12-01', to: '2026-12-01' })).toBeNull();
  });
});

describe('filters in the URL', () => {
  const today = '2026-12-07';

  it('defaults to the last 30 days by day, no channel, no comparison', () => {
    expect(filtersFromSearch('', today)).toEqual({ preset: '30', from: '2026-11-08', to: today, channel: '', interval: 'day', isComparing: false });
  });

  it('round-trips a preset and a custom range through the query string', () => {
    const preset = filtersFromSearch('?range=7&channel=chat&interval=week&compare=1', today);
    expect(preset).toMatchObject({ preset: '7', from: '2026-12-01', channel: 'chat', interval: 'week', isComparing: true });
    expect(filtersFromSearch(searchFromFilters(preset), today)).toEqual(preset);
    const custom = filtersFromSearch('?from=2026-10-01&to=2026-10-31', today);
    expect(custom).toMatchObject({ preset: 'custom', from: '2026-10-01', to: '2026-10-31' });
    expect(searchFromFilters(custom)).toBe('?from=2026-10-01&to=2026-10-31');
  });

  it('falls back to the default for a malformed range', () => {
    expect(filtersFromSearch('?from=2026-10-31&to=2026-10-01', today).preset).toBe('30');
    expect(filtersFromSearch('?range=365', today).preset).toBe('30');
  });

  it('asks the API for the previous period only when comparing', () => {
    const filters = filtersFromSearch('?range=7', today);
    expect(queryFromFilters(filters)).toEqual({ from: '2026-12-01', to: today, channel: undefined, interval: 'day', compareFrom: undefined, compareTo: undefined });
    expect(queryFromFilters({ ...filters, isComparing: true })).toMatchObject({ compareFrom: '2026-11-24', compareTo: '2026-11-30' });
  });
});
