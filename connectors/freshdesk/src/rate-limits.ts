import type { RateLimitMapping, RateSnapshot } from '@threadline/connector-core/http';

/**
 * Freshdesk's API credits (developers.freshdesk.com/api/#ratelimit): a per-minute budget by plan,
 * reported as `X-Ratelimit-Total`, `X-Ratelimit-Remaining` and `X-Ratelimit-Used-CurrentRequest`
 * (what this call cost); no reset header, the window is the minute.
 */

const TICKET_LIST = /\/api\/v2\/tickets\/?$/;

/**
 * Credits a request costs. Freshdesk's docs: List All Tickets — "Each include will consume an
 * additional 2 credits. For example if you embed the stats information you will be charged a total
 * of 3 API credits for the call."; View a Ticket (and other single reads) — "Each include will
 * consume an additional credit. For example if you embed the requester and company information you
 * will be charged a total of 3 API credits for the call."
 */
export function creditsFor(method: string, path: string, include: string | null): number {
  const includes = include ? include.split(',').filter((part) => part.trim() !== '').length : 0;
  const perInclude = method === 'GET' && TICKET_LIST.test(path) ? 2 : 1;
  return 1 + includes * perInclude;
}

function numberOf(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export const freshdeskRateLimits: RateLimitMapping = {
  costOf: (method, url) => creditsFor(method, url.pathname, url.searchParams.get('include')),
  read(headers) {
    const limit = numberOf(headers, 'x-ratelimit-total');
    const remaining = numberOf(headers, 'x-ratelimit-remaining');
    const snapshots: Record<string, RateSnapshot> = {};
    if (limit !== undefined && remaining !== undefined) snapshots.account = { limit, remaining };
    return snapshots;
  },
};
