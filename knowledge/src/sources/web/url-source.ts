import type { DocumentSource, SourceContext, SourceDocument } from '../../types.js';
import { KnowledgeSourceError } from '../../errors.js';
import { canonicalUrl } from './canonical-url.js';
import { fetchOptions, loadWebPage, parseHttpUrl, resolveWebOptions, webPageDocument, type WebFetchOptions } from './load-web-page.js';
import { createRobotsCache, disallowedError } from './robots.js';

export interface UrlSourceOptions extends WebFetchOptions {
  /** Absolute http(s) URLs, one document each. */
  urls: string[];
  /** Check robots.txt before fetching. Default true; turn off only for sites the tenant owns. */
  respectRobots?: boolean;
}

/**
 * Web pages by URL. Each page is fetched, reduced to its main content with Readability and converted to
 * Markdown. The `externalId` is the canonical form of the page's `rel=canonical` (on its own site) or
 * else of the given URL, so a re-sync matches even when the page redirects, and two addresses of one
 * page give one document.
 *
 * Fails fast with a `KnowledgeSourceError` (category `user`) on the first URL it cannot index:
 * `KNOWLEDGE_URL_INVALID` (thrown by the factory already), `KNOWLEDGE_URL_FORBIDDEN_ADDRESS` (by the
 * factory for a literal address, by the sync for a name or redirect that leads to one),
 * `KNOWLEDGE_URL_UNREACHABLE`, `KNOWLEDGE_URL_HTTP_ERROR`, `KNOWLEDGE_URL_SERVER_ERROR`, `KNOWLEDGE_URL_NOT_HTML`,
 * `KNOWLEDGE_URL_TOO_LARGE`, `KNOWLEDGE_URL_DISALLOWED`; each carries `details.url`.
 *
 * @example
 * const source = createUrlSource({ urls: ['https://acme.com/help/shipping'] });
 * for await (const doc of source.documents()) console.log(doc.title, doc.markdown.length);
 */
export function createUrlSource(options: UrlSourceOptions): DocumentSource {
  if (options.urls.length === 0) {
    throw new KnowledgeSourceError('KNOWLEDGE_SOURCE_INVALID_OPTIONS', 'A URL source needs at least one URL');
  }
  const web = resolveWebOptions(options);
  const parsed = options.urls.map(parseHttpUrl);
  for (const url of parsed) web.policy.checkLiteral(url);
  // One fetch per page: `/`, `/index.html` and `/?utm_source=x` are the same page.
  const urls = [...new Map(parsed.map((url) => [canonicalUrl(url), url.href])).values()];
  const respectRobots = options.respectRobots ?? true;
  return {
    kind: 'url',
    async *documents(context: SourceContext = {}): AsyncIterable<SourceDocument> {
      const robots = createRobotsCache({ fetch: web.fetch, policy: web.policy, userAgent: web.userAgent, timeoutMs: web.timeoutMs, signal: context.signal });
      let done = 0;
      const yielded = new Set<string>();
      for (const url of urls) {
        context.signal?.throwIfAborted();
        context.onProgress?.({ done, total: urls.length, current: url });
        if (respectRobots) {
          const policy = await robots.policyFor(url);
          if (!policy.isAllowed(url)) throw disallowedError(url, policy);
        }
        const loaded = await loadWebPage(url, fetchOptions(web, context.signal));
        // The page's own rel=canonical (on its site) names it, as a crawl does, so the same page
        // listed under two addresses is one document, with the id a crawl of the site gives it.
        const declared = loaded.page.canonicalUrl;
        const key = declared && new URL(declared).origin === new URL(loaded.finalUrl).origin ? canonicalUrl(declared) : canonicalUrl(url);
        if (!yielded.has(key)) {
          yielded.add(key);
          yield webPageDocument(loaded, { externalId: key, defaultLocale: web.defaultLocale });
        }
        done += 1;
        context.onProgress?.({ done, total: urls.length });
      }
    },
  };
}
