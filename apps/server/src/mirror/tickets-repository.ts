import type { Queryable } from '@threadline/platform/db';
import type { Message, Ticket } from '@threadline/connector-core';

/**
 * Upserts a ticket for a mirrored customer; returns its Threadline id. Unchanged tickets are not
 * touched. `fetchedAt` is a moment before the helpdesk was asked for `ticket` (stored as `synced_at`):
 * the copy was current at least from then on, which `isMirrorCurrent` relies on.
 */
export async function upsertTicket(tx: Queryable, tenantId: string, customerId: string, ticket: Ticket, fetchedAt: Date): Promise<string> {
  // One round trip: the upsert returns the id when it wrote; an unchanged row is read in the same statement.
  const { rows } = await tx.query<{ id: string }>(
    `with written as (
       insert into tickets (tenant_id, external_id, customer_id, subject, status, raw_status, priority, group_external_id,
                            assignee_external_id, tags, channel, channel_raw, url, created_at, updated_at, is_archived, synced_at, solved_at, reopens)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               coalesce($18::timestamptz, case when $5 in ('solved', 'closed') then $15::timestamptz end), coalesce($19::int, 0))
       on conflict (tenant_id, external_id) do update set
         customer_id = excluded.customer_id, subject = excluded.subject, status = excluded.status,
         raw_status = excluded.raw_status, priority = excluded.priority, group_external_id = excluded.group_external_id,
         assignee_external_id = excluded.assignee_external_id, tags = excluded.tags, channel = excluded.channel,
         channel_raw = excluded.channel_raw, url = excluded.url, updated_at = excluded.updated_at, is_archived = excluded.is_archived,
         -- Without the helpdesk's own solve time, a solve is the update that moved the ticket to solved;
         -- a reopen keeps the last solve, so the customer's message after it shows.
         solved_at = coalesce($18::timestamptz, case when excluded.status in ('solved', 'closed') and tickets.status not in ('solved', 'closed')
                                                     then excluded.updated_at else tickets.solved_at end),
         reopens = greatest(coalesce($19::int, 0), tickets.reopens + case when tickets.status in ('solved', 'closed') and excluded.status not in ('solved', 'closed') then 1 else 0 end),
         synced_at = excluded.synced_at
       where (tickets.customer_id, tickets.subject, tickets.status, tickets.raw_status, tickets.priority, tickets.group_external_id,
              tickets.assignee_external_id, tickets.tags, tickets.channel, tickets.channel_raw, tickets.url, tickets.updated_at, tickets.is_archived)
         is distinct from
             (excluded.customer_id, excluded.subject, excluded.status, excluded.raw_status, excluded.priority, excluded.group_external_id,
              excluded.assignee_external_id, excluded.tags, excluded.channel, excluded.channel_raw, excluded.url, excluded.updated_at, excluded.is_archived)
       returning id)
     select id from written
     union all
     select id from tickets where tenant_id = $1 and external_id = $2 and not exists (select 1 from written)`,
    [
      tenantId,
      ticket.id,
      customerId,
      ticket.subject,
      ticket.status,
      ticket.rawStatus,
      ticket.priority,
      ticket.groupId,
      ticket.assigneeId,
      ticket.tags,
      ticket.channel.channel,
      ticket.channel.raw,
      ticket.url,
      ticket.createdAt,
      ticket.updatedAt,
      ticket.isArchived ?? false,
      fetchedAt,
      ticket.solvedAt ?? null,
      ticket.reopens ?? null,
    ],
  );
  return (rows[0] as { id: string }).id;
}

/** Inserts the messages the mirror does not have yet and updates edited ones, in one statement; returns how many were new. */
export async function upsertMessages(tx: Queryable, tenantId: string, ticketId: string, messages: readonly Message[]): Promise<number> {
  // A thread that names one message twice keeps its last copy (one statement may not touch a row twice).
  const unique = [...new Map(messages.map((message) => [message.id, message])).values()];
  if (unique.length === 0) return 0;
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into messages (tenant_id, ticket_id, external_id, author_external_id, author_role, is_public, channel, channel_raw,
                           body_text, body_html, attachments, created_at)
     select $1, $2, m.external_id, m.author_external_id, m.author_role, m.is_public, m.channel, m.channel_raw,
            m.body_text, m.body_html, m.attachments::jsonb, m.created_at
       from unnest($3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
            as m(external_id, author_external_id, author_role, is_public, channel, channel_raw, body_text, body_html, attachments, created_at)
     on conflict (tenant_id, ticket_id, external_id) do update set
       body_text = excluded.body_text, body_html = excluded.body_html, is_public = excluded.is_public,
       attachments = excluded.attachments
     where (messages.body_text, messages.body_html, messages.is_public, messages.attachments)
       is distinct from (excluded.body_text, excluded.body_html, excluded.is_public, excluded.attachments)
     returning (xmax = 0) as inserted`,
    [
      tenantId,
      ticketId,
      unique.map((message) => message.id),
      unique.map((message) => message.authorId),
      unique.map((message) => message.authorRole),
      unique.map((message) => message.isPublic),
      unique.map((message) => message.channel.channel),
      unique.map((message) => message.channel.raw),
      unique.map((message) => message.bodyText),
      unique.map((message) => message.bodyHtml),
      unique.map((message) => JSON.stringify(message.attachments)),
      unique.map((message) => message.createdAt),
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
