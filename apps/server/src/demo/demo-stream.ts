import type { HelpdeskKind } from '@threadline/vocabulary';
import type { FastifyInstance } from 'fastify';
import type { DemoDataset } from '@threadline/connector-core/demo';
import type { DemoTenant } from './demo-plugin.js';

/** Tickets whose last word is the customer's: the ones the agent has something to do for. */
export function waitingTicketKeys(dataset: DemoDataset): string[] {
  return dataset.tickets
    .filter((ticket) => (ticket.status === 'new' || ticket.status === 'open') && ticket.messages.at(-1)?.role === 'customer')
    .sort((a, b) => (b.createdAt < a.createdAt ? -1 : 1))
    .map((ticket) => ticket.key);
}

/**
 * Replays the demo's waiting tickets as incoming webhooks, a few seconds apart and alternating
 * between the two helpdesks, so a newcomer watches drafts, replies and escalations appear
 * (in the log, in GET /v1/answers, and in each sandbox's tickets).
 */
export function startDemoStream(input: {
  app: FastifyInstance;
  serverUrl: string;
  tenants: DemoTenant[];
  send: Record<HelpdeskKind, { dataset: DemoDataset; ticketId(key: string): string; sendWebhook(url: string, ticketId: string): Promise<{ status: number }> }>;
  intervalMs: number;
  limit: number;
}): () => void {
  const queue: Array<{ tenant: DemoTenant; key: string }> = [];
  const perTenant = input.tenants.map((tenant) => waitingTicketKeys(input.send[tenant.vendor].dataset).slice(0, input.limit).map((key) => ({ tenant, key })));
  for (let i = 0; perTenant.some((list) => i < list.length); i++) {
    for (const list of perTenant) if (list[i]) queue.push(list[i] as { tenant: DemoTenant; key: string });
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const next = async () => {
    const item = queue.shift();
    if (!item || stopped) return;
    const vendor = item.tenant.vendor;
    const ticketId = input.send[vendor].ticketId(item.key);
    try {
      const response = await input.send[vendor].sendWebhook(`${input.serverUrl}/v1/webhooks/${vendor}/${item.tenant.slug}`, ticketId);
      input.app.log.info({ tenant: item.tenant.slug, ticket: ticketId, demoTicket: item.key, status: response.status }, 'demo: incoming ticket sent as a webhook');
    } catch (error) {
      input.app.log.warn({ err: error, ticket: ticketId }, 'demo: could not send the webhook');
    }
    if (!stopped && queue.length > 0) timer = setTimeout(() => void next(), input.intervalMs);
  };
  timer = setTimeout(() => void next(), input.intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
