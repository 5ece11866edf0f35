import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZendeskTicket, ZendeskUser } from '../wire.js';
import { actorOf } from './access.js';
import { includes, notFound, numericId, queryOf, recordInvalid, sendError, sendPage, single } from './protocol.js';
import { isoSeconds, touchTicket, type SandboxState } from './state.js';
import { applyTicketUpdate, buildComment, normalizeTags, type UpdateOutcome } from './ticket-updates.js';

/** Via ids a ticket may be created with, by the via type name it then reads back with (Zendesk's "Via types reference"). */
const VIA_TYPES: Readonly<Record<number, string>> = { 0: 'web_form', 4: 'mail', 5: 'web_service', 29: 'chat', 33: 'voicemail', 34: 'phone_call_inbound', 35: 'phone_call_outbound', 37: 'text_message' };

/** Users a list of tickets names (the `include=users` sideload). */
export function ticketUsers(state: SandboxState, tickets: readonly ZendeskTicket[]): ZendeskUser[] {
  const ids = new Set(tickets.flatMap((ticket) => [ticket.requester_id, ticket.submitter_id, ticket.assignee_id]).filter((id): id is number => id !== null));
  return [...ids].map((id) => state.users.get(id)).filter((user): user is ZendeskUser => user !== undefined);
}

function sendOutcome(reply: FastifyReply, outcome: UpdateOutcome, status = 200): FastifyReply {
  if (outcome.ok) return reply.code(status).send({ ticket: outcome.ticket, audit: outcome.audit });
  if (outcome.status === 422 && outcome.details) return recordInvalid(reply, outcome.details);
  return sendError(reply, outcome.status, outcome.error, outcome.description);
}

