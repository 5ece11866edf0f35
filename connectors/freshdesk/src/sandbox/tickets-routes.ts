import type { FastifyInstance } from 'fastify';
import type { FdContact, FdTicket } from '../wire-types.js';
import { checkBodyFields, checkQuery, notFound, paginate, pathId, requestAgent, validationFailed, type FieldProblem } from './protocol.js';
import { CREATABLE, createTicket } from './ticket-create.js';
import { allowedStatuses, fdTime, listedTicket, TICKET_TYPES, touchTicket, type SandboxState, type StoredTicket } from './state.js';
import { recordStatusChange, statsOf } from './ticket-stats.js';

const LIST_PARAMS = ['requester_id', 'email', 'unique_external_id', 'company_id', 'updated_since', 'filter', 'order_by', 'order_type', 'include', 'page', 'per_page'];
const LIST_INCLUDES = ['requester', 'stats', 'description', 'company'];
const SHOW_INCLUDES = ['conversations', 'requester', 'company', 'stats'];
const ORDER_BY = ['created_at', 'due_by', 'updated_at', 'status'];
const UPDATABLE = ['status', 'priority', 'group_id', 'responder_id', 'tags', 'type', 'subject', 'description', 'custom_fields', 'due_by', 'fr_due_by', 'source'];
const THIRTY_DAYS = 30 * 86_400_000;

function includes(value: string | undefined, allowed: readonly string[]): Set<string> {
  const asked = (value ?? '').split(',').filter(Boolean);
  const wrong = asked.filter((item) => !allowed.includes(item));
  if (wrong.length > 0) throw validationFailed([{ field: 'include', message: `It should be one of these values: '${allowed.join(',')}'`, code: 'invalid_value' }]);
  return new Set(asked);
}

function requesterSummary(contact: FdContact | undefined) {
  return contact ? { id: contact.id, name: contact.name, email: contact.email, mobile: contact.mobile, phone: contact.phone } : null;
}

function decorate(state: SandboxState, ticket: FdTicket, included: Set<string>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (included.has('requester')) extra.requester = requesterSummary(state.contacts.get(ticket.requester_id));
  if (included.has('stats')) extra.stats = { ...statsOf(state, ticket.id) };
  // `include=company` embeds the ticket's company as id and name (reference §4.2 `?include=…,company`).
  if (included.has('company')) {
    const company = ticket.company_id === null ? undefined : state.companies.get(ticket.company_id);
    extra.company = company ? { id: company.id, name: company.name } : null;
  }
  return { ...ticket, ...extra };
}

function dateParam(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw validationFailed([{ field, message: "It should be in the 'valid date time' format", code: 'invalid_value' }]);
  return parsed;
}

/** `GET /tickets` with Freshdesk's filters, ordering, 30-day default window and 300-page cap. */
function listTickets(state: SandboxState, query: Record<string, string>, agentId: number): StoredTicket[] {
  const since = dateParam(query.updated_since, 'updated_since');
  const orderBy = query.order_by ?? 'created_at';
  if (!ORDER_BY.includes(orderBy)) throw validationFailed([{ field: 'order_by', message: `It should be one of these values: '${ORDER_BY.join(',')}'`, code: 'invalid_value' }]);
  const orderType = query.order_type ?? 'desc';
  if (orderType !== 'asc' && orderType !== 'desc') throw validationFailed([{ field: 'order_type', message: "It should be one of these values: 'asc,desc'", code: 'invalid_value' }]);
  const requesterId = query.requester_id === undefined ? undefined : Number(query.requester_id);
  if (requesterId !== undefined && !Number.isInteger(requesterId)) throw validationFailed([{ field: 'requester_id', message: 'It should be a/an Positive Integer', code: 'datatype_mismatch' }]);
  const email = query.email?.toLowerCase();
  const now = Date.now();
  let tickets = [...state.tickets.values()].filter((ticket) => {
    // Without updated_since, Freshdesk returns only tickets created in the last 30 days.
    if (since === undefined ? Date.parse(ticket.created_at) < now - THIRTY_DAYS : Date.parse(ticket.updated_at) < since) return false;
    if (requesterId !== undefined && ticket.requester_id !== requesterId) return false;
    if (email !== undefined) {
      const contact = state.contacts.get(ticket.requester_id);
      if (contact?.email !== email && !contact?.other_emails.includes(email)) return false;
    }
    if (query.unique_external_id !== undefined && state.contacts.get(ticket.requester_id)?.unique_external_id !== query.unique_external_id) return false;
    if (query.company_id !== undefined && String(ticket.company_id) !== query.company_id) return false;
    if (query.filter === 'spam' || query.filter === 'deleted' || query.filter === 'watching') return false;
    if (query.filter === 'new_and_my_open') return ticket.status === 2 && (ticket.responder_id === null || ticket.responder_id === agentId);
    return true;
  });
  const key = (ticket: StoredTicket) => (orderBy === 'status' ? ticket.status : Date.parse(String(ticket[orderBy as 'created_at' | 'updated_at' | 'due_by'] ?? 0)));
  const direction = orderType === 'asc' ? 1 : -1;
  tickets = tickets.sort((a, b) => direction * (key(a) - key(b) || a.id - b.id));
  return tickets;
}

