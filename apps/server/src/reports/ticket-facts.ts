import type { Queryable } from '@threadline/platform/db';
import { businessMinutesBetween } from './business-hours.js';
import { getReportSettings, type ReportSettings } from './report-settings-repository.js';
import { dayKeysOf, rebuildDays, refreshDays } from './daily-rollups.js';

/**
 * Per-ticket facts for reports (`ticket_facts`), rewritten for whole customers: a ticket's repeat
 * contact, multi-channel issue and automated resolution depend on the customer's other tickets,
 * so a change to any of them rewrites all of theirs. Called explicitly where the inputs change: the
 * mirror's write, the ratings sync, and the agent's answers, draft feedback and write-backs.
 *
 * The heavy part (every message, answer and rating of the customer's tickets) runs once per change,
 * so a report over a million tickets reads one narrow row each.
 */

interface RawFacts {
  ticket_id: string;
  customer_id: string;
  channel: string;
  created_at: Date;
  is_solved: boolean;
  solved_at: Date | null;
  first_customer_at: Date | null;
  first_response_at: Date | null;
  csat: 'good' | 'bad' | 'neutral' | null;
  is_reopened: boolean;
  is_repeat_contact: boolean;
  is_multi_channel: boolean;
  auto_reply_at: Date | null;
  is_customer_back: boolean;
  is_drafted: boolean;
  is_draft_used: boolean;
  is_escalated: boolean;
  is_handed_off: boolean;
  escalation_reason: string | null;
}

// Threadline's own writes are the answers' write-back message ids; every other public agent
// message is a person's. Replays re-answer history and are not outcomes. A ticket is handed off
// when a person answered after Threadline, or when Threadline moved it to another channel.
const RAW_FACTS_SQL = `
with t as (
  select id, external_id, customer_id, channel, created_at, status, solved_at, reopens
    from tickets where tenant_id = $1 and customer_id = any($2::uuid[])
), a as (
  select t.id as ticket_id,
         min(coalesce(an.written_at, an.created_at)) filter (where an.action = 'reply' and an.writeback_status = 'written') as auto_reply_at,
         bool_or(an.action = 'draft') as is_drafted,
         bool_or(an.action = 'draft' and exists (select 1 from answer_feedback fb where fb.tenant_id = $1 and fb.answer_id = an.id and fb.verdict in ('used', 'edited'))) as is_draft_used,
         bool_or(an.action = 'escalate') as is_escalated,
         min(coalesce(an.written_at, an.created_at)) filter (where an.action = 'escalate') as escalated_at,
         (array_agg(an.escalation->>'reason' order by an.created_at desc) filter (where an.action = 'escalate'))[1] as escalation_reason,
         coalesce(array_agg(an.writeback_message_id) filter (where an.writeback_message_id is not null), '{}') as own_messages
    from t join answers an on an.tenant_id = $1 and an.ticket_external_id = t.external_id and an.trigger <> 'replay'
   group by t.id
)
select t.id as ticket_id, t.customer_id, t.channel, t.created_at,
       t.status in ('solved', 'closed') as is_solved, t.solved_at,
       m.first_customer_at,
       (select min(r.created_at) from messages r
         where r.tenant_id = $1 and r.ticket_id = t.id and r.is_public and r.author_role in ('agent', 'bot') and r.created_at >= m.first_customer_at) as first_response_at,
       (select s.score from satisfaction_ratings s
         where s.tenant_id = $1 and s.ticket_external_id = t.external_id and s.score in ('good', 'bad', 'neutral')
         order by s.updated_at desc limit 1) as csat,
       t.reopens > 0 or exists (select 1 from messages r where r.tenant_id = $1 and r.ticket_id = t.id and r.author_role = 'customer'
                                  and r.is_public and r.created_at > t.solved_at) as is_reopened,
       exists (select 1 from t o where o.customer_id = t.customer_id and o.id <> t.id and t.solved_at is not null
                  and o.created_at > t.solved_at and o.created_at <= t.solved_at + make_interval(days => $3)) as is_repeat_contact,
       m.customer_channels > 1 or exists (
         select 1 from t o where o.customer_id = t.customer_id and o.id <> t.id and o.channel <> t.channel
            and o.created_at > t.created_at and o.created_at <= coalesce(t.solved_at, t.created_at) + make_interval(days => $3)) as is_multi_channel,
       a.auto_reply_at,
       a.auto_reply_at is not null and (
         exists (select 1 from messages r where r.tenant_id = $1 and r.ticket_id = t.id and r.author_role = 'customer' and r.is_public
                    and r.created_at > a.auto_reply_at and r.created_at <= a.auto_reply_at + make_interval(days => $3))
         or exists (select 1 from t o where o.customer_id = t.customer_id and o.id <> t.id
                       and o.created_at > a.auto_reply_at and o.created_at <= a.auto_reply_at + make_interval(days => $3))) as is_customer_back,
       coalesce(a.is_drafted, false) as is_drafted,
       coalesce(a.is_draft_used, false) as is_draft_used,
       coalesce(a.is_escalated, false) as is_escalated,
       coalesce(least(a.auto_reply_at, a.escalated_at) is not null and exists (
         select 1 from messages r where r.tenant_id = $1 and r.ticket_id = t.id and r.is_public and r.author_role = 'agent'
            and r.created_at > least(a.auto_reply_at, a.escalated_at) and not (r.external_id = any(a.own_messages))), false)
       -- A finished hand-off to another channel (the follow-up ticket is open there) passes it on too.
       or exists (select 1 from handoffs h where h.tenant_id = $1 and h.ticket_external_id = t.external_id and h.status = 'done') as is_handed_off,
       a.escalation_reason
  from t
  left join a on a.ticket_id = t.id
  left join lateral (
    select min(r.created_at) filter (where r.is_public) as first_customer_at, count(distinct r.channel) as customer_channels
      from messages r where r.tenant_id = $1 and r.ticket_id = t.id and r.author_role = 'customer'
  ) m on true`;

