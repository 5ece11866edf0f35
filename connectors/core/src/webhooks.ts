import type { ExternalId, HelpdeskKind } from './model.js';

export type WebhookEventType = 'ticket.created' | 'ticket.updated' | 'comment.added' | 'other';

/**
 * A verified, parsed webhook delivery. A delivery is a nudge to look at a ticket, not the message
 * itself: identity comes only from ids the helpdesk states, never from the body, because an
 * automation rule renders the same body for every update of a ticket.
 */
export interface WebhookEvent {
  vendor: HelpdeskKind;
  /** The helpdesk's own id of the event (Zendesk event subscriptions); null when it sends none. */
  eventId: string | null;
  /**
   * The helpdesk's own id of this delivery, the same on a retry of it (Zendesk's
   * `x-zendesk-webhook-invocation-id`); null when it sends none (Freshdesk automation rules).
   */
  deliveryId: string | null;
  type: WebhookEventType;
  ticketId: ExternalId | null;
  occurredAt: string;
  /** The body as received, for the job and for debugging. */
  payload: unknown;
}

export interface WebhookRequest {
  /** Header names lower-cased, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/**
 * Checks a delivery's authenticity and parses it. Throws `WebhookError` (401 for authentication
 * problems, 400 for an unreadable body); nothing is stored before this passes.
 */
export interface WebhookVerifier {
  readonly vendor: HelpdeskKind;
  verify(request: WebhookRequest, secret: string, now?: Date): WebhookEvent;
}

export function header(headers: WebhookRequest['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
