import type { Channel } from './channels.js';
import type { Customer, ExternalId, Group, HelpdeskKind, Identity, KnowledgeArticle, Macro, Message, SatisfactionRating, Ticket, TicketPriority, TicketStatus } from './model.js';

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
  /**
   * Whole threads of some of `tickets`, by ticket id, when the helpdesk's change stream carried
   * them (Zendesk's ticket event export with comment bodies): the caller reads only the others
   * with `listMessages`. Absent or partial when the stream could not vouch for a ticket's thread.
   */
  threads?: ReadonlyMap<ExternalId, Message[]>;
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

/**
 * A ticket Threadline opens for a customer on another channel (a callback request, an email
 * follow-up). The first message is an internal note: the customer is told on the channel they are on.
 */
/** Channels a conversation can be handed to: the ones a helpdesk can open a ticket on for a known customer. */
export type HandoffChannel = Extract<Channel, 'voice' | 'email' | 'whatsapp' | 'sms'>;

export interface NewTicket {
  requesterId: ExternalId;
  subject: string;
  /** The channel the ticket belongs to; each vendor maps it to its own field (Zendesk `via_id`, Freshdesk `source`). */
  channel: HandoffChannel;
  /** The first, internal message: the summary and the open question. */
  bodyText: string;
  tags?: string[];
  groupId?: ExternalId;
  priority?: TicketPriority;
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
/** The helpdesk account that a connection's credentials act as. */
export interface HelpdeskAgent {
  id: ExternalId;
  name: string;
  email: string | null;
  /** The helpdesk's own role name (Zendesk `admin`/`agent`, Freshdesk `support_agent`, …). */
  role: string;
}

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
  /**
   * Applies `update` and adds the internal note as one outcome (an escalation): one request where
   * the helpdesk takes both in one call (Zendesk), else the update first and then the note, so a
   * note found by its idempotency key means the update was applied too.
   */
  updateTicketWithNote(ticketId: ExternalId, update: TicketUpdate, note: NoteInput): Promise<Message>;
  /** Opens a new ticket for an existing customer. Not retried on a 5xx or a timeout: callers find an earlier one by its tags. */
  createTicket(ticket: NewTicket): Promise<Ticket>;
  /** The groups (teams) tickets can be routed to, for an escalation's choice. */
  listGroups(): Promise<Group[]>;
  /**
   * The helpdesk user the credentials act as: the cheapest authenticated call, used to check a
   * connection before it is saved (a wrong token fails here with the connector's `auth` error).
   */
  whoAmI(): Promise<HelpdeskAgent>;
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

/**
 * Whether a message carries Threadline's idempotency marker: everything Threadline writes does, so a
 * staff message with one is Threadline's even when the API user is a person's account.
 */
export function hasIdempotencyMarker(text: string): boolean {
  return /\[threadline:[^\]\s]+\]/.test(text);
}
