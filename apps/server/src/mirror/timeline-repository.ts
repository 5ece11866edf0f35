import type { Queryable } from '@threadline/platform/db';
import { type TenantScope } from '@threadline/platform';
import { ServerError } from '../errors.js';

export interface TimelineItem {
  messageId: string;
  createdAt: string;
  channel: string;
  channelRaw: string;
  authorRole: string;
  isPublic: boolean;
  bodyText: string;
  ticket: {
    id: string;
    externalId: string;
    subject: string;
    status: string;
    channel: string;
    url: string;
    /** In the helpdesk's archive (read-only there). */
    isArchived: boolean;
  };
}

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface TimelineQuery {
  customerId: string;
  limit: number;
  order: 'asc' | 'desc';
  cursor?: string | undefined;
  includeInternal: boolean;
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** Exactly what `encodeCursor` writes: an ISO instant (as `toISOString` prints it) and a UUID. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [, createdAt, id] = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8')) ?? [];
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt))) {
    throw new ServerError('SERVER_TIMELINE_CURSOR_INVALID', 'The cursor is not one this API returned; start again without it');
  }
  return { createdAt, id };
}

/** The columns of a timeline item, from `messages m` joined to its `tickets t`. */
const ITEM_COLUMNS = `m.id, m.created_at, m.channel, m.channel_raw, m.author_role, m.is_public, m.body_text,
            t.id as ticket_id, t.external_id as ticket_external_id, t.subject, t.status, t.channel as ticket_channel, t.url, t.is_archived`;

interface ItemRow {
  id: string;
  created_at: Date;
  channel: string;
  channel_raw: string;
  author_role: string;
  is_public: boolean;
  body_text: string;
  ticket_id: string;
  ticket_external_id: string;
  subject: string;
  status: string;
  ticket_channel: string;
  url: string;
  is_archived: boolean;
}

const toItem = (row: ItemRow): TimelineItem => ({
  messageId: row.id,
  createdAt: row.created_at.toISOString(),
  channel: row.channel,
  channelRaw: row.channel_raw,
  authorRole: row.author_role,
  isPublic: row.is_public,
  bodyText: row.body_text,
  ticket: { id: row.ticket_id, externalId: row.ticket_external_id, subject: row.subject, status: row.status, channel: row.ticket_channel, url: row.url, isArchived: row.is_archived },
});

/**
 * Every interaction of a customer across all their tickets and channels, in time order, paged by
 * a keyset cursor (stable while new messages arrive).
 */
export async function getTimeline(db: Queryable, scope: TenantScope, query: TimelineQuery): Promise<TimelinePage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const comparison = query.order === 'asc' ? '>' : '<';
  const direction = query.order === 'asc' ? 'asc' : 'desc';
  const { rows } = await db.query<ItemRow>(
    `select ${ITEM_COLUMNS}
       from messages m
       join tickets t on t.id = m.ticket_id and t.tenant_id = m.tenant_id
      where m.tenant_id = $1 and t.customer_id = $2
        and ($3::boolean or m.is_public)
        and ($4::timestamptz is null or (m.created_at, m.id) ${comparison} ($4::timestamptz, $5::uuid))
      order by m.created_at ${direction}, m.id ${direction}
      limit $6`,
    [scope.tenantId, query.customerId, query.includeInternal, after?.createdAt ?? null, after?.id ?? null, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/** A mirrored ticket with its customer's name and locale. */
export interface TicketWithCustomer {
  id: string;
  externalId: string;
  subject: string;
  channel: string;
  url: string;
  customer: { id: string; name: string; locale: string | null };
}

/**
 * A mirrored ticket (by its helpdesk id) with its customer, and the customer's latest `limit`
 * timeline items on every ticket, internal notes included, newest first: one statement, where a
 * look-up of the ticket and then `getTimeline` would be two. Null when the mirror lacks the ticket.
 */
export async function getTicketWithTimeline(db: Queryable, scope: TenantScope, ticketExternalId: string, limit: number): Promise<{ ticket: TicketWithCustomer; items: TimelineItem[] } | null> {
  const { rows } = await db.query<{ [K in keyof ItemRow]: ItemRow[K] | null } & { context_id: string; context_external_id: string; context_subject: string; context_channel: string; context_url: string; customer_id: string; customer_name: string; customer_locale: string | null }>(
    `with ticket as (
       select t.id, t.external_id, t.subject, t.channel, t.url, t.customer_id, c.name as customer_name, c.locale as customer_locale
         from tickets t join customers c on c.tenant_id = t.tenant_id and c.id = t.customer_id
        where t.tenant_id = $1 and t.external_id = $2)
     select ticket.id as context_id, ticket.external_id as context_external_id, ticket.subject as context_subject, ticket.channel as context_channel,
            ticket.url as context_url, ticket.customer_id, ticket.customer_name, ticket.customer_locale, item.*
       from ticket left join lateral (
         select ${ITEM_COLUMNS}
           from messages m
           join tickets t on t.id = m.ticket_id and t.tenant_id = m.tenant_id
          where m.tenant_id = $1 and t.customer_id = ticket.customer_id
          order by m.created_at desc, m.id desc
          limit $3) item on true`,
    [scope.tenantId, ticketExternalId, limit],
  );
  const first = rows[0];
  if (!first) return null;
  return {
    ticket: {
      id: first.context_id,
      externalId: first.context_external_id,
      subject: first.context_subject,
      channel: first.context_channel,
      url: first.context_url,
      customer: { id: first.customer_id, name: first.customer_name, locale: first.customer_locale },
    },
    // A customer with no message yet has the one row of the ticket, with no item.
    items: rows.flatMap((row) => (row.id === null ? [] : [toItem(row as ItemRow)])),
  };
}

export interface CustomerTicketSummary {
  id: string;
  externalId: string;
  subject: string;
  status: string;
  channel: string;
  url: string;
  isArchived: boolean;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}

/** The customer's tickets, newest first, with their channel: the timeline's table of contents. */
export async function listCustomerTickets(db: Queryable, tenantId: string, customerId: string): Promise<CustomerTicketSummary[]> {
  const { rows } = await db.query<{
    id: string;
    external_id: string;
    subject: string;
    status: string;
    channel: string;
    url: string;
    is_archived: boolean;
    created_at: Date;
    updated_at: Date;
    message_count: number;
  }>(
    `select t.id, t.external_id, t.subject, t.status, t.channel, t.url, t.is_archived, t.created_at, t.updated_at,
            (select count(*) from messages m where m.tenant_id = t.tenant_id and m.ticket_id = t.id) as message_count
       from tickets t where t.tenant_id = $1 and t.customer_id = $2
      order by t.created_at desc`,
    [tenantId, customerId],
  );
  return rows.map((row) => ({
    id: row.id,
    externalId: row.external_id,
    subject: row.subject,
    status: row.status,
    channel: row.channel,
    url: row.url,
    isArchived: row.is_archived,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    messageCount: row.message_count,
  }));
}
