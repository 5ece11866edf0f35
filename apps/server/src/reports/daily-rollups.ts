import type { Queryable } from '@threadline/platform/db';
import { NO_PREVIOUS, type DayKey } from './rollup-keys.js';
import { refreshWeeks } from './weekly-rollups.js';

/**
 * `report_daily`: the facts of each local day and channel, kept beside `ticket_facts` so a report
 * over months merges a few hundred rows. A day is always recomputed whole from its facts, never
 * adjusted by deltas, so a repeated or concurrent refresh cannot drift.
 */

/** The local days and channels the given tickets' facts fall on now. */
export async function dayKeysOf(db: Queryable, tenantId: string, ticketIds: readonly string[], timeZone: string): Promise<DayKey[]> {
  if (ticketIds.length === 0) return [];
  const { rows } = await db.query<{ day: string; channel: string }>(
    `select distinct to_char(created_at at time zone $3, 'YYYY-MM-DD') as day, channel
       from ticket_facts where tenant_id = $1 and ticket_id = any($2::uuid[])`,
    [tenantId, ticketIds, timeZone],
  );
  return rows;
}

/**
 * Minutes as the histograms keep them: exact below an hour, then to 5 minutes below 8 hours, to 30
 * minutes below 2 days and to 4 hours beyond — a percentile is off by less than its bucket, and a
 * day's row stays small enough that months of them load quickly.
 */
const bucket = (minutes: string) =>
  `case when ${minutes} < 60 then ${minutes} when ${minutes} < 480 then ${minutes} - ${minutes} % 5
        when ${minutes} < 2880 then ${minutes} - ${minutes} % 30 else ${minutes} - ${minutes} % 240 end`;

const histogram = (column: string) => `(
  select coalesce(jsonb_object_agg(minutes, tickets), '{}'::jsonb) from (
    select ${bucket(`round(f.${column})::int`)} as minutes, count(*)::int as tickets
      from ticket_facts f
     where f.tenant_id = $1 and f.channel = k.channel and f.${column} is not null
       and f.created_at >= k.day::timestamp at time zone $4 and f.created_at < (k.day + 1)::timestamp at time zone $4
     group by 1) h)`;

/** Days from the customer's previous ticket (or multi-channel issue) to this one, local days; 401 for none. */
const gapHistogram = (previous: string, filter: string) => `(
  select coalesce(jsonb_object_agg(gap, tickets), '{}'::jsonb) from (
    select coalesce(least((f.created_at at time zone $4)::date - (f.${previous} at time zone $4)::date, ${NO_PREVIOUS}), ${NO_PREVIOUS}) as gap, count(*)::int as tickets
      from ticket_facts f
     where f.tenant_id = $1 and f.channel = k.channel and ${filter}
       and f.created_at >= k.day::timestamp at time zone $4 and f.created_at < (k.day + 1)::timestamp at time zone $4
     group by 1) h)`;

