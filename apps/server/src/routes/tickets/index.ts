import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { TimelineBody, TimelineQuery } from '../../contract/timeline.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { getCustomer } from '../../mirror/customers-repository.js';
import { findTicketByExternalId } from '../../mirror/tickets-repository.js';
import { getTimeline } from '../../mirror/timeline-repository.js';

const Params = Type.Object({ ref: Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$', description: 'The ticket id in the helpdesk' }) });

/** Ticket-addressed views, as the sidebar sees them (it knows the helpdesk ticket id). */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/tickets/:ref/timeline',
    {
      schema: {
        tags: ['tickets'],
        summary: "The cross-channel timeline of this ticket's customer",
        description: 'A ticket the mirror has not seen yet is pulled from the helpdesk first, with its customer\'s whole history.',
        params: Params,
        querystring: TimelineQuery,
        response: { 200: TimelineBody, ...errorResponses(400, 401, 404, 409, 502) },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      let ticket = await findTicketByExternalId(app.db, tenant.id, request.params.ref);
      if (!ticket) {
        const { connector } = await app.helpdesks.forTenant(tenant.id);
        await app.mirror.refreshTicket(tenant.id, connector, request.params.ref);
        ticket = await findTicketByExternalId(app.db, tenant.id, request.params.ref);
      }
      const customer = ticket ? await getCustomer(app.db, tenant.id, ticket.customerId) : null;
      if (!ticket || !customer) throw new Error('ticket vanished from the mirror while reading it');
      const { limit, cursor, order, includeInternal } = request.query;
      const page = await getTimeline(app.db, scopeOf(request), { customerId: customer.id, limit, cursor, order, includeInternal });
      return { customer: { id: customer.id, name: customer.name, organization: customer.organization }, ...page } as TimelineBody;
    },
  );
};
