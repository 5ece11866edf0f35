import {
  ConnectorError,
  idempotencyMarker,
  nationalDigits,
  normalizeIdentityValue,
  type Customer,
  type ExternalId,
  type HelpdeskConnector,
  type Identity,
  type Message,
} from '@threadline/connector-core';
import { createHttpClient, type HttpStats } from '@threadline/connector-core/http';
import { zendeskRateLimits } from './rate-limits.js';
import { parseZendeskError } from './errors.js';
import { listArticles, listMacros } from './help-center.js';
import { mapCustomer, mapSatisfactionRating, mapTicket, type AuthorContext } from './mappers.js';
import { authorizationHeader, normalizeBaseUrl, type ZendeskConnectorOptions } from './options.js';
import { createChangesReader } from './changes.js';
import { collectPages, zendeskPages } from './pagination.js';
import { compareIds, toThread } from './thread.js';
import { createCommentStream } from './ticket-events.js';
import { addComment, createTicket, ticketPath, updateTicket, type TicketWriteDeps } from './ticket-writes.js';
import type { ZendeskComment, ZendeskGroup, ZendeskIdentity, ZendeskOrganization, ZendeskSatisfactionRating, ZendeskTicket, ZendeskUser } from './wire.js';

/** Incremental exports return at most 1,000 items per page (Using the Incremental Exports API; `per_page` up to 1000). */
const MAX_EXPORT_PAGE = 1000;

export type ZendeskConnector = HelpdeskConnector & {
  /** Counters of the connector's HTTP client. */
  readonly stats: Readonly<HttpStats>;
};

function userPath(userId: ExternalId): string {
  if (!/^\d+$/.test(userId)) {
    throw new ConnectorError({ vendor: 'zendesk', kind: 'not_found', message: `"${userId}" is not a Zendesk user id`, details: { userId } });
  }
  return `/users/${userId}`;
}

/**
 * The `users/search` query for an identity: field-qualified for emails and phones, the bare value
 * otherwise. Zendesk stores numbers as typed; `phone:*4155550134` (national digits behind an
 * asterisk) is its documented way to find a number in any formatting ("Retrieving the Zendesk
 * user id of a caller").
 */
export function userSearchQuery(identity: Pick<Identity, 'type' | 'value'>): Record<string, string> {
  const value = normalizeIdentityValue(identity.type, identity.value);
  if (identity.type === 'external_id') return { external_id: value };
  if (identity.type === 'email') return { query: `email:${value}` };
  if (identity.type === 'phone' || identity.type === 'whatsapp') return { query: `phone:*${nationalDigits(identity.value)}` };
  return { query: value };
}

/** Whether the customer holds `identity` (by match key): the `*` phone search also finds other countries' numbers ending alike. */
function holds(customer: Customer, identity: Pick<Identity, 'type' | 'value'>): boolean {
  const isPhone = (type: string) => type === 'phone' || type === 'whatsapp';
  const value = normalizeIdentityValue(identity.type, identity.value);
  return customer.identities.some((each) => (each.type === identity.type || (isPhone(each.type) && isPhone(identity.type))) && each.value === value);
}

/**
 * A `HelpdeskConnector` for Zendesk Support and Help Center over REST API v2.
 *
 * @example
 * const zendesk = createZendeskConnector({
 *   baseUrl: 'https://acme.zendesk.com',
 *   auth: { type: 'token', email: 'admin@acme.com', token: process.env.ZENDESK_TOKEN },
 * });
 * const history = await zendesk.listCustomerTickets((await zendesk.getTicket('35436')).requesterId);
 */
