import type { DemoTicket } from '@threadline/connector-core/demo';
import type { FdTicketStats } from '../wire-types.js';
import { fdTime, type SandboxState, type StoredTicket } from './state.js';

/**
 * Each ticket's `stats` (`include=stats`), kept as Freshdesk keeps them: a resolve (status 4)
 * stamps `resolved_at`, a close (5) `closed_at`, a move from resolved or closed back to an open
 * status `reopened_at` (the latest only: Freshdesk keeps no count), any status change
 * `status_updated_at`.
 */

const RESOLVED = 4;
const CLOSED = 5;
const isDone = (status: number) => status === RESOLVED || status === CLOSED;

const EMPTY: FdTicketStats = {
  agent_responded_at: null, requester_responded_at: null, first_responded_at: null, status_updated_at: null,
  reopened_at: null, resolved_at: null, closed_at: null, pending_since: null,
};

/** A ticket's stats; a ticket made through the API starts with none. */
export function statsOf(state: SandboxState, ticketId: number): FdTicketStats {
  let stats = state.ticketStats.get(ticketId);
  if (!stats) state.ticketStats.set(ticketId, (stats = { ...EMPTY }));
  return stats;
}

/** A seeded ticket's stats from its story: replies, the solve, and a reopen by the customer's return. */
export function seedStats(state: SandboxState, ticket: StoredTicket, input: DemoTicket): void {
  const stats = statsOf(state, ticket.id);
  const agents = input.messages.filter((message) => message.role !== 'customer' && message.isPublic);
  const firstReply = agents[0]?.createdAt;
  stats.first_responded_at = firstReply ? fdTime(firstReply) : null;
  stats.agent_responded_at = agents.at(-1) ? fdTime((agents.at(-1) as { createdAt: string }).createdAt) : null;
  const customerAfter = input.messages.filter((message) => message.role === 'customer' && firstReply !== undefined && message.createdAt > firstReply);
  stats.requester_responded_at = customerAfter.at(-1) ? fdTime((customerAfter.at(-1) as { createdAt: string }).createdAt) : null;
  // The customer's message after the answer is what reopened a ticket the dataset says was reopened.
  stats.reopened_at = input.reopens && customerAfter[0] ? fdTime(customerAfter[0].createdAt) : null;
  const solvedAt = fdTime(input.solvedAt ?? input.updatedAt);
  stats.resolved_at = isDone(ticket.status) ? solvedAt : null;
  stats.closed_at = ticket.status === CLOSED ? solvedAt : null;
  stats.status_updated_at = isDone(ticket.status) ? solvedAt : fdTime(input.createdAt);
}

/** Records a status change made through the API at `at`. */
export function recordStatusChange(state: SandboxState, ticket: StoredTicket, change: { to: number; at: string }): void {
  if (change.to === ticket.status) return;
  const stats = statsOf(state, ticket.id);
  if (isDone(ticket.status) && !isDone(change.to)) stats.reopened_at = change.at;
  if (change.to === RESOLVED) stats.resolved_at = change.at;
  if (change.to === CLOSED) {
    stats.closed_at = change.at;
    stats.resolved_at ??= change.at;
  }
  stats.status_updated_at = change.at;
}
