import type { FastifyInstance } from 'fastify';
import type { FaultInjector, FaultPlan } from '@threadline/connector-core/sandbox';
import { numericId } from './protocol.js';
import type { SandboxState } from './state.js';
import type { SandboxWebhookEvent, WebhookDeliveryOptions } from './webhooks.js';

export interface ControlDeps {
  getState: () => SandboxState;
  faults: FaultInjector;
  reset: () => void;
  sendWebhook: (targetUrl: string, ticketId: string, event?: SandboxWebhookEvent, options?: WebhookDeliveryOptions) => Promise<{ status: number; body: string }>;
}

function keyOf(map: Map<string, number>, id: number): string | null {
  for (const [key, value] of map) if (value === id) return key;
  return null;
}

/**
 * The sandbox's own control API under `/__sandbox` (never faulted, no auth): state for tests and
 * the demo, faults, reset, and webhook sending.
 */
export function registerControlRoutes(app: FastifyInstance, deps: ControlDeps): void {
  app.get('/__sandbox/state', async () => {
    const state = deps.getState();
    const keys = Object.fromEntries(Object.entries(state.keys).map(([kind, map]) => [kind, Object.fromEntries(map as Map<string, number>)]));
    return {
      account: state.account,
      botUserId: state.botUserId,
      counts: { users: state.users.size, tickets: state.tickets.size, comments: [...state.comments.values()].reduce((sum, list) => sum + list.length, 0), articles: state.articles.size, macros: state.macros.size },
      merges: state.merges,
      keys,
      faults: deps.faults.remaining(),
    };
  });

  app.get('/__sandbox/tickets', async () => {
    const state = deps.getState();
    return {
      tickets: [...state.tickets.values()].map((ticket) => ({
        id: ticket.id,
        key: keyOf(state.keys.ticket, ticket.id),
        subject: ticket.subject,
        status: ticket.status,
        requester_id: ticket.requester_id,
        channel: ticket.via.channel,
        tags: ticket.tags,
        updated_at: ticket.updated_at,
        comment_count: state.comments.get(ticket.id)?.length ?? 0,
      })),
    };
  });

  app.get('/__sandbox/tickets/:id', async (request, reply) => {
    const state = deps.getState();
    const id = numericId((request.params as { id: string }).id);
    const ticket = id === null ? undefined : state.tickets.get(id);
    if (!ticket) return reply.code(404).send({ error: 'no such ticket' });
    return { ticket, comments: state.comments.get(ticket.id) ?? [], audits: state.audits.get(ticket.id) ?? [] };
  });

  app.post('/__sandbox/faults', async (request, reply) => {
    const body = (request.body ?? {}) as Omit<FaultPlan, 'pathPattern'> & { pathPattern?: string };
    const { pathPattern, ...plan } = body;
    deps.faults.set({ ...plan, ...(pathPattern ? { pathPattern: new RegExp(pathPattern) } : {}) });
    return reply.send({ faults: deps.faults.remaining() });
  });

  app.delete('/__sandbox/faults', async () => {
    deps.faults.reset();
    return { faults: deps.faults.remaining() };
  });

  app.post('/__sandbox/reset', async () => {
    deps.reset();
    return { reset: true };
  });

  app.post('/__sandbox/webhooks', async (request, reply) => {
    const body = (request.body ?? {}) as { targetUrl?: string; ticketId?: string | number; event?: SandboxWebhookEvent; format?: 'event' | 'trigger'; requestFormat?: 'json' | 'form_encoded' };
    if (!body.targetUrl || body.ticketId === undefined) return reply.code(400).send({ error: 'targetUrl and ticketId are required' });
    const result = await deps.sendWebhook(body.targetUrl, String(body.ticketId), body.event, { ...(body.format ? { format: body.format } : {}), ...(body.requestFormat ? { requestFormat: body.requestFormat } : {}) });
    return reply.send(result);
  });
}
