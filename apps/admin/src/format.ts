/** Shown where a figure has no value (no tickets, no ratings): never a misleading 0. */
export const NO_VALUE = '—';

// Channel labels are the product vocabulary's, shared with the server and the sidebar.
export { CHANNELS, channelLabel } from '@threadline/vocabulary';

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_VALUE : value.toLocaleString('en');
}

/** A 0..1 rate as a whole percentage (one decimal under 10%, where rounding would hide the change). */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  const percent = value * 100;
  return `${percent !== 0 && Math.abs(percent) < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/**
 * A 0..1 confidence threshold as the percent the console shows and takes, beside the figures it is
 * compared with ("confidence 41% · replies from 55%"); one decimal where the threshold has one.
 * @example thresholdToPercent(0.55) // 55
 */
export function thresholdToPercent(threshold: number): number {
  return Math.round(threshold * 1000) / 10;
}

/** @example percentToThreshold(60) // 0.6 */
export function percentToThreshold(percent: number): number {
  return Math.round(percent * 10) / 1000;
}

/**
 * Who made a change or ran a replay, as the console names them: an account by its email, a change
 * made with the tenant API key (the CLI, the demo's console link) as "the API key", not the
 * API's "api-key".
 */
export function actorName(actor: string): string {
  return actor === 'api-key' ? 'the API key' : actor;
}

/**
 * Business minutes as a person reads them: "45 min", "3 h 20 min", "2 d 4 h" (days of 24 business
 * hours, so a long figure still compares with a short one).
 */
export function formatDuration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return NO_VALUE;
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours < 24) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

export type FigureKind = 'count' | 'rate' | 'duration';

export function formatFigure(value: number | null | undefined, kind: FigureKind): string {
  if (kind === 'rate') return formatRate(value);
  if (kind === 'duration') return formatDuration(value);
  return formatCount(value);
}

/** Which way is good for a figure; `null` when neither (ticket volume). */
export type Better = 'higher' | 'lower' | null;

export interface Change {
  /** "+12, +8%", "−3.1 pts", "−12 min"; "no change"; null when either side has no value. */
  text: string;
  tone: 'good' | 'bad' | 'neutral';
}

const MINUS = '\u2212';
const signed = (value: number, text: string) => `${value > 0 ? '+' : value < 0 ? MINUS : ''}${text}`;

/** How `current` moved from `previous`: counts with their percentage, rates in points, durations in time. */
export function describeChange(options: { current: number | null; previous: number | null; kind: FigureKind; better: Better }): Change | null {
  const { current, previous, kind, better } = options;
  if (current === null || previous === null) return null;
  const delta = current - previous;
  const isNoChange = kind === 'rate' ? Math.abs(delta) < 0.0005 : kind === 'duration' ? Math.round(delta) === 0 : delta === 0;
  if (isNoChange) return { text: 'no change', tone: 'neutral' };
  let text: string;
  if (kind === 'rate') text = signed(delta, `${Math.abs(delta * 100).toFixed(1)} pts`);
  else if (kind === 'duration') text = signed(delta, formatDuration(Math.abs(delta)));
  else text = `${signed(delta, formatCount(Math.abs(delta)))}${previous > 0 ? `, ${signed(delta, `${Math.round((Math.abs(delta) / previous) * 100)}%`)}` : ''}`;
  const isUp = delta > 0;
  const tone = better === null ? 'neutral' : isUp === (better === 'higher') ? 'good' : 'bad';
  return { text, tone };
}

/** "8 Nov 2026" for a `YYYY-MM-DD` (read as a calendar date, never shifted by the browser's zone). */
export function formatDate(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "8 Nov 2026 – 7 Dec 2026" */
export function formatRange(range: { from: string; to: string }): string {
  return range.from === range.to ? formatDate(range.from) : `${formatDate(range.from)} – ${formatDate(range.to)}`;
}

/** A moment (`createdAt`) in the browser's zone, to the minute. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
