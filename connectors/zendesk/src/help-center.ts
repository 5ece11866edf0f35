import type { ArticleQuery, KnowledgeArticle, Macro } from '@threadline/connector-core';
import type { HttpClient } from '@threadline/connector-core/http';
import { htmlToText } from './mappers.js';
import { collectPages, relativeToApi } from './pagination.js';
import type { ZendeskArticle, ZendeskCategory, ZendeskMacro, ZendeskSection } from './wire.js';

/** Category → section (→ sub-section …) names, outermost first. */
export function sectionPath(sectionId: number, sections: ReadonlyMap<number, ZendeskSection>, categories: ReadonlyMap<number, ZendeskCategory>): string[] {
  const names: string[] = [];
  let section = sections.get(sectionId);
  let categoryId: number | undefined;
  const visited = new Set<number>();
  while (section && !visited.has(section.id)) {
    visited.add(section.id);
    names.unshift(section.name);
    categoryId = section.category_id;
    section = section.parent_section_id === null ? undefined : sections.get(section.parent_section_id);
  }
  const category = categoryId === undefined ? undefined : categories.get(categoryId);
  if (category) names.unshift(category.name);
  return names;
}

export function mapArticle(article: ZendeskArticle, sections: ReadonlyMap<number, ZendeskSection>, categories: ReadonlyMap<number, ZendeskCategory>): KnowledgeArticle {
  return {
    id: String(article.id),
    title: article.title,
    bodyHtml: article.body ?? '',
    url: article.html_url,
    locale: article.locale,
    sectionPath: sectionPath(article.section_id, sections, categories),
    isPublic: article.user_segment_id === null || article.user_segment_id === undefined,
    updatedAt: article.updated_at,
  };
}

/**
 * The reply text of a macro: its `comment_value` action (a string, or `[channel, text]`), else
 * the text of `comment_value_html`; empty for macros that only set fields.
 */
export function macroBody(macro: Pick<ZendeskMacro, 'actions'>): string {
  const action = (field: string) => macro.actions?.find((item) => item.field === field)?.value;
  const plain = action('comment_value');
  const fromValue = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.filter((part): part is string => typeof part === 'string').at(-1);
    return undefined;
  };
  const text = fromValue(plain);
  if (text !== undefined) return text;
  const html = fromValue(action('comment_value_html'));
  return html === undefined ? '' : htmlToText(html);
}

export function mapMacro(macro: ZendeskMacro): Macro {
  return { id: String(macro.id), title: macro.title, bodyText: macroBody(macro), updatedAt: macro.updated_at };
}

interface HelpCenterDeps {
  http: HttpClient;
  apiBaseUrl: string;
  pageSize: number;
}

/**
 * Published articles with their section paths. Sections and categories are listed alongside the
 * articles (three paged streams in parallel). With `updatedSince`, the Help Center incremental
 * export supplies the candidates and the time is then applied exactly.
 */
export async function listArticles({ http, apiBaseUrl, pageSize }: HelpCenterDeps, query: ArticleQuery = {}): Promise<KnowledgeArticle[]> {
  const since = query.updatedSince === undefined ? undefined : Date.parse(query.updatedSince);
  if (since !== undefined && Number.isNaN(since)) throw new RangeError(`updatedSince is not an ISO time: ${query.updatedSince}`);
  const articlesRequest =
    since === undefined
      ? collectPages<ZendeskArticle>(http, '/help_center/articles', 'articles', { apiBaseUrl, pageSize })
      : incrementalArticles({ http, apiBaseUrl, pageSize }, Math.floor(since / 1000));
  const [articles, sections, categories] = await Promise.all([
    articlesRequest,
    collectPages<ZendeskSection>(http, '/help_center/sections', 'sections', { apiBaseUrl, pageSize }),
    collectPages<ZendeskCategory>(http, '/help_center/categories', 'categories', { apiBaseUrl, pageSize }),
  ]);
  const sectionsById = new Map(sections.map((section) => [section.id, section]));
  const categoriesById = new Map(categories.map((category) => [category.id, category]));
  const byId = new Map<number, ZendeskArticle>();
  for (const article of articles) {
    if (article.draft) continue;
    if (since !== undefined && Date.parse(article.updated_at) < since) continue;
    // The time-based export can repeat an article across pages; the last copy is the newest.
    byId.set(article.id, article);
  }
  return [...byId.values()].map((article) => mapArticle(article, sectionsById, categoriesById));
}

interface IncrementalArticlesPage {
  articles: ZendeskArticle[];
  next_page: string | null;
  end_time?: number;
  count?: number;
}

/**
 * `GET /help_center/incremental/articles?start_time=`: time-based, so it ends on an empty page, a
 * missing `next_page`, or a `next_page` that does not move forward (the export's own end marker).
 */
async function incrementalArticles({ http, apiBaseUrl }: HelpCenterDeps, startTime: number): Promise<ZendeskArticle[]> {
  const articles: ZendeskArticle[] = [];
  let path = '/help_center/incremental/articles';
  let query: Record<string, number> | undefined = { start_time: startTime };
  const seen = new Set<string>([`${path}?start_time=${startTime}`]);
  for (;;) {
    const { body } = await http.request<IncrementalArticlesPage>('GET', path, { query });
    articles.push(...(body.articles ?? []));
    if (!body.next_page || (body.articles ?? []).length === 0) return articles;
    const next = relativeToApi(body.next_page, apiBaseUrl);
    if (seen.has(next)) return articles;
    seen.add(next);
    path = next;
    query = undefined;
  }
}

/** Active macros (shared and personal ones the user can see). */
export async function listMacros({ http, apiBaseUrl, pageSize }: HelpCenterDeps): Promise<Macro[]> {
  const macros = await collectPages<ZendeskMacro>(http, '/macros', 'macros', { apiBaseUrl, pageSize, query: { active: true } });
  return macros.filter((macro) => macro.active !== false).map(mapMacro);
}
