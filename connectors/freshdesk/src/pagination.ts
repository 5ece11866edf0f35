import { ConnectorError } from '@threadline/connector-core';
import type { HttpClient, RequestOptions } from '@threadline/connector-core/http';

/** Freshdesk stops list endpoints at page 300; nothing past it can be read by paging. */
export const MAX_PAGES = 300;

/**
 * The `rel="next"` target of a `Link` header (`<https://d.freshdesk.com/api/v2/tickets?page=2>; rel="next"`),
 * or null on the last page, where Freshdesk sends no such link.
 */
export function nextPageUrl(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2] ?? '')) return match[1] ?? null;
  }
  return null;
}

/**
 * Keeps a next-page URL on the API's own origin, so the API key is never sent elsewhere even if a
 * proxy rewrote the link; a relative link is resolved against the API root.
 */
export function sameOriginUrl(link: string, apiBaseUrl: string): string {
  const base = new URL(apiBaseUrl);
  const target = new URL(link, base);
  return target.origin === base.origin ? target.toString() : `${base.origin}${target.pathname}${target.search}`;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

/** One page of a bare-array list endpoint, plus where the next one is. */
export async function fetchPage<T>(client: HttpClient, apiBaseUrl: string, pathOrUrl: string, query?: RequestOptions['query']): Promise<Page<T>> {
  const response = await client.request<T[]>('GET', pathOrUrl, query ? { query } : {});
  const link = nextPageUrl(response.headers.get('link'));
  return { items: Array.isArray(response.body) ? response.body : [], next: link ? sameOriginUrl(link, apiBaseUrl) : null };
}

/**
 * Every item of a list endpoint, following `Link: rel="next"` page by page. Freshdesk gives no
 * totals, so pages of one list cannot be fetched in parallel without guessing; concurrency comes
 * from running several lists at once. A list longer than Freshdesk's 300-page cap cannot be read
 * whole, which is reported rather than returned truncated.
 */
export async function collectPages<T>(client: HttpClient, apiBaseUrl: string, path: string, query?: RequestOptions['query']): Promise<T[]> {
  const items: T[] = [];
  let page = await fetchPage<T>(client, apiBaseUrl, path, query);
  items.push(...page.items);
  for (let count = 1; page.next; count++) {
    if (count >= MAX_PAGES) {
      throw new ConnectorError({
        vendor: 'freshdesk',
        kind: 'protocol',
        message: `${path} has more than ${MAX_PAGES} pages, past which Freshdesk does not page`,
        details: { path, pages: count, items: items.length },
      });
    }
    page = await fetchPage<T>(client, apiBaseUrl, page.next);
    items.push(...page.items);
  }
  return items;
}
