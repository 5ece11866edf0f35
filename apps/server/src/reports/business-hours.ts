/**
 * Business time, as helpdesks count it: Zendesk's `reply_time_in_minutes.business` and
 * `full_resolution_time_in_minutes.business` count only the minutes inside the schedule's opening
 * intervals, in the schedule's time zone, skipping holidays. Pure functions over instants; the
 * zone rules come from the platform's Intl data, so daylight-saving changes are honoured.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local opening intervals per weekday, "HH:MM" 24-hour, end after start; a missing day is closed. */
export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface BusinessHours {
  /** IANA zone, e.g. "Europe/London". */
  timeZone: string;
  weekly: WeeklyHours;
  /** Local dates the business is closed all day, "YYYY-MM-DD". */
  holidays: readonly string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A resolution longer than this is counted up to it: the loop below walks one local day at a time. */
const MAX_DAYS = 3_660;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the platform knows the zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock fields of an instant in a zone. */
function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields.year ?? 1970, month: fields.month ?? 1, day: fields.day ?? 1, hour: fields.hour ?? 0, minute: fields.minute ?? 0, second: fields.second ?? 0 };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local wall-clock time happens in the zone (the later one when a DST gap skips it). */
export function zonedTimeToInstant(localDayStartUtc: number, minuteOfDay: number, timeZone: string): number {
  const guess = localDayStartUtc + minuteOfDay * MINUTE;
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

/** The local calendar date of an instant in the zone, as a UTC-midnight epoch ms. */
export function localDayOf(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day);
}

function minuteOf(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

const isoDate = (dayUtc: number) => new Date(dayUtc).toISOString().slice(0, 10);

/**
 * Business minutes between two instants (0 when `end` is not after `start`), rounded to whole
 * minutes as Zendesk reports them.
 *
 * @example
 * const day: Array<[string, string]> = [['09:00', '17:00']];
 * const london = { timeZone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: [] };
 * // Friday 16:00 → Monday 10:00 London (summer time, UTC+1): 60 + 60 = 120 minutes.
 * businessMinutesBetween(Date.parse('2026-10-02T15:00:00Z'), Date.parse('2026-10-05T09:00:00Z'), london);
 */
export function businessMinutesBetween(start: number, end: number, hours: BusinessHours): number {
  if (!(end > start)) return 0;
  const holidays = new Set(hours.holidays);
  const lastDay = Math.min(localDayOf(end, hours.timeZone), localDayOf(start, hours.timeZone) + MAX_DAYS * DAY);
  let total = 0;
  for (let day = localDayOf(start, hours.timeZone); day <= lastDay; day += DAY) {
    if (holidays.has(isoDate(day))) continue;
    const intervals = hours.weekly[WEEKDAYS[new Date(day).getUTCDay()] as Weekday] ?? [];
    for (const [open, close] of intervals) {
      const from = Math.max(start, zonedTimeToInstant(day, minuteOf(open), hours.timeZone));
      const to = Math.min(end, zonedTimeToInstant(day, minuteOf(close), hours.timeZone));
      if (to > from) total += to - from;
    }
  }
  return Math.round(total / MINUTE);
}
