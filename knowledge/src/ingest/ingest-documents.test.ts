import { tenantScope } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { article, countingEmbedder, createSource, createTenant, iterate, migratedDb, type CountingEmbedder } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { isKnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { search } from '../retrieval/search.js';
import { createDocumentsRepository } from '../store/documents-repository.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { SourceDocument } from '../types.js';
import { ingestDocuments } from './ingest-documents.js';

const corpus = (): SourceDocument[] => [
  article('refunds', 'Refund policy', '## Cards\n\nCard refunds reach your account within five business days.\n\n## PayPal\n\nPayPal refunds are instant.'),
  article('shipping', 'Shipping times', 'Parcels to Spain arrive in three days. Express shipping arrives the next day.'),
  article('password', 'Reset your password', 'Open Settings, choose Security and click Reset password. A link arrives by email.'),
];

describe.each(testDatabases())('ingestion on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  let sourceId: string;
  let embedder: CountingEmbedder;

  // One database per driver; each test works in a tenant of its own.
  beforeAll(async () => {
    db = await migratedDb(create);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    tenantId = await createTenant(db);
    sourceId = await createSource(db, tenantId);
    embedder = countingEmbedder(createHashEmbedder());
  });

  const ingest = (documents: SourceDocument[], extra: Partial<Parameters<typeof ingestDocuments>[0]> = {}) =>
    ingestDocuments({ db, tenantId, sourceId, documents: iterate(documents), embedder, ...extra });

  it('stores documents and chunks with their section path, and records the counts on the source', async () => {
    const result = await ingest(corpus());
    expect(result).toMatchObject({ documentsSeen: 3, documentsChanged: 3, documentsUnchanged: 0, chunksWritten: 4, chunksEmbedded: 4, documentsDeleted: 0 });
    expect(result).toMatchObject({ documentCount: 3, chunkCount: 4 });
    const source = await createSourcesRepository(db).get({ tenantId, sourceId });
    expect(source).toMatchObject({ documentCount: 3, chunkCount: 4 });
    const documents = createDocumentsRepository(db);
    const refunds = (await documents.list(tenantScope(tenantId), { titleContains: 'refund' })).items[0];
    const chunks = await documents.listChunks({ tenantId, documentId: refunds?.id ?? '' });
    expect(chunks.map((chunk) => [chunk.position, chunk.sectionPath, chunk.heading])).toEqual([
      [0, ['Cards'], 'Refund policy > Cards'],
      [1, ['PayPal'], 'Refund policy > PayPal'],
    ]);
    expect(chunks.every((chunk) => chunk.embeddingModel === 'hash:v1' && chunk.embeddingDims === 512)).toBe(true);
  });

  it('reports each new document as read before its batch is embedded and written', async () => {
    const seen: Array<[number, number]> = [];
    await ingest(corpus(), { flushEvery: 1000, onProgress: (progress) => seen.push([progress.documentsSeen, progress.documentsChanged]) });
    // Read one by one, then written together in one batch at the end.
    expect(seen.slice(0, 3)).toEqual([[1, 0], [2, 0], [3, 0]]);
    expect(seen.at(-1)).toEqual([3, 3]);
  });

  it('re-embeds only the chunks of an edited document, keeps the ids of unchanged text, and re-embeds nothing on an identical re-sync', async () => {
    await ingest(corpus());
    const documents = createDocumentsRepository(db);
    const refundsId = (await documents.list(tenantScope(tenantId), { titleContains: 'refund' })).items[0]?.id ?? '';
    const before = await documents.listChunks({ tenantId, documentId: refundsId });

    embedder.reset();
    const unchanged = await ingest(corpus());
    expect(unchanged).toMatchObject({ documentsUnchanged: 3, documentsChanged: 0, chunksEmbedded: 0, chunksWritten: 0 });
    expect(embedder.documentTexts).toEqual([]);

    embedder.reset();
    const edited = corpus();
    edited[0] = article('refunds', 'Refund policy', '## Cards\n\nCard refunds reach your account within five business days.\n\n## PayPal\n\nPayPal refunds take one hour.');
    const result = await ingest(edited);
    expect(result).toMatchObject({ documentsChanged: 1, documentsUnchanged: 2, chunksWritten: 2, chunksEmbedded: 1 });
    expect(embedder.documentTexts).toEqual(['Refund policy > PayPal\nPayPal refunds take one hour.']);

    const after = await documents.listChunks({ tenantId, documentId: refundsId });
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[1]?.id).not.toBe(before[1]?.id);
  });

  it('deletes documents the source no longer yields, and they are gone from results', async () => {
    await ingest(corpus());
    const hitsBefore = await search({ db, tenantId, query: 'parcels Spain express shipping', embedder, k: 3 });
    expect(hitsBefore[0]?.title).toBe('Shipping times');

    const result = await ingest(corpus().filter((document) => document.externalId !== 'shipping'));
    expect(result).toMatchObject({ documentsDeleted: 1, documentCount: 2, chunkCount: 3 });
    const hitsAfter = await search({ db, tenantId, query: 'parcels Spain express shipping', embedder, k: 3 });
    expect(hitsAfter.map((hit) => hit.title)).not.toContain('Shipping times');
    const { rows } = await db.query<{ n: number }>(`select count(*) as n from kb_chunks where tenant_id = $1 and content like '%Parcels%'`, [tenantId]);
    expect(rows[0]?.n).toBe(0);
  });

  it('adds without deleting when deleteMissing is false', async () => {
    await ingest(corpus());
    const result = await ingest([article('new', 'New article', 'Fresh text.')], { deleteMissing: false });
    expect(result).toMatchObject({ documentsDeleted: 0, documentCount: 4 });
  });

  it('re-embeds every chunk with the new model after a model switch and searches only that model', async () => {
    await ingest(corpus());
    const next = countingEmbedder(createHashEmbedder({ model: 'hash:v2', dimensions: 384 }));
    const result = await ingestDocuments({ db, tenantId, sourceId, documents: iterate(corpus()), embedder: next });
    expect(result).toMatchObject({ documentsChanged: 3, chunksEmbedded: 4 });
    expect(next.documentTexts).toHaveLength(4);
    const { rows } = await db.query<{ model: string; dims: number; n: number }>(
      'select embedding_model as model, embedding_dims as dims, count(*) as n from kb_chunks where tenant_id = $1 group by 1, 2',
      [tenantId],
    );
    expect(rows).toEqual([{ model: 'hash:v2', dims: 384, n: 4 }]);
    const hits = await search({ db, tenantId, query: 'reset password link email', embedder: next, k: 1 });
    expect(hits[0]?.title).toBe('Reset your password');
    expect(hits[0]?.scores.vector).not.toBeNull();
    // The old model finds no vectors any more (its text matches still come back).
    const old = await search({ db, tenantId, query: 'reset password link email', embedder, k: 1 });
    expect(old[0]?.scores.vector).toBeNull();
  });

  it('switching back to a model reuses its cached vectors', async () => {
    await ingest(corpus());
    await ingestDocuments({ db, tenantId, sourceId, documents: iterate(corpus()), embedder: createHashEmbedder({ model: 'hash:v2' }) });
    embedder.reset();
    const lookups: Array<{ hits: number; misses: number }> = [];
    const result = await ingest(corpus(), { onEmbeddingCache: (lookup) => lookups.push(lookup) });
    expect(result).toMatchObject({ documentsChanged: 3, chunksEmbedded: 0 });
    // Every distinct chunk text was found in the cache; none had to be embedded.
    expect(lookups.reduce((sum, lookup) => sum + lookup.hits, 0)).toBe(4);
    expect(lookups.reduce((sum, lookup) => sum + lookup.misses, 0)).toBe(0);
  });

  it('excluded documents stay excluded across re-syncs and are never retrieved; included again they come back', async () => {
    await ingest(corpus());
    const documents = createDocumentsRepository(db);
    const password = (await documents.list(tenantScope(tenantId), { titleContains: 'password' })).items[0];
    await documents.setExcluded({ tenantId, documentId: password?.id ?? '', isExcluded: true });
    const edited = corpus();
    edited[2] = article('password', 'Reset your password', 'Open Settings, choose Security and click Reset password now.');
    await ingest(edited);
    expect((await documents.get({ tenantId, documentId: password?.id ?? '' })).isExcluded).toBe(true);
    const hits = await search({ db, tenantId, query: 'reset password security settings', embedder, k: 5 });
    expect(hits.map((hit) => hit.title)).not.toContain('Reset your password');

    await documents.setExcluded({ tenantId, documentId: password?.id ?? '', isExcluded: false });
    const again = await search({ db, tenantId, query: 'reset password security settings', embedder, k: 5 });
    expect(again[0]?.title).toBe('Reset your password');
  });

  it('keeps the first of two documents with the same external id', async () => {
    const result = await ingest([article('a', 'First', 'One.'), article('a', 'Second', 'Two.')]);
    expect(result).toMatchObject({ documentsSeen: 2, documentsDuplicate: 1, documentCount: 1 });
    expect((await createDocumentsRepository(db).list(tenantScope(tenantId))).items[0]?.title).toBe('First');
  });

  it('rejects a document without an external id and deletes nothing', async () => {
    await ingest(corpus());
    const failure = await ingest([article('', 'No id', 'Text.')]).catch((error: unknown) => error);
    expect(isKnowledgeError(failure, KnowledgeErrorCode.invalidInput)).toBe(true);
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).documentCount).toBe(3);
  });

  it('stops on an aborted signal without deleting what it did not see', async () => {
    await ingest(corpus());
    const controller = new AbortController();
    async function* slow(): AsyncIterable<SourceDocument> {
      yield article('refunds', 'Refund policy', 'Changed text.');
      controller.abort();
      yield article('other', 'Other', 'Other text.');
    }
    const failure = await ingestDocuments({ db, tenantId, sourceId, documents: slow(), embedder, signal: controller.signal }).catch((error: unknown) => error);
    expect(isKnowledgeError(failure, KnowledgeErrorCode.syncAborted)).toBe(true);
    const { rows } = await db.query<{ n: number }>('select count(*) as n from kb_documents where tenant_id = $1', [tenantId]);
    expect(rows[0]?.n).toBe(3);
  });

  it('stores the locale, its full-text configuration and the visibility on every chunk', async () => {
    await ingest([article('es', 'Reembolsos', 'Los reembolsos con tarjeta tardan cinco días.', { locale: 'es-MX', visibility: 'internal' })]);
    const { rows } = await db.query<{ locale: string; cfg: string; visibility: string; tsv: string }>(
      'select locale, text_config::text as cfg, visibility, tsv::text as tsv from kb_chunks where tenant_id = $1',
      [tenantId],
    );
    expect(rows[0]).toMatchObject({ locale: 'es-mx', cfg: 'spanish', visibility: 'internal' });
    expect(rows[0]?.tsv).toContain("'reembols'");
  });

  it('refuses to ingest into a source of another tenant', async () => {
    const other = await createTenant(db);
    const failure = await ingestDocuments({ db, tenantId: other, sourceId, documents: iterate(corpus()), embedder }).catch((error: unknown) => error);
    expect(isKnowledgeError(failure, KnowledgeErrorCode.sourceNotFound)).toBe(true);
  });
});
