import type { WebhookEventType, WebhookRequest } from '@threadline/connector-core';
import { WEBHOOK_SECRET_HEADER } from '../webhook-verifier.js';
import { DEFAULT_STATUS_CHOICES, PRIORITY_CHOICES, SOURCE_CHOICES, type SandboxState } from './state.js';

const labelOf = (choices: Record<string, number>, code: number) => Object.entries(choices).find(([, value]) => value === code)?.[0] ?? String(code);

/**
 * The JSON an automation rule with a "Trigger webhook" action sends, in the simple layout
 * (`{"freshdesk_webhook":{…}}`) with the placeholders rendered. `ticket_id` comes first. The rule's
 * content carries the ticket's update time, so two events on one ticket have different bodies,
 * and a literal `triggered_event` set by whichever rule (creation, update, note) fired.
 */
export function webhookBody(state: SandboxState, ticketId: number, event: WebhookEventType | string): string {
  const ticket = state.tickets.get(ticketId);
  if (!ticket) throw new Error(`The sandbox has no ticket ${ticketId}`);
  const requester = state.contacts.get(ticket.requester_id);
  const statusChoices = state.ticketFields.find((field) => field.name === 'status')?.choices as Record<string, string[]> | undefined;
  return JSON.stringify({
    freshdesk_webhook: {
      ticket_id: ticket.id,
      ticket_subject: ticket.subject,
      ticket_status: (statusChoices ?? DEFAULT_STATUS_CHOICES)[String(ticket.status)]?.[0] ?? String(ticket.status),
      ticket_priority: labelOf(PRIORITY_CHOICES, ticket.priority),
      ticket_source: labelOf(SOURCE_CHOICES, ticket.source),
      ticket_requester_email: requester?.email ?? null,
      ticket_url: `https://${state.company.subdomain}.freshdesk.com/a/tickets/${ticket.id}`,
      ticket_updated_at: ticket.updated_at,
      triggered_event: event,
    },
  });
}

/** A delivery exactly as the sandbox would send it, for verifier tests. */
export function webhookDelivery(state: SandboxState, ticketId: number, options: { event?: WebhookEventType | string; secret: string }): WebhookRequest {
  return {
    headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER.toLowerCase()]: options.secret },
    rawBody: webhookBody(state, ticketId, options.event ?? 'ticket.updated'),
  };
}

/** POSTs a delivery to `targetUrl` like an automation rule does, with the secret header. */
export async function sendWebhook(state: SandboxState, targetUrl: string, ticketId: number, options: { event?: WebhookEventType | string; secret: string }): Promise<{ status: number; body: string }> {
  const delivery = webhookDelivery(state, ticketId, options);
  const response = await fetch(targetUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: options.secret },
    body: delivery.rawBody,
  });
  return { status: response.status, body: await response.text() };
}
