import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentSource, SourceContext, SourceDocument } from '../../types.js';
import { KnowledgeSourceError } from '../../errors.js';
import { canonicalUrl, looksLikeNonHtml } from './canonical-url.js';
import { fetchOptions, loadWebPage, parseHttpUrl, resolveWebOptions, webPageDocument, type LoadedWebPage, type WebFetchOptions } from './load-web-page.js';
import { createRobotsCache, disallowedError } from './robots.js';
import { readSitemaps } from './sitemap.js';

export interface CrawlSourceOptions extends WebFetchOptions {
  /** Where the crawl starts; its origin (after redirects) bounds the crawl. */
  startUrl: string;
  /** Most HTML pages fetched (index pages without content count too). Default 200 (`DEFAULT_MAX_PAGES`), at most 10 000. */
  maxPages?: number;
  /** Link hops from the start page when following links (ignored for sitemap URLs). Default 3. */
  maxDepth?: number;
  /** Only the start URL's origin is crawled; there is no cross-origin crawl. */
  sameOrigin?: true;
  /** Only paths starting with this prefix (e.g. `/help/`). Default: the whole origin. */
  pathPrefix?: string;
  /**
   * Read robots.txt `Sitemap:` entries and `/sitemap.xml` (indexes followed). When they list pages in
   * scope, those pages are the crawl and links are not followed. Default true.
   */
  useSitemap?: boolean;
  /** Pause between requests; robots.txt `Crawl-delay` raises it. Default 250 ms. */
  delayMs?: number;
  /** `Crawl-delay` is honoured up to this bound so one robots.txt cannot stall a sync. Default 10 000 ms. */
  maxCrawlDelayMs?: number;
  /** Called for a page skipped because it failed (HTTP error, timeout, disallowed…). The start URL throws instead. */
  onPageError?: (error: KnowledgeSourceError) => void;
}

/**
 * Pages a crawl fetches unless told otherwise: a typical help site or product documentation fits, and
 * at the default pace (250 ms between requests) the crawl takes about a minute. A larger site says so
 * in the sync's notes, with the number of links left, rather than stopping without a word.
 */
export const DEFAULT_MAX_PAGES = 200;

/** Link hops from the start page a crawl follows unless told otherwise. */
export const DEFAULT_MAX_DEPTH = 3;

interface QueuedPage {
  url: string;
  depth: number;
  lastModified: string | null;
}

/**
 * A site crawl: the sitemap when there is one, else breadth-first same-origin link following, within
 * page and depth limits. robots.txt is respected (Disallow, Allow and Crawl-delay), pages marked
 * `noindex` are not yielded, URLs are deduplicated on their canonical form (fragment, tracking
 * parameters and trailing slash dropped; `rel=canonical` and redirects honoured) and non-HTML
 * resources are skipped. Pages are fetched one at a time.
 *
 * The start URL failing throws its `KnowledgeSourceError`; any later page failing is reported to
 * `onPageError` and skipped, so one broken link does not fail the sync.
 *
 * What cut the crawl short is told to `context.onNote` in words, with the way to go further: the page
 * cap (and how many links were left), the depth limit (and how many links lay beyond it), a sitemap
 * that decided the pages, pages skipped for errors or robots.txt.
 *
 * @example
 * const source = createCrawlSource({ startUrl: 'https://acme.com/help/', maxPages: 200, maxDepth: 3, sameOrigin: true });
 */
