import { ConnectorError, idempotencyMarker, type HandoffChannel, type NewTicket, type NoteInput, type TicketStatus, type TicketUpdate } from '@threadline/connector-core';
import { PRIORITY_CODES, STATUS_CODES, STATUS_LABELS, type AccountFields } from './mappers.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/** Plain text as Freshdesk HTML: blank lines separate paragraphs, single newlines break lines. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * The HTML body of a note or reply. The idempotency marker is its own paragraph of plain text, so
 * it survives Freshdesk's HTML sanitizing and shows up in `body_text` for the lookup.
 */
export function messageBody(input: NoteInput, options: { withMarker: boolean }): string {
  const html = input.bodyHtml ?? textToHtml(input.bodyText);
  return options.withMarker && input.idempotencyKey ? `${html}<p>${escapeHtml(idempotencyMarker(input.idempotencyKey))}</p>` : html;
}

/** A model id as the integer Freshdesk expects; anything else is rejected before a request is made. */
export function numericId(value: string, field: string): number {
  if (!/^\d{1,15}$/.test(value)) {
    throw new ConnectorError({
      vendor: 'freshdesk',
      kind: 'validation',
      message: `${field} must be a Freshdesk id (digits), got ${JSON.stringify(value)}`,
      fieldErrors: [{ field, message: 'It should be a Freshdesk id', code: 'datatype_mismatch' }],
    });
  }
  return Number(value);
}

/** `on_hold` goes to a custom status labelled as a hold when the account has one (see STATUS_CODES). */
export function statusCode(status: TicketStatus, fields: AccountFields): number {
  if (status === 'on_hold') {
    for (const [code, label] of fields.statusLabels) {
      if (code >= 6 && STATUS_LABELS[label.trim().toLowerCase()] === 'on_hold') return code;
    }
  }
  return STATUS_CODES[status];
}

/**
 * The `PUT /tickets/{id}` body for an update. `tags` replaces the list, as Freshdesk does;
 * `addTags` is a union with `currentTags`, which the caller read first.
 */
export function ticketUpdateBody(update: TicketUpdate, fields: AccountFields, currentTags: readonly string[] | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (update.status !== undefined) body.status = statusCode(update.status, fields);
  if (update.priority !== undefined) body.priority = PRIORITY_CODES[update.priority];
  if (update.groupId !== undefined) body.group_id = numericId(update.groupId, 'group_id');
  if (update.assigneeId !== undefined) body.responder_id = update.assigneeId === null ? null : numericId(update.assigneeId, 'responder_id');
  if (update.tags !== undefined || update.addTags !== undefined) {
    const base = update.tags ?? currentTags ?? [];
    body.tags = [...new Set([...base, ...(update.addTags ?? [])])];
  }
  return body;
}

/**
 * The `source` a handed-off ticket is created with (reference §4.2: 1 Email, 3 Phone, 7 Chat).
 * Freshdesk documents no WhatsApp or SMS source code (accounts that have them list their own in
 * `GET /ticket_fields`), so those are Chat and Phone tickets whose tags name the channel.
 */
export const HANDOFF_SOURCES: Readonly<Record<HandoffChannel, number>> = { voice: 3, email: 1, whatsapp: 7, sms: 3 };

/** The `POST /tickets` body for a new ticket of a known contact: open, with the summary as its description. */
export function newTicketBody(input: NewTicket): Record<string, unknown> {
  return {
    requester_id: numericId(input.requesterId, 'requester_id'),
    subject: input.subject,
    description: textToHtml(input.bodyText),
    source: HANDOFF_SOURCES[input.channel],
    status: STATUS_CODES.open,
    priority: PRIORITY_CODES[input.priority ?? 'normal'],
    ...(input.tags?.length ? { tags: input.tags } : {}),
    ...(input.groupId ? { group_id: numericId(input.groupId, 'group_id') } : {}),
  };
}
