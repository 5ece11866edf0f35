import { nextDay, type DateRange } from './report-range.js';
import { weekOf } from './rollup-keys.js';

/** The rollup rows that cover a range: Mondays of `report_weekly` rows and days of `report_daily` rows. */
export interface RangeCover {
  weeks: string[];
  days: string[];
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The whole weeks inside a range, read as one weekly row each, and the days at its ragged ends;
 * every day when the figures are wanted day by day (a week's row cannot be split).
 *
 *   coverOf({ from: '2026-10-01', to: '2026-10-31' }, { isByDay: false })
 *   // weeks 2026-10-05, -12, -19; days 1–4 October (Thu–Sun) and 26–31 October (Mon–Sat)
 */
export function coverOf(range: DateRange, options: { isByDay: boolean }): RangeCover {
  const cover: RangeCover = { weeks: [], days: [] };
  const end = nextDay(range.to);
  for (let day = range.from; day < end; ) {
    const isWholeWeek = !options.isByDay && weekOf(day) === day && addDays(day, 7) <= end;
    if (isWholeWeek) cover.weeks.push(day);
    else cover.days.push(day);
    day = addDays(day, isWholeWeek ? 7 : 1);
  }
  return cover;
}