export function createCrawlSource(options: CrawlSourceOptions): DocumentSource {
  const start = parseHttpUrl(options.startUrl);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 10_000) {
    throw new KnowledgeSourceError('KNOWLEDGE_SOURCE_INVALID_OPTIONS', 'maxPages must be an integer from 1 to 10000', { maxPages });
  }
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new KnowledgeSourceError('KNOWLEDGE_SOURCE_INVALID_OPTIONS', 'maxDepth must be a non-negative integer', { maxDepth });
  }
  const web = resolveWebOptions(options);
  web.policy.checkLiteral(start);
  const useSitemap = options.useSitemap ?? true;
  const baseDelayMs = options.delayMs ?? 250;
  const maxCrawlDelayMs = options.maxCrawlDelayMs ?? 10_000;
  const pathPrefix = options.pathPrefix ?? '/';

  return {
    kind: 'crawl',
    async *documents(context: SourceContext = {}): AsyncIterable<SourceDocument> {
      const { signal } = context;
      const robots = createRobotsCache({ fetch: web.fetch, policy: web.policy, userAgent: web.userAgent, timeoutMs: web.timeoutMs, signal });
      const fetchOpts = fetchOptions(web, signal);
      let origin = start.origin;
      const inScope = (url: string): boolean => {
        const parsed = new URL(url);
        return parsed.origin === origin && parsed.pathname.startsWith(pathPrefix);
      };

      let policy = await robots.policyFor(start.href);
      if (!policy.isAllowed(start.href)) throw disallowedError(start.href, policy);

      let lastRequestAt = 0;
      const politely = async <T>(work: () => Promise<T>): Promise<T> => {
        const delay = Math.max(baseDelayMs, Math.min(policy.crawlDelayMs ?? 0, maxCrawlDelayMs));
        const wait = lastRequestAt + delay - Date.now();
        // An abort during the pause surfaces as the caller's own reason, like an abort during a fetch.
        if (lastRequestAt > 0 && wait > 0) await sleep(wait, undefined, { signal }).catch((error: unknown) => {
          signal?.throwIfAborted();
          throw error;
        });
        try {
          return await work();
        } finally {
          lastRequestAt = Date.now();
        }
      };

      // The start page is fetched first: a redirect (http → https, bare → www) moves the crawl's origin.
      const startPage = await politely(() => loadWebPage(start.href, fetchOpts));
      if (new URL(startPage.finalUrl).origin !== origin) {
        origin = new URL(startPage.finalUrl).origin;
        policy = await robots.policyFor(startPage.finalUrl);
      }

      const queued = new Set<string>([canonicalUrl(start), canonicalUrl(startPage.finalUrl)]);
      const yielded = new Set<string>();
      const queue: QueuedPage[] = [];
      let isSitemapCrawl = false;
      if (useSitemap) {
        const entries = await readSitemaps([...policy.sitemaps, `${origin}/sitemap.xml`], {
          ...fetchOpts,
          maxUrls: maxPages * 4,
          isSitemapAllowed: (url) => new URL(url).origin === origin,
        });
        for (const entry of entries) {
          const key = canonicalUrl(entry.url);
          if (!inScope(entry.url) || queued.has(key) || looksLikeNonHtml(entry.url)) continue;
          queued.add(key);
          queue.push({ url: entry.url, depth: 1, lastModified: entry.lastModified });
        }
        isSitemapCrawl = queue.length > 0;
      }

      let fetched = 1;
      const total = isSitemapCrawl ? Math.min(queue.length + 1, maxPages) : undefined;
      const progress = (current?: string) => context.onProgress?.({ done: yielded.size, total, ...(current ? { current } : {}) });

      // In-scope links not followed because they lie beyond maxDepth (for the notes).
      const tooDeep = new Set<string>();
      const skipped = { failed: [] as KnowledgeSourceError[], disallowed: 0, empty: 0 };
      const enqueueLinks = (loaded: LoadedWebPage, depth: number) => {
        if (isSitemapCrawl || loaded.page.isNoFollow) return;
        for (const link of loaded.page.links) {
          if (!inScope(link) || looksLikeNonHtml(link)) continue;
          const key = canonicalUrl(link);
          if (queued.has(key)) continue;
          if (depth >= maxDepth) {
            tooDeep.add(key);
            continue;
          }
          queued.add(key);
          queue.push({ url: link, depth: depth + 1, lastModified: null });
        }
      };

      const toDocument = (loaded: LoadedWebPage, item: QueuedPage): SourceDocument | null => {
        if (loaded.page.isNoIndex || !loaded.page.hasContent) {
          skipped.empty += 1;
          return null;
        }
        const canonical = loaded.page.canonicalUrl && inScope(loaded.page.canonicalUrl) ? loaded.page.canonicalUrl : loaded.finalUrl;
        const key = canonicalUrl(canonical);
        if (yielded.has(key)) return null;
        yielded.add(key);
        return webPageDocument(loaded, {
          externalId: key,
          defaultLocale: web.defaultLocale,
          updatedAt: item.lastModified,
          metadata: { depth: item.depth },
        });
      };

      const startItem: QueuedPage = { url: start.href, depth: 0, lastModified: null };
      enqueueLinks(startPage, 0);
      const startDocument = toDocument(startPage, startItem);
      if (startDocument) {
        yield startDocument;
      }
      progress();

      while (queue.length > 0 && fetched < maxPages) {
        signal?.throwIfAborted();
        const item = queue.shift()!;
        if (!policy.isAllowed(item.url)) {
          skipped.disallowed += 1;
          options.onPageError?.(disallowedError(item.url, policy));
          continue;
        }
        progress(item.url);
        let loaded: LoadedWebPage;
        try {
          fetched += 1;
          loaded = await politely(() => loadWebPage(item.url, fetchOpts));
        } catch (error) {
          if (!(error instanceof KnowledgeSourceError)) throw error;
          // Links to files without a telling extension are skipped quietly: not a broken page.
          if (error.kind !== 'url_not_html') {
            skipped.failed.push(error);
            options.onPageError?.(error);
          }
          continue;
        }
        // A redirect may leave the site or land on a page already seen.
        if (!inScope(loaded.finalUrl)) continue;
        queued.add(canonicalUrl(loaded.finalUrl));
        enqueueLinks(loaded, item.depth);
        const document = toDocument(loaded, item);
        if (document) {
          yield document;
          progress();
        }
      }
      for (const key of queued) tooDeep.delete(key);
      const notes = crawlNotes({ maxPages, maxDepth, isCapped: fetched >= maxPages && queue.length > 0, linksLeft: queue.length, tooDeep: tooDeep.size, skipped, sitemapPages: isSitemapCrawl ? total ?? 0 : null });
      for (const note of notes) context.onNote?.(note);
    },
  };
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** What a finished crawl tells the admin beyond its counts, each with the way to go further. */
export function crawlNotes(input: {
  maxPages: number;
  maxDepth: number;
  isCapped: boolean;
  linksLeft: number;
  tooDeep: number;
  skipped: { failed: KnowledgeSourceError[]; disallowed: number; empty: number };
  /** Pages the sitemap decided, when it did. */
  sitemapPages: number | null;
}): string[] {
  const notes: string[] = [];
  if (input.isCapped) {
    notes.push(
      `Stopped at the page cap of ${plural(input.maxPages, 'page')}; ${plural(input.linksLeft, 'more link')} found — raise maxPages to index them.`,
    );
  }
  if (input.tooDeep > 0) {
    notes.push(
      `${plural(input.tooDeep, 'link')} lay more than ${plural(input.maxDepth, 'click')} from the start page and ${input.tooDeep === 1 ? 'was' : 'were'} not followed — raise maxDepth to reach them.`,
    );
  }
  if (input.sitemapPages !== null) {
    notes.push(`Read the pages the site's sitemap lists (${input.sitemapPages} with the start page) without following links; a page missing from the sitemap is not indexed.`);
  }
  const [first] = input.skipped.failed;
  if (first) {
    const more = input.skipped.failed.length - 1;
    notes.push(`${plural(input.skipped.failed.length, 'page')} could not be read and ${input.skipped.failed.length === 1 ? 'was' : 'were'} skipped: ${first.message.replace(/\.$/, '')}${more > 0 ? ` (and ${plural(more, 'other')})` : ''}.`);
  }
  if (input.skipped.disallowed > 0) notes.push(`${plural(input.skipped.disallowed, 'page')} skipped because the site's robots.txt disallows ${input.skipped.disallowed === 1 ? 'it' : 'them'}.`);
  if (input.skipped.empty > 0) notes.push(`${plural(input.skipped.empty, 'page')} had no text to index or asked not to be indexed (noindex).`);
  return notes;
}
