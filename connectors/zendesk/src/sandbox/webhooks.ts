import { randomBytes } from 'node:crypto';
import type { WebhookRequest } from '@threadline/connector-core';
import { signZendeskWebhook, webhookTimestamp } from '../webhook-verifier.js';
import type { ZendeskTicket } from '../wire.js';
import type { SandboxState } from './state.js';

/** Core event names, or any Zendesk ticket event name (`ticket.status_changed`, …). */
export type SandboxWebhookEvent = 'ticket.created' | 'ticket.updated' | 'comment.added' | `ticket.${string}`;

export interface WebhookDeliveryOptions {
  /** `event`: an event-subscription envelope (default); `trigger`: the body a trigger's action renders. */
  format?: 'event' | 'trigger';
  /**
   * A trigger webhook's request format (the webhook's `request_format`); event subscriptions are
   * always JSON. "Requests for Zendesk events … always sends requests using the POST HTTP method.
   * The request includes a JSON payload"; for triggers "you can customize the HTTP method, format,
   * and payload" (developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request).
   */
  requestFormat?: 'json' | 'form_encoded';
  /** Sign with another secret (to test rejection). */
  secret?: string;
  /** Signing time; default now. */
  timestamp?: Date;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID, the shape of Zendesk's webhook and event ids. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  for (let value = now, i = 0; i < 10; i++, value = Math.floor(value / 32)) time = CROCKFORD[value % 32] + time;
  const random = [...randomBytes(16)].map((byte) => CROCKFORD[byte % 32]).join('');
  return time + random;
}

function zendeskEventName(event: SandboxWebhookEvent): string {
  if (event === 'comment.added') return 'ticket.comment_added';
  if (event === 'ticket.updated') return 'ticket.status_changed';
  return event;
}

const idText = (id: number | null) => (id === null ? null : String(id));

/** The event-subscription `detail` of a ticket: ids as strings, status upper-cased as in the reference's example. */
function ticketDetail(ticket: ZendeskTicket): Record<string, unknown> {
  return {
    id: String(ticket.id),
    actor_id: idText(ticket.submitter_id),
    assignee_id: idText(ticket.assignee_id),
    brand_id: idText(ticket.brand_id),
    created_at: ticket.created_at,
    custom_status: null,
    description: ticket.description,
    external_id: ticket.external_id,
    form_id: idText(ticket.ticket_form_id),
    group_id: idText(ticket.group_id),
    is_public: ticket.is_public,
    organization_id: idText(ticket.organization_id),
    priority: ticket.priority === null ? null : ticket.priority.toUpperCase(),
    requester_id: String(ticket.requester_id),
    status: ticket.status.toUpperCase(),
    subject: ticket.subject,
    submitter_id: String(ticket.submitter_id),
    tags: ticket.tags,
    type: ticket.type === null ? null : ticket.type.toUpperCase(),
    updated_at: ticket.updated_at,
    via: { channel: String(ticket.via.channel) },
  };
}

/**
 * What the trigger action of the README's setup renders: the admin types
 * `{"ticket_id":"{{ticket.id}}"}` (JSON) or the one parameter `ticket_id` = `{{ticket.id}}` (form
 * encoded) and nothing more, so every update of a ticket sends the same bytes. The reference's
 * trigger example (`"{\"ticket_id\":\"{{ticket.id}}\",…}"` in the `notification_webhook` action) has
 * no time and no event name either.
 */
export function triggerBody(ticket: ZendeskTicket, requestFormat: 'json' | 'form_encoded'): string {
  return requestFormat === 'form_encoded' ? new URLSearchParams({ ticket_id: String(ticket.id) }).toString() : JSON.stringify({ ticket_id: String(ticket.id) });
}

/** The event-subscription body Zendesk would POST for `event` on `ticket`. */
export function webhookBody(state: SandboxState, ticket: ZendeskTicket, event: SandboxWebhookEvent, now: Date): Record<string, unknown> {
  const latest = state.comments.get(ticket.id)?.at(-1);
  const name = zendeskEventName(event);
  const author = latest?.author_id === null || latest?.author_id === undefined ? undefined : state.users.get(latest.author_id);
  const details: Record<string, unknown> =
    name === 'ticket.comment_added' && latest
      ? { comment: { id: String(latest.id), body: latest.body, is_public: latest.public, author: { id: String(latest.author_id), is_staff: author?.role !== 'end-user', name: author?.name ?? 'Zendesk' } } }
      : name === 'ticket.status_changed'
        ? { previous: 'NEW', current: ticket.status.toUpperCase() }
        : {};
  return {
    type: `zen:event-type:${name}`,
    account_id: state.account.id,
    id: ulid(now.getTime()),
    time: webhookTimestamp(now),
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticket.id}`,
    detail: ticketDetail(ticket),
    event: { ...details, meta: { sequence: { id: ulid(now.getTime()), position: 1, total: 1 } } },
  };
}

let invocations = 8_350_205_582;

/**
 * A signed delivery, headers lower-cased as Node presents them. "All webhook requests include the
 * following HTTP headers: x-zendesk-account-id, x-zendesk-webhook-id,
 * x-zendesk-webhook-invocation-id, x-zendesk-webhook-signature,
 * x-zendesk-webhook-signature-timestamp" (developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request),
 * trigger webhooks included. Each call is a new invocation with its own numeric id (the doc's
 * example is `8350205582`); a retry of an invocation is the same request sent again, same id
 * (Zendesk lists "webhook invocation attempts" per invocation id).
 */
export function webhookDelivery(input: { state: SandboxState; ticket: ZendeskTicket; event: SandboxWebhookEvent; webhookId: string; secret: string; options?: WebhookDeliveryOptions }): WebhookRequest {
  const now = input.options?.timestamp ?? new Date();
  const requestFormat = input.options?.format === 'trigger' ? (input.options.requestFormat ?? 'json') : 'json';
  const rawBody = input.options?.format === 'trigger' ? triggerBody(input.ticket, requestFormat) : JSON.stringify(webhookBody(input.state, input.ticket, input.event, now));
  const timestamp = webhookTimestamp(now);
  invocations += 1 + Math.floor(Math.random() * 7);
  return {
    rawBody,
    headers: {
      'content-type': requestFormat === 'form_encoded' ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
      'user-agent': 'Zendesk Webhook',
      'x-zendesk-account-id': String(input.state.account.id),
      'x-zendesk-webhook-id': input.webhookId,
      'x-zendesk-webhook-invocation-id': String(invocations),
      'x-zendesk-webhook-signature': signZendeskWebhook(input.options?.secret ?? input.secret, timestamp, rawBody),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
  };
}

/** POSTs a delivery as Zendesk does; answers the receiver's status and body. */
export async function postWebhook(targetUrl: string, delivery: WebhookRequest, fetchImpl: typeof fetch = fetch): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers)) if (typeof value === 'string') headers[name] = value;
  const response = await fetchImpl(targetUrl, { method: 'POST', headers, body: delivery.rawBody, signal: AbortSignal.timeout(12_000) });
  return { status: response.status, body: await response.text() };
}
