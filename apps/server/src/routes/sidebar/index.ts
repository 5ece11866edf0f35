import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import Type from 'typebox';
import { ThreadlineError } from '@threadline/platform';
import { markCitations, numberCitations, type AnswerResult } from '@threadline/knowledge/answer';
import { errorResponses } from '../../contract/errors.js';
import { CustomerCard } from '../../contract/timeline.js';
import {
  AskBody,
  AskResponse,
  EscalateBody,
  IdempotencyHeaders,
  EscalateResponse,
  FeedbackBody,
  GroupsResponse,
  HandoffBody,
  HandoffResponse,
  RewriteBody,
  RewriteResponse,
  Suggestion,
  SummaryResponse,
  TicketRefParams,
} from '../../contract/sidebar.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { getAnswer, recordFeedback } from '../../agent/answers-repository.js';
import { markTicketsStale } from '../../reports/stale-facts.js';
import { getPolicy } from '../../agent/policy-repository.js';
import { answerPolicyFor, customerStory, loadTicketContext, retrievePassages, type TicketContext } from '../../agent/answer-context.js';
import { getCustomer } from '../../mirror/customers-repository.js';
import { findTicketByExternalId } from '../../mirror/tickets-repository.js';
import { buildCustomerCard } from '../../mirror/customer-card.js';

/**
 * The reply as the agent reads it: sources numbered once per article, and the same reply with
 * `[n]` after each sentence whose source is known. `replyText` stays marker-free: it is what Insert puts in.
 */
function citedReply(result: AnswerResult): { citations: Array<{ number: number; passageId: string; title: string; url: string | null }>; citedText: string } {
  const sources = numberCitations(result.citations);
  return {
    citations: sources.map((source) => ({ number: source.number, passageId: source.passageId, title: source.title, url: source.url })),
    citedText: markCitations(result.replyText, sources),
  };
}

/**
 * Whether an answer to the agent's own question rests on the knowledge base. Without a citation, or
 * when the engine would escalate (nothing relevant, confidence far too low), the text is a
 * customer-facing hand-off, not knowledge: the agent is told nothing was found instead.
 */
function isKnowledgeFound(result: AnswerResult): boolean {
  return result.citations.length > 0 && result.action !== 'escalate';
}

/**
 * What the agent sidebar (Zendesk / Freshdesk apps) calls: a cited suggestion, rewrites, an
 * escalation with context, the customer's story, free questions to the knowledge base, feedback.
 */
