import type { WebhookRequest } from '@threadline/connector-core';
import { WEBHOOK_SECRET_HEADER } from '../webhook-verifier.js';
import type { SandboxState } from './state.js';

/**
 * The JSON the README's automation rule sends: a "Trigger webhook" action with content type JSON,
 * simple layout, and only the Ticket ID ticked, rendered as `{"freshdesk_webhook":{"ticket_id":55}}`.
 * A rule renders its placeholders at each run and adds nothing of its own: no delivery id, no
 * time, no event name (support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules:
 * the action sends the content you define to the URL you give), so every update of a ticket
 * sends these same bytes.
 */
export function webhookBody(state: SandboxState, ticketId: number): string {
  const ticket = state.tickets.get(ticketId);
  if (!ticket) throw new Error(`The sandbox has no ticket ${ticketId}`);
  return JSON.stringify({ freshdesk_webhook: { ticket_id: ticket.id } });
}

/** A delivery exactly as the sandbox would send it, for verifier tests. */
export function webhookDelivery(state: SandboxState, ticketId: number, options: { secret: string }): WebhookRequest {
  // The rule's custom header (reference §4.9: `custom_headers` on the trigger_webhook action).
  return {
    headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER.toLowerCase()]: options.secret },
    rawBody: webhookBody(state, ticketId),
  };
}

/** POSTs a delivery to `targetUrl` like an automation rule does, with the secret header. */
export async function sendWebhook(state: SandboxState, targetUrl: string, ticketId: number, options: { secret: string }): Promise<{ status: number; body: string }> {
  const delivery = webhookDelivery(state, ticketId, options);
  const response = await fetch(targetUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: options.secret },
    body: delivery.rawBody,
  });
  return { status: response.status, body: await response.text() };
}
