import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { FeedbackBody } from '../../contract/sidebar.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { getAnswer, recordFeedback } from '../../agent/answers-repository.js';
import { markTicketsStale } from '../../reports/stale-facts.js';
import { ServerError } from '../../errors.js';

/** What agents tell us about an answer: used, edited, rejected, thumbs up or down. */
export const answerFeedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.post(
    '/v1/answers/:id/feedback',
    {
      schema: {
        tags: ['answers'],
        summary: 'Record what the agent did with a suggestion (used, edited, rejected) or thumbs up/down',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: FeedbackBody,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const answer = await getAnswer(app.db, tenant.id, request.params.id);
      if (!answer) throw new ServerError('SERVER_ANSWER_NOT_FOUND', 'No suggestion with that id in this tenant');
      if (request.body.verdict === 'edited' && !request.body.editedText) {
        throw new ServerError('SERVER_FEEDBACK_EDITED_TEXT_REQUIRED', 'An "edited" verdict needs editedText: the text the agent sent');
      }
      const id = await recordFeedback(app.db, {
        tenantId: tenant.id,
        answerId: answer.id,
        verdict: request.body.verdict,
        agentExternalId: request.agent?.id ?? null,
        editedText: request.body.editedText ?? null,
        reason: request.body.reason ?? null,
      });
      // A draft the agent used counts in the reports from now on.
      await markTicketsStale(app.db, tenant.id, [answer.ticketExternalId]);
      return reply.status(201).send({ id });
    },
  );
};
