import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/errors.js';
import { JobBody } from '../../contract/jobs.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { helpdeskSyncQueue } from '../../jobs/queues.js';
import { toJobBody } from '../jobs/job-body.js';

/** An incremental sync of the tenant's helpdesk into the mirror, now. */
export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.post(
    '/v1/sync',
    {
      schema: {
        tags: ['sync'],
        summary: "Sync the tenant's helpdesk now (incremental from the last cursor)",
        response: { 202: JobBody, ...errorResponses(401, 409) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      await app.helpdesks.forTenant(tenant.id);
      const { job } = await app.jobs.enqueue(helpdeskSyncQueue, { tenantId: tenant.id, payload: { reason: 'api' } });
      return reply.status(202).send(toJobBody(job));
    },
  );
};
