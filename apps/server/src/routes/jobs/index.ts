import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { getJob, listJobs, retryFailedJob, type Job } from '@threadline/platform/queue';
import { errorResponses } from '../../contract/errors.js';
import { ServerError } from '../../errors.js';
import { JobBody, JobStatusBody } from '../../contract/jobs.js';
import { authenticateTenant, scopeOf } from '../../plugins/app/api-auth.js';
import { toJobBody } from './job-body.js';
import { ticketLinksFor } from '../../helpdesk/helpdesk-registry.js';

const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const jobNotFound = () => new ServerError('SERVER_JOB_NOT_FOUND', 'No job with that id in this tenant');

/** Background work made visible: what ran, what is waiting, and the dead letters (failed jobs), of every queue. */
export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'List jobs; status=failed is the dead-letter list',
        querystring: Type.Object({
          status: Type.Optional(JobStatusBody),
          queue: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Object({ jobs: Type.Array(JobBody) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { status, queue, limit } = request.query;
      const scope = scopeOf(request);
      const jobs = await listJobs(app.db, scope, { status, queue, limit });
      const link = await ticketLinksFor(app.db, scope.tenantId);
      return { jobs: jobs.map((job) => toJobBody(job, link)) };
    },
  );

  app.get(
    '/v1/jobs/:id',
    { schema: { tags: ['jobs'], summary: 'One job', params: JobParams, response: { 200: JobBody, ...errorResponses(401, 404) } } },
    async (request) => {
      const job = await getJob(app.db, scopeOf(request), request.params.id);
      if (!job) throw jobNotFound();
      return toJobBody(job, await ticketLinksFor(app.db, scopeOf(request).tenantId));
    },
  );

  app.post(
    '/v1/jobs/:id/retry',
    { schema: { tags: ['jobs'], summary: 'Run a failed job (a dead letter) again', params: JobParams, response: { 202: JobBody, ...errorResponses(401, 404, 409) } } },
    async (request, reply) => {
      const scope = scopeOf(request);
      const job = await getJob(app.db, scope, request.params.id);
      if (!job) throw jobNotFound();
      if (!(await retryFailedJob(app.db, scope, job.id))) {
        throw new ServerError('SERVER_JOB_NOT_FAILED', `Only failed jobs can be retried; this one is ${job.status}`);
      }
      app.jobs.worker.nudge();
      return reply.status(202).send(toJobBody((await getJob(app.db, scope, job.id)) as Job, await ticketLinksFor(app.db, scope.tenantId)));
    },
  );
};