/**
 * Each ticket's predecessor among its customer's tickets, and among their multi-channel issues:
 * every ticket of these customers is in `rows`, so the order is complete.
 */
function previousOf(rows: readonly RawFacts[]): Map<string, { ticket: Date | null; multiChannel: Date | null }> {
  const byCustomer = new Map<string, RawFacts[]>();
  for (const row of rows) byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row]);
  const previous = new Map<string, { ticket: Date | null; multiChannel: Date | null }>();
  for (const tickets of byCustomer.values()) {
    tickets.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.ticket_id.localeCompare(b.ticket_id));
    let last: Date | null = null;
    let lastMulti: Date | null = null;
    for (const ticket of tickets) {
      previous.set(ticket.ticket_id, { ticket: last, multiChannel: ticket.is_multi_channel ? lastMulti : null });
      last = ticket.created_at;
      if (ticket.is_multi_channel) lastMulti = ticket.created_at;
    }
  }
  return previous;
}

/** The row written for one ticket: raw instants plus business minutes under the tenant's settings. */
function toRow(raw: RawFacts, settings: ReportSettings) {
  const hours = settings.businessHours;
  const firstResponse = raw.first_customer_at && raw.first_response_at ? businessMinutesBetween(raw.first_customer_at.getTime(), raw.first_response_at.getTime(), hours) : null;
  const resolution = raw.is_solved && raw.solved_at ? businessMinutesBetween(raw.created_at.getTime(), raw.solved_at.getTime(), hours) : null;
  const isAutomated = raw.auto_reply_at !== null && !raw.is_customer_back && raw.csat !== 'bad';
  return { ...raw, first_response_minutes: firstResponse, resolution_minutes: resolution, automated_resolution_at: isAutomated ? raw.auto_reply_at : null };
}

