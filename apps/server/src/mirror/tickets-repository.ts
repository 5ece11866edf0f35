import type { Queryable } from '@threadline/platform/db';
import type { Message, Ticket } from '@threadline/connector-core';

/** A ticket to mirror and the Threadline id of its customer. */
export interface TicketToMirror {
  ticket: Ticket;
  customerId: string;
}

/**
 * Upserts tickets of mirrored customers in one statement; returns their Threadline ids by helpdesk
 * id. Unchanged tickets are not touched. `fetchedAt` is a moment before the helpdesk was asked for
 * them (stored as `synced_at`): the copy was current at least from then on, which `isMirrorCurrent`
 * relies on. Rows are written in the order given (callers sort them, so overlapping writers lock
 * rows the same way round); a helpdesk id given twice keeps its last copy.
 */
export async function upsertTickets(tx: Queryable, tenantId: string, tickets: readonly TicketToMirror[], fetchedAt: Date): Promise<Map<string, string>> {
  const unique = [...new Map(tickets.map((each) => [each.ticket.id, each])).values()];
  if (unique.length === 0) return new Map();
  const column = <T>(of: (ticket: Ticket) => T) => unique.map((each) => of(each.ticket));
  // The helpdesk's own solve time and reopen count are null when it has none: the update reads
  // them from `src`, since `excluded` holds the values computed for a new row.
  const { rows } = await tx.query<{ id: string; external_id: string }>(
    `with src as materialized (
       select s.*, array(select e from jsonb_array_elements_text(s.tags_json::jsonb) with ordinality as t(e, n) order by n) as tags
         from unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::boolean[], $17::timestamptz[], $18::int[])
              with ordinality as s(external_id, customer_id, subject, status, raw_status, priority, group_external_id, assignee_external_id, tags_json,
                                   channel, channel_raw, url, created_at, updated_at, is_archived, solved_at, reopens, position)),
     written as (
       insert into tickets (tenant_id, external_id, customer_id, subject, status, raw_status, priority, group_external_id,
                            assignee_external_id, tags, channel, channel_raw, url, created_at, updated_at, is_archived, synced_at, solved_at, reopens)
       select $1, external_id, customer_id, subject, status, raw_status, priority, group_external_id, assignee_external_id, tags, channel,
              channel_raw, url, created_at, updated_at, is_archived, $19::timestamptz,
              coalesce(solved_at, case when status in ('solved', 'closed') then updated_at end), coalesce(reopens, 0)
         from src order by position
       on conflict (tenant_id, external_id) do update set
         customer_id = excluded.customer_id, subject = excluded.subject, status = excluded.status,
         raw_status = excluded.raw_status, priority = excluded.priority, group_external_id = excluded.group_external_id,
         assignee_external_id = excluded.assignee_external_id, tags = excluded.tags, channel = excluded.channel,
         channel_raw = excluded.channel_raw, url = excluded.url, updated_at = excluded.updated_at, is_archived = excluded.is_archived,
         -- Without the helpdesk's own solve time, a solve is the update that moved the ticket to solved;
         -- a reopen keeps the last solve, so the customer's message after it shows.
         solved_at = coalesce((select src.solved_at from src where src.external_id = excluded.external_id),
                              case when excluded.status in ('solved', 'closed') and tickets.status not in ('solved', 'closed')
                                   then excluded.updated_at else tickets.solved_at end),
         reopens = greatest(excluded.reopens, tickets.reopens + case when tickets.status in ('solved', 'closed') and excluded.status not in ('solved', 'closed') then 1 else 0 end),
         synced_at = excluded.synced_at
       where (tickets.customer_id, tickets.subject, tickets.status, tickets.raw_status, tickets.priority, tickets.group_external_id,
              tickets.assignee_external_id, tickets.tags, tickets.channel, tickets.channel_raw, tickets.url, tickets.updated_at, tickets.is_archived)
         is distinct from
             (excluded.customer_id, excluded.subject, excluded.status, excluded.raw_status, excluded.priority, excluded.group_external_id,
              excluded.assignee_external_id, excluded.tags, excluded.channel, excluded.channel_raw, excluded.url, excluded.updated_at, excluded.is_archived)
       returning id, external_id)
     select id, external_id from written
     union all
     select id, external_id from tickets
      where tenant_id = $1 and external_id = any($2::text[]) and external_id not in (select external_id from written)`,
    [
      tenantId,
      column((ticket) => ticket.id),
      unique.map((each) => each.customerId),
      column((ticket) => ticket.subject),
      column((ticket) => ticket.status),
      column((ticket) => ticket.rawStatus),
      column((ticket) => ticket.priority),
      column((ticket) => ticket.groupId),
      column((ticket) => ticket.assigneeId),
      column((ticket) => JSON.stringify(ticket.tags)),
      column((ticket) => ticket.channel.channel),
      column((ticket) => ticket.channel.raw),
      column((ticket) => ticket.url),
      column((ticket) => ticket.createdAt),
      column((ticket) => ticket.updatedAt),
      column((ticket) => ticket.isArchived ?? false),
      column((ticket) => ticket.solvedAt ?? null),
      column((ticket) => ticket.reopens ?? null),
      fetchedAt,
    ],
  );
  return new Map(rows.map((row) => [row.external_id, row.id]));
}

