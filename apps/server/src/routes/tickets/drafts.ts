import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/errors.js';
import { RewriteBody, RewriteResponse, Suggestion, TicketRefParams } from '../../contract/sidebar.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { citedReply } from '../../agent/cited-reply.js';
import { decisionBody } from '../../agent/decision-body.js';
import { getPolicy } from '../../agent/policy-repository.js';
import { loadTicketContext } from '../../tickets/load-ticket-context.js';
import { ServerError } from '../../errors.js';

/** Text for the agent to send, made for a ticket: a cited suggestion, a rewrite of a draft. Nothing is written to the helpdesk. */
export const ticketDraftRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.post(
    '/v1/tickets/:ref/suggest',
    { schema: { tags: ['tickets'], summary: 'A cited draft reply for the ticket (nothing is written to the helpdesk)', params: TicketRefParams, response: { 200: Suggestion, ...errorResponses(401, 404, 409, 502) } } },
    async (request) => {
      const tenant = tenantOf(request);
      const { answer } = await app.agent.suggest(tenant.id, request.params.ref);
      const result = answer.result;
      return {
        answerId: answer.id,
        action: result.action,
        replyText: result.replyText,
        ...citedReply(result),
        language: result.language,
        confidence: result.confidence,
        decision: decisionBody(result),
        summary: result.summary,
        escalation: result.escalation ?? null,
        guardrails: result.guardrails,
        path: result.path,
      };
    },
  );

  app.post(
    '/v1/tickets/:ref/rewrite',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Rewrite a draft: shorter, friendlier, more formal, or translated',
        params: TicketRefParams,
        body: RewriteBody,
        response: { 200: RewriteResponse, ...errorResponses(400, 401, 404, 409, 502) },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      if (request.body.style === 'translate' && !request.body.targetLanguage) {
        throw new ServerError('SERVER_REWRITE_TARGET_LANGUAGE_REQUIRED', 'Translation needs targetLanguage, e.g. "es"');
      }
      // The draft is for this ticket: one the helpdesk does not have is a 404 here as on every ticket route.
      await loadTicketContext(app, { tenantId: tenant.id, ticketRef: request.params.ref, refresh: 'when-missing' });
      const policy = await getPolicy(app.db, tenant.id);
      const { text, style, targetLanguage } = request.body;
      const result = await app.answerEngine.rewrite({
        text,
        style,
        ...(targetLanguage ? { targetLanguage } : {}),
        ...(policy.agentName ? { agentName: policy.agentName } : request.agent?.name ? { agentName: request.agent.name } : {}),
        ...(policy.companyName ? { companyName: policy.companyName } : {}),
      });
      return { text: result.text, style: result.style, isAvailable: result.isAvailable, language: result.language, path: result.path, ...(result.note ? { note: result.note } : {}) };
    },
  );
};
