import { createHash, timingSafeEqual } from 'node:crypto';
import { header, WebhookError, type WebhookEvent, type WebhookEventType, type WebhookRequest, type WebhookVerifier } from '@threadline/connector-core';

/**
 * Freshdesk automation webhooks are not signed (reference §4.9), so the rule's "Trigger webhook"
 * action sends a per-tenant secret in this custom header, and the receiver compares it.
 */
export const WEBHOOK_SECRET_HEADER = 'X-Threadline-Webhook-Secret';

/**
 * Event names an admin may put in a rule's content as `triggered_event` (optional: without one a
 * delivery reads as a ticket update, which is all a nudge needs).
 */
export const WEBHOOK_EVENT_TYPES: Readonly<Record<string, WebhookEventType>> = {
  'ticket.created': 'ticket.created',
  ticket_created: 'ticket.created',
  created: 'ticket.created',
  'ticket.updated': 'ticket.updated',
  ticket_updated: 'ticket.updated',
  updated: 'ticket.updated',
  'comment.added': 'comment.added',
  note_added: 'comment.added',
  reply_added: 'comment.added',
  conversation_added: 'comment.added',
  'conversation.created': 'comment.added',
};

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison, also across different lengths (both sides are hashed first). */
function secretsMatch(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function ticketIdOf(content: Record<string, unknown>): string | null {
  const value = content.ticket_id;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
  return null;
}

function occurredAtOf(content: Record<string, unknown>, now: Date): string {
  for (const key of ['ticket_updated_at', 'updated_at', 'triggered_at', 'ticket_created_at']) {
    const value = content[key];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(Date.parse(value)).toISOString();
  }
  return now.toISOString();
}

/**
 * Verifies and parses a Freshdesk automation-rule delivery. The body is whatever JSON the rule's
 * content says: the simple layout wraps fields in `{"freshdesk_webhook":{…}}`, the advanced one is
 * flat (`{"ticket_id":"{{ticket.id}}",…}`); both are read. Freshdesk sends neither an event nor a
 * delivery id, and a rule renders the same body for every update of a ticket, so the delivery
 * carries no identity at all: it only names the ticket to look at. There is no signed timestamp,
 * so nothing can go stale; re-fetch the ticket by id rather than trusting the body.
 *
 * @example
 * const event = createFreshdeskWebhookVerifier().verify({ headers, rawBody }, tenant.webhookSecret);
 */
export function createFreshdeskWebhookVerifier(): WebhookVerifier {
  return {
    vendor: 'freshdesk',
    verify(request: WebhookRequest, secret: string, now: Date = new Date()): WebhookEvent {
      const given = header(request.headers, WEBHOOK_SECRET_HEADER);
      if (given === undefined || given === '') {
        throw new WebhookError('freshdesk', 'missing_secret', `The delivery has no ${WEBHOOK_SECRET_HEADER} header`);
      }
      if (secret === '' || !secretsMatch(given, secret)) {
        throw new WebhookError('freshdesk', 'bad_secret', `The ${WEBHOOK_SECRET_HEADER} header does not match this tenant's secret`);
      }
      let payload: unknown;
      try {
        payload = JSON.parse(request.rawBody);
      } catch {
        throw new WebhookError('freshdesk', 'malformed', 'The delivery body is not JSON');
      }
      if (!isRecord(payload)) throw new WebhookError('freshdesk', 'malformed', 'The delivery body is not a JSON object');
      const content = isRecord(payload.freshdesk_webhook) ? payload.freshdesk_webhook : payload;
      const eventName = typeof content.triggered_event === 'string' ? content.triggered_event.trim().toLowerCase() : '';
      const ticketId = ticketIdOf(content);
      return {
        vendor: 'freshdesk',
        eventId: null,
        deliveryId: null,
        type: WEBHOOK_EVENT_TYPES[eventName] ?? (ticketId === null ? 'other' : 'ticket.updated'),
        ticketId,
        occurredAt: occurredAtOf(content, now),
        payload,
      };
    },
  };
}
