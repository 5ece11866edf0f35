import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decisionWords } from '@threadline/vocabulary';
import { errorResponses } from '../../contract/errors.js';
import { AskBody, AskResponse } from '../../contract/sidebar.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { answerPolicyFor, retrievePassages } from '../../agent/answer-context.js';
import { citedReply, isKnowledgeFound } from '../../agent/cited-reply.js';
import { getPolicy } from '../../agent/policy-repository.js';

/** Free questions to the knowledge base (the sidebar's search box): a cited answer and the passages it used. */
export const kbAskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.post(
    '/v1/kb/ask',
    { schema: { tags: ['knowledge'], summary: 'Ask the knowledge base a free question; a cited answer and the passages it used', body: AskBody, response: { 200: AskResponse, ...errorResponses(400, 401) } } },
    async (request) => {
      const tenant = tenantOf(request);
      const policy = await getPolicy(app.db, tenant.id);
      const passages = await retrievePassages({ db: app.db, tenantId: tenant.id, embedder: app.embedder, query: request.body.question });
      const { refundLimit: _customerRule, ...agentPolicy } = answerPolicyFor(policy, 'chat');
      const result = await app.answerEngine.answer({
        ticket: { subject: request.body.question, channel: 'chat' },
        latestMessage: request.body.question,
        history: [],
        passages,
        // The agent asks, not a customer: the rules about what customers write (blocked topics, refund limit) do not apply.
        policy: { ...agentPolicy, mode: 'draft', blockedTopics: [] },
      });
      const shown = passages.map((passage) => ({ id: passage.id, title: passage.title, url: passage.url, sectionPath: passage.sectionPath, content: passage.content, score: passage.score }));
      const { closestAnswer, ...cited } = citedReply(result);
      if (!isKnowledgeFound(result)) {
        // Below the hand-off cut the engine still drafted from the knowledge: the agent asked, so the
        // agent reads it, with the doubt said. With nothing relevant there is no such draft.
        if (!closestAnswer) return { answer: '', citedText: '', isFound: false, citations: [], confidence: result.confidence, passages: [], path: result.path };
        const figure = result.decision ? ` (${decisionWords(result.decision)})` : '';
        return {
          answer: closestAnswer.replyText,
          isFound: true,
          citations: cited.citations,
          citedText: closestAnswer.citedText,
          doubt: `The knowledge found may not answer this${figure}: check it before you send it.`,
          confidence: result.confidence,
          passages: shown,
          path: result.path,
        };
      }
      return { answer: result.replyText, isFound: true, ...cited, confidence: result.confidence, passages: shown, path: result.path };
    },
  );
};
