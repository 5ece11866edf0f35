import type { Db } from '@threadline/platform/db';
import type { Customer, HelpdeskConnector, Message, SyncCursor, Ticket } from '@threadline/connector-core';
import { mapWithConcurrency } from '@threadline/connector-core/http';
import { getIdentitySettings } from '../tenants/identity-settings-repository.js';
import { findCustomerIdByExternalId, keyCustomers, lockCustomerKeys, upsertCustomer } from './customers-repository.js';
import { findMirroredCopies, findTicketByExternalId, isMirrorCurrent, upsertMessages, upsertTicketWithThread, upsertTickets, type MirrorTicketRef } from './tickets-repository.js';
import { markCustomersStale, markCustomerStaleStep } from '../reports/stale-facts.js';

/** Threads pulled at once per sync; the connector's own client bounds requests further. */
const THREAD_CONCURRENCY = 6;

export interface SyncResult {
  customerId: string;
  tickets: number;
  newMessages: number;
  /** A history pull's tickets as it wrote them (for `isMirrorCurrent`), by helpdesk id. */
  written?: ReadonlyMap<string, Pick<MirrorTicketRef, 'updatedAt' | 'syncedAt' | 'isArchived'>>;
}

export interface ChangesResult {
  pages: number;
  tickets: number;
  newMessages: number;
  cursor: string | null;
  caughtUp: boolean;
}

interface PulledTicket {
  ticket: Ticket;
  messages: Message[];
}

/** What was read from the helpdesk for one write, and a moment before the reading began. */
interface Pulled {
  customers: Map<string, Customer>;
  threads: readonly PulledTicket[];
  fetchedAt: Date;
}

/**
 * Fills and refreshes the mirror from a helpdesk. Everything is fetched first, then written in one
 * transaction, so a failure half-way leaves the mirror as it was (and the sync cursor with it).
 */
