import type { FastifyInstance } from 'fastify';
import { createRateWindow, type RateWindow } from '@threadline/connector-core/sandbox';
import { creditsFor } from '../rate-limits.js';
import { RATE_LIMITED_BODY } from './protocol.js';

/**
 * Freshdesk's per-minute limits by plan, from "What are the rate limits for the API calls to
 * Freshdesk?" (support.freshdesk.com/support/solutions/articles/225439): calls per minute and the
 * "Maximum limit per endpoint" — Growth 200 (Ticket Create 80, Ticket Update 80, Tickets List 20,
 * Contacts List 20), Pro 400 (160/160/100/100), Enterprise 700 (280/280/200/200); "For every trial
 * period the API limit is 50 per minute." The limit "is applied to your account irrespective of the
 * number of agents you have or IP addresses used to make the calls".
 */
export type FreshdeskPlan = 'trial' | 'growth' | 'pro' | 'enterprise';

export interface FreshdeskPlanLimits {
  perMinute: number;
  endpoints: Partial<Record<FreshdeskEndpoint, number>>;
}

export type FreshdeskEndpoint = 'ticket-create' | 'ticket-update' | 'tickets-list' | 'contacts-list';

export const FRESHDESK_PLAN_LIMITS: Readonly<Record<FreshdeskPlan, FreshdeskPlanLimits>> = {
  trial: { perMinute: 50, endpoints: {} },
  growth: { perMinute: 200, endpoints: { 'ticket-create': 80, 'ticket-update': 80, 'tickets-list': 20, 'contacts-list': 20 } },
  pro: { perMinute: 400, endpoints: { 'ticket-create': 160, 'ticket-update': 160, 'tickets-list': 100, 'contacts-list': 100 } },
  enterprise: { perMinute: 700, endpoints: { 'ticket-create': 280, 'ticket-update': 280, 'tickets-list': 200, 'contacts-list': 200 } },
};

function endpointOf(method: string, path: string): FreshdeskEndpoint | undefined {
  if (method === 'POST' && /^\/api\/v2\/tickets\/?$/.test(path)) return 'ticket-create';
  if (method === 'PUT' && /^\/api\/v2\/tickets\/\d+$/.test(path)) return 'ticket-update';
  if (method === 'GET' && /^\/api\/v2\/tickets\/?$/.test(path)) return 'tickets-list';
  if (method === 'GET' && /^\/api\/v2\/contacts\/?$/.test(path)) return 'contacts-list';
  return undefined;
}

export interface RateLimitOptions {
  /** Credits per minute, account-wide; null turns every limit off. */
  perMinute: number | null;
  /** Calls per minute per endpoint (the plan's "Maximum limit per endpoint"). */
  endpoints: Partial<Record<FreshdeskEndpoint, number>>;
  now: () => number;
}

/**
 * Per-minute credit accounting with Freshdesk's headers on every API answer (`X-Ratelimit-Total`,
 * `X-Ratelimit-Remaining`, `X-Ratelimit-Used-CurrentRequest`), the plan's endpoint caps, and 429 +
 * `Retry-After` once either is spent. "Even invalid requests will count towards the rate limit",
 * so credits are charged before authentication.
 */
export function installRateLimit(app: FastifyInstance, options: RateLimitOptions): { reset(): void } {
  const shownTotal = options.perMinute ?? FRESHDESK_PLAN_LIMITS.enterprise.perMinute;
  const account = createRateWindow({ limit: shownTotal, now: options.now });
  const endpoints = new Map<FreshdeskEndpoint, RateWindow>(
    Object.entries(options.endpoints).map(([name, limit]) => [name as FreshdeskEndpoint, createRateWindow({ limit: limit as number, now: options.now })]),
  );
  const enforced = options.perMinute !== null;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v2/')) return;
    const url = new URL(request.url, 'http://sandbox');
    const cost = creditsFor(request.method, url.pathname, url.searchParams.get('include'));
    reply.header('x-ratelimit-total', String(shownTotal));
    reply.header('x-ratelimit-used-currentrequest', String(cost));
    const credits = account.take(cost);
    const endpointName = endpointOf(request.method, url.pathname);
    const endpoint = enforced && credits.allowed && endpointName ? endpoints.get(endpointName)?.take() : undefined;
    // Unlimited: the whole budget is always left, so a client pacing on the headers never slows.
    reply.header('x-ratelimit-remaining', String(enforced ? credits.remaining : shownTotal));
    const refused = !credits.allowed ? credits : endpoint && !endpoint.allowed ? endpoint : undefined;
    if (enforced && refused) {
      reply.header('retry-after', String(refused.resetSeconds));
      return reply.code(429).send(RATE_LIMITED_BODY);
    }
  });
  return {
    reset() {
      account.reset();
      for (const window of endpoints.values()) window.reset();
    },
  };
}
