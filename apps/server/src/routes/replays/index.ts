import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { JobBody } from '../../contract/jobs.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { replayQueue } from '../../jobs/queues.js';
import { toJobBody } from '../jobs/job-body.js';

/** Replays of past solved tickets through the agent: a job whose result is the report. */
export const replayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.post(
    '/v1/replays',
    {
      schema: {
        tags: ['replays'],
        summary: 'Replay past solved tickets through the agent without writing anything to the helpdesk',
        description:
          'Each solved ticket is answered as if it had just arrived (first customer question, history before it). The job result reports what the agent would have done (reply / draft / escalate), how close its reply is to the human answer, and where knowledge was missing. Poll GET /v1/jobs/{id}.',
        body: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }) }),
        response: { 202: JobBody, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { job } = await app.jobs.enqueue(replayQueue, { tenantId: tenant.id, payload: { limit: request.body.limit } });
      return reply.status(202).send(toJobBody(job));
    },
  );
};