export function createZendeskConnector(options: ZendeskConnectorOptions): ZendeskConnector {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const apiBaseUrl = `${baseUrl}/api/v2`;
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new RangeError('pageSize must be an integer from 1 to 100 (Zendesk’s cursor page limit)');
  const exportPageSize = options.exportPageSize ?? MAX_EXPORT_PAGE;
  if (!Number.isInteger(exportPageSize) || exportPageSize < 1 || exportPageSize > MAX_EXPORT_PAGE) throw new RangeError(`exportPageSize must be an integer from 1 to ${MAX_EXPORT_PAGE}`);
  const authorization = authorizationHeader(options.auth);
  const http = createHttpClient({
    vendor: 'zendesk',
    apiBaseUrl,
    headers: () => ({ authorization }),
    parseError: parseZendeskError,
    rateLimits: zendeskRateLimits,
    ...options.http,
  });

  let botUser: Promise<ExternalId | null> | undefined;
  function botUserId(): Promise<ExternalId | null> {
    if (options.botUserId === undefined) return Promise.resolve(null);
    if (options.botUserId !== 'me') return Promise.resolve(options.botUserId);
    botUser ??= http.request<{ user: ZendeskUser }>('GET', '/users/me').then(
      ({ body }) => String(body.user.id),
      (error: unknown) => {
        botUser = undefined;
        throw error;
      },
    );
    return botUser;
  }

  /**
   * Organizations read by id when a side-load did not carry them, kept for the connector's life
   * (a sync's worth of customers of one organization costs one request).
   */
  const organizations = new Map<number, Promise<ZendeskOrganization>>();
  function organizationById(id: number): Promise<ZendeskOrganization> {
    let found = organizations.get(id);
    if (!found) {
      found = http.request<{ organization: ZendeskOrganization }>('GET', `/organizations/${id}`).then(({ body }) => body.organization);
      found.catch(() => organizations.delete(id));
      organizations.set(id, found);
    }
    return found;
  }

  /** The user's organization from the side-load, else looked up; null when the user has none. */
  async function organizationOf(user: ZendeskUser, sideLoaded: readonly ZendeskOrganization[] = []): Promise<ZendeskOrganization | null> {
    if (user.organization_id === null || user.organization_id === undefined) return null;
    const loaded = sideLoaded.find((organization) => organization.id === user.organization_id);
    if (loaded) {
      organizations.set(loaded.id, Promise.resolve(loaded));
      return loaded;
    }
    return organizationById(user.organization_id);
  }

  async function getCustomer(customerId: ExternalId): Promise<Customer> {
    const path = userPath(customerId);
    // Side-loading ("Side-loading related records": `?include=organizations` on users) brings the
    // organization in the same request.
    const [{ user, organizations: sideLoaded }, identities] = await Promise.all([
      http.request<{ user: ZendeskUser; organizations?: ZendeskOrganization[] }>('GET', path, { query: { include: 'organizations' } }).then(({ body }) => body),
      collectPages<ZendeskIdentity>(http, `${path}/identities`, 'identities', { apiBaseUrl, pageSize }),
    ]);
    return mapCustomer(user, identities, await organizationOf(user, sideLoaded));
  }

  async function listMessages(ticketId: ExternalId): Promise<Message[]> {
    const users = new Map<string, ZendeskUser>();
    const comments: ZendeskComment[] = [];
    const pages = zendeskPages<{ comments: ZendeskComment[]; users?: ZendeskUser[] }>(http, `${ticketPath(ticketId)}/comments`, {
      apiBaseUrl,
      pageSize,
      query: { include: 'users' },
    });
    const bot = botUserId();
    // Awaited after the pages; a failure there must not leave this rejection unhandled.
    bot.catch(() => undefined);
    for await (const page of pages) {
      comments.push(...page.comments);
      for (const user of page.users ?? []) users.set(String(user.id), user);
    }
    const context: AuthorContext = { users, botUserId: await bot };
    return toThread(comments, ticketId, context);
  }

  const writeDeps: TicketWriteDeps = { http, baseUrl, botUserId, listMessages };

  return {
    kind: 'zendesk',
    baseUrl,
    stats: http.stats,

    async getTicket(ticketId) {
      const { body } = await http.request<{ ticket: ZendeskTicket }>('GET', ticketPath(ticketId));
      return mapTicket(body.ticket, baseUrl);
    },

    getCustomer,

    async findCustomers(identity) {
      // A value without a match key (a caller id of `anonymous`) is nobody in particular.
      if (normalizeIdentityValue(identity.type, identity.value) === '') return [];
      const { body } = await http.request<{ users: ZendeskUser[] }>('GET', '/users/search', { query: userSearchQuery(identity) });
      const endUsers = body.users.filter((user) => user.role === 'end-user' && user.active !== false);
      const customers = await Promise.all(endUsers.map((user) => getCustomer(String(user.id))));
      return identity.type === 'phone' || identity.type === 'whatsapp' ? customers.filter((customer) => holds(customer, identity)) : customers;
    },

    async listCustomerTickets(customerId) {
      // Zendesk moves a merged user's tickets to the survivor, so the requested list is complete;
      // archived tickets stay in it, so ids the caller already knows need no lookup.
      const tickets = await collectPages<ZendeskTicket>(http, `${userPath(customerId)}/tickets/requested`, 'tickets', { apiBaseUrl, pageSize });
      const unique = new Map(tickets.map((ticket) => [ticket.id, mapTicket(ticket, baseUrl)]));
      return [...unique.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || compareIds(a.id, b.id));
    },

    listMessages,

    listChanges: createChangesReader({
      http,
      baseUrl,
      exportPageSize,
      // Event pages are always as large as allowed: their count is what a backfill spends.
      stream: options.threadsFromEvents === false ? null : createCommentStream({ http, pageSize: MAX_EXPORT_PAGE }),
      botUserId,
      organizationOf,
    }),

    addInternalNote: (ticketId, note) => addComment(writeDeps, ticketId, note, false),
    replyPublic: (ticketId, reply) => addComment(writeDeps, ticketId, reply, true),
    updateTicket: (ticketId, update) => updateTicket(writeDeps, ticketId, update),
    updateTicketWithNote: (ticketId, update, note) => addComment(writeDeps, ticketId, note, false, update),
    createTicket: (ticket) => createTicket(writeDeps, ticket),

    async listGroups() {
      const groups = await collectPages<ZendeskGroup>(http, '/groups', 'groups', { apiBaseUrl, pageSize });
      return groups.filter((group) => !group.deleted).map((group) => ({ id: String(group.id), name: group.name }));
    },

    async whoAmI() {
      // An unauthenticated call answers 200 with an anonymous user (id null); wrong credentials answer 401.
      const { user } = (await http.request<{ user: ZendeskUser }>('GET', '/users/me')).body;
      if (user.id === null || user.role === 'end-user') {
        throw new ConnectorError({ vendor: 'zendesk', kind: 'forbidden', message: `Zendesk accepted the request but not as an agent (role ${user.role ?? 'anonymous'}); use an agent's or admin's API token` });
      }
      return { id: String(user.id), name: user.name, email: user.email, role: user.role };
    },

    async findMessageByIdempotencyKey(ticketId, key) {
      const marker = idempotencyMarker(key);
      return (await listMessages(ticketId)).findLast((message) => message.bodyText.includes(marker)) ?? null;
    },

    async listSatisfactionRatings(query = {}) {
      // start_time is "the oldest satisfaction rating" as a Unix epoch time.
      const since = query.createdSince ? { start_time: Math.floor(Date.parse(query.createdSince) / 1000) } : {};
      const ratings = await collectPages<ZendeskSatisfactionRating>(http, '/satisfaction_ratings', 'satisfaction_ratings', { apiBaseUrl, pageSize, query: since });
      return ratings.map(mapSatisfactionRating).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || compareIds(a.id, b.id));
    },

    listArticles: (query) => listArticles({ http, apiBaseUrl, pageSize }, query),
    listMacros: () => listMacros({ http, apiBaseUrl, pageSize }),
  };
}

