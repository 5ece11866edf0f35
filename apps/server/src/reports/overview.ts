import type { Queryable } from '@threadline/platform/db';
import { metricDefinitions, type MetricKey } from './definitions.js';
import { aggregateFacts, emptyAggregate, type AggregateRow, type Journey, type Metrics, type ReportInterval } from './overview-repository.js';
import { checkRange, type DateRange } from './report-range.js';
import { getReportSettings } from './report-settings-repository.js';

export interface OverviewRequest {
  tenantId: string;
  range: DateRange;
  channel?: string | undefined;
  interval: ReportInterval;
  compare?: DateRange | undefined;
  /** The clock automated resolutions are judged against (tests pin it). */
  now?: Date;
}

export interface Overview {
  range: DateRange & { timezone: string; interval: ReportInterval };
  definitions: Record<MetricKey, string>;
  overall: Metrics;
  byChannel: Array<{ channel: string } & Metrics>;
  series: Array<{ period: string } & Metrics>;
  journey: Journey;
  compare: null | { range: DateRange & { timezone: string; interval: ReportInterval }; overall: Metrics };
}

const DAY = 86_400_000;

/** Every period start of the range, oldest first: each date, or each Monday of a week that overlaps it. */
export function periodsOf(range: DateRange, interval: ReportInterval): string[] {
  let day = Date.parse(`${range.from}T00:00:00Z`);
  const last = Date.parse(`${range.to}T00:00:00Z`);
  if (interval === 'week') day -= ((new Date(day).getUTCDay() + 6) % 7) * DAY;
  const periods: string[] = [];
  for (; day <= last; day += interval === 'week' ? 7 * DAY : DAY) periods.push(new Date(day).toISOString().slice(0, 10));
  return periods;
}

/** The overview of the contract: overall, by channel, a series without gaps, the journey, a comparison. */
export async function buildOverview(db: Queryable, request: OverviewRequest): Promise<Overview> {
  checkRange(request.range);
  if (request.compare) checkRange(request.compare, { from: 'compareFrom', to: 'compareTo' });
  const settings = await getReportSettings(db, request.tenantId);
  const timeZone = settings.businessHours.timeZone;
  const base = { tenantId: request.tenantId, timeZone, repeatContactDays: settings.repeatContactDays, channel: request.channel, interval: request.interval, asOf: request.now ?? new Date() };
  const [rows, compareRows] = await Promise.all([
    aggregateFacts(db, { ...base, range: request.range }, ['all', 'channel', 'period'], { hasJourney: true }),
    request.compare ? aggregateFacts(db, { ...base, range: request.compare }, ['all']) : Promise.resolve([] as AggregateRow[]),
  ]);
  const overall = rows.find((row) => row.period === null && row.channel === null) ?? emptyAggregate();
  const byPeriod = new Map(rows.filter((row) => row.period !== null).map((row) => [row.period as string, row.metrics]));
  const empty = emptyAggregate().metrics;
  const describe = (range: DateRange) => ({ from: range.from, to: range.to, timezone: timeZone, interval: request.interval });
  return {
    range: describe(request.range),
    definitions: metricDefinitions(settings.repeatContactDays, timeZone),
    overall: overall.metrics,
    byChannel: rows.filter((row) => row.period === null && row.channel !== null).map((row) => ({ channel: row.channel as string, ...row.metrics })),
    series: periodsOf(request.range, request.interval).map((period) => ({ period, ...(byPeriod.get(period) ?? empty) })),
    journey: overall.journey,
    compare: request.compare ? { range: describe(request.compare), overall: (compareRows[0] ?? emptyAggregate()).metrics } : null,
  };
}

const CSV_COLUMNS = [
  'period', 'channel', 'tickets', 'first_response_median_minutes', 'first_response_p90_minutes', 'resolution_median_minutes', 'resolution_p90_minutes',
  'csat_responses', 'csat_good', 'csat_bad', 'csat_score', 'reopen_rate', 'repeat_contact_rate', 'automated_resolution_rate',
  'auto_replied', 'drafted', 'draft_used', 'escalated', 'handed_off',
] as const;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what a spreadsheet would split or run as a formula.
  return /[",\n\r]|^[=+\-@]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The overview as CSV: one row per (period, channel), then per period, per channel and overall ("all"). */
export async function buildOverviewCsv(db: Queryable, request: OverviewRequest): Promise<string> {
  checkRange(request.range);
  const settings = await getReportSettings(db, request.tenantId);
  const rows = await aggregateFacts(
    db,
    { tenantId: request.tenantId, range: request.range, timeZone: settings.businessHours.timeZone, repeatContactDays: settings.repeatContactDays, channel: request.channel, interval: request.interval, asOf: request.now ?? new Date() },
    ['period,channel', 'period', 'channel', 'all'],
  );
  const lines = [CSV_COLUMNS.join(',')];
  const keyOf = (row: AggregateRow) => `${row.period === null ? 1 : 0}${row.period ?? ''}|${row.channel === null ? 1 : 0}${row.channel ?? ''}`;
  const ordered = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (const { period, channel, metrics: m } of ordered) {
    const values = [
      period ?? 'all', channel ?? 'all', m.tickets, m.firstResponseMinutes.median, m.firstResponseMinutes.p90, m.resolutionMinutes.median, m.resolutionMinutes.p90,
      m.csat.responses, m.csat.good, m.csat.bad, m.csat.score, m.reopenRate, m.repeatContactRate, m.automatedResolutionRate,
      m.outcomes.autoReplied, m.outcomes.drafted, m.outcomes.draftUsed, m.outcomes.escalated, m.outcomes.handedOff,
    ];
    lines.push(values.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
