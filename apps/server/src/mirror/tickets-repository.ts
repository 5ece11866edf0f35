import type { Queryable } from '@threadline/platform/db';
import type { Message, Ticket } from '@threadline/connector-core';

/** A ticket to mirror and the Threadline id of its customer. */
export interface TicketToMirror {
  ticket: Ticket;
  customerId: string;
}

/**
 * The `with` items that upsert tickets (`src`, `written`), parameters `$1`–`$19` as `ticketParams`
 * lists them. The helpdesk's own solve time and reopen count are null when it has none: the update
 * reads them from `src`, since `excluded` holds the values computed for a new row.
 */
const TICKETS_UPSERT = `src as materialized (
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
       returning id, external_id)`;

/** The ids of the upserted tickets: those written, and those unchanged (read in the same statement). */
const WRITTEN_IDS = `select id, external_id from written
       union all
       select id, external_id from tickets
        where tenant_id = $1 and external_id = any($2::text[]) and external_id not in (select external_id from written)`;

function ticketParams(tenantId: string, tickets: readonly TicketToMirror[], fetchedAt: Date): unknown[] {
  const column = <T>(of: (ticket: Ticket) => T) => tickets.map((each) => of(each.ticket));
  return [
    tenantId,
    column((ticket) => ticket.id),
    tickets.map((each) => each.customerId),
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
  ];
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
  const { rows } = await tx.query<{ id: string; external_id: string }>(`with ${TICKETS_UPSERT},
     ids as (${WRITTEN_IDS})
     select id, external_id from ids`, ticketParams(tenantId, unique, fetchedAt));
  return new Map(rows.map((row) => [row.external_id, row.id]));
}

/** The message columns `messageParams` fills, and their arrays' parameters from `first` on. */
const MESSAGE_COLUMNS = 'external_id, author_external_id, author_role, is_public, channel, channel_raw, body_text, body_html, attachments, created_at';
const messageArrays = (first: number) =>
  ['text', 'text', 'text', 'boolean', 'text', 'text', 'text', 'text', 'text', 'timestamptz'].map((type, index) => `$${first + index}::${type}[]`).join(', ');

/** Upserts the messages of `rows` (a `ticket_id` and `MESSAGE_COLUMNS`); returns whether each was new. */
const messagesUpsert = (rows: string) =>
  `insert into messages (tenant_id, ticket_id, external_id, author_external_id, author_role, is_public, channel, channel_raw,
                         body_text, body_html, attachments, created_at)
   select $1, m.ticket_id, m.external_id, m.author_external_id, m.author_role, m.is_public, m.channel, m.channel_raw,
          m.body_text, m.body_html, m.attachments::jsonb, m.created_at
     from ${rows}
   on conflict (tenant_id, ticket_id, external_id) do update set
     body_text = excluded.body_text, body_html = excluded.body_html, is_public = excluded.is_public,
     attachments = excluded.attachments
   where (messages.body_text, messages.body_html, messages.is_public, messages.attachments)
     is distinct from (excluded.body_text, excluded.body_html, excluded.is_public, excluded.attachments)
   returning (xmax = 0) as inserted`;

const messageParams = (messages: readonly Message[]): unknown[] => [
  messages.map((message) => message.id),
  messages.map((message) => message.authorId),
  messages.map((message) => message.authorRole),
  messages.map((message) => message.isPublic),
  messages.map((message) => message.channel.channel),
  messages.map((message) => message.channel.raw),
  messages.map((message) => message.bodyText),
  messages.map((message) => message.bodyHtml),
  messages.map((message) => JSON.stringify(message.attachments)),
  messages.map((message) => message.createdAt),
];

/**
 * Inserts the messages the mirror does not have yet and updates edited ones, for any number of
 * mirrored tickets (by Threadline id) in one statement; returns how many were new.
 */
export async function upsertMessages(tx: Queryable, tenantId: string, threads: ReadonlyArray<{ ticketId: string; messages: readonly Message[] }>): Promise<number> {
  // A thread that names one message twice keeps its last copy (one statement may not touch a row twice).
  const unique = [...new Map(threads.flatMap(({ ticketId, messages }) => messages.map((message) => [`${ticketId}\u0000${message.id}`, { ticketId, message }] as const))).values()];
  if (unique.length === 0) return 0;
  const { rows } = await tx.query<{ inserted: boolean }>(
    messagesUpsert(`unnest($2::uuid[], ${messageArrays(3)}) as m(ticket_id, ${MESSAGE_COLUMNS})`),
    [tenantId, unique.map((each) => each.ticketId), ...messageParams(unique.map((each) => each.message))],
  );
  return rows.filter((row) => row.inserted).length;
}

/**
 * One ticket and its thread (`upsertTickets`, then `upsertMessages`) in one statement, so with no
 * transaction around them; `alsoStep`, a data-modifying `with` item, runs in it too (`$1` is the
 * tenant, `$3[1]` the customer). Returns the ticket's id and how many messages were new.
 */
export async function upsertTicketWithThread(
  db: Queryable,
  tenantId: string,
  input: TicketToMirror & { messages: readonly Message[]; fetchedAt: Date; alsoStep?: string },
): Promise<{ ticketId: string; newMessages: number }> {
  const messages = [...new Map(input.messages.map((message) => [message.id, message])).values()];
  const { rows } = await db.query<{ ticket_id: string; new_messages: number }>(
    `with ${TICKETS_UPSERT},
     ids as (${WRITTEN_IDS}),
     thread as (${messagesUpsert(`(select ids.id as ticket_id, u.* from ids cross join unnest(${messageArrays(20)}) as u(${MESSAGE_COLUMNS})) m`)})
     ${input.alsoStep ? `, also as (${input.alsoStep})` : ''}
     select (select id from ids) as ticket_id, (select count(*) from thread where inserted)::int as new_messages`,
    [...ticketParams(tenantId, [input], input.fetchedAt), ...messageParams(messages)],
  );
  const row = rows[0] as { ticket_id: string; new_messages: number };
  return { ticketId: row.ticket_id, newMessages: row.new_messages };
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
