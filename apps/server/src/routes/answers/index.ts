import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { AnswerBody, WritebackRetryBody } from '../../contract/jobs.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { CHANNELS } from '@threadline/vocabulary';
import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import { getAnswer, listAnswers, listFeedbackFor, type AnswerFeedback, type StoredAnswer } from '../../agent/answers-repository.js';
import { decisionBody } from '../../agent/decision-body.js';
import { ticketLinksFor } from '../../helpdesk/helpdesk-registry.js';
import { ServerError } from '../../errors.js';

interface AnswerExtras {
  channel: string | null;
  helpdeskUrl: string | null;
  feedback: AnswerFeedback[];
}

const toAnswerBody = (answer: StoredAnswer, extras: AnswerExtras) => ({
  id: answer.id,
  ticketExternalId: answer.ticketExternalId,
  trigger: answer.trigger,
  action: answer.result.action,
  path: answer.result.path,
  confidence: answer.result.confidence,
  decision: decisionBody(answer.result),
  replyText: answer.result.replyText,
  citations: answer.result.citations,
  guardrails: answer.result.guardrails,
  escalationReason: answer.result.escalation?.reason ?? null,
  writeback: answer.writebackStatus,
  writebackFailure: answer.writebackStatus === 'failed' ? answer.writebackFailure : null,
  channel: extras.channel,
  helpdeskUrl: extras.helpdeskUrl,
  feedback: extras.feedback.map((entry) => ({ verdict: entry.verdict, agentExternalId: entry.agentExternalId, editedText: entry.editedText, reason: entry.reason, createdAt: entry.createdAt.toISOString() })),
  createdAt: answer.createdAt.toISOString(),
});

/** Answers as the API shows them: each with its ticket's link in the helpdesk and the agents' feedback. */
async function toAnswerBodies(db: Queryable, scope: TenantScope, answers: ReadonlyArray<StoredAnswer & { channel?: string | null }>) {
  const link = await ticketLinksFor(db, scope.tenantId);
  const feedback = await listFeedbackFor(db, scope, answers.map((answer) => answer.id));
  return answers.map((answer) =>
    toAnswerBody(answer, { channel: answer.channel ?? null, helpdeskUrl: link(answer.ticketExternalId), feedback: feedback.filter((entry) => entry.answerId === answer.id) }),
  );
}

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
        description:
          'Filters combine: action, writeback, the channel of the ticket, and a date range (from inclusive, to exclusive). Each answer carries the link to its ticket in the helpdesk and the feedback agents gave. writeback=failed lists the write-backs the helpdesk refused or could not take, each with the reason; POST /v1/answers/{id}/retry tries one again.',
        querystring: Type.Object({
          action: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('reply'), Type.Literal('escalate')])),
          channel: Type.Optional(Type.Enum(CHANNELS, { description: "The channel of the answer's ticket" })),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'Answers made at or after this moment' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'Answers made before this moment' })),
          writeback: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('written'), Type.Literal('skipped'), Type.Literal('failed')])),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          cursor: Type.Optional(Type.String({ format: 'uuid', description: "The nextCursor of the page before: the list goes on after that page's last answer" })),
        }),
        response: {
          200: Type.Object({
            answers: Type.Array(AnswerBody),
            nextCursor: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Pass as cursor for the next (older) page; null on the last page' }),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const { action, writeback, channel, limit, cursor } = request.query;
      const from = request.query.from === undefined ? undefined : new Date(request.query.from);
      const to = request.query.to === undefined ? undefined : new Date(request.query.to);
      if (from && to && from >= to) throw new ServerError('SERVER_ANSWERS_RANGE_INVALID', '"from" must be before "to"', { from: request.query.from ?? '', to: request.query.to ?? '' });
      const scope = scopeOf(request);
      if (cursor !== undefined && !(await getAnswer(app.db, scope.tenantId, cursor))) {
        throw new ServerError('SERVER_ANSWERS_CURSOR_INVALID', 'The cursor names no answer of this tenant; pass the nextCursor a previous page returned', { cursor });
      }
      // One more than the page says whether another page follows.
      const found = await listAnswers(app.db, scope, { limit: limit + 1, action, writeback, channel, from, to, after: cursor });
      const answers = found.slice(0, limit);
      return { answers: await toAnswerBodies(app.db, scope, answers), nextCursor: found.length > limit ? (answers.at(-1)?.id ?? null) : null };
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
      const [body] = await toAnswerBodies(app.db, scopeOf(request), [answer]);
      return reply.status(retry.status === 'queued' ? 202 : 200).send({
        status: retry.status,
        jobId: retry.status === 'queued' ? retry.jobId : null,
        messageId: retry.status === 'written' ? retry.messageId : null,
        answer: body as ReturnType<typeof toAnswerBody>,
      });
    },
  );
};
