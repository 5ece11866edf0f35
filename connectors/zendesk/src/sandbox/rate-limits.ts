import type { FastifyReply } from 'fastify';
import { createRateWindow, type RateWindow, type RateWindowState } from '@threadline/connector-core/sandbox';

/**
 * Zendesk's request budgets, as its API reference documents them
 * (developer.zendesk.com/api-reference/introduction/rate-limits):
 *
 * - "Zendesk Suite plan limits … Support and Help Center API requests per minute:
 *   Team 200, Growth 400, Professional 400, Enterprise 700, Enterprise Plus 2500".
 * - "requests to the Help Center API don't count against the rate limit of the Support API, and
 *   conversely" (the Support plan-limits section), so Help Center has a budget of its own.
 * - Incremental exports: "You can make up to 10 requests per minute to these endpoints"
 *   (api-reference/ticketing/ticket-management/incremental_exports).
 * - Update Ticket: "30 updates per 10 minutes per user per ticket" and "100 requests per min per
 *   account" (the Endpoint rate limits table).
 * - Headers: `X-Rate-Limit: 700`, `X-Rate-Limit-Remaining: 699` on every response; Ticketing APIs add
 *   `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset` and, on list-ticket endpoints,
 *   `zendesk-ratelimit-tickets-index: total=100; remaining=99; resets=41`.
 */

export type ZendeskPlan = 'suite-team' | 'suite-growth' | 'suite-professional' | 'suite-enterprise' | 'suite-enterprise-plus';

export const ZENDESK_PLAN_LIMITS: Readonly<Record<ZendeskPlan, number>> = {
  'suite-team': 200,
  'suite-growth': 400,
  'suite-professional': 400,
  'suite-enterprise': 700,
  'suite-enterprise-plus': 2500,
};

/** Incremental exports: 10 requests per minute. */
export const INCREMENTAL_EXPORTS_PER_MINUTE = 10;
/** Update Ticket: 100 requests per minute per account. */
export const TICKET_UPDATES_PER_MINUTE = 100;
/** Update Ticket: 30 updates per 10 minutes per user per ticket. */
export const TICKET_UPDATES_PER_USER_TICKET = 30;
/** The tickets-index budget the docs' header example shows (`total=100`). */
export const TICKETS_INDEX_PER_MINUTE = 100;

/**
 * Zendesk's 429 body. [reference §1.10] "The body may be plain text, e.g. `Number of allowed API
 * requests per minute exceeded`"; the docs promise "a body that details the reason" plus `Retry-After`.
 */
export const RATE_LIMIT_BODY = 'Number of allowed API requests per minute exceeded';

/** Zendesk's plain-text 429 with `Retry-After` and the budget it ran out of. */
export function sendRateLimited(reply: FastifyReply, retryAfterSeconds: number, limit: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .header('x-rate-limit', String(limit))
    .header('x-rate-limit-remaining', '0')
    .type('text/plain; charset=utf-8')
    .send(RATE_LIMIT_BODY);
}

const INCREMENTAL = /^\/api\/v2\/incremental\//;
const TICKET_UPDATE = /^\/api\/v2\/tickets\/(\d+)$/;
const TICKET_LISTS = /^\/api\/v2\/(tickets(\/show_many)?|users\/\d+\/tickets\/\w+|organizations\/\d+\/tickets|incremental\/tickets(\/cursor)?|search)$/;

/** An endpoint budget spent by one request, reported in a `zendesk-ratelimit-<name>` header. */
interface EndpointSpend {
  name: string;
  state: RateWindowState;
}

export interface ZendeskRateLimits {
  readonly accountLimit: number;
  /** Spends the account (or Help Center) budget; the state says whether the request may go on. */
  takeAccount(path: string): RateWindowState;
  /** Spends the endpoint budgets `method path` draws on; the first refused one, if any, is returned first. */
  takeEndpoints(method: string, path: string, actor: number | null): EndpointSpend[];
  /** The `ratelimit-*` / `zendesk-ratelimit-*` headers for an answered request. */
  headers(path: string, spent: readonly EndpointSpend[]): Record<string, string>;
  reset(): void;
}

/**
 * The budgets of one sandbox account. `limit` null turns every limit off; the headers are still
 * sent, with the whole budget always left.
 */
export function createZendeskRateLimits(options: { limit: number | null; now: () => number }): ZendeskRateLimits {
  const enforced = options.limit !== null;
  const accountLimit = options.limit ?? ZENDESK_PLAN_LIMITS['suite-enterprise'];
  const { now } = options;
  const support = createRateWindow({ limit: accountLimit, now });
  const helpCenter = createRateWindow({ limit: accountLimit, now });
  const incremental = createRateWindow({ limit: INCREMENTAL_EXPORTS_PER_MINUTE, now });
  const updates = createRateWindow({ limit: TICKET_UPDATES_PER_MINUTE, now });
  const ticketsIndex = createRateWindow({ limit: TICKETS_INDEX_PER_MINUTE, now });
  const perUserTicket = new Map<string, RateWindow>();
  // Unlimited: nothing is refused and nothing counts down, so a client pacing on the headers never slows.
  const allow = (state: RateWindowState): RateWindowState => (enforced ? state : { ...state, allowed: true, remaining: state.limit });
  const accountFor = (path: string) => (path.startsWith('/api/v2/help_center') ? helpCenter : support);

  return {
    accountLimit,
    takeAccount: (path) => allow(accountFor(path).take()),
    takeEndpoints(method, path, actor) {
      const spent: EndpointSpend[] = [];
      if (INCREMENTAL.test(path)) spent.push({ name: 'incremental-exports', state: allow(incremental.take()) });
      const update = method === 'PUT' ? TICKET_UPDATE.exec(path) : null;
      if (update) {
        spent.push({ name: 'update-ticket', state: allow(updates.take()) });
        const key = `${actor ?? 0}:${update[1]}`;
        let window = perUserTicket.get(key);
        if (!window) perUserTicket.set(key, (window = createRateWindow({ limit: TICKET_UPDATES_PER_USER_TICKET, windowMs: 600_000, now })));
        spent.push({ name: 'update-ticket-per-user', state: allow(window.take()) });
      }
      // Reported, not enforced: the docs show the header but tie no 429 to it.
      if (TICKET_LISTS.test(path) && !INCREMENTAL.test(path)) spent.push({ name: 'tickets-index', state: { ...allow(ticketsIndex.take()), allowed: true } });
      return spent.sort((a, b) => Number(a.state.allowed) - Number(b.state.allowed));
    },
    headers(path, spent) {
      const account = allow(accountFor(path).peek());
      const headers: Record<string, string> = { 'x-rate-limit': String(accountLimit), 'x-rate-limit-remaining': String(account.remaining) };
      // "The responses from Ticketing API list endpoints such as List Tickets or Search Users provide" these too.
      if (TICKET_LISTS.test(path)) {
        Object.assign(headers, { 'ratelimit-limit': String(accountLimit), 'ratelimit-remaining': String(account.remaining), 'ratelimit-reset': String(account.resetSeconds) });
      }
      for (const { name, state } of spent) {
        if (name === 'update-ticket-per-user') continue;
        // [guess] Endpoint budgets other than tickets-index in the documented tickets-index format.
        headers[`zendesk-ratelimit-${name}`] = `total=${state.limit}; remaining=${state.remaining}; resets=${state.resetSeconds}`;
      }
      return headers;
    },
    reset() {
      for (const window of [support, helpCenter, incremental, updates, ticketsIndex]) window.reset();
      perUserTicket.clear();
    },
  };
}
