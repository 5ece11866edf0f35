import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { search, searchText, searchVector, type KnowledgeSource } from '@threadline/knowledge';
import { parseHttpUrl, type FetchPolicy } from '@threadline/knowledge/sources';
import { isWrite, requireRole } from '../../accounts/roles.js';
import { errorResponses } from '../../contract/errors.js';
import { ChunkBody, DocumentBody, PassageBody, ResyncEveryHoursInput, SearchBody, SourceBody, SourceConfig, SourceKind, SyncJobBody } from '../../contract/kb.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { ServerError } from '../../errors.js';
import { kbFileRoutes } from './files.js';
import { toDocument, toJob, toSource } from './kb-bodies.js';
import { toChunkBody } from './chunks.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * What each kind needs in its config; anything missing is a 400 before anything is stored. A URL
 * whose host is a literal private address (127.0.0.1, 169.254.169.254…) is refused here with 422;
 * a name that resolves to one fails its sync instead, since only a lookup can tell.
 */
function checkConfig(kind: string, config: Record<string, unknown>, policy: FetchPolicy): void {
  const invalid = (message: string) => new ServerError('SERVER_KB_SOURCE_CONFIG_INVALID', message, { kind });
  if (kind === 'url' && !Array.isArray(config.urls)) throw invalid('A url source needs config.urls: the pages to index');
  if (kind === 'crawl' && typeof config.startUrl !== 'string') throw invalid('A crawl source needs config.startUrl: where the crawl starts');
  const allowed: Record<string, string[]> = {
    url: ['urls', 'visibility'],
    crawl: ['startUrl', 'maxPages', 'maxDepth', 'pathPrefix', 'visibility'],
    file: ['visibility'],
    solved_tickets: ['limit'],
    helpdesk_articles: [],
    macros: [],
  };
  const extra = Object.keys(config).filter((key) => !(allowed[kind] ?? []).includes(key));
  if (extra.length > 0) throw invalid(`A ${kind} source takes no ${extra.join(', ')} setting`);
  const urls = kind === 'url' ? (config.urls as unknown[]) : kind === 'crawl' ? [config.startUrl] : [];
  for (const url of urls) if (typeof url === 'string') policy.checkLiteral(parseHttpUrl(url));
}

/**
 * The admin API of the knowledge index: sources (CRUD, sync now, progress, file uploads),
 * documents and chunks (browse, exclude/include) and a search playground.
 */
