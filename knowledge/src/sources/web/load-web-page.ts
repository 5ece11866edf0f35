import type { SourceDocument } from '../../types.js';
import { KnowledgeSourceError } from '../../errors.js';
import { extractWebPage, type WebPage } from '../html/extract-web-page.js';
import { canonicalUrl } from './canonical-url.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  decodeHtml,
  fetchResource,
  isHtml,
  type FetchLike,
  type FetchResourceOptions,
} from './fetch-resource.js';
import { createFetchPolicy, type FetchPolicy } from './fetch-policy.js';
import { createPinnedFetch } from './pinned-fetch.js';

/** Options shared by the URL and crawl sources. */
export interface WebFetchOptions {
  /**
   * Which hosts may be fetched, checked before every request and redirect. Default: public addresses
   * only (`createFetchPolicy()`); the server passes one with the operator's allowlist.
   */
  policy?: FetchPolicy;
  /**
   * Defaults to a `fetch` whose sockets connect only to addresses `policy` vetted (`createPinnedFetch`).
   * An injected one (a proxy, a test double) still has every URL and redirect checked against `policy`
   * first, but connects wherever its own resolver says.
   */
  fetch?: FetchLike;
  /** Sent as `User-Agent` and matched against robots.txt groups. Default `ThreadlineBot/0.1`. */
  userAgent?: string;
  /** Per request, body included. Default 15 000. */
  timeoutMs?: number;
  /** Largest page accepted. Default 5 MiB. */
  maxBytes?: number;
  /** Locale when the page has no `<html lang>`. Default `en`. */
  defaultLocale?: string;
}

export function resolveWebOptions(options: WebFetchOptions): Required<WebFetchOptions> {
  const policy = options.policy ?? createFetchPolicy();
  return {
    policy,
    fetch: options.fetch ?? createPinnedFetch(policy),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    defaultLocale: options.defaultLocale ?? 'en',
  };
}

export function fetchOptions(options: Required<WebFetchOptions>, signal: AbortSignal | undefined): Omit<FetchResourceOptions, 'accept'> {
  return { fetch: options.fetch, policy: options.policy, userAgent: options.userAgent, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes, signal };
}

export interface LoadedWebPage {
  /** URL after redirects, fragment removed. */
  finalUrl: string;
  lastModified: string | null;
  page: WebPage;
}

/** Fetches `url` and extracts its content; throws `KNOWLEDGE_URL_NOT_HTML` for anything but an HTML page. */
export async function loadWebPage(url: string, options: Omit<FetchResourceOptions, 'accept'>): Promise<LoadedWebPage> {
  const resource = await fetchResource(url, { ...options, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' });
  if (!isHtml(resource)) {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_URL_NOT_HTML',
      `${url} is not an HTML page (Content-Type: ${resource.mediaType || 'none'})`,
      { url, contentType: resource.mediaType },
    );
  }
  const finalUrl = new URL(resource.url);
  finalUrl.hash = '';
  return { finalUrl: finalUrl.href, lastModified: resource.lastModified, page: extractWebPage(decodeHtml(resource), finalUrl.href) };
}

/** The `SourceDocument` of a loaded page. */
export function webPageDocument(
  loaded: LoadedWebPage,
  options: { externalId?: string; defaultLocale: string; updatedAt?: string | null; metadata?: SourceDocument['metadata'] },
): SourceDocument {
  return {
    externalId: options.externalId ?? canonicalUrl(loaded.finalUrl),
    title: loaded.page.title,
    url: loaded.finalUrl,
    locale: loaded.page.lang ?? options.defaultLocale,
    visibility: 'public',
    updatedAt: loaded.page.modifiedAt ?? loaded.lastModified ?? options.updatedAt ?? null,
    markdown: loaded.page.markdown,
    ...(options.metadata ? { metadata: options.metadata } : {}),
  };
}

/** Parses an admin-given URL, or throws `KNOWLEDGE_URL_INVALID`. */
export function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new KnowledgeSourceError('KNOWLEDGE_URL_INVALID', `"${input}" is not a valid URL`, { url: input });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_URL_INVALID',
      `"${input}" is not a web address (only http and https are supported)`,
      { url: input },
    );
  }
  return url;
}
