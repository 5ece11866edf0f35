import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { AnswerBody, WritebackRetryBody } from '../../contract/jobs.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { getAnswer, listAnswers, type StoredAnswer } from '../../agent/answers-repository.js';

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

const AnswerParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** What the agent produced (drafts, replies, escalations) and what became of each write-back. */
export const answerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/answers',
    {
      schema: {
        tags: ['answers'],
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
        tags: ['answers'],
        summary: 'Try a failed write-back again',
        description:
          "An answer made for a webhook is written by its job: the failed job is sent round again (202, poll GET /v1/jobs/{jobId}). Any other answer (an agent's escalation from the sidebar) is written now (200). Either way it is written at most once. The helpdesk refusing again answers 4xx with its reason and leaves the answer failed.",
        params: AnswerParams,
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
};