/** Rewrites the facts of every ticket of these customers (one statement to read, one to write). */
export async function refreshCustomerFacts(db: Queryable, tenantId: string, customerIds: readonly string[], settings?: ReportSettings): Promise<number> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return 0;
  const resolved = settings ?? (await getReportSettings(db, tenantId));
  const { rows } = await db.query<RawFacts>(RAW_FACTS_SQL, [tenantId, ids, resolved.repeatContactDays]);
  if (rows.length === 0) return 0;
  const previous = previousOf(rows);
  const facts = rows.map((raw) => ({
    ...toRow(raw, resolved),
    previous_ticket_at: previous.get(raw.ticket_id)?.ticket ?? null,
    previous_multi_channel_at: previous.get(raw.ticket_id)?.multiChannel ?? null,
  }));
  const timeZone = resolved.businessHours.timeZone;
  // The days these tickets counted on before, and (below) after: both are recomputed.
  const before = await dayKeysOf(db, tenantId, facts.map((fact) => fact.ticket_id), timeZone);
  const column = <K extends keyof (typeof facts)[number]>(key: K) => facts.map((fact) => fact[key]);
  await db.query(
    `insert into ticket_facts (ticket_id, tenant_id, customer_id, channel, created_at, first_customer_at, first_response_at, solved_at,
                               first_response_minutes, resolution_minutes, csat, is_solved, is_reopened, is_repeat_contact, is_multi_channel,
                               is_auto_replied, is_drafted, is_draft_used, is_escalated, is_handed_off, escalation_reason, automated_resolution_at,
                               previous_ticket_at, previous_multi_channel_at, computed_at)
     select f.ticket_id, $1, f.customer_id, f.channel, f.created_at, f.first_customer_at, f.first_response_at, f.solved_at,
            f.first_response_minutes, f.resolution_minutes, f.csat, f.is_solved, f.is_reopened, f.is_repeat_contact, f.is_multi_channel,
            f.auto_reply_at is not null, f.is_drafted, f.is_draft_used, f.is_escalated, f.is_handed_off, f.escalation_reason, f.automated_resolution_at,
            f.previous_ticket_at, f.previous_multi_channel_at, now()
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
                   $9::real[], $10::real[], $11::text[], $12::boolean[], $13::boolean[], $14::boolean[], $15::boolean[],
                   $16::timestamptz[], $17::boolean[], $18::boolean[], $19::boolean[], $20::boolean[], $21::text[], $22::timestamptz[],
                   $23::timestamptz[], $24::timestamptz[])
            as f(ticket_id, customer_id, channel, created_at, first_customer_at, first_response_at, solved_at,
                 first_response_minutes, resolution_minutes, csat, is_solved, is_reopened, is_repeat_contact, is_multi_channel,
                 auto_reply_at, is_drafted, is_draft_used, is_escalated, is_handed_off, escalation_reason, automated_resolution_at,
                 previous_ticket_at, previous_multi_channel_at)
     on conflict (ticket_id) do update set
       customer_id = excluded.customer_id, channel = excluded.channel, created_at = excluded.created_at,
       first_customer_at = excluded.first_customer_at, first_response_at = excluded.first_response_at, solved_at = excluded.solved_at,
       first_response_minutes = excluded.first_response_minutes, resolution_minutes = excluded.resolution_minutes, csat = excluded.csat,
       is_solved = excluded.is_solved, is_reopened = excluded.is_reopened, is_repeat_contact = excluded.is_repeat_contact,
       is_multi_channel = excluded.is_multi_channel, is_auto_replied = excluded.is_auto_replied, is_drafted = excluded.is_drafted,
       is_draft_used = excluded.is_draft_used, is_escalated = excluded.is_escalated, is_handed_off = excluded.is_handed_off,
       escalation_reason = excluded.escalation_reason, automated_resolution_at = excluded.automated_resolution_at,
       previous_ticket_at = excluded.previous_ticket_at, previous_multi_channel_at = excluded.previous_multi_channel_at, computed_at = now()
     where ticket_facts.tenant_id = $1`,
    [
      tenantId,
      column('ticket_id'),
      column('customer_id'),
      column('channel'),
      column('created_at'),
      column('first_customer_at'),
      column('first_response_at'),
      column('solved_at'),
      column('first_response_minutes'),
      column('resolution_minutes'),
      column('csat'),
      column('is_solved'),
      column('is_reopened'),
      column('is_repeat_contact'),
      column('is_multi_channel'),
      column('auto_reply_at'),
      column('is_drafted'),
      column('is_draft_used'),
      column('is_escalated'),
      column('is_handed_off'),
      column('escalation_reason'),
      column('automated_resolution_at'),
      column('previous_ticket_at'),
      column('previous_multi_channel_at'),
    ],
  );
  const after = await dayKeysOf(db, tenantId, facts.map((fact) => fact.ticket_id), timeZone);
  await refreshDays(db, tenantId, [...before, ...after], timeZone);
  return facts.length;
}

/** Rewrites the facts of the customers behind these helpdesk ticket ids (after an answer or a rating). */
export async function refreshTicketFacts(db: Queryable, tenantId: string, ticketExternalIds: readonly string[]): Promise<number> {
  if (ticketExternalIds.length === 0) return 0;
  const { rows } = await db.query<{ customer_id: string }>(
    `select distinct customer_id from tickets where tenant_id = $1 and external_id = any($2::text[])`,
    [tenantId, [...new Set(ticketExternalIds)]],
  );
  return refreshCustomerFacts(db, tenantId, rows.map((row) => row.customer_id));
}

/** Rewrites every fact of the tenant, a batch of customers at a time (after a settings change). */
export async function rebuildTenantFacts(db: Queryable, tenantId: string, batchSize = 500): Promise<number> {
  const settings = await getReportSettings(db, tenantId);
  // The zone may have moved the day boundaries: days are counted again from scratch.
  await rebuildDays(db, tenantId, settings.businessHours.timeZone);
  let written = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await db.query<{ id: string }>(`select id from customers where tenant_id = $1 and id > $2 order by id limit $3`, [tenantId, after, batchSize]);
    if (rows.length === 0) return written;
    written += await refreshCustomerFacts(db, tenantId, rows.map((row) => row.id), settings);
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}