export function createMirrorSync(db: Db) {
  /**
   * The threads of `tickets`: those the change stream carried (`page.threads`) as they are, none for
   * a ticket whose mirrored copy is current (`isMirrorCurrent`: the rule the webhook path uses, with
   * its same-second leeway), and the rest read with `listMessages`.
   */
  async function pullThreads(connector: HelpdeskConnector, tickets: readonly Ticket[], known: { threads?: ReadonlyMap<string, Message[]>; mirrored?: Awaited<ReturnType<typeof findMirroredCopies>> } = {}): Promise<PulledTicket[]> {
    return mapWithConcurrency(tickets, THREAD_CONCURRENCY, async (ticket) => {
      const carried = known.threads?.get(ticket.id);
      if (carried) return { ticket, messages: carried };
      const copy = known.mirrored?.get(ticket.id);
      if (copy && isMirrorCurrent(copy, ticket)) return { ticket, messages: [] };
      return { ticket, messages: await connector.listMessages(ticket.id) };
    });
  }

  async function pullCustomers(connector: HelpdeskConnector, tickets: readonly Ticket[], known: readonly Customer[]): Promise<Map<string, Customer>> {
    const customers = new Map(known.map((customer) => [customer.id, customer]));
    const missing = [...new Set(tickets.map((ticket) => ticket.requesterId))].filter((id) => !customers.has(id));
    const fetched = await mapWithConcurrency(missing, THREAD_CONCURRENCY, (id) => connector.getCustomer(id));
    // Keyed by the id the ticket names: a merged-away requester id resolves to its survivor.
    missing.forEach((id, index) => customers.set(id, fetched[index] as Customer));
    return customers;
  }

  async function write(tenantId: string, { customers, threads: pulled, fetchedAt }: Pulled, cursor?: SyncCursor): Promise<{ newMessages: number; customerIds: Map<string, string> }> {
    return db.transaction(async (tx) => {
      const requestedIds = [...customers.keys()];
      const keyed = keyCustomers(customers.values(), await getIdentitySettings(tx, tenantId));
      await lockCustomerKeys(tx, tenantId, keyed);
      const customerIds = new Map<string, string>();
      const byHelpdeskId = new Map<string, string>();
      for (const [index, customer] of keyed.entries()) {
        const requestedId = requestedIds[index] as string;
        let id = byHelpdeskId.get(customer.id);
        if (id === undefined) {
          id = await upsertCustomer(tx, tenantId, customer);
          byHelpdeskId.set(customer.id, id);
        }
        customerIds.set(requestedId, id);
      }
      // One order for every writer, so two overlapping syncs lock ticket rows the same way round;
      // all the tickets in one statement, then all their threads in another.
      const ordered = [...pulled].sort((a, b) => (a.ticket.id < b.ticket.id ? -1 : a.ticket.id > b.ticket.id ? 1 : 0));
      const ticketIds = await upsertTickets(tx, tenantId, ordered.map(({ ticket }) => ({ ticket, customerId: customerIds.get(ticket.requesterId) as string })), fetchedAt);
      const newMessages = await upsertMessages(tx, tenantId, ordered.map(({ ticket, messages }) => ({ ticketId: ticketIds.get(ticket.id) as string, messages })));
      // The report facts of every customer touched are rewritten later, once per burst; the mark
      // commits with the rows they will read.
      await markCustomersStale(tx, tenantId, ordered.map(({ ticket }) => customerIds.get(ticket.requesterId) as string));
      if (cursor) {
        await tx.query(
          `update helpdesk_connections set sync_cursor = $2, last_synced_at = now(), last_sync_error = null, updated_at = now() where tenant_id = $1`,
          [tenantId, cursor.value],
        );
      }
      return { newMessages, customerIds };
    });
  }

  /**
   * Writes one fetched ticket with its thread, and its requester unless the mirror already knows
   * them (`customerId`): a requester's profile changes reach the mirror through the periodic sync,
   * and a ticket handed to someone else names a requester the mirror does not know yet.
   */
  async function writeTicket(tenantId: string, connector: HelpdeskConnector, ticket: Ticket, fetchedAt: Date, customerId: string | null): Promise<SyncResult> {
    if (customerId !== null) {
      const [thread] = await pullThreads(connector, [ticket]);
      // The ticket, its thread and the customer's report mark in one statement: all or nothing, and
      // one round trip instead of a transaction of three.
      const { newMessages } = await upsertTicketWithThread(db, tenantId, {
        ticket,
        customerId,
        messages: (thread as PulledTicket).messages,
        fetchedAt,
        alsoStep: markCustomerStaleStep('($3::uuid[])[1]'),
      });
      return { customerId, tickets: 1, newMessages };
    }
    const [threads, customers] = await Promise.all([pullThreads(connector, [ticket]), pullCustomers(connector, [ticket], [])]);
    const { newMessages, customerIds } = await write(tenantId, { customers, threads, fetchedAt });
    return { customerId: customerIds.get(ticket.requesterId) as string, tickets: 1, newMessages };
  }

  /** Refreshes one ticket, its thread and its requester. */
  async function syncTicket(tenantId: string, connector: HelpdeskConnector, ticketExternalId: string): Promise<SyncResult> {
    const fetchedAt = new Date();
    return writeTicket(tenantId, connector, await connector.getTicket(ticketExternalId), fetchedAt, null);
  }

  /** The customer's whole history with `ticket` in it, written in one transaction. */
  async function pullHistory(tenantId: string, connector: HelpdeskConnector, ticket: Ticket, fetchedAt: Date): Promise<SyncResult> {
    // Runs on first sight of the customer, so the mirror knows none of their tickets to pass as
    // `knownTicketIds`: an archived Freshdesk ticket joins the history when it is `ticket` itself
    // (the agent opened it, a webhook named it); tickets archived after they were mirrored stay.
    const [customer, listed] = await Promise.all([connector.getCustomer(ticket.requesterId), connector.listCustomerTickets(ticket.requesterId)]);
    // The customer's ticket list can lag behind a ticket that was just created: the ticket itself joins it.
    const tickets = [...listed.filter((each) => each.id !== ticket.id), ticket];
    const [threads, customers] = await Promise.all([pullThreads(connector, tickets), pullCustomers(connector, tickets, [customer])]);
    const { newMessages, customerIds } = await write(tenantId, { customers, threads, fetchedAt });
    const written = new Map(tickets.map((each) => [each.id, { updatedAt: new Date(each.updatedAt), syncedAt: fetchedAt, isArchived: each.isArchived ?? false }]));
    return { customerId: customerIds.get(ticket.requesterId) as string, tickets: tickets.length, newMessages, written };
  }

  // Customer look-ups and history pulls running in this process, by tenant and helpdesk customer:
  // a burst of new tickets from one customer looks them up and pulls the history once, and the
  // others wait for it.
  const historyInFlight = new Map<string, Promise<SyncResult>>();

  return {
    syncTicket,

    /**
     * Makes the mirror current for one ticket: refreshes it, and on first sight of a customer also
     * pulls their whole history on every channel (what the timeline and the agent read).
     */
    async refreshTicket(tenantId: string, connector: HelpdeskConnector, ticketExternalId: string): Promise<SyncResult> {
      const fetchedAt = new Date();
      const [ticket, mirrored] = await Promise.all([connector.getTicket(ticketExternalId), findTicketByExternalId(db, tenantId, ticketExternalId)]);
      // The fewest requests that keep the history current: a ticket unchanged since the mirror
      // read it costs this one read, a changed one its thread too.
      if (mirrored && isMirrorCurrent(mirrored, ticket)) return { customerId: mirrored.customerId, tickets: 0, newMessages: 0 };
      if (mirrored) return writeTicket(tenantId, connector, ticket, fetchedAt, await findCustomerIdByExternalId(db, tenantId, ticket.requesterId));
      const key = `${tenantId}\u0000${ticket.requesterId}`;
      const running = historyInFlight.get(key);
      if (running) {
        // Another event is looking this customer up or pulling their history, which holds this
        // ticket as it was listed then: when that copy is still current nothing is left to read;
        // otherwise ours is one ticket on top of it. The pull says what it wrote, so the mirror is
        // not read again, nor the customer looked up.
        const synced = await running.catch(() => null);
        const pulled = synced?.written?.get(ticketExternalId);
        if (synced && pulled && isMirrorCurrent(pulled, ticket)) return { customerId: synced.customerId, tickets: 0, newMessages: 0 };
        return writeTicket(tenantId, connector, ticket, fetchedAt, synced?.customerId ?? (await findCustomerIdByExternalId(db, tenantId, ticket.requesterId)));
      }
      // A ticket the mirror lacks: of a customer it knows, just that ticket; on first sight of a
      // customer, their whole history on every channel (what the timeline and the agent read).
      // Later tickets of theirs are just those tickets (the periodic sync keeps the rest current).
      const work = (async () => {
        const known = await findCustomerIdByExternalId(db, tenantId, ticket.requesterId);
        return known ? writeTicket(tenantId, connector, ticket, fetchedAt, known) : pullHistory(tenantId, connector, ticket, fetchedAt);
      })();
      historyInFlight.set(key, work);
      try {
        return await work;
      } finally {
        historyInFlight.delete(key);
      }
    },

    /**
     * Incremental sync from the stored cursor (the initial backfill is the same call with no cursor).
     * Each page is committed with its cursor, so an interrupted backfill resumes where it stopped.
     */
    async syncChanges(tenantId: string, connector: HelpdeskConnector, options: { maxPages?: number; signal?: AbortSignal } = {}): Promise<ChangesResult> {
      const stored = await db.query<{ sync_cursor: string | null }>(`select sync_cursor from helpdesk_connections where tenant_id = $1`, [tenantId]);
      let cursor: SyncCursor | null = stored.rows[0]?.sync_cursor ? { value: stored.rows[0].sync_cursor } : null;
      const result: ChangesResult = { pages: 0, tickets: 0, newMessages: 0, cursor: cursor?.value ?? null, caughtUp: false };
      while (result.pages < (options.maxPages ?? Number.POSITIVE_INFINITY)) {
        // Each page is written with its cursor, so stopping between pages loses nothing.
        options.signal?.throwIfAborted();
        const fetchedAt = new Date();
        const page = await connector.listChanges(cursor);
        const mirrored = await findMirroredCopies(db, tenantId, page.tickets.map((ticket) => ticket.id));
        const [threads, customers] = await Promise.all([
          pullThreads(connector, page.tickets, { ...(page.threads ? { threads: page.threads } : {}), mirrored }),
          pullCustomers(connector, page.tickets, page.customers),
        ]);
        const written = await write(tenantId, { customers, threads, fetchedAt }, page.cursor);
        result.pages++;
        result.tickets += page.tickets.length;
        result.newMessages += written.newMessages;
        cursor = page.cursor;
        result.cursor = cursor.value;
        if (!page.hasMore) {
          result.caughtUp = true;
          break;
        }
      }
      return result;
    },
  };
}

export type MirrorSync = ReturnType<typeof createMirrorSync>;
