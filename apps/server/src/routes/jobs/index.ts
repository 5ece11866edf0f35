import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ThreadlineError } from '@threadline/platform';
import { errorResponses } from '../../contract/errors.js';
import { JobBody } from '../../contract/jobs.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { getJob, listJobs, retryJob, type Job } from '../../jobs/jobs-repository.js';
import { listAnswers } from '../../agent/answers-repository.js';
import { QUEUES } from '../../plugins/app/services.js';

const toBody = (job: Job) => ({
  id: job.id,
  queue: job.queue,
  status: job.status,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  lastError: job.lastError,
  payload: job.payload,
  result: job.result,
  createdAt: job.createdAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? null,
});

const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Background work made visible: what ran, what is waiting, and the dead letters (failed jobs). */
export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'List jobs; status=failed is the dead-letter list',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')])),
          queue: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Object({ jobs: Type.Array(JobBody) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { status, queue, limit } = request.query;
      const jobs = await listJobs(app.db, scopeOf(request), { status, queue, limit });
      return { jobs: jobs.map(toBody) };
    },
  );

  app.get(
    '/v1/jobs/:id',
    { schema: { tags: ['jobs'], summary: 'One job', params: JobParams, response: { 200: JobBody, ...errorResponses(401, 404) } } },
    async (request) => {
      const job = await getJob(app.db, tenantOf(request).id, request.params.id);
      if (!job) throw new ThreadlineError({ code: 'JOB_NOT_FOUND', category: 'user', status: 404, message: 'No job with that id in this tenant' });
      return toBody(job);
    },
  );

  app.post(
    '/v1/jobs/:id/retry',
    { schema: { tags: ['jobs'], summary: 'Run a failed job again', params: JobParams, response: { 202: JobBody, ...errorResponses(401, 404, 409) } } },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const job = await getJob(app.db, tenant.id, request.params.id);
      if (!job) throw new ThreadlineError({ code: 'JOB_NOT_FOUND', category: 'user', status: 404, message: 'No job with that id in this tenant' });
      if (!(await retryJob(app.db, tenant.id, job.id))) {
        throw new ThreadlineError({ code: 'JOB_NOT_FAILED', category: 'user', status: 409, message: `Only failed jobs can be retried; this one is ${job.status}` });
      }
      app.jobs.worker.nudge();
      return reply.status(202).send(toBody((await getJob(app.db, tenant.id, job.id)) as Job));
    },
  );

  app.get(
    '/v1/answers',
    {
      schema: {
        tags: ['jobs'],
        summary: 'What the agent produced, newest first: drafts, replies and escalations, with what was written back',
        querystring: Type.Object({
          action: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('reply'), Type.Literal('escalate')])),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Object({
            answers: Type.Array(
              Type.Object({
                id: Type.String({ format: 'uuid' }),
                ticketExternalId: Type.String(),
                trigger: Type.String(),
                action: Type.String(),
                path: Type.String(),
                confidence: Type.Number(),
                replyText: Type.String(),
                citations: Type.Array(Type.Object({ passageId: Type.String(), title: Type.String(), url: Type.Union([Type.String(), Type.Null()]) })),
                guardrails: Type.Array(Type.String()),
                escalationReason: Type.Union([Type.String(), Type.Null()]),
                writeback: Type.String(),
                createdAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const answers = await listAnswers(app.db, scopeOf(request), { limit: request.query.limit, action: request.query.action });
      return {
        answers: answers.map((answer) => ({
          id: answer.id,
          ticketExternalId: answer.ticketExternalId,
          trigger: answer.trigger,
          action: answer.result.action,
          path: answer.result.path,
          confidence: answer.result.confidence,
          replyText: answer.result.replyText,
          citations: answer.result.citations,
          guardrails: answer.result.guardrails,
          escalationReason: answer.result.escalation?.reason ?? null,
          writeback: answer.writebackStatus,
          createdAt: answer.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/v1/replays',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Replay past solved tickets through the agent without writing anything to the helpdesk',
        description:
          'Each solved ticket is answered as if it had just arrived (first customer question, history before it). The job result reports what the agent would have done (reply / draft / escalate), how close its reply is to the human answer, and where knowledge was missing. Poll GET /v1/jobs/{id}.',
        body: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }) }),
        response: { 202: JobBody, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { job } = await app.jobs.enqueue({ tenantId: tenant.id, queue: QUEUES.replay, payload: { limit: request.body.limit }, maxAttempts: 1 });
      return reply.status(202).send(toBody(job));
    },
  );

  app.post(
    '/v1/sync',
    {
      schema: {
        tags: ['jobs'],
        summary: "Sync the tenant's helpdesk now (incremental from the last cursor)",
        response: { 202: JobBody, ...errorResponses(401, 409) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      await app.helpdesks.forTenant(tenant.id);
      const { job } = await app.jobs.enqueue({ tenantId: tenant.id, queue: QUEUES.sync, payload: { reason: 'api' } });
      return reply.status(202).send(toBody(job));
    },
  );
};
