import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { normalizeMarkdown } from '../markdown/normalize-markdown.js';
import { normalizeTables, removeNoise, stripPageChrome } from './normalize-dom.js';

export interface HtmlToMarkdownOptions {
  /** Resolves relative links when `links` is `inline`. */
  baseUrl?: string;
  /**
   * `text` (default) keeps only a link's text: URLs are noise for embeddings and full-text search.
   * `inline` keeps `[text](absolute-url)` for http(s) and mailto links.
   */
  links?: 'text' | 'inline';
  /** Also drop `nav`, `header`, `footer` and `aside` (for whole pages converted without Readability). */
  stripChrome?: boolean;
}

/**
 * Converts an HTML fragment or page to clean Markdown: ATX headings, `-` / `1.` lists, GFM pipe tables,
 * fenced code, inline code and link text. Scripts, styles, media, forms and images are dropped; nothing
 * of the HTML survives. No Readability pass: meant for content that is already the content (help-center
 * article bodies, DOCX converted by mammoth, Readability's own output).
 *
 * @example
 * htmlToMarkdown('<h2>Refunds</h2><ul><li>Within 30 days</li></ul>');
 * // '## Refunds\n\n- Within 30 days'
 */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${bodyOf(html)}</body></html>`);
  const body = document.body as unknown as Element;
  removeNoise(body);
  if (options.stripChrome) stripPageChrome(body);
  normalizeTables(body);
  // linkedom has no `HTMLTableElement.rows`, which the table rule needs: turndown re-parses the cleaned
  // HTML with its own DOM (domino) instead of walking linkedom's.
  return normalizeMarkdown(turndownFor(options).turndown(body.innerHTML));
}

/** A page's `<body>` content, or the input itself when it is a fragment (a full page nested in `<body>` breaks parsing). */
function bodyOf(html: string): string {
  const match = /<body[^>]*>([\s\S]*?)(?:<\/body>|$)/i.exec(html);
  return match ? (match[1] ?? '') : html.replace(/<!doctype[^>]*>|<\/?html[^>]*>|<head[\s\S]*?<\/head>/gi, '');
}

const services = new Map<string, TurndownService>();

function turndownFor(options: HtmlToMarkdownOptions): TurndownService {
  const links = options.links ?? 'text';
  const key = `${links}|${links === 'inline' ? (options.baseUrl ?? '') : ''}`;
  let service = services.get(key);
  if (!service) {
    service = createTurndown(links, options.baseUrl);
    // Bounded: one service per base URL only in `inline` mode; clear rather than grow without limit.
    if (services.size > 64) services.clear();
    services.set(key, service);
  }
  return service;
}

function createTurndown(links: 'text' | 'inline', baseUrl: string | undefined): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    strongDelimiter: '**',
    hr: '---',
    br: '',
  });
  service.use(gfm);
  service.remove(['head', 'title', 'style', 'script']);
  service.addRule('image', { filter: ['img', 'picture'], replacement: () => '' });
  service.addRule('listItem', {
    filter: 'li',
    replacement(content, node) {
      const parent = node.parentNode as Element | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1');
        const index = Array.prototype.indexOf.call(parent.children, node) as number;
        prefix = `${(Number.isFinite(start) ? start : 1) + index}. `;
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n(?!$)/g, `\n${' '.repeat(prefix.length)}`);
      return prefix + body.trimEnd() + (node.nextSibling ? '\n' : '');
    },
  });
  service.addRule('link', {
    filter: 'a',
    replacement(content, node) {
      const text = content.trim();
      if (links === 'text' || !text) return content;
      const href = absoluteHref((node as Element).getAttribute('href'), baseUrl);
      return href ? `[${text}](${href.replace(/[()\s]/g, encodeURIComponent)})` : content;
    },
  });
  // Turndown backslash-escapes every `*`, `_` and `[`; that noise reaches embeddings and full-text search.
  // Only what would change the block structure at the start of a text run is escaped.
  service.escape = (text: string) =>
    text
      .replace(/^(#{1,6}) /, '\\$1 ')
      .replace(/^([-+*]) /, '\\$1 ')
      .replace(/^(\d+)\. /, '$1\\. ')
      .replace(/^>/, '\\>');
  return service;
}

function absoluteHref(href: string | null, baseUrl: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = baseUrl ? new URL(href, baseUrl) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}
