import { ConnectorError, type ChangesPage, type Customer, type ExternalId, type Message, type SyncCursor } from '@threadline/connector-core';
import type { HttpClient } from '@threadline/connector-core/http';
import { mapCustomer, mapTicket, type AuthorContext, type CommentLike } from './mappers.js';
import { toThread } from './thread.js';
import type { CommentStream } from './ticket-events.js';
import type { ZendeskIncrementalTickets, ZendeskOrganization, ZendeskRole, ZendeskUser } from './wire.js';

/**
 * Where a sync stopped: the ticket export's `after_cursor`, and the ticket event export's next
 * `start_time` (null: the events are not read, as for a cursor stored before they were).
 */
interface ChangesState {
  tickets: string | null;
  events: number | null;
}

export function decodeChangesCursor(cursor: SyncCursor | null): ChangesState {
  if (cursor === null) return { tickets: null, events: 0 };
  // A cursor stored before the event export was read: tickets only, until a new backfill.
  if (!cursor.value.startsWith('{')) return { tickets: cursor.value, events: null };
  try {
    const parsed = JSON.parse(cursor.value) as Partial<ChangesState>;
    if (typeof parsed.tickets === 'string' && (parsed.events === null || Number.isInteger(parsed.events))) return { tickets: parsed.tickets, events: parsed.events ?? null };
  } catch {
    // Falls through to the typed error below.
  }
  throw new ConnectorError({ vendor: 'zendesk', kind: 'validation', message: 'The sync cursor is not a Zendesk changes cursor', fieldErrors: [{ field: 'cursor', message: 'unreadable', code: 'invalid_value' }] });
}

const encode = (state: ChangesState): SyncCursor => ({ value: JSON.stringify(state) });

export interface ChangesDeps {
  http: HttpClient;
  baseUrl: string;
  /** `per_page` of both exports; they return at most 1,000 items a page (Using the Incremental Exports API). */
  exportPageSize: number;
  /** Null: threads are not read from the event export. */
  stream: CommentStream | null;
  botUserId: () => Promise<ExternalId | null>;
  organizationOf: (user: ZendeskUser, sideLoaded: readonly ZendeskOrganization[] | undefined) => Promise<ZendeskOrganization | null>;
}

/** `GET /users/show_many?ids=` accepts up to 100 ids (Users API, Show Many Users). */
const SHOW_MANY_MAX = 100;

/**
 * One page of the cursor-based ticket export (`per_page=1000`, users, groups and organizations
 * side-loaded), with the threads of its tickets from the ticket event export. Roles of comment
 * authors come from the side-loaded users, and those it lacks (agents who are not the assignee) are
 * read 100 at a time with `users/show_many` and remembered for the connector's life.
 */
export function createChangesReader(deps: ChangesDeps) {
  const roles = new Map<string, ZendeskRole>();

  async function learnRoles(threads: ReadonlyMap<number, CommentLike[]>): Promise<void> {
    const unknown = new Set<string>();
    for (const comments of threads.values()) {
      for (const comment of comments) {
        const author = comment.author_id === null ? null : String(comment.author_id);
        if (author !== null && author !== '-1' && !roles.has(author)) unknown.add(author);
      }
    }
    const ids = [...unknown];
    for (let at = 0; at < ids.length; at += SHOW_MANY_MAX) {
      const batch = ids.slice(at, at + SHOW_MANY_MAX);
      const { body } = await deps.http.request<{ users: ZendeskUser[] }>('GET', '/users/show_many', { query: { ids: batch.join(',') } });
      for (const user of body.users ?? []) roles.set(String(user.id), user.role);
      // A deleted author is not found; it reads as a customer, as in the Comments API path.
      for (const id of batch) if (!roles.has(id)) roles.set(id, 'end-user');
    }
  }

  return async function listChanges(cursor: SyncCursor | null): Promise<ChangesPage> {
    const state = decodeChangesCursor(cursor);
    const query = {
      ...(state.tickets === null ? { start_time: 0 } : { cursor: state.tickets }),
      per_page: deps.exportPageSize,
      // metric_sets: the solve time and reopens Zendesk counted, in the same request.
      include: 'users,groups,organizations,metric_sets',
      exclude_deleted: true,
    };
    const { body } = await deps.http.request<ZendeskIncrementalTickets>('GET', '/incremental/tickets/cursor', { query });
    const live = body.tickets.filter((ticket) => ticket.status !== 'deleted');
    const metrics = new Map((body.metric_sets ?? []).map((set) => [set.ticket_id, set]));
    for (const user of body.users ?? []) roles.set(String(user.id), user.role);
    const requesters = new Set(live.map((ticket) => ticket.requester_id));
    const requesterUsers = (body.users ?? []).filter((user) => user.role === 'end-user' && requesters.has(user.id));
    const customers: Customer[] = await Promise.all(requesterUsers.map(async (user) => mapCustomer(user, null, await deps.organizationOf(user, body.organizations))));
    const next = body.after_cursor ?? state.tickets;
    if (!next) throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: 'zendesk incremental export answered without an after_cursor' });

    let threads: Map<ExternalId, Message[]> | undefined;
    const stream = deps.stream;
    let events = stream ? state.events : null;
    if (stream && events !== null) {
      stream.resumeAt(events);
      if (live.length > 0) await stream.readThrough(Math.max(...live.map((ticket) => Math.floor(Date.parse(ticket.updated_at) / 1000))));
      const comments = stream.take(live);
      await learnRoles(comments);
      const context: AuthorContext = { users: new Map([...roles].map(([id, role]) => [id, { role }])), botUserId: await deps.botUserId() };
      threads = new Map([...comments].map(([ticketId, list]) => [String(ticketId), toThread(list, String(ticketId), context)]));
      events = stream.position;
    }
    return {
      tickets: live.map((ticket) => mapTicket(ticket, deps.baseUrl, metrics.get(ticket.id))),
      customers,
      cursor: encode({ tickets: next, events }),
      hasMore: !body.end_of_stream,
      ...(threads ? { threads } : {}),
    };
  };
}
