import type { FdTicket } from './wire-types.js';

export interface TicketMemoOptions {
  /** How long a ticket read with its description may stand in for a fresh read. 0 disables. */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Tickets recently read with their description (`include=description` on a list, or a single
 * read), so `listMessages` right after `listCustomerTickets` needs only the conversations: half
 * the requests of a history pull, which matters under Freshdesk's per-minute credit budget. Entries
 * expire after `ttlMs`; a description edited within that window reads stale until then.
 */
export interface TicketMemo {
  get(ticketId: number): FdTicket | undefined;
  put(ticket: FdTicket): void;
}

export function createTicketMemo(options: TicketMemoOptions): TicketMemo {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 5_000;
  const entries = new Map<number, { ticket: FdTicket; expiresAt: number }>();
  return {
    get(ticketId) {
      const entry = entries.get(ticketId);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(ticketId);
        return undefined;
      }
      return entry.ticket;
    },
    put(ticket) {
      if (options.ttlMs <= 0 || ticket.description === undefined) return;
      entries.delete(ticket.id);
      entries.set(ticket.id, { ticket, expiresAt: now() + options.ttlMs });
      // Maps iterate in insertion order: the first key is the oldest entry.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as number);
    },
  };
}
