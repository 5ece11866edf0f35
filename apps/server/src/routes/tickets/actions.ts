import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { errorResponses } from '../../contract/errors.js';
import { EscalateBody, EscalateResponse, HandoffBody, HandoffResponse, IdempotencyHeaders, TicketRefParams } from '../../contract/sidebar.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';

/** What an agent does to a ticket in the helpdesk: escalate it to a person, hand it to another channel. Both are idempotent by key. */
export const ticketActionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.post(
    '/v1/tickets/:ref/escalate',
    {
      schema: {
        tags: ['tickets'],
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

  app.post(
    '/v1/tickets/:ref/handoff',
    {
      schema: {
        tags: ['tickets'],
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
};
