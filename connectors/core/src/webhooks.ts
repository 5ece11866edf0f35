import type { ExternalId, HelpdeskKind } from './model.js';

export type WebhookEventType = 'ticket.created' | 'ticket.updated' | 'comment.added' | 'other';

/** A verified, parsed webhook delivery. */
export interface WebhookEvent {
  vendor: HelpdeskKind;
  /** Stable id of the event: a redelivery of the same event has the same id (dedupe key). */
  eventId: string;
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
