import type { Queryable } from '@threadline/platform/db';
import { nextDay, type DateRange } from './report-range.js';
import { coverOf } from './report-cover.js';
import { weekOf } from './rollup-keys.js';
import { SUMMED_COLUMNS } from './weekly-rollups.js';

export type ReportInterval = 'day' | 'week';

export interface Metrics {
  tickets: number;
  firstResponseMinutes: { median: number | null; p90: number | null };
  resolutionMinutes: { median: number | null; p90: number | null };
  csat: { responses: number; good: number; bad: number; score: number | null };
  reopenRate: number | null;
  repeatContactRate: number | null;
  automatedResolutionRate: number | null;
  outcomes: { autoReplied: number; drafted: number; draftUsed: number; escalated: number; handedOff: number };
}

export interface Journey {
  customers: number;
  multiChannelCustomers: number;
  multiChannelIssues: number;
  csatMultiChannel: number | null;
  csatSingleChannel: number | null;
}

export interface ReportQuery {
  tenantId: string;
  range: DateRange;
  timeZone: string;
  repeatContactDays: number;
  channel?: string | undefined;
  interval: ReportInterval;
  /** Replies newer than the repeat-contact window before this are not automated resolutions yet. */
  asOf: Date;
}

/** One aggregate row: a grouping of (period, channel), either of which may be "all". */
export interface AggregateRow {
  period: string | null;
  channel: string | null;
  metrics: Metrics;
  journey: Journey;
}

/** Counts that add up across days and channels, and the minute histograms that merge. */
interface Totals {
  tickets: number;
  csatResponses: number;
  good: number;
  bad: number;
  solved: number;
  reopened: number;
  repeatContacts: number;
  automated: number;
  autoReplied: number;
  drafted: number;
  draftUsed: number;
  escalated: number;
  handedOff: number;
  mcIssues: number;
  mcGood: number;
  mcBad: number;
  firstResponse: Map<number, number>;
  resolution: Map<number, number>;
}

/** A `report_daily` row (`start` is its day) or a `report_weekly` row (`start` is its Monday). */
interface RollupRow {
  start: string;
  is_week: boolean;
  channel: string;
  tickets: number;
  csat_responses: number;
  csat_good: number;
  csat_bad: number;
  solved: number;
  reopened: number;
  repeat_contacts: number;
  auto_replied: number;
  drafted: number;
  draft_used: number;
  escalated: number;
  handed_off: number;
  multi_channel_issues: number;
  multi_channel_good: number;
  multi_channel_bad: number;
  automated: number;
  automated_latest: Date | null;
  first_response_histogram: Record<string, number>;
  resolution_histogram: Record<string, number>;
}

export type GroupingSet = 'all' | 'channel' | 'period' | 'period,channel';

const emptyTotals = (): Totals => ({
  tickets: 0, csatResponses: 0, good: 0, bad: 0, solved: 0, reopened: 0, repeatContacts: 0, automated: 0, autoReplied: 0, drafted: 0,
  draftUsed: 0, escalated: 0, handedOff: 0, mcIssues: 0, mcGood: 0, mcBad: 0, firstResponse: new Map(), resolution: new Map(),
});

function addHistogram(target: Map<number, number>, histogram: Record<string, number>): void {
  for (const [minutes, tickets] of Object.entries(histogram)) target.set(Number(minutes), (target.get(Number(minutes)) ?? 0) + tickets);
}

function addRollup(totals: Totals, row: RollupRow): void {
  totals.tickets += row.tickets;
  totals.csatResponses += row.csat_responses;
  totals.good += row.csat_good;
  totals.bad += row.csat_bad;
  totals.solved += row.solved;
  totals.reopened += row.reopened;
  totals.repeatContacts += row.repeat_contacts;
  totals.autoReplied += row.auto_replied;
  totals.drafted += row.drafted;
  totals.draftUsed += row.draft_used;
  totals.escalated += row.escalated;
  totals.handedOff += row.handed_off;
  totals.mcIssues += row.multi_channel_issues;
  totals.mcGood += row.multi_channel_good;
  totals.mcBad += row.multi_channel_bad;
  addHistogram(totals.firstResponse, row.first_response_histogram);
  addHistogram(totals.resolution, row.resolution_histogram);
}

/**
 * A percentile of the values a histogram counts, interpolated between the two nearest ranks as
 * Postgres's `percentile_cont` does; null without values.
 */
