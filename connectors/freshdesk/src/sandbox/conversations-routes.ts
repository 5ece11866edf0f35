import type { FastifyInstance, FastifyRequest } from 'fastify';
import { htmlToText } from '../mappers.js';
import type { FdConversation } from '../wire-types.js';
import { checkBodyFields, checkQuery, notFound, paginate, pathId, requestAgent, validationFailed, type FieldProblem } from './protocol.js';
import { fdTime, touchTicket, type SandboxState, type StoredTicket } from './state.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function ticketOf(state: SandboxState, request: FastifyRequest): StoredTicket {
  const ticket = state.tickets.get(pathId(request));
  if (!ticket) throw notFound();
  return ticket;
}

function checkCommon(state: SandboxState, body: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (body.body === undefined) problems.push({ field: 'body', message: 'Mandatory attribute missing', code: 'missing_field' });
  else if (typeof body.body !== 'string' || body.body.trim() === '') problems.push({ field: 'body', message: 'It should be a/an String', code: 'datatype_mismatch' });
  if (body.user_id !== undefined && !(state.agents.has(body.user_id as number) || state.contacts.has(body.user_id as number))) {
    problems.push({ field: 'user_id', message: 'There is no contact or agent matching the given user_id', code: 'invalid_value' });
  }
  for (const field of ['notify_emails', 'cc_emails', 'bcc_emails']) {
    const value = body[field];
    if (value !== undefined && (!Array.isArray(value) || value.some((email) => typeof email !== 'string' || !EMAIL.test(email)))) {
      problems.push({ field, message: 'It should contain elements that are valid email addresses', code: 'invalid_value' });
    }
  }
  return problems;
}

function append(state: SandboxState, ticket: StoredTicket, conversation: Omit<FdConversation, 'id' | 'ticket_id' | 'created_at' | 'updated_at' | 'attachments' | 'last_edited_at' | 'last_edited_user_id'>): FdConversation {
  const now = fdTime();
  const created: FdConversation = { ...conversation, id: state.nextConversationId++, ticket_id: ticket.id, attachments: [], last_edited_at: null, last_edited_user_id: null, created_at: now, updated_at: now };
  const { notified_to: _notified, replied_to: _replied, ...stored } = created;
  state.conversations.set(ticket.id, [...(state.conversations.get(ticket.id) ?? []), stored]);
  touchTicket(ticket);
  return created;
}

/** Conversations, replies and notes: `/tickets/{id}/conversations|notes|reply`. */
export function registerConversationRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/tickets/:id/conversations', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    const ticket = ticketOf(state, request);
    // The description is not a conversation: it stays on the ticket.
    return paginate(request, reply, state.conversations.get(ticket.id) ?? []);
  });

  app.post('/api/v2/tickets/:id/notes', async (request, reply) => {
    const ticket = ticketOf(state, request);
    const body = checkBodyFields(request.body, ['body', 'private', 'incoming', 'notify_emails', 'user_id']);
    const problems = checkCommon(state, body);
    for (const field of ['private', 'incoming']) {
      if (body[field] !== undefined && typeof body[field] !== 'boolean') problems.push({ field, message: 'It should be a/an Boolean', code: 'datatype_mismatch' });
    }
    if (problems.length > 0) throw validationFailed(problems);
    const notify = (body.notify_emails as string[] | undefined) ?? [];
    const html = body.body as string;
    const note = append(state, ticket, {
      body: html,
      body_text: htmlToText(html),
      // Private unless told otherwise.
      private: body.private !== false,
      incoming: body.incoming === true,
      user_id: (body.user_id as number | undefined) ?? requestAgent(request),
      source: 2,
      support_email: null,
      from_email: null,
      to_emails: notify,
      cc_emails: [],
      bcc_emails: null,
      notified_to: notify,
    });
    return reply.code(201).send(note);
  });

  app.post('/api/v2/tickets/:id/reply', async (request, reply) => {
    const ticket = ticketOf(state, request);
    const body = checkBodyFields(request.body, ['body', 'from_email', 'user_id', 'cc_emails', 'bcc_emails']);
    const problems = checkCommon(state, body);
    if (body.from_email !== undefined && (typeof body.from_email !== 'string' || !EMAIL.test(body.from_email))) {
      problems.push({ field: 'from_email', message: 'It should be a valid email address', code: 'invalid_value' });
    }
    if (problems.length > 0) throw validationFailed(problems);
    const requester = state.contacts.get(ticket.requester_id);
    const to = requester?.email ? [requester.email] : [];
    const html = body.body as string;
    const created = append(state, ticket, {
      body: html,
      body_text: htmlToText(html),
      private: false,
      incoming: false,
      user_id: (body.user_id as number | undefined) ?? requestAgent(request),
      source: 0,
      support_email: state.company.supportEmail,
      from_email: (body.from_email as string | undefined) ?? state.company.supportEmail,
      to_emails: to,
      cc_emails: (body.cc_emails as string[] | undefined) ?? [],
      bcc_emails: (body.bcc_emails as string[] | undefined) ?? [],
      replied_to: to,
    });
    return reply.code(201).send(created);
  });
}
