import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZendeskArticle } from '../wire.js';
import { notFound, numericId, queryOf, sendError, sendPage, single } from './protocol.js';
import type { SandboxState } from './state.js';

const HC = '/api/v2/help_center';

function localeOf(request: FastifyRequest): string | undefined {
  return (request.params as { locale?: string }).locale?.toLowerCase();
}

function inLocale<T extends { locale: string }>(items: Iterable<T>, locale: string | undefined): T[] {
  return [...items].filter((item) => locale === undefined || item.locale === locale);
}

const byPosition = <T extends { position: number; id: number }>(a: T, b: T) => a.position - b.position || a.id - b.id;

/** Help Center (Guide): articles, sections, categories, search, locales and the incremental article export; plus macros. */
export function registerHelpCenterRoutes(app: FastifyInstance, getState: () => SandboxState): void {
  const articles = (request: FastifyRequest) => inLocale(getState().articles.values(), localeOf(request)).filter((article) => !article.draft);

  for (const prefix of [HC, `${HC}/:locale`]) {
    app.get(`${prefix}/articles`, async (request, reply) => {
      const labels = single(queryOf(request).label_names)?.split(',').filter(Boolean);
      const list = articles(request)
        .filter((article) => !labels || labels.some((label) => article.label_names.includes(label)))
        .sort(byPosition);
      return sendPage(request, reply, list, 'articles', { defaultPerPage: 30 });
    });
    app.get(`${prefix}/articles/:id`, async (request, reply) => {
      const id = numericId((request.params as { id: string }).id);
      const article = articles(request).find((item) => item.id === id);
      return article ? reply.send({ article }) : notFound(reply);
    });
    app.get(`${prefix}/sections`, async (request, reply) =>
      sendPage(request, reply, inLocale(getState().sections.values(), localeOf(request)).sort(byPosition), 'sections', { defaultPerPage: 30 }),
    );
    app.get(`${prefix}/sections/:id`, async (request, reply) => {
      const section = getState().sections.get(numericId((request.params as { id: string }).id) ?? -1);
      return section ? reply.send({ section }) : notFound(reply);
    });
    app.get(`${prefix}/sections/:id/articles`, async (request, reply) => {
      const id = numericId((request.params as { id: string }).id);
      if (id === null || !getState().sections.has(id)) return notFound(reply);
      return sendPage(request, reply, articles(request).filter((article) => article.section_id === id).sort(byPosition), 'articles', { defaultPerPage: 30 });
    });
    app.get(`${prefix}/categories`, async (request, reply) =>
      sendPage(request, reply, inLocale(getState().categories.values(), localeOf(request)).sort(byPosition), 'categories', { defaultPerPage: 30 }),
    );
    app.get(`${prefix}/categories/:id`, async (request, reply) => {
      const category = getState().categories.get(numericId((request.params as { id: string }).id) ?? -1);
      return category ? reply.send({ category }) : notFound(reply);
    });
    app.get(`${prefix}/categories/:id/sections`, async (request, reply) => {
      const id = numericId((request.params as { id: string }).id);
      if (id === null || !getState().categories.has(id)) return notFound(reply);
      return sendPage(request, reply, [...getState().sections.values()].filter((section) => section.category_id === id).sort(byPosition), 'sections', { defaultPerPage: 30 });
    });
  }

  app.get(`${HC}/locales`, async (_request, reply) => {
    const locales = [...new Set([...getState().articles.values()].map((article) => article.locale))];
    return reply.send({ locales, default_locale: locales[0] ?? 'en-us' });
  });

  app.get(`${HC}/articles/search`, async (request, reply) => {
    const query = single(queryOf(request).query)?.toLowerCase().trim();
    if (!query) return sendError(reply, 400, 'InvalidValue', 'query is required');
    const terms = query.split(/\s+/);
    const hits = articles(request).filter((article) => terms.every((term) => `${article.title} ${article.body} ${article.label_names.join(' ')}`.toLowerCase().includes(term)));
    return sendPage(request, reply, hits, 'results', { defaultPerPage: 25, allowCursor: false });
  });

  // Time-based: everything changed at or after start_time, oldest first, 100 a page.
  app.get(`${HC}/incremental/articles`, async (request, reply) => {
    const startTime = Number(single(queryOf(request).start_time));
    if (!Number.isInteger(startTime) || startTime < 0) return sendError(reply, 400, 'InvalidValue', 'start_time must be a Unix epoch time in seconds');
    const changed = [...getState().articles.values()]
      .filter((article) => Math.floor(Date.parse(article.updated_at) / 1000) >= startTime)
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
    const page: ZendeskArticle[] = changed.slice(0, 100);
    const last = page.at(-1);
    const endTime = last ? Math.floor(Date.parse(last.updated_at) / 1000) : startTime;
    const more = changed.length > page.length && endTime > startTime;
    const next = more ? `${request.protocol}://${request.headers.host}${HC}/incremental/articles.json?start_time=${endTime}` : null;
    return reply.send({ articles: page, next_page: next, end_time: endTime, count: page.length });
  });

  const macros = (request: FastifyRequest) => {
    const active = single(queryOf(request).active);
    return [...getState().macros.values()].filter((macro) => active === undefined || String(macro.active) === active).sort(byPosition);
  };
  app.get('/api/v2/macros', async (request, reply) => sendPage(request, reply, macros(request), 'macros'));
  app.get('/api/v2/macros/active', async (request, reply) => sendPage(request, reply, macros(request).filter((macro) => macro.active), 'macros'));
  app.get('/api/v2/macros/:id', async (request, reply) => {
    const macro = getState().macros.get(numericId((request.params as { id: string }).id) ?? -1);
    return macro ? reply.send({ macro }) : notFound(reply);
  });
}
