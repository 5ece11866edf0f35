import type { HelpdeskKind } from '@threadline/vocabulary';
import type { Queryable } from '@threadline/platform/db';
import type { MetricKey } from './definitions.js';
import { checkRange, nextDay, type DateRange } from './report-range.js';
import { getReportSettings } from './report-settings-repository.js';
import { ServerError } from '../errors.js';

export type TicketOutcome = 'autoReplied' | 'drafted' | 'escalated' | 'handedOff';

export interface ReportTicket {
  id: string;
  helpdesk: HelpdeskKind;
  externalId: string;
  url: string | null;
  subject: string;
  channel: string;
  customer: { id: string; name: string | null };
  createdAt: string;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  csat: 'good' | 'bad' | null;
  outcome: TicketOutcome | null;
  escalationReason: string | null;
  reopened: boolean;
  repeatContact: boolean;
}

/** Which facts stand behind each figure: the drill-down lists exactly the tickets a number counts. */
const METRIC_FILTERS: Record<MetricKey, string> = {
  tickets: 'true',
  firstResponse: 'f.first_response_minutes is not null',
  resolution: 'f.resolution_minutes is not null',
  csat: 'f.csat is not null',
  reopen: 'f.is_solved and f.is_reopened',
  repeatContact: 'f.is_solved and f.is_repeat_contact',
  automatedResolution: 'f.automated_resolution_at <= $6::timestamptz - make_interval(days => $7)',
  autoReplied: 'f.is_auto_replied',
  drafted: 'f.is_drafted',
  draftUsed: 'f.is_draft_used',
  escalated: 'f.is_escalated',
  handedOff: 'f.is_handed_off',
  multiChannel: 'f.is_multi_channel',
};

interface Row {
  id: string;
  kind: HelpdeskKind;
  external_id: string;
  url: string | null;
  subject: string;
  channel: string;
  customer_id: string;
  customer_name: string | null;
  created_at: Date;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  csat: 'good' | 'bad' | 'neutral' | null;
  is_handed_off: boolean;
  is_escalated: boolean;
  escalation_reason: string | null;
  is_auto_replied: boolean;
  is_drafted: boolean;
  is_reopened: boolean;
  is_repeat_contact: boolean;
}

function outcomeOf(row: Row): TicketOutcome | null {
  if (row.is_handed_off) return 'handedOff';
  if (row.is_escalated) return 'escalated';
  if (row.is_auto_replied) return 'autoReplied';
  if (row.is_drafted) return 'drafted';
  return null;
}

const badCursor = () => new ServerError('SERVER_REPORT_CURSOR_INVALID', 'The cursor is not one this endpoint returned');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/.test(id)) throw badCursor();
  return { createdAt, id };
}

const encodeCursor = (row: Row) => Buffer.from(`${row.created_at.toISOString()}|${row.id}`, 'utf8').toString('base64url');

export interface ReportTicketsQuery {
  tenantId: string;
  metric: MetricKey;
  range: DateRange;
  channel?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  now?: Date;
}

/** The tickets behind one figure, newest first, a page at a time. */
export async function listReportTickets(db: Queryable, query: ReportTicketsQuery): Promise<{ tickets: ReportTicket[]; nextCursor: string | null }> {
  checkRange(query.range);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const settings = await getReportSettings(db, query.tenantId);
  const { rows } = await db.query<Row>(
    `select t.id, c.kind, t.external_id, t.url, t.subject, f.channel, f.customer_id, cu.name as customer_name, f.created_at,
            f.first_response_minutes, f.resolution_minutes, f.csat, f.is_handed_off, f.is_escalated, f.escalation_reason, f.is_auto_replied, f.is_drafted,
            f.is_reopened and f.is_solved as is_reopened, f.is_repeat_contact and f.is_solved as is_repeat_contact,
            coalesce(f.automated_resolution_at <= $6::timestamptz - make_interval(days => $7), false) as is_automated
       from ticket_facts f
       join tickets t on t.tenant_id = $1 and t.id = f.ticket_id
       join customers cu on cu.tenant_id = $1 and cu.id = f.customer_id
       join helpdesk_connections c on c.tenant_id = $1
      where f.tenant_id = $1
        and f.created_at >= ($2::date)::timestamp at time zone $4
        and f.created_at < ($3::date)::timestamp at time zone $4
        and ($5::text is null or f.channel = $5)
        and ${METRIC_FILTERS[query.metric]}
        and ($8::timestamptz is null or (f.created_at, f.ticket_id) < ($8::timestamptz, $9::uuid))
      order by f.created_at desc, f.ticket_id desc
      limit $10`,
    [
      query.tenantId,
      query.range.from,
      nextDay(query.range.to),
      settings.businessHours.timeZone,
      query.channel ?? null,
      query.now ?? new Date(),
      settings.repeatContactDays,
      after?.createdAt ?? null,
      after?.id ?? null,
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  return {
    tickets: page.map((row) => ({
      id: row.id,
      helpdesk: row.kind,
      externalId: row.external_id,
      url: row.url || null,
      subject: row.subject,
      channel: row.channel,
      customer: { id: row.customer_id, name: row.customer_name },
      createdAt: row.created_at.toISOString(),
      firstResponseMinutes: row.first_response_minutes,
      resolutionMinutes: row.resolution_minutes,
      csat: row.csat === 'good' || row.csat === 'bad' ? row.csat : null,
      outcome: outcomeOf(row),
      escalationReason: row.is_escalated ? row.escalation_reason : null,
      reopened: row.is_reopened,
      repeatContact: row.is_repeat_contact,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1] as Row) : null,
  };
}
