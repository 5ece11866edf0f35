import type { Channel, Interval, ReportQuery } from '../../api/report-types.js';

/** The date presets, in days ending today; `custom` is a from/to the user picked. */
export const PRESETS = ['7', '30', '90', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

/** The longest range the reports API accepts. */
export const MAX_RANGE_DAYS = 400;

export interface ReportFilters {
  preset: Preset;
  from: string;
  to: string;
  channel: Channel | '';
  interval: Interval;
  isComparing: boolean;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

/** `iso` moved by `days` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return toIso(new Date(toDate(iso).getTime() + days * DAY_MS));
}

/** Days from `from` to `to`, both counted. */
export function daysIn(range: { from: string; to: string }): number {
  return Math.round((toDate(range.to).getTime() - toDate(range.from).getTime()) / DAY_MS) + 1;
}

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(toDate(value).getTime()) && toIso(toDate(value)) === value;
}

/** The browser's calendar date (the report's dates are the tenant's; a day's difference at midnight is harmless for a preset). */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The last `days` days, today included. */
export function presetRange(days: number, today: string): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The period of the same length just before `range`, for "compare with the previous period". */
export function previousPeriod(range: { from: string; to: string }): { from: string; to: string } {
  const length = daysIn(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeProblem(range: { from: string; to: string }): string | null {
  if (!isIsoDate(range.from) || !isIsoDate(range.to)) return 'Pick both dates.';
  if (range.from > range.to) return 'The start date is after the end date.';
  if (daysIn(range) > MAX_RANGE_DAYS) return `Pick at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

export const DEFAULT_PRESET: Preset = '30';

/**
 * The filters a URL's query names (`?range=7|30|90` or `?from=…&to=…`, `channel`, `interval`,
 * `compare=1`), falling back to the last 30 days by day for anything missing or malformed.
 */
export function filtersFromSearch(search: string, today: string): ReportFilters {
  const params = new URLSearchParams(search);
  const interval: Interval = params.get('interval') === 'week' ? 'week' : 'day';
  const channel = (params.get('channel') ?? '') as Channel | '';
  const isComparing = params.get('compare') === '1';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (from && to && rangeProblem({ from, to }) === null) return { preset: 'custom', from, to, channel, interval, isComparing };
  const named = params.get('range');
  const preset: Preset = named === '7' || named === '30' || named === '90' ? named : DEFAULT_PRESET;
  return { preset, ...presetRange(Number(preset), today), channel, interval, isComparing };
}

/** The query string that reproduces `filters` (presets stay relative, so a bookmark moves with time). */
export function searchFromFilters(filters: ReportFilters): string {
  const params = new URLSearchParams();
  if (filters.preset === 'custom') {
    params.set('from', filters.from);
    params.set('to', filters.to);
  } else if (filters.preset !== DEFAULT_PRESET) {
    params.set('range', filters.preset);
  }
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.interval !== 'day') params.set('interval', filters.interval);
  if (filters.isComparing) params.set('compare', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API query for `filters`: the previous period of the same length when comparing. */
export function queryFromFilters(filters: ReportFilters): ReportQuery {
  const compare = filters.isComparing ? previousPeriod(filters) : null;
  return {
    from: filters.from,
    to: filters.to,
    channel: filters.channel || undefined,
    interval: filters.interval,
    compareFrom: compare?.from,
    compareTo: compare?.to,
  };
}
