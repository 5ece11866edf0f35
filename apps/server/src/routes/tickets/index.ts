import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/errors.js';
import { SummaryResponse, TicketRefParams } from '../../contract/sidebar.js';
import { CustomerCard, TimelineBody, TimelineQuery } from '../../contract/timeline.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { customerStory } from '../../agent/answer-context.js';
import { loadCustomerCard, loadCustomerTimeline } from '../../mirror/customer-card.js';
import { loadTicketContext } from '../../tickets/load-ticket-context.js';

/**
 * What a ticket shows, addressed by its helpdesk id (the sidebar knows no other): its customer's
 * card, timeline and story. A ticket the mirror has not seen is pulled from the helpdesk first,
 * with its customer's whole history; a ticket the helpdesk does not have is SERVER_TICKET_NOT_FOUND.
 * Drafts are in `drafts.ts`, writes into the helpdesk in `actions.ts`.
 */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/tickets/:ref/timeline',
    {
      schema: {
        tags: ['tickets'],
        summary: "The cross-channel timeline of this ticket's customer",
        description: 'A ticket the mirror has not seen yet is pulled from the helpdesk first, with its customer\'s whole history.',
        params: TicketRefParams,
        querystring: TimelineQuery,
        response: { 200: TimelineBody, ...errorResponses(400, 401, 404, 409, 502) },
      },
    },
    async (request) => {
      const ticket = await loadTicketContext(app, { tenantId: tenantOf(request).id, ticketRef: request.params.ref, refresh: 'when-missing' });
      const { limit, cursor, order, includeInternal } = request.query;
      return loadCustomerTimeline(app.db, scopeOf(request), ticket.customer.id, { limit, cursor, order, includeInternal });
    },
  );

  app.get(
    '/v1/tickets/:ref/customer',
    { schema: { tags: ['tickets'], summary: "The ticket's customer: identities across channels and every ticket", params: TicketRefParams, response: { 200: CustomerCard, ...errorResponses(401, 404, 409, 502) } } },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const ticket = await loadTicketContext(app, { tenantId, ticketRef: request.params.ref, refresh: 'when-missing' });
      return loadCustomerCard(app.db, tenantId, ticket.customer.id);
    },
  );

  app.get(
    '/v1/tickets/:ref/summary',
    { schema: { tags: ['tickets'], summary: "The customer's whole cross-channel story in a few sentences", params: TicketRefParams, response: { 200: SummaryResponse, ...errorResponses(401, 404, 409, 502) } } },
    async (request) => {
      const ticket = await loadTicketContext(app, { tenantId: tenantOf(request).id, ticketRef: request.params.ref, refresh: 'when-missing' });
      const summary = await app.answerEngine.summarize(customerStory(ticket.history), { customerName: ticket.customer.name });
      return { customer: { id: ticket.customer.id, name: ticket.customer.name }, text: summary.text, contactCount: summary.contactCount, channels: summary.channels, path: summary.path };
    },
  );
};
