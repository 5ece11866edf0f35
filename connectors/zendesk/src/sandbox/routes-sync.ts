import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZendeskGroup, ZendeskTicket } from '../wire.js';
import { includes, queryOf, sendError, sendPage, single } from './protocol.js';
import { metricSetOf } from './ticket-metrics.js';
import { ticketUsers } from './routes-tickets.js';
import { searchUsers } from './routes-users.js';
import { userOrganizations, type SandboxState } from './state.js';

export interface SyncRouteOptions {
  /** The incremental export leaves out changes this recent (Zendesk: the last minute). Default 0. */
  incrementalLagSeconds: number;
}

/** A position in the change log plus the stream's start time (opaque to clients, as Zendesk's are). */
function encodeCursor(seq: number, since: number): string {
  return Buffer.from(`${seq}|${since}|zd`).toString('base64');
}

function decodeCursor(cursor: string): { seq: number; since: number } | null {
  const [seq, since, tag] = Buffer.from(cursor, 'base64').toString('utf8').split('|');
  if (tag !== 'zd' || seq === undefined || since === undefined || !/^\d+$/.test(seq) || !/^\d+$/.test(since)) return null;
  return { seq: Number(seq), since: Number(since) };
}

/** Search query terms Zendesk's `/search` supports that the sandbox understands. */
function searchTickets(state: SandboxState, terms: string[]): ZendeskTicket[] {
  return [...state.tickets.values()].filter((ticket) =>
    terms.every((term) => {
      const [, key, op, value] = /^(\w+)(:|<|>)(.+)$/.exec(term) ?? [];
      if (key === undefined || value === undefined) return `${ticket.subject} ${ticket.description}`.toLowerCase().includes(term.toLowerCase());
      if (key === 'type') return value === 'ticket';
      if (key === 'status') {
        const order = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
        const diff = order.indexOf(ticket.status) - order.indexOf(value);
        return op === ':' ? diff === 0 : op === '<' ? diff < 0 : diff > 0;
      }
      if (key === 'requester') {
        if (/^\d+$/.test(value)) return ticket.requester_id === Number(value);
        return searchUsers(state, value).some((user) => user.id === ticket.requester_id);
      }
      if (key === 'via') return String(ticket.via.channel) === value;
      if (key === 'tags') return ticket.tags.includes(value);
      if (key === 'created' || key === 'updated') {
        const at = key === 'created' ? ticket.created_at : ticket.updated_at;
        return op === '>' ? at > value : op === '<' ? at < value : at.startsWith(value);
      }
      return false;
    }),
  );
}

function search(state: SandboxState, query: string): Array<Record<string, unknown> & { id: number }> {
  const terms = query.trim().split(/\s+/).filter(Boolean);
  const type = terms.find((term) => term.startsWith('type:'))?.slice(5);
  const rest = terms.filter((term) => !term.startsWith('type:'));
  if (type === 'user') return rest.flatMap((term) => searchUsers(state, term)).map((user) => ({ ...user, result_type: 'user' }));
  return searchTickets(state, rest).map((ticket) => ({ ...ticket, result_type: 'ticket' }));
}

/** `include=groups`: the groups the tickets are assigned to ("Tickets sideloads"). */
function ticketGroups(state: SandboxState, tickets: readonly ZendeskTicket[]): ZendeskGroup[] {
  const ids = new Set(tickets.map((ticket) => ticket.group_id).filter((id): id is number => id !== null));
  return [...ids].map((id) => state.groups.get(id)).filter((group): group is ZendeskGroup => group !== undefined);
}