/** Recomputes these days' rows from their facts (a day left without tickets keeps a row of zeros), then their weeks'. */
export async function refreshDays(db: Queryable, tenantId: string, keys: readonly DayKey[], timeZone: string): Promise<void> {
  const unique = [...new Map(keys.map((key) => [`${key.day}|${key.channel}`, key])).values()];
  if (unique.length === 0) return;
  await db.query(
    `insert into report_daily (tenant_id, day, channel, tickets, csat_responses, csat_good, csat_bad, solved, reopened, repeat_contacts,
                               auto_replied, drafted, draft_used, escalated, handed_off, multi_channel_issues, multi_channel_good, multi_channel_bad,
                               automated, automated_latest, first_response_histogram, resolution_histogram, customer_gap_histogram, multi_channel_gap_histogram, computed_at)
     select $1, k.day, k.channel, a.tickets, a.csat_responses, a.csat_good, a.csat_bad, a.solved, a.reopened, a.repeat_contacts,
            a.auto_replied, a.drafted, a.draft_used, a.escalated, a.handed_off, a.multi_channel_issues, a.multi_channel_good, a.multi_channel_bad,
            a.automated, a.automated_latest,
            ${histogram('first_response_minutes')}, ${histogram('resolution_minutes')},
            ${gapHistogram('previous_ticket_at', 'true')}, ${gapHistogram('previous_multi_channel_at', 'f.is_multi_channel')}, now()
       from unnest($2::date[], $3::text[]) as k(day, channel)
       cross join lateral (
         select count(*)::int as tickets,
                count(*) filter (where f.csat is not null)::int as csat_responses,
                count(*) filter (where f.csat = 'good')::int as csat_good,
                count(*) filter (where f.csat = 'bad')::int as csat_bad,
                count(*) filter (where f.is_solved)::int as solved,
                count(*) filter (where f.is_solved and f.is_reopened)::int as reopened,
                count(*) filter (where f.is_solved and f.is_repeat_contact)::int as repeat_contacts,
                count(*) filter (where f.is_auto_replied)::int as auto_replied,
                count(*) filter (where f.is_drafted)::int as drafted,
                count(*) filter (where f.is_draft_used)::int as draft_used,
                count(*) filter (where f.is_escalated)::int as escalated,
                count(*) filter (where f.is_handed_off)::int as handed_off,
                count(*) filter (where f.is_multi_channel)::int as multi_channel_issues,
                count(*) filter (where f.is_multi_channel and f.csat = 'good')::int as multi_channel_good,
                count(*) filter (where f.is_multi_channel and f.csat = 'bad')::int as multi_channel_bad,
                count(f.automated_resolution_at)::int as automated,
                max(f.automated_resolution_at) as automated_latest
           from ticket_facts f
          where f.tenant_id = $1 and f.channel = k.channel
            and f.created_at >= k.day::timestamp at time zone $4 and f.created_at < (k.day + 1)::timestamp at time zone $4
       ) a
     on conflict (tenant_id, day, channel) do update set
       tickets = excluded.tickets, csat_responses = excluded.csat_responses, csat_good = excluded.csat_good, csat_bad = excluded.csat_bad,
       solved = excluded.solved, reopened = excluded.reopened, repeat_contacts = excluded.repeat_contacts, auto_replied = excluded.auto_replied,
       drafted = excluded.drafted, draft_used = excluded.draft_used, escalated = excluded.escalated, handed_off = excluded.handed_off,
       multi_channel_issues = excluded.multi_channel_issues, multi_channel_good = excluded.multi_channel_good, multi_channel_bad = excluded.multi_channel_bad,
       automated = excluded.automated, automated_latest = excluded.automated_latest, first_response_histogram = excluded.first_response_histogram, resolution_histogram = excluded.resolution_histogram,
       customer_gap_histogram = excluded.customer_gap_histogram, multi_channel_gap_histogram = excluded.multi_channel_gap_histogram, computed_at = now()`,
    [tenantId, unique.map((key) => key.day), unique.map((key) => key.channel), timeZone],
  );
  await refreshWeeks(db, tenantId, unique);
}

/** Rebuilds every day and week of the tenant from its facts (after a zone change moved the day boundaries; and the bench). */
export async function rebuildDays(db: Queryable, tenantId: string, timeZone: string): Promise<void> {
  await db.query(`delete from report_weekly where tenant_id = $1`, [tenantId]);
  await db.query(`delete from report_daily where tenant_id = $1`, [tenantId]);
  const { rows } = await db.query<DayKey>(
    `select distinct to_char(created_at at time zone $2, 'YYYY-MM-DD') as day, channel from ticket_facts where tenant_id = $1`,
    [tenantId, timeZone],
  );
  for (let start = 0; start < rows.length; start += 200) await refreshDays(db, tenantId, rows.slice(start, start + 200), timeZone);
}
