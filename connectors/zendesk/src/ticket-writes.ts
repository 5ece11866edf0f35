import { ConnectorError, idempotencyMarker, type ExternalId, type HandoffChannel, type Message, type NewTicket, type NoteInput, type Ticket, type TicketUpdate } from '@threadline/connector-core';
import type { HttpClient } from '@threadline/connector-core/http';
import { mapComment, mapTicket, toZendeskStatus, type AuthorContext } from './mappers.js';
import type { ZendeskAudit, ZendeskAuditEvent, ZendeskTicket } from './wire.js';

export interface TicketWriteDeps {
  http: HttpClient;
  /** Agent-facing root, for ticket links. */
  baseUrl: string;
  /** Resolves who Threadline is (for `bot` authorship). */
  botUserId: () => Promise<ExternalId | null>;
  /** Re-reads a thread when an audit does not carry the comment. */
  listMessages: (ticketId: ExternalId) => Promise<Message[]>;
}

/** Zendesk ids go out as JSON numbers when they fit a double exactly, else as strings. */
export function wireId(id: ExternalId): number | string {
  const asNumber = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(asNumber) ? asNumber : id;
}

function ticketPath(ticketId: ExternalId): string {
  if (!/^\d+$/.test(ticketId)) {
    throw new ConnectorError({ vendor: 'zendesk', kind: 'not_found', message: `"${ticketId}" is not a Zendesk ticket id`, details: { ticketId } });
  }
  return `/tickets/${ticketId}`;
}

export { ticketPath };

/**
 * The comment object of `PUT /tickets/{id}`. A private note carries the idempotency marker in its
 * body; a public reply never does, because the customer reads it (the email and the help center show
 * the comment body as written): an earlier public reply is found by its text instead, as on
 * Freshdesk. With `bodyHtml`, only `html_body` is sent and Zendesk derives the plain text from it.
 */
function commentBody(input: NoteInput, isPublic: boolean): Record<string, unknown> {
  const marker = input.idempotencyKey === undefined || isPublic ? undefined : idempotencyMarker(input.idempotencyKey);
  if (input.bodyHtml !== undefined) {
    return { html_body: marker ? `${input.bodyHtml}\n<p>${marker}</p>` : input.bodyHtml, public: isPublic };
  }
  return { body: marker ? `${input.bodyText}\n\n${marker}` : input.bodyText, public: isPublic };
}

/**
 * The ticket fields of an update. `addTags` goes out as `additional_tags`, which adds to the
 * ticket's tags instead of replacing them (Tickets API, "Updating tag lists": `additional_tags` and
 * `remove_tags` on Update Ticket), so no read and no separate tags request is needed; with `tags`
 * too, their union replaces the list in the same body.
 */
export function ticketFields(update: TicketUpdate): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (update.status !== undefined) fields.status = toZendeskStatus(update.status);
  if (update.priority !== undefined) fields.priority = update.priority;
  if (update.groupId !== undefined) fields.group_id = wireId(update.groupId);
  if (update.assigneeId !== undefined) fields.assignee_id = update.assigneeId === null ? null : wireId(update.assigneeId);
  if (update.tags !== undefined) fields.tags = [...new Set([...update.tags, ...(update.addTags ?? [])])];
  else if (update.addTags !== undefined && update.addTags.length > 0) fields.additional_tags = [...new Set(update.addTags)];
  return fields;
}

/**
 * Adds a comment with `PUT /tickets/{id}` (the Comments API cannot create comments) and returns it
 * as a message, read from the audit's `Comment` event. With `update`, its fields ride in the same
 * body (Update Ticket takes a `comment` beside the ticket's fields, and records both in one audit),
 * so an escalation's group, priority, tags and note are one write. The write
 * is not retried on a 5xx or a timeout (Zendesk may have applied it): the caller checks
 * `findMessageByIdempotencyKey` first.
 */
export async function addComment(deps: TicketWriteDeps, ticketId: ExternalId, input: NoteInput, isPublic: boolean, update: TicketUpdate = {}): Promise<Message> {
  const { body } = await deps.http.request<{ ticket: ZendeskTicket; audit?: ZendeskAudit }>('PUT', ticketPath(ticketId), {
    body: { ticket: { ...ticketFields(update), comment: commentBody(input, isPublic) } },
    idempotent: false,
  });
  const audit = body.audit;
  const event = audit?.events.find((item): item is Extract<ZendeskAuditEvent, { type: 'Comment' }> => item.type === 'Comment');
  if (audit && event) {
    const author = String(event.author_id ?? audit.author_id);
    // Only agents can comment through the API, so the writer is staff (or Threadline itself).
    const context: AuthorContext = { users: new Map([[author, { role: 'agent' }]]), botUserId: await deps.botUserId() };
    return mapComment({ ...event, via: audit.via, created_at: audit.created_at }, ticketId, context);
  }
  const thread = await deps.listMessages(ticketId);
  const marker = input.idempotencyKey === undefined || isPublic ? undefined : idempotencyMarker(input.idempotencyKey);
  const written = marker ? thread.findLast((message) => message.bodyText.includes(marker)) : thread.findLast((message) => message.isPublic === isPublic);
  if (!written) {
    throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: `zendesk accepted a comment on ticket ${ticketId} but the thread does not show it`, details: { ticketId } });
  }
  return written;
}

/** Applies an update in one `PUT /tickets/{id}`; with nothing to change, reads the ticket. */
export async function updateTicket(deps: TicketWriteDeps, ticketId: ExternalId, update: TicketUpdate): Promise<Ticket> {
  const path = ticketPath(ticketId);
  const fields = ticketFields(update);
  const { body } =
    Object.keys(fields).length > 0
      ? await deps.http.request<{ ticket: ZendeskTicket }>('PUT', path, { body: { ticket: fields } })
      : await deps.http.request<{ ticket: ZendeskTicket }>('GET', path);
  return mapTicket(body.ticket, deps.baseUrl);
}

/**
 * The via id a new ticket is created with (`via_id`, write-only on create; "Via types reference"):
 * a callback is an outbound call, a follow-up by email is mail, a text is text_message. WhatsApp
 * conversations are opened by Sunshine Conversations, not the Tickets API, so that ticket is an API
 * ticket that its tags route to the WhatsApp team.
 */
export const HANDOFF_VIA_IDS: Readonly<Record<HandoffChannel, number>> = { voice: 35, email: 4, sms: 37, whatsapp: 5 };

/**
 * `POST /tickets` for an existing requester with a private first comment (the customer is not
 * emailed a copy). Not retried on a 5xx or a timeout: Zendesk may have made it; callers look for it
 * by its tags before trying again.
 */
export async function createTicket(deps: TicketWriteDeps, input: NewTicket): Promise<Ticket> {
  const ticket: Record<string, unknown> = {
    requester_id: wireId(input.requesterId),
    subject: input.subject,
    comment: { body: input.bodyText, public: false },
    via_id: HANDOFF_VIA_IDS[input.channel],
    // Open, not new: it is waiting on us (a callback to make), not on triage.
    status: 'open',
    ...(input.tags?.length ? { tags: input.tags } : {}),
    ...(input.groupId ? { group_id: wireId(input.groupId) } : {}),
    ...(input.priority ? { priority: input.priority } : {}),
  };
  const { body } = await deps.http.request<{ ticket: ZendeskTicket }>('POST', '/tickets', { body: { ticket }, idempotent: false });
  return mapTicket(body.ticket, deps.baseUrl);
}
