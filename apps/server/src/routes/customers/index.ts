import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { CustomerCard, TimelineBody, TimelineQuery } from '../../contract/timeline.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { loadCustomerCard, loadCustomerTimeline } from '../../mirror/customer-card.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The unified customer: one card across identities, one timeline across channels. */
export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/customers/:id',
    { schema: { tags: ['customers'], summary: 'A customer with every identity and ticket', params: Params, response: { 200: CustomerCard, ...errorResponses(401, 404) } } },
    async (request) => loadCustomerCard(app.db, tenantOf(request).id, request.params.id),
  );

  app.get(
    '/v1/customers/:id/timeline',
    {
      schema: {
        tags: ['customers'],
        summary: "Every interaction of the customer across channels, in time order",
        params: Params,
        querystring: TimelineQuery,
        response: { 200: TimelineBody, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { limit, cursor, order, includeInternal } = request.query;
      return loadCustomerTimeline(app.db, scopeOf(request), request.params.id, { limit, cursor, order, includeInternal });
    },
  );
};