export const kbRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);
  // Every change to the knowledge (sources, syncs, uploads, exclusions) needs a console admin or
  // owner, or the API key: a helpdesk agent's sidebar token may search and ask, never edit. Added
  // before the file routes are registered so that they inherit it.
  app.addHook('onRequest', async (request) => {
    if (isWrite(request)) requireRole(request.principal, 'admin');
  });
  await app.register(kbFileRoutes);
  /** A source with the sync it has queued or running now. */
  const sourceBody = async (tenantId: string, sourceId: string) => {
    const [source, active] = await Promise.all([app.kb.sources.get({ tenantId, sourceId }), app.kb.syncs.active({ tenantId })]);
    return toSource(source, active.get(sourceId));
  };
  app.get(
    '/v1/kb/sources',
    { schema: { tags: ['knowledge'], summary: 'Knowledge sources with status, live sync progress, last sync, its notes, error, schedule and counts', response: { 200: Type.Object({ sources: Type.Array(SourceBody) }), ...errorResponses(401) } } },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const [sources, active] = await Promise.all([app.kb.sources.list({ tenantId }), app.kb.syncs.active({ tenantId })]);
      return { sources: sources.map((source) => toSource(source, active.get(source.id))) };
    },
  );

  app.post(
    '/v1/kb/sources',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Add a source; it syncs right away unless sync is false (file sources sync after their first upload)',
        body: Type.Object({
          kind: SourceKind,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          config: Type.Optional(SourceConfig),
          sync: Type.Boolean({ default: true }),
          resyncEveryHours: Type.Optional(ResyncEveryHoursInput),
        }),
        response: { 201: Type.Object({ source: SourceBody, job: Type.Union([SyncJobBody, Type.Null()]) }), ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const config = request.body.config ?? {};
      checkConfig(request.body.kind, config, app.kb.fetchPolicy);
      if (request.body.kind === 'helpdesk_articles' || request.body.kind === 'macros') await app.helpdesks.forTenant(tenant.id);
      const source = await app.kb.sources.create({
        tenantId: tenant.id,
        kind: request.body.kind as KnowledgeSource['kind'],
        name: request.body.name,
        config: config as KnowledgeSource['config'],
        ...(request.body.resyncEveryHours === undefined ? {} : { resyncEveryHours: request.body.resyncEveryHours }),
      });
      const job = request.body.sync && source.kind !== 'file' ? await app.kb.syncs.enqueue({ tenantId: tenant.id, sourceId: source.id }) : null;
      return reply.status(201).send({ source: await sourceBody(tenant.id, source.id), job: job ? toJob(job) : null });
    },
  );

  app.get('/v1/kb/sources/:id', { schema: { tags: ['knowledge'], summary: 'One source, with the progress of its sync queued or running now', params: Id, response: { 200: SourceBody, ...errorResponses(401, 404) } } }, async (request) =>
    sourceBody(tenantOf(request).id, request.params.id),
  );

  app.patch(
    '/v1/kb/sources/:id',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Rename a source, replace its settings (sync it to apply them: a failed source is fixed this way) or set its re-sync schedule (null turns it off)',
        params: Id,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), config: Type.Optional(SourceConfig), resyncEveryHours: Type.Optional(ResyncEveryHoursInput) }),
        response: { 200: SourceBody, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const current = await app.kb.sources.get({ tenantId, sourceId: request.params.id });
      if (request.body.config) checkConfig(current.kind, request.body.config, app.kb.fetchPolicy);
      await app.kb.sources.update({
        tenantId,
        sourceId: current.id,
        ...(request.body.name ? { name: request.body.name } : {}),
        ...(request.body.config ? { config: request.body.config as KnowledgeSource['config'] } : {}),
        ...(request.body.resyncEveryHours === undefined ? {} : { resyncEveryHours: request.body.resyncEveryHours }),
      });
      return sourceBody(tenantId, current.id);
    },
  );

  app.delete('/v1/kb/sources/:id', { schema: { tags: ['knowledge'], summary: 'Remove a source with its documents and chunks', params: Id, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    await app.kb.sources.remove({ tenantId: tenantOf(request).id, sourceId: request.params.id });
    return reply.status(204).send(null);
  });

  app.post('/v1/kb/sources/:id/sync', { schema: { tags: ['knowledge'], summary: 'Sync now, a failed source too (or get the sync already queued or running)', params: Id, response: { 202: SyncJobBody, ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    const tenantId = tenantOf(request).id;
    await app.kb.sources.get({ tenantId, sourceId: request.params.id });
    return reply.status(202).send(toJob(await app.kb.syncs.enqueue({ tenantId, sourceId: request.params.id })));
  });

  app.get(
    '/v1/kb/sources/:id/jobs',
    { schema: { tags: ['knowledge'], summary: "A source's syncs, newest first, with progress", params: Id, response: { 200: Type.Object({ jobs: Type.Array(SyncJobBody) }), ...errorResponses(401, 404) } } },
    async (request) => {
      const tenantId = tenantOf(request).id;
      await app.kb.sources.get({ tenantId, sourceId: request.params.id });
      return { jobs: (await app.kb.syncs.list({ tenantId, sourceId: request.params.id, limit: 20 })).map(toJob) };
    },
  );

  app.get('/v1/kb/jobs/:id', { schema: { tags: ['knowledge'], summary: 'Progress of one sync', params: Id, response: { 200: SyncJobBody, ...errorResponses(401, 404) } } }, async (request) =>
    toJob(await app.kb.syncs.get({ tenantId: tenantOf(request).id, jobId: request.params.id })),
  );

  app.get(
    '/v1/kb/documents',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Browse documents, by source and title',
        querystring: Type.Object({
          sourceId: Type.Optional(Type.String({ format: 'uuid' })),
          query: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
        }),
        response: { 200: Type.Object({ documents: Type.Array(DocumentBody), total: Type.Integer() }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { sourceId, query, limit, offset } = request.query;
      const page = await app.kb.documents.list(scopeOf(request), { sourceId, titleContains: query, limit, offset });
      return { documents: page.items.map(toDocument), total: page.total };
    },
  );

  app.get(
    '/v1/kb/documents/:id',
    { schema: { tags: ['knowledge'], summary: 'A document with its chunks', params: Id, response: { 200: Type.Object({ document: DocumentBody, chunks: Type.Array(ChunkBody) }), ...errorResponses(401, 404) } } },
    async (request) => {
      const key = { tenantId: tenantOf(request).id, documentId: request.params.id };
      const [document, chunks] = await Promise.all([app.kb.documents.get(key), app.kb.documents.listChunks(key)]);
      return {
        document: toDocument(document),
        chunks: chunks.map(toChunkBody),
      };
    },
  );

  for (const [action, isExcluded] of [['exclude', true], ['include', false]] as const) {
    app.post(
      `/v1/kb/documents/:id/${action}`,
      { schema: { tags: ['knowledge'], summary: isExcluded ? 'Exclude a document from answers (it stays stored)' : 'Include an excluded document again', params: Id, response: { 200: DocumentBody, ...errorResponses(401, 403, 404) } } },
      async (request) => toDocument(await app.kb.documents.setExcluded({ tenantId: tenantOf(request).id, documentId: request.params.id, isExcluded })),
    );
  }

  app.post(
    '/v1/kb/search',
    // Searching changes nothing: viewers may use the playground.
    { config: { isReadOnly: true }, schema: { tags: ['knowledge'], summary: 'Search playground: what retrieval returns for a question, with scores', body: SearchBody, response: { 200: Type.Object({ passages: Type.Array(PassageBody), tookMs: Type.Number() }), ...errorResponses(400, 401) } } },
    async (request) => {
      const started = performance.now();
      const { query, k, mode, sourceIds, locale, visibility } = request.body;
      const filters = { ...(sourceIds ? { sourceIds } : {}), ...(locale ? { locale } : {}), visibility };
      const options = { db: app.db, tenantId: tenantOf(request).id, query, k, filters, embedder: app.embedder };
      const passages = mode === 'text' ? await searchText(options) : mode === 'vector' ? await searchVector(options) : await search(options);
      return { passages, tookMs: Math.round((performance.now() - started) * 10) / 10 };
    },
  );
};
