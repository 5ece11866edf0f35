import type { ZendeskTicket, ZendeskTicketMetricSet } from '../wire.js';

type Status = ZendeskTicket['status'];
import { isoSeconds, type SandboxState } from './state.js';

/**
 * Ticket metric sets as Zendesk keeps them (Ticket Metrics: reopens, "Total number of times the
 * ticket was reopened"; solved_at, the last solve): a solve stamps `solved_at`, a change from
 * solved back to open counts a reopen. Calendar minutes only; the sandbox has no
 * business-hours schedule, so `business` stays null.
 */

const isSolved = (status: Status) => status === 'solved' || status === 'closed';

/** The ticket's metric set, created on first use for a ticket made through the API. */
export function metricSetOf(state: SandboxState, ticket: ZendeskTicket): ZendeskTicketMetricSet {
  let set = state.metricSets.get(ticket.id);
  if (!set) {
    set = {
      id: ticket.id * 7 + 360_000_000_000,
      ticket_id: ticket.id,
      url: `${state.origin}/api/v2/ticket_metrics/${ticket.id * 7 + 360_000_000_000}.json`,
      reopens: 0,
      replies: 0,
      solved_at: isSolved(ticket.status) ? ticket.updated_at : null,
      full_resolution_time_in_minutes: { calendar: null, business: null },
      created_at: ticket.created_at,
      updated_at: ticket.updated_at,
    };
    state.metricSets.set(ticket.id, set);
  }
  return set;
}

/** Full resolution: creation to the last solve. */
function settle(set: ZendeskTicketMetricSet, ticket: ZendeskTicket): void {
  const calendar = set.solved_at ? Math.round((Date.parse(set.solved_at) - Date.parse(ticket.created_at)) / 60_000) : null;
  set.full_resolution_time_in_minutes = { calendar, business: null };
}

/** Seeds a ticket's metrics from what the dataset says happened before the sandbox started. */
export function seedMetricSet(state: SandboxState, ticket: ZendeskTicket, history: { solvedAt?: string | undefined; reopens?: number | undefined; replies: number }): void {
  const set = metricSetOf(state, ticket);
  if (history.solvedAt && isSolved(ticket.status)) set.solved_at = isoSeconds(new Date(history.solvedAt));
  set.reopens = history.reopens ?? 0;
  set.replies = history.replies;
  settle(set, ticket);
}

/** Records a status change at `at` (ISO seconds), as Zendesk's metrics do. */
export function recordStatusChange(state: SandboxState, ticket: ZendeskTicket, change: { from: Status; to: Status; at: string }): void {
  const set = metricSetOf(state, ticket);
  if (isSolved(change.from) && !isSolved(change.to)) set.reopens += 1;
  if (!isSolved(change.from) && isSolved(change.to)) set.solved_at = change.at;
  set.updated_at = change.at;
  settle(set, ticket);
}
