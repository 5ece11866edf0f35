import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ThreadlineError } from '@threadline/platform';
import { errorResponses } from '../../contract/errors.js';
import { CustomerCard, TimelineBody, TimelineQuery } from '../../contract/timeline.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { getCustomer } from '../../mirror/customers-repository.js';
import { buildCustomerCard } from '../../mirror/customer-card.js';
import { getTimeline } from '../../mirror/timeline-repository.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

const customerNotFound = () =>
  new ThreadlineError({ code: 'CUSTOMER_NOT_FOUND', category: 'user', status: 404, message: 'No customer with that id in this tenant' });

/** The unified customer: one card across identities, one timeline across channels. */
export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/customers/:id',
    { schema: { tags: ['customers'], summary: 'A customer with every identity and ticket', params: Params, response: { 200: CustomerCard, ...errorResponses(401, 404) } } },
    async (request) => {
      const tenant = tenantOf(request);
      const customer = await getCustomer(app.db, tenant.id, request.params.id);
      if (!customer) throw customerNotFound();
      return buildCustomerCard(app.db, tenant.id, customer);
    },
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
      const tenant = tenantOf(request);
      const customer = await getCustomer(app.db, tenant.id, request.params.id);
      if (!customer) throw customerNotFound();
      const { limit, cursor, order, includeInternal } = request.query;
      const page = await getTimeline(app.db, scopeOf(request), { customerId: customer.id, limit, cursor, order, includeInternal });
      return { customer: { id: customer.id, name: customer.name, organization: customer.organization }, ...page } as TimelineBody;
    },
  );
};
