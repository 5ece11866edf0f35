import { createHmac, timingSafeEqual } from 'node:crypto';
import { header, WebhookError, type WebhookEvent, type WebhookEventType, type WebhookRequest, type WebhookVerifier } from '@threadline/connector-core';

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
/** Zendesk's id of one invocation of a webhook; a retry of that invocation carries it again. */
export const INVOCATION_HEADER = 'x-zendesk-webhook-invocation-id';

/** `base64(HMAC_SHA256(secret, timestamp + rawBody))`, exactly as Zendesk signs a delivery. */
export function signZendeskWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(timestamp + rawBody, 'utf8').digest('base64');
}

/** Zendesk's timestamp format: ISO-8601 UTC to the second, e.g. `2024-04-17T17:18:10Z`. */
export function webhookTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export interface ZendeskWebhookVerifierOptions {
  /** How far a delivery's signed timestamp may be from now, either way. Default 5 minutes. */
  toleranceMs?: number;
}

const EVENT_PREFIX = 'zen:event-type:';

/** Event-subscription types → the normalized event type. */
export function eventTypeOf(zendeskType: string): WebhookEventType {
  const name = zendeskType.startsWith(EVENT_PREFIX) ? zendeskType.slice(EVENT_PREFIX.length) : zendeskType;
  if (name === 'ticket.created') return 'ticket.created';
  if (name === 'ticket.comment_added') return 'comment.added';
  if (name.startsWith('ticket.')) return 'ticket.updated';
  return 'other';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
  return null;
}

/** A trigger body's own hint of what happened; trigger bodies are templates the admin wrote. */
function triggerEventType(body: Record<string, unknown>): WebhookEventType {
  const hint = [body.event, body.type, body.update_type].find((value): value is string => typeof value === 'string')?.toLowerCase();
  if (hint === undefined) return 'ticket.updated';
  if (hint === 'create' || hint.includes('created')) return 'ticket.created';
  if (hint.includes('comment')) return 'comment.added';
  return 'ticket.updated';
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * A trigger webhook may use request format JSON or form encoded; the body is read after the
 * signature has been checked on the raw bytes, whichever the format.
 */
function parseBody(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.toLowerCase().split(';')[0]?.trim() === FORM_TYPE) {
    return Object.fromEntries(new URLSearchParams(rawBody));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new WebhookError('zendesk', 'malformed', 'Zendesk webhook body is neither JSON nor form encoded');
  }
  if (!isRecord(parsed)) throw new WebhookError('zendesk', 'malformed', 'Zendesk webhook body is not a JSON object');
  return parsed;
}

function parseEvent(body: Record<string, unknown>, signedAt: Date): Omit<WebhookEvent, 'vendor' | 'payload' | 'deliveryId'> {
  if (typeof body.type === 'string' && body.type.startsWith(EVENT_PREFIX)) {
    // Event-subscription envelope: the id is Zendesk's own and survives redelivery.
    if (typeof body.id !== 'string' || body.id === '') throw new WebhookError('zendesk', 'malformed', 'Zendesk event has no id');
    const detail = isRecord(body.detail) ? body.detail : {};
    const subject = typeof body.subject === 'string' ? /^zen:ticket:(\d+)$/.exec(body.subject)?.[1] : undefined;
    const isTicket = body.type.startsWith(`${EVENT_PREFIX}ticket.`);
    return {
      eventId: body.id,
      type: eventTypeOf(body.type),
      ticketId: isTicket ? (idText(detail.id) ?? subject ?? null) : null,
      occurredAt: typeof body.time === 'string' ? body.time : signedAt.toISOString(),
    };
  }
  const ticketId = idText(body.ticket_id) ?? (isRecord(body.ticket) ? idText(body.ticket.id) : null);
  if (ticketId === null) throw new WebhookError('zendesk', 'malformed', 'Zendesk webhook is neither an event envelope nor a trigger body with ticket_id');
  // Trigger bodies are whatever the admin typed and carry no event id: two updates of one ticket
  // can render the same bytes, so the body names the ticket and nothing more.
  const updatedAt = [body.updated_at, body.created_at].find((value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)));
  return { eventId: null, type: triggerEventType(body), ticketId, occurredAt: updatedAt ?? signedAt.toISOString() };
}

/**
 * Verifies Zendesk webhook deliveries: the HMAC signature over timestamp + raw body (constant-time
 * comparison), the signed timestamp's freshness, then the body, which is either an
 * event-subscription envelope (`zen:event-type:ticket.created`, `…comment_added`, …) or a trigger
 * body the admin templated (`{"ticket_id":"{{ticket.id}}", …}`, JSON or form encoded). The
 * delivery id is Zendesk's invocation id header, which a retry of the same invocation repeats.
 *
 * @example
 * const event = createZendeskWebhookVerifier().verify({ headers: request.headers, rawBody }, signingSecret);
 */
export function createZendeskWebhookVerifier(options: ZendeskWebhookVerifierOptions = {}): WebhookVerifier {
  const toleranceMs = options.toleranceMs ?? 5 * 60_000;
  return {
    vendor: 'zendesk',
    verify(request: WebhookRequest, secret: string, now: Date = new Date()): WebhookEvent {
      if (!secret) throw new WebhookError('zendesk', 'missing_secret', 'No Zendesk webhook signing secret is configured');
      const signature = header(request.headers, SIGNATURE_HEADER);
      const timestamp = header(request.headers, TIMESTAMP_HEADER);
      if (!signature || !timestamp) throw new WebhookError('zendesk', 'missing_signature', 'Zendesk webhook signature or timestamp header is missing');
      const expected = Buffer.from(signZendeskWebhook(secret, timestamp, request.rawBody), 'utf8');
      const given = Buffer.from(signature.trim(), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new WebhookError('zendesk', 'bad_signature', 'Zendesk webhook signature does not match');
      }
      const signedAt = new Date(timestamp);
      if (Number.isNaN(signedAt.getTime())) throw new WebhookError('zendesk', 'stale', 'Zendesk webhook timestamp is not a time');
      if (Math.abs(now.getTime() - signedAt.getTime()) > toleranceMs) {
        throw new WebhookError('zendesk', 'stale', `Zendesk webhook timestamp ${timestamp} is outside the ${Math.round(toleranceMs / 1000)} s tolerance`);
      }
      const body = parseBody(request.rawBody, header(request.headers, 'content-type'));
      const deliveryId = header(request.headers, INVOCATION_HEADER)?.trim() || null;
      return { vendor: 'zendesk', ...parseEvent(body, signedAt), deliveryId, payload: body };
    },
  };
}
