import { ConnectorError } from '@threadline/connector-core';
import type { HttpClient, RequestOptions } from '@threadline/connector-core/http';
import type { ZendeskCursorPage, ZendeskOffsetPage } from './wire.js';

type Page = Partial<ZendeskCursorPage> & Partial<ZendeskOffsetPage>;

/**
 * A next-page link as a path under the API root. Zendesk's links are absolute; following them
 * relative to the configured root keeps credentials on the host they were configured for.
 */
export function relativeToApi(link: string, apiBaseUrl: string): string {
  const url = new URL(link, apiBaseUrl);
  const basePath = new URL(apiBaseUrl).pathname.replace(/\/$/, '');
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
  return `${path}${url.search}`;
}

export interface PagesOptions {
  apiBaseUrl: string;
  query?: RequestOptions['query'];
  /** Sent as `page[size]` to select cursor pagination; omit for endpoints that only page by offset. */
  pageSize?: number;
  /** Safety stop for a server that never says it is done. Default 10,000 pages. */
  maxPages?: number;
}

/**
 * Every page of a Zendesk list, in order. Cursor pages (`meta.has_more`, `links.next`,
 * `meta.after_cursor`) and offset pages (`next_page`) are both followed, so an endpoint that
 * ignores `page[size]` still pages correctly. Pages are sequential by nature: each names the next.
 */
export async function* zendeskPages<P extends object>(http: HttpClient, path: string, options: PagesOptions): AsyncGenerator<P & Page> {
  const maxPages = options.maxPages ?? 10_000;
  let request: { path: string; query: RequestOptions['query'] } = {
    path,
    query: { ...options.query, ...(options.pageSize === undefined ? {} : { 'page[size]': options.pageSize }) },
  };
  const seen = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const response = await http.request<P & Page>('GET', request.path, { query: request.query });
    const body = response.body;
    yield body;
    const next = nextRequest(body, request, options.apiBaseUrl);
    if (!next) return;
    const key = `${next.path}?${JSON.stringify(next.query ?? {})}`;
    if (seen.has(key)) {
      throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: `zendesk repeated a page link while paging ${path}`, details: { path } });
    }
    seen.add(key);
    request = next;
  }
  throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: `zendesk paging of ${path} passed ${maxPages} pages`, details: { path, maxPages } });
}

function nextRequest(body: Page, current: { path: string; query: RequestOptions['query'] }, apiBaseUrl: string) {
  if (body.meta) {
    if (!body.meta.has_more) return null;
    if (body.links?.next) return { path: relativeToApi(body.links.next, apiBaseUrl), query: undefined };
    if (body.meta.after_cursor) return { path: current.path.split('?')[0] as string, query: { ...current.query, 'page[after]': body.meta.after_cursor } };
    throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: 'zendesk said has_more without a next link or cursor' });
  }
  return body.next_page ? { path: relativeToApi(body.next_page, apiBaseUrl), query: undefined } : null;
}

/** All items under `key` across every page. */
export async function collectPages<T>(http: HttpClient, path: string, key: string, options: PagesOptions): Promise<T[]> {
  const items: T[] = [];
  for await (const page of zendeskPages<Record<string, unknown>>(http, path, options)) {
    const list = page[key];
    if (!Array.isArray(list)) {
      throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: `zendesk answered ${path} without a "${key}" list`, details: { path } });
    }
    items.push(...(list as T[]));
  }
  return items;
}
