import { afterEach, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../../../test/fixtures/site-server.js';
import type { SourceDocument } from '../../types.js';
import type { KnowledgeSourceError } from '../../errors.js';
import { createCrawlSource, type CrawlSourceOptions } from './crawl-source.js';
import { createFetchPolicy } from './fetch-policy.js';

/** The test sites listen on loopback, which the default policy refuses: allow exactly that address. */
const policy = createFetchPolicy({ allow: ['127.0.0.1'] });

const sites: Site[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()));
});

async function siteWith(options: Parameters<typeof startSite>[0] = {}): Promise<Site> {
  const site = await startSite(options);
  sites.push(site);
  return site;
}

async function crawl(options: CrawlSourceOptions): Promise<{ documents: SourceDocument[]; errors: KnowledgeSourceError[] }> {
  const errors: KnowledgeSourceError[] = [];
  const documents: SourceDocument[] = [];
  for await (const document of createCrawlSource({ delayMs: 0, policy, ...options, onPageError: (error) => errors.push(error) }).documents()) {
    documents.push(document);
  }
  return { documents, errors };
}

describe('createCrawlSource: following links', () => {
  it('crawls the site breadth-first within the depth limit, once per page, and never leaves it', async () => {
    const elsewhere = await siteWith();
    const site = await siteWith({ elsewhere: elsewhere.origin });
    const { documents, errors } = await crawl({ startUrl: `${site.origin}/`, maxPages: 50, maxDepth: 2, sameOrigin: true });

    const ids = documents.map((document) => document.externalId.slice(site.origin.length));
    // Shipping is linked as /shipping, /shipping#rates, /shipping/ and by a copy with rel=canonical: one document.
    expect(ids).toEqual(['/', '/shipping', '/returns', '/pricing', '/returns/policy']);
    expect(documents.map((document) => document.metadata?.depth)).toEqual([0, 1, 1, 1, 2]);

    const paths = site.paths();
    expect(paths).not.toContain('/private/secret'); // robots.txt Disallow
    expect(paths).not.toContain('/returns/policy/details'); // depth 3
    expect(paths).not.toContain('/guide.pdf'); // not HTML by its extension
    expect(paths.filter((path) => /^\/shipping\/?(#.*)?$/.test(path))).toEqual(['/shipping']);
    expect(paths).toContain('/shipping-copy'); // fetched, then recognised as a copy by its rel=canonical
    expect(ids).not.toContain('/shipping-copy');
    expect(paths).toContain('/announcements'); // fetched for its links, but noindex
    expect(ids).not.toContain('/announcements');
    expect(elsewhere.requests).toEqual([]); // the footer's off-origin link is never followed

    expect(errors.map((error) => [error.code, error.details.url])).toEqual([
      ['KNOWLEDGE_URL_DISALLOWED', `${site.origin}/private/secret`],
      ['KNOWLEDGE_URL_HTTP_ERROR', `${site.origin}/old-page`],
    ]);
  });

  it('yields clean Markdown: content kept, navigation and footers gone, tables as pipe tables', async () => {
    const site = await siteWith();
    const { documents } = await crawl({ startUrl: `${site.origin}/`, maxPages: 10, maxDepth: 1 });
    const pricing = documents.find((document) => document.externalId === `${site.origin}/pricing`)!;
    expect(pricing).toMatchObject({ title: 'Membership pricing', url: `${site.origin}/pricing/`, locale: 'en-us', visibility: 'public' });
    expect(pricing.markdown).toBe(
      [
        '# Membership pricing',
        'Acme membership gives free express shipping and early access to sales. Compare the plans below; you can change plans at any time from your account settings.',
        '| Plan | Monthly | Yearly | Includes |\n| --- | --- | --- | --- |\n| Basic | $0  | $0  | Order tracking; Standard support |\n| Plus | $4.99 | $49 | Free express shipping; Priority support |',
      ].join('\n\n'),
    );
  });

  it('stops at maxPages fetched pages', async () => {
    const site = await siteWith();
    const { documents } = await crawl({ startUrl: `${site.origin}/`, maxPages: 3, maxDepth: 5 });
    const pageFetches = site.paths().filter((path) => !['/robots.txt', '/sitemap.xml'].includes(path));
    expect(pageFetches).toHaveLength(3);
    expect(documents.length).toBeLessThanOrEqual(3);
  });

  it('honours robots.txt Crawl-delay between requests', async () => {
    const site = await siteWith({ crawlDelaySeconds: 0.25 });
    await crawl({ startUrl: `${site.origin}/`, maxPages: 4, maxDepth: 1, useSitemap: false });
    const pages = site.requests.filter((request) => request.path !== '/robots.txt');
    expect(pages).toHaveLength(4);
    for (let index = 1; index < pages.length; index += 1) {
      expect(pages[index]!.at - pages[index - 1]!.at).toBeGreaterThanOrEqual(240);
    }
  });

  it('stops at once when aborted during a crawl delay', async () => {
    const site = await siteWith({ crawlDelaySeconds: 5 });
    const controller = new AbortController();
    const documents = createCrawlSource({ startUrl: `${site.origin}/`, useSitemap: false, policy }).documents({ signal: controller.signal });
    const iterator = documents[Symbol.asyncIterator]();
    await iterator.next();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(iterator.next()).rejects.toThrow('shutting down');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('caps an unreasonable Crawl-delay', async () => {
    const site = await siteWith({ crawlDelaySeconds: 3600 });
    const started = Date.now();
    await crawl({ startUrl: `${site.origin}/`, maxPages: 2, maxDepth: 1, useSitemap: false, maxCrawlDelayMs: 100 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('createCrawlSource: sitemap', () => {
  it('crawls the pages a sitemap index lists, in scope and allowed, without following links', async () => {
    const site = await siteWith({ withSitemap: true });
    const { documents } = await crawl({ startUrl: `${site.origin}/`, maxPages: 20, maxDepth: 3 });
    expect(documents.map((document) => document.externalId.slice(site.origin.length))).toEqual(['/', '/shipping', '/pricing']);
    expect(documents[1]!.updatedAt).toBe('2024-04-02T00:00:00.000Z');
    expect(site.paths()).toEqual(['/robots.txt', '/', '/sitemap.xml', '/sitemap-pages.xml', '/shipping', '/pricing']);
  });

  it('falls back to links when asked not to use the sitemap', async () => {
    const site = await siteWith({ withSitemap: true });
    const { documents } = await crawl({ startUrl: `${site.origin}/`, maxPages: 20, maxDepth: 1, useSitemap: false });
    expect(documents.map((document) => document.externalId.slice(site.origin.length))).toContain('/returns');
    expect(site.paths()).not.toContain('/sitemap.xml');
  });
});

describe('createCrawlSource: failures', () => {
  it('throws when robots.txt disallows the start URL', async () => {
    const site = await siteWith();
    await expect(crawl({ startUrl: `${site.origin}/private/secret` })).rejects.toMatchObject({
      code: 'KNOWLEDGE_URL_DISALLOWED',
      category: 'user',
      details: { url: `${site.origin}/private/secret` },
    });
  });

  it('treats a robots.txt answering 503 as "disallow all" (RFC 9309)', async () => {
    const site = await siteWith({ robotsStatus: 503 });
    await expect(crawl({ startUrl: `${site.origin}/` })).rejects.toMatchObject({
      code: 'KNOWLEDGE_URL_DISALLOWED',
      details: { reason: 'robots.txt answered HTTP 503' },
    });
    expect(site.paths()).toEqual(['/robots.txt']);
  });

  it('throws the start page’s own error', async () => {
    const site = await siteWith();
    await expect(crawl({ startUrl: `${site.origin}/old-page` })).rejects.toMatchObject({ code: 'KNOWLEDGE_URL_HTTP_ERROR', details: { httpStatus: 404 } });
  });

  it('validates its limits when created', () => {
    expect(() => createCrawlSource({ startUrl: 'https://acme.test/', maxPages: 0 })).toThrowError(
      expect.objectContaining({ code: 'KNOWLEDGE_SOURCE_INVALID_OPTIONS' }),
    );
    expect(() => createCrawlSource({ startUrl: 'https://acme.test/', maxDepth: -1 })).toThrowError(
      expect.objectContaining({ code: 'KNOWLEDGE_SOURCE_INVALID_OPTIONS' }),
    );
    expect(() => createCrawlSource({ startUrl: 'acme.test' })).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_URL_INVALID' }));
  });
});