export function percentileOf(histogram: ReadonlyMap<number, number>, fraction: number): number | null {
  const values = [...histogram.entries()].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = values.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = fraction * (total - 1);
  const valueAt = (index: number) => {
    let seen = 0;
    for (const [value, count] of values) {
      seen += count;
      if (index < seen) return value;
    }
    return (values.at(-1) as [number, number])[0];
  };
  const lower = valueAt(Math.floor(rank));
  const upper = valueAt(Math.ceil(rank));
  return lower + (upper - lower) * (rank - Math.floor(rank));
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function toMetrics(totals: Totals): Metrics {
  return {
    tickets: totals.tickets,
    firstResponseMinutes: { median: round(percentileOf(totals.firstResponse, 0.5)), p90: round(percentileOf(totals.firstResponse, 0.9)) },
    resolutionMinutes: { median: round(percentileOf(totals.resolution, 0.5)), p90: round(percentileOf(totals.resolution, 0.9)) },
    csat: { responses: totals.csatResponses, good: totals.good, bad: totals.bad, score: ratio(totals.good, totals.good + totals.bad) },
    reopenRate: ratio(totals.reopened, totals.solved),
    repeatContactRate: ratio(totals.repeatContacts, totals.solved),
    automatedResolutionRate: ratio(totals.automated, totals.tickets),
    outcomes: { autoReplied: totals.autoReplied, drafted: totals.drafted, draftUsed: totals.draftUsed, escalated: totals.escalated, handedOff: totals.handedOff },
  };
}

const DAY_MS = 86_400_000;

/** The Sunday that ends a week starting on a Monday. */
const weekEnd = (monday: string) => new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10);

/** The period a local day (or a week's Monday) belongs to: itself, or the Monday of its week. */
const periodOf = (day: string, interval: ReportInterval) => (interval === 'day' ? day : weekOf(day));

const ROLLUP_COLUMNS = `channel, ${SUMMED_COLUMNS.join(', ')}, automated_latest, first_response_histogram, resolution_histogram`;

/**
 * Every figure of a report, grouped by the requested sets (overall, per channel, per period, or
 * both): the range's weekly rows and the daily rows around them merged (every daily row when the
 * figures are wanted per day), plus narrow index scans over `ticket_facts` for what does not add up
 * across days: automated resolutions (judged against `asOf`) and, with `hasJourney`, distinct
 * customers.
 */