/** The incremental ticket export (cursor-based) and search (offset-only, 1000-result cap; cursor export). */
export function registerSyncRoutes(app: FastifyInstance, getState: () => SandboxState, options: SyncRouteOptions): void {
  app.get('/api/v2/incremental/tickets/cursor', async (request, reply) => {
    const state = getState();
    const query = queryOf(request);
    const cursor = single(query.cursor);
    const startTime = single(query.start_time);
    const perPage = Number(single(query.per_page) ?? 1000);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) return sendError(reply, 400, 'InvalidValue', 'per_page must be between 1 and 1000');
    const now = Math.floor(Date.now() / 1000);
    let after: number;
    let since = 0;
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor);
      if (decoded === null) return sendError(reply, 400, 'InvalidValue', 'cursor is invalid');
      after = decoded.seq;
      since = decoded.since;
    } else if (startTime !== undefined && /^\d+$/.test(startTime)) {
      since = Number(startTime);
      if (since > now) return sendError(reply, 400, 'InvalidValue', 'start_time cannot be in the future');
      after = 0;
    } else {
      return sendError(reply, 400, 'InvalidValue', 'start_time or cursor is required');
    }
    const horizon = now - options.incrementalLagSeconds;
    const excludeDeleted = single(query.exclude_deleted) === 'true';
    const changed = [...state.tickets.values()]
      .map((ticket) => ({ ticket, seq: state.changeSeq.get(ticket.id) ?? 0 }))
      .filter(({ ticket, seq }) => seq > after && ticket.generated_timestamp >= since && ticket.generated_timestamp <= horizon)
      .filter(({ ticket }) => !excludeDeleted || ticket.status !== 'deleted')
      .sort((a, b) => a.seq - b.seq);
    const page = changed.slice(0, perPage);
    const last = page.at(-1);
    // With nothing new, the cursor stays where it was.
    const afterCursor = encodeCursor(last ? last.seq : after, since);
    const base = `${request.protocol}://${request.headers.host}/api/v2/incremental/tickets/cursor.json`;
    const tickets = page.map(({ ticket }) => ticket);
    return reply.send({
      tickets,
      ...(includes(request, 'users') ? { users: ticketUsers(state, tickets) } : {}),
      ...(includes(request, 'organizations') ? { organizations: userOrganizations(state, ticketUsers(state, tickets)) } : {}),
      ...(includes(request, 'groups') ? { groups: ticketGroups(state, tickets) } : {}),
      // "Tickets sideloads": metric_sets, one per ticket, as on the incremental export.
      ...(includes(request, 'metric_sets') ? { metric_sets: tickets.map((ticket) => metricSetOf(state, ticket)) } : {}),
      after_url: `${base}?cursor=${encodeURIComponent(afterCursor)}&per_page=${perPage}`,
      after_cursor: afterCursor,
      before_url: null,
      before_cursor: null,
      end_of_stream: changed.length <= perPage,
    });
  });

  const searchQuery = (request: FastifyRequest) => single(queryOf(request).query) ?? '';

  app.get('/api/v2/search', async (request, reply) => {
    const query = queryOf(request);
    if (single(query['page[size]']) !== undefined) return sendError(reply, 400, 'InvalidValue', 'Invalid attribute: page[size]');
    const results = search(getState(), searchQuery(request));
    const perPage = Math.min(100, Number(single(query.per_page) ?? 100));
    const page = Number(single(query.page) ?? 1);
    if ((page - 1) * perPage >= 1000) {
      return sendError(reply, 422, 'QueryResponseError', 'Search results are limited to 1000. Use the export endpoint for more.');
    }
    return sendPage(request, reply, results, 'results', { allowCursor: false, extend: () => ({ facets: null }) });
  });

  app.get('/api/v2/search/count', async (request, reply) => reply.send({ count: search(getState(), searchQuery(request)).length }));

  app.get('/api/v2/search/export', async (request, reply) => {
    const type = single(queryOf(request)['filter[type]']);
    if (!type) return sendError(reply, 400, 'InvalidValue', 'filter[type] is required');
    const results = search(getState(), `type:${type} ${searchQuery(request)}`);
    if (single(queryOf(request)['page[size]']) === undefined) return sendError(reply, 400, 'InvalidValue', 'page[size] is required');
    return sendPage(request, reply, results, 'results');
  });

  // "List Satisfaction Ratings": cursor or offset pagination; filters `score` (offered, unoffered,
  // received, good, bad) and `start_time` / `end_time` (Unix epoch: the oldest and the most recent
  // rating's time, on created_at).
  app.get('/api/v2/satisfaction_ratings', async (request, reply) => {
    const query = queryOf(request);
    const epoch = (name: string): number | null | undefined => {
      const value = single(query[name]);
      if (value === undefined) return undefined;
      return /^\d+$/.test(value) ? Number(value) : null;
    };
    const [start, end] = [epoch('start_time'), epoch('end_time')];
    if (start === null || end === null) return sendError(reply, 400, 'InvalidValue', 'start_time and end_time are Unix epoch times');
    const score = single(query.score);
    const scoreOf = (value: string) => (value.startsWith('received') ? ['good', 'bad'] : [value.split('_with')[0] as string]);
    const ratings = getState().satisfactionRatings.filter((rating) => {
      const at = Date.parse(rating.created_at) / 1000;
      return (start === undefined || at >= start) && (end === undefined || at <= end) && (score === undefined || scoreOf(score).includes(rating.score));
    });
    return sendPage(request, reply, ratings, 'satisfaction_ratings');
  });
}
