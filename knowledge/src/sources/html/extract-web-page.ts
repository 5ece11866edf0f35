import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { hasBodyText, oneLine, withTitleHeading } from '../markdown/normalize-markdown.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { stripPageChrome } from './normalize-dom.js';

/** A web page reduced to its content, plus what a crawler needs from the whole page. */
export interface WebPage {
  title: string;
  /** `# title` followed by the main content as Markdown; navigation, footers and scripts removed. */
  markdown: string;
  /** False when the page is only navigation (an index page): crawl it for links, do not index it. */
  hasContent: boolean;
  /** `<html lang>` lower-cased, or null. */
  lang: string | null;
  /** Absolute http(s) URLs of every `<a href>` on the page (navigation included), fragments kept. */
  links: string[];
  /** `<link rel="canonical">`, absolute, or null. */
  canonicalUrl: string | null;
  /** `<meta name="robots" content="noindex">`. */
  isNoIndex: boolean;
  /** `<meta name="robots" content="nofollow">`. */
  isNoFollow: boolean;
  /** `article:modified_time` (or `og:updated_time`) when the page declares one. */
  modifiedAt: string | null;
}

/**
 * Extracts the main content of an HTML page with Mozilla Readability (the Firefox Reader View engine) on
 * a linkedom DOM and converts it to Markdown. Falls back to the whole body minus nav/header/footer/aside
 * when Readability finds no article (short pages, pages that are mostly a table).
 *
 * @example
 * const page = extractWebPage(html, 'https://example.com/help/refunds');
 * page.markdown; // '# Refunds\n\n## How long does it take?\n\n...'
 */
export function extractWebPage(html: string, pageUrl: string, options: { fallbackTitle?: string } = {}): WebPage {
  const { document } = parseHTML(html);
  const base = baseUrlOf(document, pageUrl);
  const robots = (metaContent(document, 'name', 'robots') ?? '').toLowerCase();
  const links = collectLinks(document, base);
  const canonicalHref = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  const canonicalUrl = canonicalHref ? resolveHttp(canonicalHref, base) : null;
  const lang = document.documentElement?.getAttribute('lang')?.trim().toLowerCase() || null;
  const modifiedAt = metaContent(document, 'property', 'article:modified_time') ?? metaContent(document, 'property', 'og:updated_time');
  const documentTitle = oneLine(document.querySelector('title')?.textContent ?? '');
  const firstHeading = oneLine(document.querySelector('h1')?.textContent ?? '');
  // Links are collected above from the whole page; the content is looked for without the chrome,
  // which Readability keeps when a page has little else (an index page of links).
  const body = document.body as unknown as Element | null;
  if (body) stripPageChrome(body);
  const fallbackHtml = body?.innerHTML ?? html;

  // Readability mutates the DOM it reads, so it runs last.
  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  } catch {
    // Readability throws on some malformed documents; the body fallback below still yields the text.
  }
  let content = article?.content ? htmlToMarkdown(article.content) : '';
  if (!hasBodyText(content)) content = htmlToMarkdown(fallbackHtml);
  const title = pickTitle(oneLine(article?.title ?? '') || documentTitle, firstHeading) || options.fallbackTitle || pageUrl;
  return {
    title,
    markdown: withTitleHeading(title, content),
    hasContent: hasBodyText(content),
    lang: lang ?? (article?.lang?.trim().toLowerCase() || null),
    links,
    canonicalUrl,
    isNoIndex: /\b(noindex|none)\b/.test(robots),
    isNoFollow: /\b(nofollow|none)\b/.test(robots),
    modifiedAt,
  };
}

/**
 * `<title>` often reads "Shipping rates | Acme Help"; when the page's `<h1>` is part of it, the `<h1>` is
 * the cleaner title.
 */
function pickTitle(documentTitle: string, firstHeading: string): string {
  if (firstHeading && (!documentTitle || documentTitle.toLowerCase().includes(firstHeading.toLowerCase()))) return firstHeading;
  return documentTitle;
}

function baseUrlOf(document: ReturnType<typeof parseHTML>['document'], pageUrl: string): string {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  return (href && resolveHttp(href, pageUrl)) || pageUrl;
}

function collectLinks(document: ReturnType<typeof parseHTML>['document'], base: string): string[] {
  const links: string[] = [];
  for (const anchor of Array.from(document.querySelectorAll('a[href]'))) {
    if (/\bnofollow\b/i.test(anchor.getAttribute('rel') ?? '')) continue;
    const url = resolveHttp(anchor.getAttribute('href') ?? '', base);
    if (url) links.push(url);
  }
  return links;
}

function metaContent(document: ReturnType<typeof parseHTML>['document'], attribute: 'name' | 'property', value: string): string | null {
  for (const meta of Array.from(document.querySelectorAll(`meta[${attribute}]`))) {
    if (meta.getAttribute(attribute)?.toLowerCase() === value) return meta.getAttribute('content')?.trim() || null;
  }
  return null;
}

function resolveHttp(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