export async function aggregateFacts(
  db: Queryable,
  query: ReportQuery,
  sets: readonly GroupingSet[],
  options: { hasJourney?: boolean } = {},
): Promise<AggregateRow[]> {
  const cover = coverOf(query.range, { isByDay: query.interval === 'day' && sets.some((set) => set.startsWith('period')) });
  const bounds = [query.tenantId, query.range.from, nextDay(query.range.to), query.timeZone, query.channel ?? null];
  const [rollups, journey] = await Promise.all([
    db.query<RollupRow>(
      `select to_char(day, 'YYYY-MM-DD') as start, false as is_week, ${ROLLUP_COLUMNS}
         from report_daily where tenant_id = $1 and day = any($2::date[]) and ($4::text is null or channel = $4) and tickets > 0
       union all
       select to_char(week, 'YYYY-MM-DD'), true, ${ROLLUP_COLUMNS}
         from report_weekly where tenant_id = $1 and week = any($3::date[]) and ($4::text is null or channel = $4) and tickets > 0`,
      [query.tenantId, cover.days, cover.weeks, query.channel ?? null],
    ),
    // Distinct customers on one channel need the facts (a customer's previous ticket may be on
    // another channel); across channels they add up from the rows' gap histograms: a customer counts
    // through the ticket whose predecessor lies before the range (more days back from the row's
    // day, or its week's Monday, than that is into the range).
    !options.hasJourney
      ? Promise.resolve({ rows: [{ customers: 0, mc_customers: 0 }] })
      : query.channel
      ? db.query<{ customers: number; mc_customers: number }>(
          `select count(*)::int as customers, count(*) filter (where is_multi)::int as mc_customers
             from (select customer_id, bool_or(is_multi_channel) as is_multi from ticket_facts
                    where tenant_id = $1 and created_at >= ($2::date)::timestamp at time zone $4 and created_at < ($3::date)::timestamp at time zone $4
                      and ($5::text is null or channel = $5)
                    group by customer_id) c`,
          bounds,
        )
      : db.query<{ customers: number; mc_customers: number }>(
          `with p as (
             select day as start, customer_gap_histogram as c, multi_channel_gap_histogram as m from report_daily where tenant_id = $1 and day = any($2::date[])
             union all
             select week, customer_gap_histogram, multi_channel_gap_histogram from report_weekly where tenant_id = $1 and week = any($3::date[]))
           select coalesce((select sum(e.value::int) from p, jsonb_each_text(p.c) e where e.key::int > p.start - $4::date), 0)::int as customers,
                  coalesce((select sum(e.value::int) from p, jsonb_each_text(p.m) e where e.key::int > p.start - $4::date), 0)::int as mc_customers`,
          [query.tenantId, cover.days, cover.weeks, query.range.from],
        )
  ]);
  const keyOf = (start: string, channel: string) => `${start}|${channel}`;
  // A row whose latest automated reply is still inside the window is counted from its facts; all
  // older rows are settled and counted as they stand.
  const cutoff = query.asOf.getTime() - query.repeatContactDays * DAY_MS;
  const pending = rollups.rows.filter((row) => row.automated_latest !== null && row.automated_latest.getTime() > cutoff);
  const pendingRows = new Set(pending);
  const automatedOf = new Map(rollups.rows.filter((row) => !pendingRows.has(row)).map((row) => [keyOf(row.start, row.channel), row.automated]));
  if (pending.length > 0) {
    const first = pending.map((row) => row.start).sort()[0] as string;
    const last = pending.map((row) => (row.is_week ? weekEnd(row.start) : row.start)).sort().at(-1) as string;
    const { rows } = await db.query<{ day: string; channel: string; automated: number }>(
      `select to_char(created_at at time zone $4, 'YYYY-MM-DD') as day, channel, count(*)::int as automated
         from ticket_facts
        where tenant_id = $1 and automated_resolution_at is not null
          and created_at >= ($2::date)::timestamp at time zone $4 and created_at < ($3::date)::timestamp at time zone $4
          and ($5::text is null or channel = $5) and automated_resolution_at <= $6::timestamptz - make_interval(days => $7)
        group by 1, 2`,
      [query.tenantId, first, nextDay(last), query.timeZone, query.channel ?? null, query.asOf, query.repeatContactDays],
    );
    const weeks = new Set(cover.weeks);
    const pendingKeys = new Set(pending.map((row) => keyOf(row.start, row.channel)));
    for (const row of rows) {
      const key = keyOf(weeks.has(weekOf(row.day)) ? weekOf(row.day) : row.day, row.channel);
      if (pendingKeys.has(key)) automatedOf.set(key, (automatedOf.get(key) ?? 0) + row.automated);
    }
  }
  const groups = new Map<string, { period: string | null; channel: string | null; totals: Totals }>();
  const add = (period: string | null, channel: string | null, row: RollupRow) => {
    const key = `${period ?? ''}|${channel ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { period, channel, totals: emptyTotals() }));
    addRollup(group.totals, row);
    group.totals.automated += automatedOf.get(keyOf(row.start, row.channel)) ?? 0;
  };
  for (const row of rollups.rows) {
    const period = periodOf(row.start, query.interval);
    if (sets.includes('all')) add(null, null, row);
    if (sets.includes('channel')) add(null, row.channel, row);
    if (sets.includes('period')) add(period, null, row);
    if (sets.includes('period,channel')) add(period, row.channel, row);
  }
  const customers = journey.rows[0] ?? { customers: 0, mc_customers: 0 };
  return [...groups.values()]
    .sort((a, b) => (a.period ?? '').localeCompare(b.period ?? '') || (a.channel ?? '').localeCompare(b.channel ?? ''))
    .map(({ period, channel, totals }) => ({
      period,
      channel,
      metrics: toMetrics(totals),
      journey: {
        customers: period === null && channel === null ? customers.customers : 0,
        multiChannelCustomers: period === null && channel === null ? customers.mc_customers : 0,
        multiChannelIssues: totals.mcIssues,
        csatMultiChannel: ratio(totals.mcGood, totals.mcGood + totals.mcBad),
        csatSingleChannel: ratio(totals.good - totals.mcGood, totals.good - totals.mcGood + totals.bad - totals.mcBad),
      },
    }));
}

/** The empty figures of a grouping with no tickets (a compare period before going live). */
export function emptyAggregate(): AggregateRow {
  return {
    period: null,
    channel: null,
    metrics: toMetrics(emptyTotals()),
    journey: { customers: 0, multiChannelCustomers: 0, multiChannelIssues: 0, csatMultiChannel: null, csatSingleChannel: null },
  };
}
