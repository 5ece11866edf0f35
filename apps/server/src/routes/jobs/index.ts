import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ThreadlineError } from '@threadline/platform';
import { errorResponses } from '../../contract/errors.js';
import { AnswerBody, JobBody, WritebackRetryBody } from '../../contract/jobs.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { getJob, listJobs, retryJob, type Job } from '../../jobs/jobs-repository.js';
import { getAnswer, listAnswers, type StoredAnswer } from '../../agent/answers-repository.js';
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

const toAnswerBody = (answer: StoredAnswer) => ({
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
  writebackFailure: answer.writebackStatus === 'failed' ? answer.writebackFailure : null,
  createdAt: answer.createdAt.toISOString(),
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
        description: 'writeback=failed lists the write-backs the helpdesk refused or could not take, each with the reason; POST /v1/answers/{id}/retry tries one again.',
        querystring: Type.Object({
          action: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('reply'), Type.Literal('escalate')])),
          writeback: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('written'), Type.Literal('skipped'), Type.Literal('failed')])),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ answers: Type.Array(AnswerBody) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { action, writeback, limit } = request.query;
      const answers = await listAnswers(app.db, scopeOf(request), { limit, action, writeback });
      return { answers: answers.map(toAnswerBody) };
    },
  );

  app.post(
    '/v1/answers/:id/retry',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Try a failed write-back again',
        description:
          "An answer made for a webhook is written by its job: the failed job is sent round again (202, poll GET /v1/jobs/{jobId}). Any other answer (an agent's escalation from the sidebar) is written now (200). Either way it is written at most once. The helpdesk refusing again answers 4xx with its reason and leaves the answer failed.",
        params: JobParams,
        response: { 200: WritebackRetryBody, 202: WritebackRetryBody, ...errorResponses(401, 404, 409, 422, 502, 503) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const retry = await app.agent.retryWriteBack(tenant.id, request.params.id);
      const answer = (await getAnswer(app.db, tenant.id, request.params.id)) as StoredAnswer;
      return reply.status(retry.status === 'queued' ? 202 : 200).send({
        status: retry.status,
        jobId: retry.status === 'queued' ? retry.jobId : null,
        messageId: retry.status === 'written' ? retry.messageId : null,
        answer: toAnswerBody(answer),
      });
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
