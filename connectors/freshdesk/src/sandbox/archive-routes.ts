import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkQuery, notFound, paginate, pathId } from './protocol.js';
import type { SandboxState, StoredTicket } from './state.js';

function archivedOf(state: SandboxState, request: FastifyRequest): StoredTicket {
  const ticket = state.archivedTickets.get(pathId(request));
  if (!ticket) throw notFound();
  return ticket;
}

/**
 * Freshdesk's archive, read-only: "View an archived ticket" (`GET /api/v2/tickets/archived/[id]`)
 * and "List all conversations of an archived ticket" (`GET /api/v2/tickets/archived/[id]/conversations`);
 * reference §4.2: "`/tickets/archived/{id}` (+`/conversations`): archived tickets; absent from list
 * and search". A live ticket is not found here, and an archived one is not found at `/tickets/{id}`.
 */
export function registerArchiveRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/tickets/archived/:id', async (request) => {
    checkQuery(request, []);
    return { ...archivedOf(state, request) };
  });

  app.get('/api/v2/tickets/archived/:id/conversations', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    const ticket = archivedOf(state, request);
    return paginate(request, reply, state.conversations.get(ticket.id) ?? []);
  });
}
