import type { FastifyInstance } from 'fastify';
import type { ZendeskAudit, ZendeskAuditEvent, ZendeskTicketEvent } from '../wire.js';
import { includes, queryOf, sendError, single } from './protocol.js';
import type { SandboxState } from './state.js';

/** At most 1,000 items a page (Using the Incremental Exports API, "Time-based incremental exports"). */
export const MAX_EXPORT_PAGE = 1000;

const epochOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * A child event as the export shows it. With `include=comment_events`, "Any comment present in the
 * ticket update is listed as an object in the event's child_events array" (id, via, type,
 * author_id, body, html_body, public, attachments, audit_id, created_at, event_type); without it
 * "any comment present in the ticket update is described only by Boolean comment_present and
 * comment_public" (Incremental Ticket Event Export, "Sideloading").
 */
function childEvent(state: SandboxState, audit: ZendeskAudit, event: ZendeskAuditEvent, withComments: boolean): ZendeskTicketEvent['child_events'][number] {
  if (event.type !== 'Comment') {
    // [guess] The field-change child events' exact keys; the connector reads only comments.
    const { type, ...fields } = event;
    return { ...fields, event_type: type };
  }
  if (!withComments) return { id: event.id, event_type: 'Comment', comment_present: true, comment_public: event.public };
  const comment = state.comments.get(audit.ticket_id)?.find((each) => each.id === event.id);
  const type = comment?.type ?? 'Comment';
  return { ...event, type, event_type: type, via: comment?.via ?? audit.via, created_at: audit.created_at };
}

/**
 * `GET /api/v2/incremental/ticket_events?start_time=` (time-based): every audit of every ticket at
 * or after `start_time`, oldest first, with `count`, `end_time`, `next_page` and `end_of_stream`.
 * The next page starts at `end_time`, so events of that second come again (the docs' duplicates).
 */
export function registerTicketEventRoutes(app: FastifyInstance, getState: () => SandboxState, options: { incrementalLagSeconds: number }): void {
  app.get('/api/v2/incremental/ticket_events', async (request, reply) => {
    const state = getState();
    const query = queryOf(request);
    const startTime = single(query.start_time);
    if (startTime === undefined || !/^\d+$/.test(startTime)) return sendError(reply, 400, 'InvalidValue', 'start_time is required');
    const perPage = Number(single(query.per_page) ?? MAX_EXPORT_PAGE);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_EXPORT_PAGE) return sendError(reply, 400, 'InvalidValue', `per_page must be between 1 and ${MAX_EXPORT_PAGE}`);
    const since = Number(startTime);
    const now = Math.floor(Date.now() / 1000);
    if (since > now) return sendError(reply, 400, 'InvalidValue', 'start_time cannot be in the future');
    const horizon = now - options.incrementalLagSeconds;
    const matching = [...state.audits.values()]
      .flat()
      .map((audit) => ({ audit, timestamp: epochOf(audit.created_at) }))
      .filter(({ timestamp }) => timestamp >= since && timestamp <= horizon)
      .sort((a, b) => a.timestamp - b.timestamp || a.audit.id - b.audit.id);
    const page = matching.slice(0, perPage);
    const withComments = includes(request, 'comment_events');
    const ticketEvents: ZendeskTicketEvent[] = page.map(({ audit, timestamp }) => ({
      id: audit.id,
      ticket_id: audit.ticket_id,
      timestamp,
      created_at: audit.created_at,
      updater_id: audit.author_id,
      via: audit.via,
      event_type: 'Audit',
      child_events: audit.events.map((event) => childEvent(state, audit, event, withComments)),
    }));
    const endTime = page.at(-1)?.timestamp ?? since;
    const include = single(query.include);
    const next = new URL(`${request.protocol}://${request.headers.host}/api/v2/incremental/ticket_events.json`);
    next.searchParams.set('start_time', String(endTime));
    if (include) next.searchParams.set('include', include);
    if (single(query.per_page) !== undefined) next.searchParams.set('per_page', String(perPage));
    return reply.send({ ticket_events: ticketEvents, count: ticketEvents.length, end_time: endTime, next_page: next.toString(), end_of_stream: matching.length <= perPage });
  });
}
