import type { Queryable } from '@threadline/platform/db';
import { nextDay, type DateRange } from './report-range.js';

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

interface Row {
  is_all_periods: boolean;
  is_all_channels: boolean;
  period: string | null;
  channel: string | null;
  tickets: number;
  fr_median: number | null;
  fr_p90: number | null;
  res_median: number | null;
  res_p90: number | null;
  csat_responses: number;
  good: number;
  bad: number;
  solved: number;
  reopened: number;
  repeat_contacts: number;
  automated: number;
  auto_replied: number;
  drafted: number;
  draft_used: number;
  escalated: number;
  handed_off: number;
  customers: number;
  mc_customers: number;
  mc_issues: number;
  mc_good: number;
  mc_bad: number;
  sc_good: number;
  sc_bad: number;
}

export type GroupingSet = 'all' | 'channel' | 'period' | 'period,channel';

const SETS: Record<GroupingSet, string> = { all: '()', channel: '(channel)', period: '(period)', 'period,channel': '(period, channel)' };

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function toAggregate(row: Row): AggregateRow {
  return {
    period: row.is_all_periods ? null : row.period,
    channel: row.is_all_channels ? null : row.channel,
    metrics: {
      tickets: row.tickets,
      firstResponseMinutes: { median: round(row.fr_median), p90: round(row.fr_p90) },
      resolutionMinutes: { median: round(row.res_median), p90: round(row.res_p90) },
      csat: { responses: row.csat_responses, good: row.good, bad: row.bad, score: ratio(row.good, row.good + row.bad) },
      reopenRate: ratio(row.reopened, row.solved),
      repeatContactRate: ratio(row.repeat_contacts, row.solved),
      automatedResolutionRate: ratio(row.automated, row.tickets),
      outcomes: { autoReplied: row.auto_replied, drafted: row.drafted, draftUsed: row.draft_used, escalated: row.escalated, handedOff: row.handed_off },
    },
    journey: {
      customers: row.customers,
      multiChannelCustomers: row.mc_customers,
      multiChannelIssues: row.mc_issues,
      csatMultiChannel: ratio(row.mc_good, row.mc_good + row.mc_bad),
      csatSingleChannel: ratio(row.sc_good, row.sc_good + row.sc_bad),
    },
  };
}

/**
 * Every figure of a report in one pass over `ticket_facts` (an index range scan on tenant and
 * creation time), grouped by the requested sets: overall, per channel, per period, or both.
 */
export async function aggregateFacts(db: Queryable, query: ReportQuery, sets: readonly GroupingSet[]): Promise<AggregateRow[]> {
  // A column no set groups by may not be selected: it is "all" (null) in every row then.
  const hasPeriod = sets.some((set) => set.startsWith('period'));
  const hasChannel = sets.some((set) => set.endsWith('channel'));
  const { rows } = await db.query<Row>(
    // A grouping's "all" shows as null: period and channel are never null in a row of their own.
    `select ${hasPeriod ? 'period is null' : 'true'} as is_all_periods, ${hasChannel ? 'channel is null' : 'true'} as is_all_channels,
            ${hasPeriod ? "to_char(period, 'YYYY-MM-DD')" : 'null::text'} as period, ${hasChannel ? 'channel' : 'null::text'} as channel,
            count(*)::int as tickets,
            percentile_cont(0.5) within group (order by first_response_minutes) as fr_median,
            percentile_cont(0.9) within group (order by first_response_minutes) as fr_p90,
            percentile_cont(0.5) within group (order by resolution_minutes) as res_median,
            percentile_cont(0.9) within group (order by resolution_minutes) as res_p90,
            count(*) filter (where csat is not null)::int as csat_responses,
            count(*) filter (where csat = 'good')::int as good,
            count(*) filter (where csat = 'bad')::int as bad,
            count(*) filter (where is_solved)::int as solved,
            count(*) filter (where is_solved and is_reopened)::int as reopened,
            count(*) filter (where is_solved and is_repeat_contact)::int as repeat_contacts,
            count(*) filter (where automated_resolution_at <= $6::timestamptz - make_interval(days => $7))::int as automated,
            count(*) filter (where is_auto_replied)::int as auto_replied,
            count(*) filter (where is_drafted)::int as drafted,
            count(*) filter (where is_draft_used)::int as draft_used,
            count(*) filter (where is_escalated)::int as escalated,
            count(*) filter (where is_handed_off)::int as handed_off,
            count(distinct customer_id)::int as customers,
            count(distinct customer_id) filter (where is_multi_channel)::int as mc_customers,
            count(*) filter (where is_multi_channel)::int as mc_issues,
            count(*) filter (where is_multi_channel and csat = 'good')::int as mc_good,
            count(*) filter (where is_multi_channel and csat = 'bad')::int as mc_bad,
            count(*) filter (where not is_multi_channel and csat = 'good')::int as sc_good,
            count(*) filter (where not is_multi_channel and csat = 'bad')::int as sc_bad
       from (select f.*, date_trunc($8, f.created_at at time zone $4)::date as period
               from ticket_facts f
              where f.tenant_id = $1
                and f.created_at >= ($2::date)::timestamp at time zone $4
                and f.created_at < ($3::date)::timestamp at time zone $4
                and ($5::text is null or f.channel = $5)) f
      group by grouping sets (${sets.map((set) => SETS[set]).join(', ')})
      order by 3 nulls first, 4 nulls first`,
    [query.tenantId, query.range.from, nextDay(query.range.to), query.timeZone, query.channel ?? null, query.asOf, query.repeatContactDays, query.interval],
  );
  return rows.map(toAggregate);
}

/** The empty figures of a grouping with no tickets (a compare period before going live). */
export function emptyAggregate(): AggregateRow {
  return toAggregate({
    is_all_periods: true, is_all_channels: true, period: null, channel: null, tickets: 0, fr_median: null, fr_p90: null, res_median: null, res_p90: null,
    csat_responses: 0, good: 0, bad: 0, solved: 0, reopened: 0, repeat_contacts: 0, automated: 0, auto_replied: 0, drafted: 0, draft_used: 0,
    escalated: 0, handed_off: 0, customers: 0, mc_customers: 0, mc_issues: 0, mc_good: 0, mc_bad: 0, sc_good: 0, sc_bad: 0,
  });
}
