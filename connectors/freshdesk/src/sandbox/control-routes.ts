import type { FastifyInstance } from 'fastify';
import type { FaultInjector, FaultPlan } from '@threadline/connector-core/sandbox';
import { fdTime, type SandboxState } from './state.js';

export interface ControlHooks {
  reset(): void;
  sendWebhook(targetUrl: string, ticketId: string): Promise<{ status: number; body: string }>;
}

const mapOf = (map: Map<string, number>) => Object.fromEntries([...map].map(([key, id]) => [key, String(id)]));

/**
 * The sandbox's own API, outside Freshdesk's paths and never faulted or authenticated: state for
 * tests and the demo, fault plans, reset, and webhook sending.
 */
export function registerControlRoutes(app: FastifyInstance, state: SandboxState, faults: FaultInjector, hooks: ControlHooks): void {
  app.get('/__sandbox/state', async () => ({
    company: state.company,
    now: fdTime(),
    counts: { tickets: state.tickets.size, archivedTickets: state.archivedTickets.size, contacts: state.contacts.size, agents: state.agents.size, articles: state.articles.length, cannedResponses: state.cannedResponses.length },
    appAgentId: state.appAgentId,
    merges: state.merges,
    ids: { tickets: mapOf(state.ids.tickets), customers: mapOf(state.ids.customers), mergedCustomers: mapOf(state.ids.mergedCustomers), agents: mapOf(state.ids.agents), groups: mapOf(state.ids.groups) },
    faults: faults.remaining(),
  }));

  app.get('/__sandbox/tickets', async () => [...state.tickets.values()].map((ticket) => ({ ...ticket, conversations: state.conversations.get(ticket.id) ?? [] })));

  app.get('/__sandbox/tickets/:id', async (request, reply) => {
    const ticket = state.tickets.get(Number((request.params as { id: string }).id));
    if (!ticket) return reply.code(404).send({ error: 'no such ticket' });
    return { ...ticket, conversations: state.conversations.get(ticket.id) ?? [] };
  });

  app.post('/__sandbox/faults', async (request) => {
    const body = (request.body ?? {}) as Omit<FaultPlan, 'pathPattern'> & { pathPattern?: string };
    faults.set({ ...body, pathPattern: body.pathPattern ? new RegExp(body.pathPattern) : undefined });
    return faults.remaining();
  });

  app.delete('/__sandbox/faults', async () => {
    faults.reset();
    return faults.remaining();
  });

  app.post('/__sandbox/reset', async () => {
    hooks.reset();
    return { ok: true };
  });

  app.post('/__sandbox/webhooks', async (request, reply) => {
    const body = (request.body ?? {}) as { url?: string; ticketId?: string | number };
    if (!body.url || body.ticketId === undefined || !state.tickets.has(Number(body.ticketId))) {
      return reply.code(400).send({ error: 'give url and the ticketId of an existing ticket' });
    }
    return hooks.sendWebhook(body.url, String(body.ticketId));
  });
}
