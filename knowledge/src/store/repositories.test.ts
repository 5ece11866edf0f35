import { tenantScope } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { article, createTenant, iterate, migratedDb } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { isKnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { ingestDocuments } from '../ingest/ingest-documents.js';
import { createDocumentsRepository } from './documents-repository.js';
import { pruneEmbeddingCache } from './embedding-cache.js';
import { createSourcesRepository } from './sources-repository.js';
import { normalizeLocale, textSearchConfig } from './text-config.js';

describe.each(testDatabases())('knowledge repositories on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  beforeAll(async () => {
    db = await migratedDb(create);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    tenantId = await createTenant(db);
  });

  it('creates, lists, updates and deletes sources of a tenant', async () => {
    const sources = createSourcesRepository(db);
    const created = await sources.create({ tenantId, kind: 'crawl', name: '  Docs site ', config: { url: 'https://docs.example.com', maxPages: 50 } });
    expect(created).toMatchObject({ tenantId, kind: 'crawl', name: 'Docs site', status: 'idle', documentCount: 0, chunkCount: 0, lastSyncedAt: null });
    expect(created.config).toEqual({ url: 'https://docs.example.com', maxPages: 50 });
    await sources.create({ tenantId, kind: 'file', name: 'Manual.pdf' });
    expect((await sources.list({ tenantId })).map((source) => source.name)).toEqual(['Docs site', 'Manual.pdf']);

    const renamed = await sources.update({ tenantId, sourceId: created.id, name: 'Docs' });
    expect(renamed).toMatchObject({ name: 'Docs', config: { url: 'https://docs.example.com', maxPages: 50 } });
    const reconfigured = await sources.update({ tenantId, sourceId: created.id, config: { url: 'https://x.test' } });
    expect(reconfigured).toMatchObject({ name: 'Docs', config: { url: 'https://x.test' } });

    await sources.remove({ tenantId, sourceId: created.id });
    const failure = await sources.get({ tenantId, sourceId: created.id }).catch((error: unknown) => error);
    expect(isKnowledgeError(failure, KnowledgeErrorCode.sourceNotFound)).toBe(true);
  });

  it('rejects bad names and kinds as user errors', async () => {
    const sources = createSourcesRepository(db);
    const empty = await sources.create({ tenantId, kind: 'url', name: '   ' }).catch((error: unknown) => error);
    expect(isKnowledgeError(empty, KnowledgeErrorCode.invalidInput) && empty.category).toBe('user');
    const kind = await sources.create({ tenantId, kind: 'ftp' as never, name: 'x' }).catch((error: unknown) => error);
    expect(isKnowledgeError(kind, KnowledgeErrorCode.invalidInput)).toBe(true);
  });

  it('hides one tenant’s sources and documents from another', async () => {
    const other = await createTenant(db);
    const sources = createSourcesRepository(db);
    const source = await sources.create({ tenantId, kind: 'url', name: 'Pricing' });
    await ingestDocuments({ db, tenantId, sourceId: source.id, embedder: createHashEmbedder(), documents: iterate([article('p', 'Pricing', 'Plans start at 10 EUR.')]) });
    const documents = createDocumentsRepository(db);
    const documentId = (await documents.list(tenantScope(tenantId))).items[0]?.id ?? '';

    expect(await sources.list({ tenantId: other })).toEqual([]);
    for (const attempt of [
      () => sources.get({ tenantId: other, sourceId: source.id }),
      () => sources.update({ tenantId: other, sourceId: source.id, name: 'Stolen' }),
      () => sources.remove({ tenantId: other, sourceId: source.id }),
      () => sources.get({ tenantId, sourceId: 'not-a-uuid' }),
    ]) {
      expect(isKnowledgeError(await attempt().catch((error: unknown) => error), KnowledgeErrorCode.sourceNotFound)).toBe(true);
    }
    expect(await documents.list(tenantScope(other))).toEqual({ items: [], total: 0 });
    for (const attempt of [
      () => documents.get({ tenantId: other, documentId }),
      () => documents.listChunks({ tenantId: other, documentId }),
      () => documents.setExcluded({ tenantId: other, documentId, isExcluded: true }),
    ]) {
      expect(isKnowledgeError(await attempt().catch((error: unknown) => error), KnowledgeErrorCode.documentNotFound)).toBe(true);
    }
    expect((await documents.get({ tenantId, documentId })).isExcluded).toBe(false);
  });

  it('pages documents by title with a total, filters them, and deleting a source deletes its documents and chunks', async () => {
    const sources = createSourcesRepository(db);
    const source = await sources.create({ tenantId, kind: 'helpdesk_articles', name: 'Guide' });
    const docs = Array.from({ length: 7 }, (_, index) => article(`a${index}`, `Article ${index}`, `Body of article ${index}.`));
    await ingestDocuments({ db, tenantId, sourceId: source.id, embedder: createHashEmbedder(), documents: iterate(docs) });
    const documents = createDocumentsRepository(db);

    const page = await documents.list(tenantScope(tenantId), { sourceId: source.id, limit: 3, offset: 3 });
    expect(page.total).toBe(7);
    expect(page.items.map((item) => item.title)).toEqual(['Article 3', 'Article 4', 'Article 5']);
    expect((await documents.list(tenantScope(tenantId), { titleContains: 'cle 6' })).items.map((item) => item.externalId)).toEqual(['a6']);
    expect((await documents.list(tenantScope(tenantId), { titleContains: '%' })).total).toBe(0);
    await documents.setExcluded({ tenantId, documentId: page.items[0]?.id ?? '', isExcluded: true });
    expect((await documents.list(tenantScope(tenantId), { isExcluded: true })).items.map((item) => item.title)).toEqual(['Article 3']);

    await sources.remove({ tenantId, sourceId: source.id });
    const { rows } = await db.query<{ documents: number; chunks: number }>(
      'select (select count(*) from kb_documents where tenant_id = $1) as documents, (select count(*) from kb_chunks where tenant_id = $1) as chunks',
      [tenantId],
    );
    expect(rows[0]).toEqual({ documents: 0, chunks: 0 });
  });

  it('prunes cached vectors of other models', async () => {
    const source = await createSourcesRepository(db).create({ tenantId, kind: 'url', name: 'x' });
    const documents = iterate([article('x', 'X', 'Text.')]);
    await ingestDocuments({ db, tenantId, sourceId: source.id, embedder: createHashEmbedder({ model: 'old' }), documents });
    await ingestDocuments({ db, tenantId, sourceId: source.id, embedder: createHashEmbedder({ model: 'new' }), documents: iterate([article('x', 'X', 'Text.')]) });
    expect(await pruneEmbeddingCache(db, { tenantId, keepModel: 'new' })).toBe(1);
    const { rows } = await db.query<{ model: string }>('select model from kb_embedding_cache where tenant_id = $1', [tenantId]);
    expect(rows).toEqual([{ model: 'new' }]);
  });
});

describe('locales', () => {
  it('normalises BCP 47 tags and picks the full-text configuration of the language', () => {
    expect(normalizeLocale('en_US')).toBe('en-us');
    expect(normalizeLocale('')).toBe('und');
    expect(normalizeLocale('not a locale')).toBe('und');
    expect(textSearchConfig('es-MX')).toBe('spanish');
    expect(textSearchConfig('pt-BR')).toBe('portuguese');
    expect(textSearchConfig('nb')).toBe('norwegian');
    expect(textSearchConfig('ja')).toBe('simple');
    expect(textSearchConfig(undefined)).toBe('simple');
  });
});
