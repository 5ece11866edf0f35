import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { search, searchText, searchVector, type KnowledgeDocument, type KnowledgeSource, type SyncJob } from '@threadline/knowledge';
import { detectFileType, parseHttpUrl, SUPPORTED_FILE_TYPES, type FetchPolicy } from '@threadline/knowledge/sources';
import { errorResponses } from '../../contract/errors.js';
import { ChunkBody, DocumentBody, PassageBody, SearchBody, SourceBody, SourceConfig, SourceKind, SyncJobBody } from '../../contract/kb.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { ServerError } from '../../errors.js';
import { toChunkBody } from './chunks.js';

/** The largest file an upload takes. */
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

const toSource = (source: KnowledgeSource) => ({
  id: source.id,
  kind: source.kind,
  name: source.name,
  config: source.config,
  status: source.status,
  lastSyncedAt: source.lastSyncedAt?.toISOString() ?? null,
  lastError: source.lastError,
  documentCount: source.documentCount,
  chunkCount: source.chunkCount,
  createdAt: source.createdAt.toISOString(),
});

const toJob = (job: SyncJob) => ({
  id: job.id,
  sourceId: job.sourceId,
  status: job.status,
  progress: job.progress,
  lastError: job.lastError,
  errorCode: job.errorCode,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  runAt: job.runAt.toISOString(),
  createdAt: job.createdAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? null,
});

const toDocument = (document: KnowledgeDocument) => ({
  id: document.id,
  sourceId: document.sourceId,
  externalId: document.externalId,
  title: document.title,
  url: document.url,
  locale: document.locale,
  visibility: document.visibility,
  sectionPath: document.sectionPath,
  isExcluded: document.isExcluded,
  chunkCount: document.chunkCount,
  embeddingModel: document.embeddingModel,
  updatedAt: document.updatedAt.toISOString(),
});

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
  // Uploads arrive as raw bytes of any type; the file's own name and magic bytes decide how it is read.
  app.addContentTypeParser(['application/octet-stream', 'application/pdf', 'text/*', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));

  app.get('/v1/kb/sources', { schema: { tags: ['knowledge'], summary: 'Knowledge sources with status, last sync, error and counts', response: { 200: Type.Object({ sources: Type.Array(SourceBody) }), ...errorResponses(401) } } }, async (request) => ({
    sources: (await app.kb.sources.list({ tenantId: tenantOf(request).id })).map(toSource),
  }));

  app.post(
    '/v1/kb/sources',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Add a source; it syncs right away unless sync is false (file sources sync after their first upload)',
        body: Type.Object({ kind: SourceKind, name: Type.String({ minLength: 1, maxLength: 200 }), config: Type.Optional(SourceConfig), sync: Type.Boolean({ default: true }) }),
        response: { 201: Type.Object({ source: SourceBody, job: Type.Union([SyncJobBody, Type.Null()]) }), ...errorResponses(400, 401, 409, 422) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const config = request.body.config ?? {};
      checkConfig(request.body.kind, config, app.kb.fetchPolicy);
      if (request.body.kind === 'helpdesk_articles' || request.body.kind === 'macros') await app.helpdesks.forTenant(tenant.id);
      const source = await app.kb.sources.create({ tenantId: tenant.id, kind: request.body.kind as KnowledgeSource['kind'], name: request.body.name, config: config as KnowledgeSource['config'] });
      const job = request.body.sync && source.kind !== 'file' ? await app.kb.syncs.enqueue({ tenantId: tenant.id, sourceId: source.id }) : null;
      return reply.status(201).send({ source: toSource(await app.kb.sources.get({ tenantId: tenant.id, sourceId: source.id })), job: job ? toJob(job) : null });
    },
  );

  app.get('/v1/kb/sources/:id', { schema: { tags: ['knowledge'], summary: 'One source', params: Id, response: { 200: SourceBody, ...errorResponses(401, 404) } } }, async (request) =>
    toSource(await app.kb.sources.get({ tenantId: tenantOf(request).id, sourceId: request.params.id })),
  );

  app.patch(
    '/v1/kb/sources/:id',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Rename a source or replace its settings (sync it to apply new settings)',
        params: Id,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), config: Type.Optional(SourceConfig) }),
        response: { 200: SourceBody, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request).id;
      const current = await app.kb.sources.get({ tenantId, sourceId: request.params.id });
      if (request.body.config) checkConfig(current.kind, request.body.config, app.kb.fetchPolicy);
      return toSource(
        await app.kb.sources.update({
          tenantId,
          sourceId: current.id,
          ...(request.body.name ? { name: request.body.name } : {}),
          ...(request.body.config ? { config: request.body.config as KnowledgeSource['config'] } : {}),
        }),
      );
    },
  );

  app.delete('/v1/kb/sources/:id', { schema: { tags: ['knowledge'], summary: 'Remove a source with its documents and chunks', params: Id, response: { 204: Type.Null(), ...errorResponses(401, 404) } } }, async (request, reply) => {
    await app.kb.sources.remove({ tenantId: tenantOf(request).id, sourceId: request.params.id });
    return reply.status(204).send(null);
  });

  app.post('/v1/kb/sources/:id/sync', { schema: { tags: ['knowledge'], summary: 'Sync now (or get the sync already queued or running)', params: Id, response: { 202: SyncJobBody, ...errorResponses(401, 404) } } }, async (request, reply) => {
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

  app.put(
    '/v1/kb/sources/:id/files/:name',
    {
      // Files may be larger than the API's 5 MB JSON limit (the parser above allows the same).
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['knowledge'],
        summary: `Upload (or replace) a file in a file source and sync it; types: ${SUPPORTED_FILE_TYPES.join(', ')}`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$' }) }),
        response: { 202: SyncJobBody, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request).id;
      const source = await app.kb.sources.get({ tenantId, sourceId: request.params.id });
      if (source.kind !== 'file') throw new ServerError('SERVER_KB_NOT_A_FILE_SOURCE', `Source "${source.name}" is a ${source.kind} source; upload files to a file source`);
      const data = request.body as Buffer | undefined;
      if (!Buffer.isBuffer(data) || data.length === 0) {
        throw new ServerError('SERVER_KB_EMPTY_UPLOAD', 'Send the file bytes as the body (Content-Type: application/octet-stream)');
      }
      const contentType = request.headers['content-type'];
      // Refuses unknown types with the list of supported ones, before anything is stored.
      detectFileType(request.params.name, data, contentType);
      await app.db.query(
        `insert into kb_uploads (tenant_id, source_id, name, content_type, data, size_bytes, sha256)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (source_id, name) do update set content_type = excluded.content_type, data = excluded.data,
           size_bytes = excluded.size_bytes, sha256 = excluded.sha256, created_at = now()`,
        [tenantId, source.id, request.params.name, contentType ?? null, data, data.length, createHash('sha256').update(data).digest('hex')],
      );
      // A sync already running may have read the uploads before this one: queue one after it.
      return reply.status(202).send(toJob(await app.kb.syncs.enqueue({ tenantId, sourceId: source.id, hasNewInput: true })));
    },
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
      { schema: { tags: ['knowledge'], summary: isExcluded ? 'Exclude a document from answers (it stays stored)' : 'Include an excluded document again', params: Id, response: { 200: DocumentBody, ...errorResponses(401, 404) } } },
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
