import type { DocumentSource, SourceContext, SourceDocument } from '../../types.js';
import { htmlToMarkdown } from '../html/html-to-markdown.js';
import { hasBodyText, withTitleHeading } from '../markdown/normalize-markdown.js';

/**
 * A help-center article as the server's helpdesk connector returns it (Zendesk Guide, Freshdesk
 * Solutions). Structural, so this package never imports the connectors.
 */
export interface Article {
  id: string;
  title: string;
  bodyHtml: string;
  /** Public page a citation links to. */
  url: string;
  locale: string;
  /** Category → section (→ sub-section) names, outermost first. */
  sectionPath: string[];
  /** False for agent-only articles: indexed as `internal`, never cited to customers. */
  isPublic: boolean;
  updatedAt: string;
}

export interface ArticlesSourceOptions {
  /** Typically `() => connector.listArticles()`. */
  list: () => Promise<Article[]>;
}

/**
 * Help-center articles. Bodies are already content, so they go straight to `htmlToMarkdown` (no
 * Readability); headings, lists and tables are kept and the title leads as `# title`. Articles with an
 * empty body are skipped. Errors of `list` (the connector's) propagate unchanged.
 *
 * @example
 * const source = createArticlesSource({ list: () => zendesk.listArticles() });
 */
export function createArticlesSource(options: ArticlesSourceOptions): DocumentSource {
  return {
    kind: 'helpdesk_articles',
    async *documents(context: SourceContext = {}): AsyncIterable<SourceDocument> {
      const articles = await options.list();
      let done = 0;
      for (const article of articles) {
        context.signal?.throwIfAborted();
        const body = htmlToMarkdown(article.bodyHtml, { baseUrl: article.url });
        done += 1;
        context.onProgress?.({ done, total: articles.length, current: article.title });
        if (!hasBodyText(body)) continue;
        yield {
          externalId: article.id,
          title: article.title,
          url: article.url,
          locale: article.locale.toLowerCase(),
          visibility: article.isPublic ? 'public' : 'internal',
          updatedAt: article.updatedAt,
          markdown: withTitleHeading(article.title, body),
          sectionPath: article.sectionPath,
        };
      }
    },
  };
}
