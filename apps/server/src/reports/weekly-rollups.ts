import type { Queryable } from '@threadline/platform/db';
import { NO_PREVIOUS, weekOf, type DayKey } from './rollup-keys.js';

/**
 * `report_weekly`: each local week (Monday to Sunday) and channel, merged from its seven daily rows
 * whenever one of them is recomputed, so a report by week reads a row per whole week. Like the
 * days, a week is always recomputed whole, never adjusted by deltas.
 */

/** The counts a week sums from its days, in `report_daily`'s and `report_weekly`'s names. */
export const SUMMED_COLUMNS = [
  'tickets', 'csat_responses', 'csat_good', 'csat_bad', 'solved', 'reopened', 'repeat_contacts', 'auto_replied', 'drafted', 'draft_used',
  'escalated', 'handed_off', 'multi_channel_issues', 'multi_channel_good', 'multi_channel_bad', 'automated',
] as const;

const daysOfWeek = `x.tenant_id = $1 and x.channel = k.channel and x.day >= k.week and x.day < k.week + 7`;

/** Minute histograms add up key by key. */
const merged = (column: string) => `(
  select coalesce(jsonb_object_agg(h.minutes, h.tickets), '{}'::jsonb) from (
    select e.key as minutes, sum(e.value::int)::int as tickets from report_daily x, jsonb_each_text(x.${column}) e
     where ${daysOfWeek} group by e.key) h)`;

/**
 * A day's gap (days back to the previous ticket) becomes the gap from the week's Monday, so one
 * comparison with the range's start still tells a customer's first ticket in the range. A gap of
 * NO_PREVIOUS stays so: it is longer than any range, which holds from the Monday too (a whole week
 * inside a range of at most 400 days starts at most 393 days into it).
 */
const shiftedGaps = (column: string) => `(
  select coalesce(jsonb_object_agg(h.gap, h.tickets), '{}'::jsonb) from (
    select case when e.key::int >= ${NO_PREVIOUS} then ${NO_PREVIOUS} else e.key::int - (x.day - k.week) end as gap, sum(e.value::int)::int as tickets
      from report_daily x, jsonb_each_text(x.${column}) e
     where ${daysOfWeek} group by 1) h)`;

/** Recomputes the weeks these days fall in from their daily rows (call after the days). */
export async function refreshWeeks(db: Queryable, tenantId: string, days: readonly DayKey[]): Promise<void> {
  const unique = [...new Map(days.map((key) => [`${weekOf(key.day)}|${key.channel}`, { week: weekOf(key.day), channel: key.channel }])).values()];
  if (unique.length === 0) return;
  await db.query(
    `insert into report_weekly (tenant_id, week, channel, ${SUMMED_COLUMNS.join(', ')}, automated_latest,
                                first_response_histogram, resolution_histogram, customer_gap_histogram, multi_channel_gap_histogram, computed_at)
     select $1, k.week, k.channel, ${SUMMED_COLUMNS.map((column) => `coalesce(a.${column}, 0)`).join(', ')}, a.automated_latest,
            ${merged('first_response_histogram')}, ${merged('resolution_histogram')},
            ${shiftedGaps('customer_gap_histogram')}, ${shiftedGaps('multi_channel_gap_histogram')}, now()
       from unnest($2::date[], $3::text[]) as k(week, channel)
       cross join lateral (
         select ${SUMMED_COLUMNS.map((column) => `sum(x.${column})::int as ${column}`).join(', ')}, max(x.automated_latest) as automated_latest
           from report_daily x where ${daysOfWeek}
       ) a
     on conflict (tenant_id, week, channel) do update set
       ${SUMMED_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')}, automated_latest = excluded.automated_latest,
       first_response_histogram = excluded.first_response_histogram, resolution_histogram = excluded.resolution_histogram,
       customer_gap_histogram = excluded.customer_gap_histogram, multi_channel_gap_histogram = excluded.multi_channel_gap_histogram, computed_at = now()`,
    [tenantId, unique.map((key) => key.week), unique.map((key) => key.channel)],
  );
}