/** Tickets: show, list, show_many, create, update (fields and comments), tags, comments, audits. */
export function registerTicketRoutes(app: FastifyInstance, getState: () => SandboxState): void {
  const find = (request: FastifyRequest): ZendeskTicket | undefined => {
    const id = numericId((request.params as { id?: string }).id);
    return id === null ? undefined : getState().tickets.get(id);
  };

  app.get('/api/v2/tickets', async (request, reply) => {
    const state = getState();
    const tickets = [...state.tickets.values()].sort((a, b) => a.id - b.id);
    return sendPage(request, reply, tickets, 'tickets', { extend: (page) => (includes(request, 'users') ? { users: ticketUsers(state, page) } : {}) });
  });

  app.get('/api/v2/tickets/show_many', async (request, reply) => {
    const state = getState();
    const ids = (single(queryOf(request).ids) ?? '').split(',').map(Number).filter(Number.isInteger);
    const tickets = ids.map((id) => state.tickets.get(id)).filter((ticket): ticket is ZendeskTicket => ticket !== undefined);
    return reply.send({ tickets, ...(includes(request, 'users') ? { users: ticketUsers(state, tickets) } : {}), next_page: null, previous_page: null, count: tickets.length });
  });

  app.get('/api/v2/tickets/:id', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return notFound(reply);
    return reply.send({ ticket, ...(includes(request, 'users') ? { users: ticketUsers(getState(), [ticket]) } : {}) });
  });

  app.post('/api/v2/tickets', async (request, reply) => {
    const state = getState();
    const input = (request.body as { ticket?: Record<string, unknown> } | undefined)?.ticket;
    const comment = input?.comment as Record<string, unknown> | undefined;
    const requesterId = Number(input?.requester_id ?? actorOf(request, state));
    if (!input || !comment) return recordInvalid(reply, { description: [{ description: 'Description: cannot be blank', error: 'BlankValue' }] });
    if (!state.users.has(requesterId)) return recordInvalid(reply, { requester: [{ description: 'Requester: is invalid', error: 'InvalidValue' }] });
    const now = new Date();
    const at = isoSeconds(now);
    const id = state.nextId('ticket');
    const auditId = state.nextId('audit');
    const first = buildComment(state, comment, Number(comment.author_id ?? requesterId), auditId, at);
    if (typeof first === 'string') return recordInvalid(reply, { description: [{ description: first, error: 'BlankValue' }] });
    const subject = typeof input.subject === 'string' ? input.subject : first.body.slice(0, 60);
    // `via_id` is write-only on create ("Via types reference"): the ticket reads back with the via type's name.
    const viaChannel = typeof input.via_id === 'number' ? (VIA_TYPES[input.via_id] ?? 'api') : 'api';
    first.via = { channel: viaChannel, source: { from: {}, to: {}, rel: null } };
    const ticket: ZendeskTicket = {
      id, url: `${state.origin}/api/v2/tickets/${id}.json`, external_id: null, type: null, subject, raw_subject: subject, description: first.body,
      priority: null, status: 'new', recipient: null, requester_id: requesterId, submitter_id: actorOf(request, state), assignee_id: null,
      organization_id: null, group_id: null, brand_id: 360_000_912_345, collaborator_ids: [], follower_ids: [], email_cc_ids: [], followup_ids: [],
      problem_id: null, has_incidents: false, is_public: first.public, due_at: null, tags: [], custom_fields: [], satisfaction_rating: null,
      ticket_form_id: 360_000_456_789, custom_status_id: null, allow_channelback: false, allow_attachments: true, from_messaging_channel: false,
      via: { channel: viaChannel, source: { from: {}, to: {}, rel: null } }, created_at: at, updated_at: at, generated_timestamp: Math.floor(now.getTime() / 1000),
    };
    const { comment: _comment, requester_id: _requester, subject: _subject, via_id: _viaId, ...fields } = input;
    state.tickets.set(id, ticket);
    state.comments.set(id, [first]);
    touchTicket(state, ticket, now);
    const { type: _type, via: _via, metadata: _metadata, created_at: _createdAt, ...event } = first;
    const commentEvent = { ...event, type: 'Comment' as const };
    if (Object.keys(fields).length === 0) {
      const audit = { id: auditId, ticket_id: id, author_id: actorOf(request, state), created_at: at, via: first.via, metadata: first.metadata, events: [commentEvent] };
      state.audits.set(id, [audit]);
      return reply.code(201).send({ ticket, audit });
    }
    const outcome = applyTicketUpdate(state, ticket, fields, actorOf(request, state), now);
    if (outcome.ok) {
      // One audit for the creation: the description comment plus the initial field values.
      first.audit_id = outcome.audit.id;
      outcome.audit.events.unshift({ ...commentEvent, audit_id: outcome.audit.id });
    } else {
      state.tickets.delete(id);
      state.comments.delete(id);
      state.changeSeq.delete(id);
    }
    return sendOutcome(reply, outcome, 201);
  });

  app.put('/api/v2/tickets/:id', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return notFound(reply);
    const state = getState();
    return sendOutcome(reply, applyTicketUpdate(state, ticket, (request.body as { ticket?: unknown } | undefined)?.ticket, actorOf(request, state)));
  });

  app.get('/api/v2/tickets/:id/tags', async (request, reply) => {
    const ticket = find(request);
    return ticket ? reply.send({ tags: ticket.tags }) : notFound(reply);
  });

  // PUT adds tags, POST replaces them, DELETE removes them.
  const tagRoute = (mode: 'add' | 'set' | 'remove') => async (request: FastifyRequest, reply: FastifyReply) => {
    const ticket = find(request);
    if (!ticket) return notFound(reply);
    const tags = normalizeTags((request.body as { tags?: unknown } | undefined)?.tags);
    const change = mode === 'add' ? { additional_tags: tags } : mode === 'set' ? { tags } : { remove_tags: tags };
    const state = getState();
    const outcome = applyTicketUpdate(state, ticket, change, actorOf(request, state));
    return outcome.ok ? reply.send({ tags: outcome.ticket.tags }) : sendOutcome(reply, outcome);
  };
  app.put('/api/v2/tickets/:id/tags', tagRoute('add'));
  app.post('/api/v2/tickets/:id/tags', tagRoute('set'));
  app.delete('/api/v2/tickets/:id/tags', tagRoute('remove'));

  app.get('/api/v2/tickets/:id/comments', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return notFound(reply);
    const state = getState();
    const comments = [...(state.comments.get(ticket.id) ?? [])];
    if (single(queryOf(request).sort_order) === 'desc') comments.reverse();
    return sendPage(request, reply, comments, 'comments', {
      extend: (page) => {
        if (!includes(request, 'users')) return {};
        const ids = new Set(page.map((comment) => comment.author_id));
        return { users: [...ids].map((id) => (id === null ? undefined : state.users.get(id))).filter((user) => user !== undefined) };
      },
    });
  });

  app.get('/api/v2/tickets/:id/audits', async (request, reply) => {
    const ticket = find(request);
    if (!ticket) return notFound(reply);
    return sendPage(request, reply, getState().audits.get(ticket.id) ?? [], 'audits');
  });
}
