import type { RateBucket, RateLimitMapping, RateSnapshot } from '@threadline/connector-core/http';

/**
 * How Zendesk reports its budgets (developer.zendesk.com/api-reference/introduction/rate-limits):
 * `X-Rate-Limit` / `X-Rate-Limit-Remaining` on every response, `ratelimit-limit` /
 * `ratelimit-remaining` / `ratelimit-reset` (seconds) on Ticketing APIs, and endpoint budgets as
 * `zendesk-ratelimit-<name>: total=100; remaining=99; resets=41`.
 */

const INCREMENTAL = /\/api\/v2\/incremental\//;
const TICKET_UPDATE = /\/api\/v2\/tickets\/\d+(\.json)?$/;

function numberOf(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** `total=100; remaining=99; resets=41` → a snapshot; undefined when a part is missing. */
export function parseEndpointBudget(value: string): RateSnapshot | undefined {
  const parts = new Map(
    value.split(';').map((part) => {
      const [key, raw] = part.split('=', 2) as [string, string | undefined];
      return [key.trim().toLowerCase(), Number(raw?.trim())] as const;
    }),
  );
  const total = parts.get('total');
  const remaining = parts.get('remaining');
  const resets = parts.get('resets');
  if (total === undefined || remaining === undefined || !Number.isFinite(total) || !Number.isFinite(remaining)) return undefined;
  return { limit: total, remaining, ...(resets !== undefined && Number.isFinite(resets) ? { resetMs: resets * 1000 } : {}) };
}

export const zendeskRateLimits: RateLimitMapping = {
  bucketsOf(method, url): RateBucket[] {
    // The documented endpoint limits, known before the first response says so.
    if (INCREMENTAL.test(url.pathname)) return [{ name: 'incremental-exports', limit: 10 }];
    if (method === 'PUT' && TICKET_UPDATE.test(url.pathname)) return [{ name: 'update-ticket', limit: 100 }];
    return [];
  },
  read(headers) {
    const snapshots: Record<string, RateSnapshot> = {};
    const limit = numberOf(headers, 'ratelimit-limit') ?? numberOf(headers, 'x-rate-limit');
    const remaining = numberOf(headers, 'ratelimit-remaining') ?? numberOf(headers, 'x-rate-limit-remaining');
    const reset = numberOf(headers, 'ratelimit-reset');
    if (limit !== undefined && remaining !== undefined) snapshots.account = { limit, remaining, ...(reset === undefined ? {} : { resetMs: reset * 1000 }) };
    headers.forEach((value, name) => {
      if (!name.startsWith('zendesk-ratelimit-')) return;
      const snapshot = parseEndpointBudget(value);
      // tickets-index is a list endpoint's own budget; only the buckets requests draw on are paced.
      if (snapshot) snapshots[name.slice('zendesk-ratelimit-'.length)] = snapshot;
    });
    return snapshots;
  },
};
