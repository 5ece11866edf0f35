import { gunzipSync } from 'node:zlib';
import { DOMParser } from 'linkedom';
import { KnowledgeSourceError } from '../../errors.js';
import { fetchResource, type FetchResourceOptions } from './fetch-resource.js';

export interface SitemapEntry {
  url: string;
  /** `<lastmod>` as ISO 8601, or null. */
  lastModified: string | null;
}

export interface ReadSitemapsOptions extends Omit<FetchResourceOptions, 'accept'> {
  /** Stop after this many page URLs. */
  maxUrls: number;
  /** Stop after reading this many sitemap files (indexes included). */
  maxSitemaps?: number;
  /** Only these sitemap files are read (robots.txt may list sitemaps of other hosts). */
  isSitemapAllowed: (url: string) => boolean;
}

/** Sitemaps above this are not read whole (the protocol caps a file at 50 MB uncompressed). */
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

/**
 * Page URLs listed by the sitemaps at `sitemapUrls`, following sitemap indexes breadth-first, in document
 * order, without duplicates. Gzipped sitemaps are inflated. Missing or malformed sitemaps are skipped:
 * a sitemap is a hint, the crawl falls back to following links.
 */
export async function readSitemaps(sitemapUrls: string[], options: ReadSitemapsOptions): Promise<SitemapEntry[]> {
  const maxSitemaps = options.maxSitemaps ?? 50;
  const queue = [...new Set(sitemapUrls)].filter(options.isSitemapAllowed);
  const visited = new Set<string>();
  const seenPages = new Set<string>();
  const entries: SitemapEntry[] = [];
  while (queue.length > 0 && visited.size < maxSitemaps && entries.length < options.maxUrls) {
    const sitemapUrl = queue.shift()!;
    if (visited.has(sitemapUrl)) continue;
    visited.add(sitemapUrl);
    const xml = await fetchSitemap(sitemapUrl, options);
    if (xml === null) continue;
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const root = document.documentElement?.localName;
    if (root === 'sitemapindex') {
      for (const child of Array.from(document.getElementsByTagName('sitemap'))) {
        const loc = absolute(textOf(child, 'loc'), sitemapUrl);
        if (loc && options.isSitemapAllowed(loc) && !visited.has(loc)) queue.push(loc);
      }
    } else if (root === 'urlset') {
      for (const child of Array.from(document.getElementsByTagName('url'))) {
        const loc = absolute(textOf(child, 'loc'), sitemapUrl);
        if (!loc || seenPages.has(loc)) continue;
        seenPages.add(loc);
        entries.push({ url: loc, lastModified: isoDate(textOf(child, 'lastmod')) });
        if (entries.length >= options.maxUrls) break;
      }
    }
  }
  return entries;
}

async function fetchSitemap(url: string, options: ReadSitemapsOptions): Promise<string | null> {
  try {
    const resource = await fetchResource(url, {
      ...options,
      maxBytes: Math.min(options.maxBytes * 10, MAX_SITEMAP_BYTES),
      accept: 'application/xml,text/xml;q=0.9,*/*;q=0.1',
    });
    const isGzip = resource.body[0] === 0x1f && resource.body[1] === 0x8b;
    const bytes = isGzip ? gunzipSync(resource.body, { maxOutputLength: MAX_SITEMAP_BYTES }) : resource.body;
    return new TextDecoder().decode(bytes);
  } catch (error) {
    // Our own errors (404, timeout) and a corrupt gzip mean "no usable sitemap"; an abort propagates.
    if (error instanceof KnowledgeSourceError || isZlibError(error)) return null;
    throw error;
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code === 'ERR_BUFFER_TOO_LARGE');
}

function textOf(element: Element, tag: string): string {
  return element.getElementsByTagName(tag)[0]?.textContent?.trim() ?? '';
}

function absolute(href: string, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isoDate(value: string): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
