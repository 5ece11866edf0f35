/** What the daily and weekly rows are keyed by, shared by their writers and the report's reader. */

/** A local day (in the tenant's zone) and a channel: one `report_daily` row. */
export interface DayKey {
  day: string;
  channel: string;
}

/** A gap no range reaches across: ranges are at most 400 days. */
export const NO_PREVIOUS = 401;

/** The Monday of a local day's week, "YYYY-MM-DD": the `report_weekly` row it adds to. */
export function weekOf(day: string): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  return new Date(at - ((new Date(at).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}