function validateUpdate(state: SandboxState, body: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const isId = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0;
  if ('status' in body && !allowedStatuses(state).includes(body.status as number)) {
    problems.push({ field: 'status', message: `It should be one of these values: '${allowedStatuses(state).join(',')}'`, code: 'invalid_value' });
  }
  if ('priority' in body && ![1, 2, 3, 4].includes(body.priority as number)) problems.push({ field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value' });
  if ('group_id' in body && body.group_id !== null) {
    if (!isId(body.group_id)) problems.push({ field: 'group_id', message: 'It should be a/an Positive Integer', code: 'datatype_mismatch' });
    else if (!state.groups.has(body.group_id as number)) problems.push({ field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' });
  }
  if ('responder_id' in body && body.responder_id !== null) {
    if (!isId(body.responder_id)) problems.push({ field: 'responder_id', message: 'It should be a/an Positive Integer', code: 'datatype_mismatch' });
    else if (!state.agents.has(body.responder_id as number)) problems.push({ field: 'responder_id', message: 'There is no agent matching the given responder_id', code: 'invalid_value' });
  }
  if ('tags' in body && (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string'))) problems.push({ field: 'tags', message: 'It should be a/an Array', code: 'datatype_mismatch' });
  if ('type' in body && body.type !== null && !TICKET_TYPES.includes(body.type as string)) problems.push({ field: 'type', message: `It should be one of these values: '${TICKET_TYPES.join(',')}'`, code: 'invalid_value' });
  for (const field of ['subject', 'description'] as const) {
    if (field in body && typeof body[field] !== 'string') problems.push({ field, message: 'It should be a/an String', code: 'datatype_mismatch' });
  }
  return problems;
}

export function registerTicketRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/tickets', async (request, reply) => {
    const query = checkQuery(request, LIST_PARAMS);
    const included = includes(query.include, LIST_INCLUDES);
    const tickets = listTickets(state, query, requestAgent(request));
    return paginate(request, reply, tickets, { maxPages: 300 }).map((ticket) => decorate(state, listedTicket(ticket, included.has('description')), included));
  });

  app.post('/api/v2/tickets', async (request, reply) => reply.code(201).send(createTicket(state, checkBodyFields(request.body, CREATABLE))));

  app.get('/api/v2/tickets/:id', async (request) => {
    const query = checkQuery(request, ['include']);
    const included = includes(query.include, SHOW_INCLUDES);
    const ticket = state.tickets.get(pathId(request));
    if (!ticket) throw notFound();
    const shown = decorate(state, { ...ticket }, included);
    // `include=conversations` embeds the first ten, oldest first.
    if (included.has('conversations')) shown.conversations = (state.conversations.get(ticket.id) ?? []).slice(0, 10);
    return shown;
  });

  app.put('/api/v2/tickets/:id', async (request) => {
    const ticket = state.tickets.get(pathId(request));
    if (!ticket) throw notFound();
    const body = checkBodyFields(request.body, UPDATABLE);
    const problems = validateUpdate(state, body);
    if (problems.length > 0) throw validationFailed(problems);
    if (typeof body.status === 'number') recordStatusChange(state, ticket, { to: body.status, at: fdTime() });
    Object.assign(ticket, body);
    if (typeof body.description === 'string') ticket.description_text = body.description.replace(/<[^>]+>/g, '');
    touchTicket(ticket);
    return { ...ticket };
  });

  app.get('/api/v2/ticket_fields', async (request) => {
    const query = checkQuery(request, ['type']);
    return query.type ? state.ticketFields.filter((field) => field.type === query.type) : state.ticketFields;
  });

  app.get('/api/v2/groups', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    return paginate(request, reply, [...state.groups.values()]);
  });
  app.get('/api/v2/groups/:id', async (request) => state.groups.get(pathId(request)) ?? Promise.reject(notFound()));
}