/**
 * Inserts the messages the mirror does not have yet and updates edited ones, for any number of
 * mirrored tickets (by Threadline id) in one statement; returns how many were new.
 */
export async function upsertMessages(tx: Queryable, tenantId: string, threads: ReadonlyArray<{ ticketId: string; messages: readonly Message[] }>): Promise<number> {
  // A thread that names one message twice keeps its last copy (one statement may not touch a row twice).
  const unique = [...new Map(threads.flatMap(({ ticketId, messages }) => messages.map((message) => [`${ticketId}\u0000${message.id}`, { ticketId, message }] as const))).values()];
  if (unique.length === 0) return 0;
  const column = <T>(of: (message: Message) => T) => unique.map((each) => of(each.message));
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into messages (tenant_id, ticket_id, external_id, author_external_id, author_role, is_public, channel, channel_raw,
                           body_text, body_html, attachments, created_at)
     select $1, m.ticket_id, m.external_id, m.author_external_id, m.author_role, m.is_public, m.channel, m.channel_raw,
            m.body_text, m.body_html, m.attachments::jsonb, m.created_at
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
            as m(ticket_id, external_id, author_external_id, author_role, is_public, channel, channel_raw, body_text, body_html, attachments, created_at)
     on conflict (tenant_id, ticket_id, external_id) do update set
       body_text = excluded.body_text, body_html = excluded.body_html, is_public = excluded.is_public,
       attachments = excluded.attachments
     where (messages.body_text, messages.body_html, messages.is_public, messages.attachments)
       is distinct from (excluded.body_text, excluded.body_html, excluded.is_public, excluded.attachments)
     returning (xmax = 0) as inserted`,
    [
      tenantId,
      unique.map((each) => each.ticketId),
      column((message) => message.id),
      column((message) => message.authorId),
      column((message) => message.authorRole),
      column((message) => message.isPublic),
      column((message) => message.channel.channel),
      column((message) => message.channel.raw),
      column((message) => message.bodyText),
      column((message) => message.bodyHtml),
      column((message) => JSON.stringify(message.attachments)),
      column((message) => message.createdAt),
    ],
  );
  return rows.filter((row) => row.inserted).length;
}

export interface MirrorTicketRef {
  id: string;
  externalId: string;
  customerId: string;
  /** The helpdesk's `updated_at` of the mirrored copy. */
  updatedAt: Date;
  /** When that copy was last read from the helpdesk (at the latest). */
  syncedAt: Date;
  isArchived: boolean;
}

export async function findTicketByExternalId(db: Queryable, tenantId: string, externalId: string): Promise<MirrorTicketRef | null> {
  const { rows } = await db.query<{ id: string; external_id: string; customer_id: string; updated_at: Date; synced_at: Date; is_archived: boolean }>(
    `select id, external_id, customer_id, updated_at, synced_at, is_archived from tickets where tenant_id = $1 and external_id = $2`,
    [tenantId, externalId],
  );
  const row = rows[0];
  return row ? { id: row.id, externalId: row.external_id, customerId: row.customer_id, updatedAt: row.updated_at, syncedAt: row.synced_at, isArchived: row.is_archived } : null;
}

/**
 * Leeway for the helpdesk's clock running ahead of ours: a copy read less than this after the
 * second of its `updated_at` is not trusted to be the last change of that second.
 */
export const CLOCK_LEEWAY_MS = 5_000;

/**
 * Whether the mirrored copy of a ticket is the helpdesk's current one, so its thread need not be
 * read again. Every change to a ticket (a message, a field) moves its `updated_at`, but helpdesks
 * stamp whole seconds (Zendesk `2024-04-17T17:18:10Z`): two changes within one second share a
 * stamp. So an equal stamp proves nothing changed only when the copy was read after that second
 * was over (plus clock leeway); otherwise the thread is read again. Archiving is the exception:
 * Freshdesk moves a closed ticket to its archive without touching `updated_at`.
 */
export function isMirrorCurrent(mirrored: Pick<MirrorTicketRef, 'updatedAt' | 'syncedAt' | 'isArchived'>, ticket: Pick<Ticket, 'updatedAt' | 'isArchived'>): boolean {
  const stamp = Date.parse(ticket.updatedAt);
  if (!Number.isFinite(stamp) || stamp !== mirrored.updatedAt.getTime() || mirrored.isArchived !== (ticket.isArchived ?? false)) return false;
  return mirrored.syncedAt.getTime() >= Math.floor(stamp / 1000) * 1000 + 1000 + CLOCK_LEEWAY_MS;
}

/** The mirrored copies of these helpdesk tickets, for `isMirrorCurrent`; tickets the mirror lacks are absent. */
export async function findMirroredCopies(
  db: Queryable,
  tenantId: string,
  externalIds: readonly string[],
): Promise<Map<string, Pick<MirrorTicketRef, 'updatedAt' | 'syncedAt' | 'isArchived'>>> {
  if (externalIds.length === 0) return new Map();
  const { rows } = await db.query<{ external_id: string; updated_at: Date; synced_at: Date; is_archived: boolean }>(
    `select external_id, updated_at, synced_at, is_archived from tickets where tenant_id = $1 and external_id = any($2::text[])`,
    [tenantId, externalIds],
  );
  return new Map(rows.map((row) => [row.external_id, { updatedAt: new Date(row.updated_at), syncedAt: new Date(row.synced_at), isArchived: row.is_archived }]));
}
