import {
  idempotencyMarker,
  isConnectorError,
  normalizeIdentityValue,
  phoneSearchForms,
  type Customer,
  type ExternalId,
  type HelpdeskConnector,
  type Identity,
  type Message,
  type NoteInput,
  type Ticket,
  type TicketUpdate,
} from '@threadline/connector-core';
import { createHttpClient, mapWithConcurrency, type HttpClientOptions, type HttpStats } from '@threadline/connector-core/http';
import { freshdeskRateLimits } from './rate-limits.js';
import { createAccountInfo, type AppAgent } from './account-info.js';
import { listArchivedConversations, readArchivedTicket } from './archive.js';
import { createCompanyCache } from './companies.js';
import { EPOCH, listFreshdeskChanges } from './changes.js';
import type { FreshdeskContext } from './context.js';
import { parseFreshdeskError } from './errors.js';
import { listCannedResponses, listSolutionArticles } from './knowledge.js';
import { EMPTY_ACCOUNT_FIELDS, mapConversation, mapCustomer, mapDescription, mapSatisfactionRating, mapTicket, ticketChannel } from './mappers.js';
import { collectPages } from './pagination.js';
import { createTicketMemo } from './ticket-memo.js';
import { messageBody, newTicketBody, numericId, ticketUpdateBody } from './ticket-writes.js';
import type { FdAgent, FdContact, FdConversation, FdGroup, FdSatisfactionRating, FdTicket } from './wire-types.js';

export interface FreshdeskAuth {
  /** An agent's API key (Profile settings → API key). Sent as Basic `APIKEY:X`. */
  apiKey: string;
}

export interface FreshdeskConnectorOptions {
  /** The helpdesk URL, e.g. `https://acme.freshdesk.com` (or a sandbox's `url`). */
  baseUrl: string;
  auth: FreshdeskAuth;
  /** `per_page` of list requests; Freshdesk allows at most 100. Default 100. */
  pageSize?: number;
  /** `pacing: false` stops slowing down before the account's credits run out (429s are still honoured). */
  http?: Partial<Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'maxConcurrency' | 'retryBaseMs' | 'sleep' | 'fetch' | 'now' | 'pacing' | 'observer'>>;
  /**
   * How long a ticket's description read by `listCustomerTickets` or `getTicket` answers
   * `listMessages` without reading the ticket again (see `TicketMemo`). 0 disables. Default 60 s.
   */
  descriptionReuseMs?: number;
  /**
   * The agent Threadline acts as, whose messages read as `bot`: `'api-key'` (default) for the
   * key's own agent, an agent id, or null when the key belongs to a person. See `AppAgent`.
   */
  appAgentId?: AppAgent;
  /** How long a company read for a contact is reused (one read per company per sync). Default 5 min. */
  companyReuseMs?: number;
}

export type FreshdeskConnector = HelpdeskConnector & { readonly stats: Readonly<HttpStats> };

const DEFAULT_CONCURRENCY = 8;

/** Freshdesk's search takes a query of at most 512 characters, quotes included. */
const MAX_SEARCH_QUERY = 512;

/** OR-ed clauses packed into as few `"…"` search queries as the length limit allows. */
export function searchQueries(clauses: readonly string[]): string[] {
  const queries: string[] = [];
  let current = '';
  for (const clause of clauses) {
    const next = current === '' ? clause : `${current} OR ${clause}`;
    if (next.length + 2 > MAX_SEARCH_QUERY && current !== '') {
      queries.push(`"${current}"`);
      current = clause;
    } else current = next;
  }
  if (current !== '') queries.push(`"${current}"`);
  return queries;
}

/**
 * The Freshdesk API v2 connector. The same code runs against a real account and the sandbox;
 * only `baseUrl` differs.
 *
 * @example
 * const helpdesk = createFreshdeskConnector({ baseUrl: 'https://acme.freshdesk.com', auth: { apiKey } });
 * const history = await helpdesk.listCustomerTickets((await helpdesk.getTicket('42')).requesterId);
 */
