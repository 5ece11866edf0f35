import { ServerError } from '../errors.js';

/** A report's dates: local calendar days in the tenant's zone, `to` inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

export const MAX_RANGE_DAYS = 400;
const DAY = 86_400_000;

const rangeError = (message: string, details: Record<string, string>) =>
  new ServerError('SERVER_REPORT_RANGE_INVALID', message, details);

function dayOf(text: string, name: string): number {
  const day = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a real date formats back to itself.
  // Years outside 1900–2999 are typing errors, and Postgres has no year 0.
  const year = Number(text.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== text || year < 1900 || year > 2999) {
    throw rangeError(`${name} "${text}" is not a date (YYYY-MM-DD)`, { [name]: text });
  }
  return day;
}

/** Checks a range: real dates, from ≤ to, at most 400 days. Returns its length in days. */
export function checkRange(range: DateRange, names: { from: string; to: string } = { from: 'from', to: 'to' }): number {
  const from = dayOf(range.from, names.from);
  const to = dayOf(range.to, names.to);
  if (from > to) throw rangeError(`${names.from} (${range.from}) is after ${names.to} (${range.to})`, { [names.from]: range.from, [names.to]: range.to });
  const days = (to - from) / DAY + 1;
  if (days > MAX_RANGE_DAYS) throw rangeError(`The range spans ${days} days; at most ${MAX_RANGE_DAYS} are allowed`, { [names.from]: range.from, [names.to]: range.to });
  return days;
}

/** The day after a date, "YYYY-MM-DD" (the exclusive end of an inclusive range). */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}
