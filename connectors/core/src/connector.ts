import type { Customer, ExternalId, HelpdeskKind, Identity, KnowledgeArticle, Macro, Message, SatisfactionRating, Ticket, TicketPriority, TicketStatus } from './model.js';

export interface CustomerTicketsOptions {
  /**
   * Ticket ids the caller already holds for this customer (e.g. from the mirror). A helpdesk whose
   * ticket lists leave archived tickets out (Freshdesk) looks these up in its archive, so the history
   * keeps them; ids it finds nowhere are left out.
   */
  knownTicketIds?: readonly ExternalId[];
}

/** Where an incremental sync stopped; opaque to callers, persisted between runs. */
export interface SyncCursor {
  value: string;
}

/** One page of changes since a cursor. */
export interface ChangesPage {
  tickets: Ticket[];
  customers: Customer[];
  cursor: SyncCursor;
  /** False once the stream has caught up; call again later with `cursor`. */
  hasMore: boolean;
}

export interface NoteInput {
  bodyText: string;
  bodyHtml?: string;
  /**
   * Written into the note so a retry can find it: a write-back that crashed after the helpdesk
   * accepted it is detected by `findMessageByIdempotencyKey` instead of being written twice.
   */
  idempotencyKey?: string;
}

export interface TicketUpdate {
  status?: TicketStatus;
  priority?: TicketPriority;
  groupId?: ExternalId;
  assigneeId?: ExternalId | null;
  /** Replaces the ticket's tags. */
  tags?: string[];
  /** Adds tags, keeping the ones the ticket has. */
  addTags?: string[];
}

export interface RatingsQuery {
  /** Only ratings created at or after this ISO time (incremental sync); absent: all of them. */
  createdSince?: string;
}

export interface ArticleQuery {
  /** Only articles changed at or after this ISO time (incremental sync). */
  updatedSince?: string;
}

/**
 * Everything Threadline asks of a helpdesk. Each vendor connector implements it against the
 * vendor's REST API; the sandboxes speak the same protocol so tests run the real code path.
 *
 * @example
 * const helpdesk = createZendeskConnector({ baseUrl, auth: { type: 'token', email, token } });
 * const ticket = await helpdesk.getTicket('35436');
 * for await (const t of helpdesk.listCustomerTickets(ticket.requesterId)) console.log(t.channel);
 */
export interface HelpdeskConnector {
  readonly kind: HelpdeskKind;
  /** The agent-facing base URL (for links), e.g. `https://acme.zendesk.com`. */
  readonly baseUrl: string;

  getTicket(ticketId: ExternalId): Promise<Ticket>;
  getCustomer(customerId: ExternalId): Promise<Customer>;
  /** Customers the helpdesk knows under this identity (after its own merges: normally one). */
  findCustomers(identity: Pick<Identity, 'type' | 'value'>): Promise<Customer[]>;
  /**
   * Every ticket of the customer across all their identities and channels, each once,
   * oldest first, archived ones included (marked `isArchived`). Pages are pulled with bounded
   * concurrency.
   */
  listCustomerTickets(customerId: ExternalId, options?: CustomerTicketsOptions): Promise<Ticket[]>;
  /** The thread of a ticket, oldest first, including the first message and internal notes. */
  listMessages(ticketId: ExternalId): Promise<Message[]>;
  /** Changes since `cursor` (null: from the beginning), one page at a time. */
  listChanges(cursor: SyncCursor | null): Promise<ChangesPage>;

  addInternalNote(ticketId: ExternalId, note: NoteInput): Promise<Message>;
  replyPublic(ticketId: ExternalId, reply: NoteInput): Promise<Message>;
  updateTicket(ticketId: ExternalId, update: TicketUpdate): Promise<Ticket>;
  /** The message written with this idempotency key, if one was. */
  findMessageByIdempotencyKey(ticketId: ExternalId, key: string): Promise<Message | null>;

  /** The customers' satisfaction ratings, oldest first, every page. */
  listSatisfactionRatings(query?: RatingsQuery): Promise<SatisfactionRating[]>;

  listArticles(query?: ArticleQuery): Promise<KnowledgeArticle[]>;
  listMacros(): Promise<Macro[]>;
}

/** The marker a note carries for its idempotency key; plain text so every helpdesk keeps it. */
export function idempotencyMarker(key: string): string {
  return `[threadline:${key}]`;
}