export const sidebarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  /** Makes sure the mirror has the ticket (and, on first sight, the customer's whole history). */
  async function ticketContext(tenantId: string, ref: string): Promise<TicketContext> {
    if (!(await findTicketByExternalId(app.db, tenantId, ref))) {
      const { connector } = await app.helpdesks.forTenant(tenantId);
      await app.mirror.refreshTicket(tenantId, connector, ref);
    }
    const context = await loadTicketContext(app.db, tenantId, ref);
    if (!context) throw new ThreadlineError({ code: 'TICKET_NOT_FOUND', category: 'user', status: 404, message: `Ticket ${ref} is not in this helpdesk` });
    return context;
  }

  app.get(
    '/v1/tickets/:ref/customer',
    { schema: { tags: ['sidebar'], summary: "The ticket's customer: identities across channels and every ticket", params: TicketRefParams, response: { 200: CustomerCard, ...errorResponses(401, 404, 409, 502) } } },
    async (request) => {
      const tenant = tenantOf(request);
      const context = await ticketContext(tenant.id, request.params.ref);
      const customer = (await getCustomer(app.db, tenant.id, context.customer.id))!;
      return buildCustomerCard(app.db, tenant.id, customer);
    },
  );

  app.post(
    '/v1/tickets/:ref/suggest',
    { schema: { tags: ['sidebar'], summary: 'A cited draft reply for the ticket (nothing is written to the helpdesk)', params: TicketRefParams, response: { 200: Suggestion, ...errorResponses(401, 404, 409, 502) } } },
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
        summary: result.summary,
        escalation: result.escalation ?? null,
        guardrails: result.guardrails,
        path: result.path,
      };
    },
  );

  app.post(
    '/v1/tickets/:ref/rewrite',
    { schema: { tags: ['sidebar'], summary: 'Rewrite a draft: shorter, friendlier, more formal, or translated', params: TicketRefParams, body: RewriteBody, response: { 200: RewriteResponse, ...errorResponses(400, 401) } } },
    async (request) => {
      const tenant = tenantOf(request);
      if (request.body.style === 'translate' && !request.body.targetLanguage) {
        throw new ThreadlineError({ code: 'REWRITE_TARGET_LANGUAGE_REQUIRED', category: 'user', message: 'Translation needs targetLanguage, e.g. "es"' });
      }
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

  app.post(
    '/v1/tickets/:ref/escalate',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Escalate to a person: route the ticket and attach the cross-channel story as an internal note',
        params: TicketRefParams,
        body: EscalateBody,
        headers: IdempotencyHeaders,
        description:
          "If the helpdesk refuses the escalation (e.g. 422 for a group that does not exist), the answer is 4xx with the helpdesk's reason and details.answerId; the answer stays in GET /v1/answers as failed, and POST /v1/answers/{id}/retry tries it again.",
        response: { 201: EscalateResponse, ...errorResponses(400, 401, 404, 409, 422, 502, 503) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { answer, messageId } = await app.agent.escalate(tenant.id, request.params.ref, request.body, request.headers['idempotency-key'] ?? null);
      const groupId = answer.result.escalation?.group;
      const { connector } = await app.helpdesks.forTenant(tenant.id);
      // Where the ticket went, in the helpdesk's words; an unreadable group list only loses the name.
      const group = groupId ? ((await connector.listGroups().catch(() => [])).find((each) => each.id === groupId) ?? { id: groupId, name: `group ${groupId}` }) : null;
      return reply.status(201).send({ answerId: answer.id, messageId, summary: answer.result.summary, group });
    },
  );

  app.get(
    '/v1/groups',
    { schema: { tags: ['sidebar'], summary: "The helpdesk's groups a ticket can be escalated to", response: { 200: GroupsResponse, ...errorResponses(401, 502, 503) } } },
    async (request) => {
      const { connector } = await app.helpdesks.forTenant(tenantOf(request).id);
      const groups = await connector.listGroups();
      return { groups: [...groups].sort((a, b) => a.name.localeCompare(b.name)) };
    },
  );

  app.post(
    '/v1/tickets/:ref/handoff',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Hand the conversation to another channel: a follow-up ticket there, linked both ways, and a reply telling the customer what happens next',
        description:
          "Opens a ticket for the same customer on the target channel (a callback request for voice) carrying the summary and the open question, adds an internal note on this ticket linking to it, and replies publicly on this ticket's channel. With the same Idempotency-Key a retry returns the first hand-off.",
        params: TicketRefParams,
        body: HandoffBody,
        headers: IdempotencyHeaders,
        response: { 201: HandoffResponse, ...errorResponses(400, 401, 404, 409, 422, 502, 503) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { ref } = request.params;
      const clientKey = request.headers['idempotency-key'];
      const outcome = await app.agent.handOff({
        tenantId: tenant.id,
        ticketExternalId: ref,
        channel: request.body.channel,
        requestedBy: 'agent',
        // Scoped to the ticket, as escalations are; without a key every request is a new hand-off.
        idempotencyKey: clientKey ? `handoff:${ref}:${clientKey}` : `handoff:${ref}:${randomUUID()}`,
        question: request.body.question,
      });
      return reply.status(201).send({
        handoffId: outcome.handoff.id,
        channel: outcome.ticket.channel,
        ticket: { id: outcome.ticket.id, url: outcome.ticket.url },
        acknowledgment: outcome.acknowledgment,
        wasAlreadyDone: outcome.wasAlreadyDone,
      });
    },
  );

  app.get(
    '/v1/tickets/:ref/summary',
    { schema: { tags: ['sidebar'], summary: "The customer's whole cross-channel story in a few sentences", params: TicketRefParams, response: { 200: SummaryResponse, ...errorResponses(401, 404, 409, 502) } } },
    async (request) => {
      const tenant = tenantOf(request);
      const context = await ticketContext(tenant.id, request.params.ref);
      const summary = await app.answerEngine.summarize(customerStory(context.history), { customerName: context.customer.name });
      return { customer: { id: context.customer.id, name: context.customer.name }, text: summary.text, contactCount: summary.contactCount, channels: summary.channels, path: summary.path };
    },
  );

  app.post(
    '/v1/answers/:id/feedback',
    {
      schema: {
        tags: ['sidebar'],
        summary: 'Record what the agent did with a suggestion (used, edited, rejected) or thumbs up/down',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: FeedbackBody,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const answer = await getAnswer(app.db, tenant.id, request.params.id);
      if (!answer) throw new ThreadlineError({ code: 'ANSWER_NOT_FOUND', category: 'user', status: 404, message: 'No suggestion with that id in this tenant' });
      if (request.body.verdict === 'edited' && !request.body.editedText) {
        throw new ThreadlineError({ code: 'FEEDBACK_EDITED_TEXT_REQUIRED', category: 'user', message: 'An "edited" verdict needs editedText: the text the agent sent' });
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

  app.post(
    '/v1/kb/ask',
    { schema: { tags: ['sidebar'], summary: 'Ask the knowledge base a free question; a cited answer and the passages it used', body: AskBody, response: { 200: AskResponse, ...errorResponses(400, 401) } } },
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
      if (!isKnowledgeFound(result)) return { answer: '', citedText: '', isFound: false, citations: [], confidence: result.confidence, passages: [], path: result.path };
      return {
        answer: result.replyText,
        isFound: true,
        ...citedReply(result),
        confidence: result.confidence,
        passages: passages.map((passage) => ({ id: passage.id, title: passage.title, url: passage.url, sectionPath: passage.sectionPath, content: passage.content, score: passage.score })),
        path: result.path,
      };
    },
  );
};