export function createFreshdeskConnector(options: FreshdeskConnectorOptions): FreshdeskConnector {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const apiBaseUrl = `${baseUrl}/api/v2`;
  const authorization = `Basic ${Buffer.from(`${options.auth.apiKey}:X`).toString('base64')}`;
  const client = createHttpClient({
    vendor: 'freshdesk',
    apiBaseUrl,
    headers: () => ({ authorization }),
    parseError: parseFreshdeskError,
    rateLimits: freshdeskRateLimits,
    ...options.http,
  });
  const context: FreshdeskContext = {
    client,
    apiBaseUrl,
    baseUrl,
    pageSize: Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 100))),
    concurrency: options.http?.maxConcurrency ?? DEFAULT_CONCURRENCY,
    account: createAccountInfo(client, options.appAgentId === undefined ? 'api-key' : options.appAgentId),
    memo: createTicketMemo({ ttlMs: options.descriptionReuseMs ?? 60_000 }),
  };
  const { account, memo } = context;
  const companies = createCompanyCache(client, { ttlMs: options.companyReuseMs });
  /** Ticket ids found in the archive, so their threads are read there straight away. */
  const archivedIds = new Set<number>();

  async function readTicket(ticketId: ExternalId): Promise<FdTicket> {
    const ticket = (await client.request<FdTicket>('GET', `/tickets/${numericId(ticketId, 'ticket_id')}`)).body;
    memo.put(ticket);
    return ticket;
  }

  /** The live ticket, or the archived one when Freshdesk answers 404 because it moved to the archive. */
  async function readAnyTicket(ticketId: ExternalId): Promise<{ ticket: FdTicket; isArchived: boolean }> {
    const id = numericId(ticketId, 'ticket_id');
    if (!archivedIds.has(id)) {
      try {
        return { ticket: await readTicket(ticketId), isArchived: false };
      } catch (error) {
        if (!isConnectorError(error, 'not_found')) throw error;
        const archived = await readArchivedTicket(context, id);
        if (!archived) throw error;
        archivedIds.add(id);
        return { ticket: archived, isArchived: true };
      }
    }
    const archived = await readArchivedTicket(context, id);
    if (archived) return { ticket: archived, isArchived: true };
    archivedIds.delete(id);
    return { ticket: await readTicket(ticketId), isArchived: false };
  }

  async function toTickets(raw: readonly FdTicket[], isArchived = false): Promise<Ticket[]> {
    const fields = await account.fieldsFor(raw);
    return raw.map((ticket) => mapTicket(ticket, baseUrl, fields, { isArchived }));
  }

  async function toCustomer(contact: FdContact): Promise<Customer> {
    return mapCustomer(contact, contact.company_id ? await companies.get(contact.company_id) : null);
  }

  /** Known ids the live list left out, looked up in the archive; those found nowhere are dropped. */
  async function archivedTickets(ids: readonly ExternalId[]): Promise<FdTicket[]> {
    const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    const found = await mapWithConcurrency(numeric, context.concurrency, (id) => readArchivedTicket(context, id));
    const tickets = found.filter((ticket): ticket is FdTicket => ticket !== null);
    for (const ticket of tickets) archivedIds.add(ticket.id);
    return tickets;
  }

  async function contactsWhere(query: Record<string, string>): Promise<FdContact[]> {
    return (await client.request<FdContact[]>('GET', '/contacts', { query })).body ?? [];
  }

  /** `GET /search/contacts` ("Filter contacts"): the first page, 30 contacts, is plenty for one identity. */
  async function searchContacts(query: string): Promise<FdContact[]> {
    return (await client.request<{ results: FdContact[] }>('GET', '/search/contacts', { query: { query } })).body?.results ?? [];
  }

  /** Contacts carrying an identity. Freshdesk filters contacts by email, phone, mobile and external id; X handles go through search. */
  async function contactsWithIdentity(identity: Pick<Identity, 'type' | 'value'>): Promise<FdContact[]> {
    const value = normalizeIdentityValue(identity.type, identity.value);
    // A value without a match key (a caller id of `anonymous`) is nobody in particular.
    if (value === '') return [];
    switch (identity.type) {
      case 'email':
        return contactsWhere({ email: value });
      case 'phone':
      case 'whatsapp': {
        // WhatsApp and SMS senders are stored as a contact's phone or mobile number, as typed; the
        // filters compare the stored text, so every common layout of the number is asked for.
        const clauses = phoneSearchForms(identity.value).flatMap((form) => [`phone:'${form}'`, `mobile:'${form}'`]);
        const found = (await Promise.all(searchQueries(clauses).map(searchContacts))).flat();
        return found.filter((contact) => mapCustomer(contact).identities.some((each) => (each.type === 'phone' || each.type === 'whatsapp') && each.value === value));
      }
      case 'twitter':
        return searchContacts(`"twitter_id:'${value.replace(/'/g, '')}'"`);
      case 'external_id':
        return contactsWhere({ unique_external_id: value });
      default:
        // Facebook, Instagram and other messaging ids are not filterable or searchable in Freshdesk.
        return [];
    }
  }

  async function thread(ticketId: ExternalId, ticket: FdTicket, conversations: readonly FdConversation[], appAgentId: number | null): Promise<Message[]> {
    const fields = await account.fieldsFor([ticket]);
    const channel = ticketChannel(ticket.source, fields);
    const context = { ticketChannel: channel, requesterId: ticket.requester_id, appAgentId };
    const messages = [mapDescription(ticket, fields), ...conversations.map((conversation) => mapConversation(conversation, context))];
    // Stable sort: the description stays first when a reply shares its second.
    return messages.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).map((message) => ({ ...message, ticketId }));
  }

  async function listMessages(ticketId: ExternalId): Promise<Message[]> {
    const id = numericId(ticketId, 'ticket_id');
    if (!archivedIds.has(id)) {
      try {
        const [ticket, conversations, appAgentId] = await Promise.all([
          memo.get(id) ?? readTicket(ticketId),
          collectPages<FdConversation>(client, apiBaseUrl, `/tickets/${id}/conversations`),
          account.appAgentId(),
        ]);
        return await thread(ticketId, ticket, conversations, appAgentId);
      } catch (error) {
        if (!isConnectorError(error, 'not_found')) throw error;
      }
    }
    // Not found live: an archived ticket's thread is read at the archived endpoints.
    const { ticket, isArchived } = await readAnyTicket(ticketId);
    const conversations = isArchived ? await listArchivedConversations(context, id) : await collectPages<FdConversation>(client, apiBaseUrl, `/tickets/${id}/conversations`);
    return thread(ticketId, ticket, conversations, await account.appAgentId());
  }

  /** Posts a note or reply and maps Freshdesk's answer with the ticket it belongs to. */
  async function write(ticketId: ExternalId, path: 'notes' | 'reply', body: Record<string, unknown>): Promise<Message> {
    const id = numericId(ticketId, 'ticket_id');
    const [created, ticket, appAgentId] = await Promise.all([
      client.request<FdConversation>('POST', `/tickets/${id}/${path}`, { body }),
      memo.get(id) ?? readTicket(ticketId),
      account.appAgentId(),
    ]);
    const fields = await account.fieldsFor([ticket]);
    return mapConversation(created.body, { ticketChannel: ticketChannel(ticket.source, fields), requesterId: ticket.requester_id, appAgentId });
  }

  async function updateTicket(ticketId: ExternalId, update: TicketUpdate): Promise<Ticket> {
    const id = numericId(ticketId, 'ticket_id');
    // Freshdesk's `tags` replaces the list, so adding tags needs the current ones first.
    const [current, fields] = await Promise.all([
      update.addTags?.length && update.tags === undefined ? readTicket(ticketId) : undefined,
      update.status === 'on_hold' ? account.fields() : EMPTY_ACCOUNT_FIELDS,
    ]);
    const body = ticketUpdateBody(update, fields, current?.tags);
    if (Object.keys(body).length === 0) return (await toTickets([await readTicket(ticketId)]))[0] as Ticket;
    const updated = (await client.request<FdTicket>('PUT', `/tickets/${id}`, { body })).body;
    memo.put(updated);
    return (await toTickets([updated]))[0] as Ticket;
  }

  return {
    kind: 'freshdesk',
    baseUrl,
    stats: client.stats,

    async getTicket(ticketId) {
      const { ticket, isArchived } = await readAnyTicket(ticketId);
      return (await toTickets([ticket], isArchived))[0] as Ticket;
    },

    async getCustomer(customerId): Promise<Customer> {
      return toCustomer((await client.request<FdContact>('GET', `/contacts/${numericId(customerId, 'contact_id')}`)).body);
    },

    async findCustomers(identity) {
      const contacts = await contactsWithIdentity(identity);
      const unique = new Map(contacts.map((contact) => [contact.id, contact]));
      return Promise.all([...unique.values()].map(toCustomer));
    },

    async listSatisfactionRatings(query = {}) {
      // `created_since` is always sent: without it only recent ratings come back.
      const raw = await collectPages<FdSatisfactionRating>(client, apiBaseUrl, '/surveys/satisfaction_ratings', { created_since: query.createdSince ?? EPOCH, per_page: context.pageSize });
      return raw.map(mapSatisfactionRating).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.length - b.id.length || a.id.localeCompare(b.id));
    },

    async listCustomerTickets(customerId, listOptions = {}) {
      // `updated_since` lifts the default "created in the last 30 days" window of GET /tickets.
      const raw = await collectPages<FdTicket>(client, apiBaseUrl, '/tickets', {
        requester_id: numericId(customerId, 'requester_id'),
        updated_since: EPOCH,
        order_by: 'created_at',
        order_type: 'asc',
        per_page: context.pageSize,
        include: 'description',
      });
      for (const ticket of raw) memo.put(ticket);
      const unique = [...new Map(raw.map((ticket) => [ticket.id, ticket])).values()];
      const listed = new Set(unique.map((ticket) => String(ticket.id)));
      const archived = await archivedTickets((listOptions.knownTicketIds ?? []).filter((id) => !listed.has(id)));
      const tickets = [...(await toTickets(unique)), ...(await toTickets(archived, true))];
      return tickets.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || Number(a.id) - Number(b.id));
    },

    listMessages,

    listChanges: (cursor) => listFreshdeskChanges(context, cursor),

    /** `POST /tickets/{id}/notes` with `private: true`; the idempotency marker is appended to the body. */
    addInternalNote(ticketId, note: NoteInput) {
      return write(ticketId, 'notes', { body: messageBody(note, { withMarker: true }), private: true });
    },

    /**
     * `POST /tickets/{id}/reply`, which emails the requester. No idempotency marker is written
     * into a message the customer reads, so a reply cannot be found by key afterwards.
     */
    replyPublic(ticketId, reply: NoteInput) {
      return write(ticketId, 'reply', { body: messageBody(reply, { withMarker: false }) });
    },

    updateTicket,

    /**
     * Two writes, the fewest Freshdesk allows: `PUT /tickets/{id}` takes no note (Update a Ticket
     * has no body or note field) and notes are their own resource (`POST /tickets/{id}/notes`).
     * The update goes first, so a note found by its idempotency key means the update is in.
     */
    async updateTicketWithNote(ticketId, update: TicketUpdate, note: NoteInput) {
      await updateTicket(ticketId, update);
      return write(ticketId, 'notes', { body: messageBody(note, { withMarker: true }), private: true });
    },

    /** `POST /tickets`; not retried on a 5xx or a timeout (Freshdesk may have made it). */
    async createTicket(input) {
      const created = (await client.request<FdTicket>('POST', '/tickets', { body: newTicketBody(input), idempotent: false })).body;
      memo.put(created);
      return (await toTickets([created]))[0] as Ticket;
    },

    async listGroups() {
      const groups = await collectPages<FdGroup>(client, apiBaseUrl, '/groups');
      return groups.map((group) => ({ id: String(group.id), name: group.name }));
    },

    async whoAmI() {
      const agent = (await client.request<FdAgent>('GET', '/agents/me')).body;
      return { id: String(agent.id), name: agent.contact.name, email: agent.contact.email, role: agent.type };
    },

    async findMessageByIdempotencyKey(ticketId, key) {
      const marker = idempotencyMarker(key);
      const messages = await listMessages(ticketId);
      return messages.find((message) => message.bodyText.includes(marker) || (message.bodyHtml ?? '').includes(marker)) ?? null;
    },

    listArticles: (query) => listSolutionArticles(context, query),
    listMacros: () => listCannedResponses(context),
  };
}
