import type { Queryable } from '@threadline/platform/db';
import { isKnownTimeZone, WEEKDAYS, type BusinessHours, type WeeklyHours } from './business-hours.js';
import { ServerError } from '../errors.js';

/** How a tenant's reports count time (`report_settings`, migration 0012). */
export interface ReportSettings {
  businessHours: BusinessHours;
  /** A customer back within this many days of a solve is a repeat contact (and no automated resolution). */
  repeatContactDays: number;
}

const WORKDAY: Array<[string, string]> = [['09:00', '17:00']];

/** No row: UTC, Monday–Friday 09:00–17:00 (Zendesk's default schedule), no holidays, 7 days. */
export const DEFAULT_REPORT_SETTINGS: Readonly<ReportSettings> = Object.freeze({
  businessHours: { timeZone: 'UTC', weekly: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY }, holidays: [] },
  repeatContactDays: 7,
});

export async function getReportSettings(db: Queryable, tenantId: string): Promise<ReportSettings> {
  const { rows } = await db.query<{ time_zone: string; weekly_hours: WeeklyHours; holidays: string[] | null; repeat_contact_days: number }>(
    `select time_zone, weekly_hours, array(select to_char(h, 'YYYY-MM-DD') from unnest(holidays) h order by h) as holidays, repeat_contact_days
       from report_settings where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return structuredClone(DEFAULT_REPORT_SETTINGS) as ReportSettings;
  return { businessHours: { timeZone: row.time_zone, weekly: row.weekly_hours, holidays: row.holidays ?? [] }, repeatContactDays: row.repeat_contact_days };
}

const invalid = (message: string, details: Record<string, string>) =>
  new ServerError('SERVER_REPORT_SETTINGS_INVALID', message, details);

/** Refuses settings no clock can follow: an unknown zone, an interval that ends before it starts. */
export function checkReportSettings(settings: ReportSettings): void {
  const { timeZone, weekly, holidays } = settings.businessHours;
  if (!isKnownTimeZone(timeZone)) throw invalid(`"${timeZone}" is not an IANA time zone`, { timeZone });
  for (const day of Object.keys(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) throw invalid(`"${day}" is not a weekday (sun … sat)`, { day });
    for (const [open, close] of weekly[day as keyof WeeklyHours] ?? []) {
      if (!(open < close)) throw invalid(`${day}: an interval must end after it starts (${open}–${close})`, { day, open, close });
    }
  }
  for (const holiday of holidays) {
    if (Number.isNaN(Date.parse(`${holiday}T00:00:00Z`))) throw invalid(`"${holiday}" is not a date`, { holiday });
  }
}

/** Stores the settings, nothing more: `changeReportSettings` also rewrites the tenant's ticket facts. */
export async function saveReportSettings(tx: Queryable, tenantId: string, settings: ReportSettings): Promise<ReportSettings> {
  checkReportSettings(settings);
  const { timeZone, weekly, holidays } = settings.businessHours;
  await tx.query(
    `insert into report_settings (tenant_id, time_zone, weekly_hours, holidays, repeat_contact_days) values ($1, $2, $3::jsonb, $4::date[], $5)
     on conflict (tenant_id) do update set time_zone = excluded.time_zone, weekly_hours = excluded.weekly_hours, holidays = excluded.holidays,
       repeat_contact_days = excluded.repeat_contact_days, updated_at = now()`,
    [tenantId, timeZone, JSON.stringify(weekly), [...new Set(holidays)].sort(), settings.repeatContactDays],
  );
  return getReportSettings(tx, tenantId);
}
