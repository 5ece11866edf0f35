import { tenantScope } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { article, createSource, createTenant, iterate, migratedDb } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { ingestDocuments } from '../ingest/ingest-documents.js';
import { search } from '../retrieval/search.js';
import { searchText } from '../retrieval/search-text.js';
import { searchVector } from '../retrieval/search-vector.js';
import { createDocumentsRepository } from './documents-repository.js';

const WARRANTY = 'The warranty covers stitching and soles for two years from the purchase date.';
const manual = (returns = 'Unworn boots can be returned within thirty days for a full refund.') =>
  article('boots', 'Hiking boots', `## Returns\n\n${returns}\n\n## Warranty\n\n${WARRANTY}`);

describe.each(testDatabases())('excluding one chunk on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  let sourceId: string;
  const embedder = createHashEmbedder();
  const documents = () => createDocumentsRepository(db);

  beforeAll(async () => {
    db = await migratedDb(create);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    tenantId = await createTenant(db);
    sourceId = await createSource(db, tenantId);
  });

  const ingest = (markdownReturns?: string) => ingestDocuments({ db, tenantId, sourceId, embedder, documents: iterate([manual(markdownReturns)]) });
  /** Chunk ids of the warranty passage that each search mode returns. */
  const found = async () => {
    const query = 'warranty stitching soles two years';
    const [hybrid, text, vector] = await Promise.all([
      search({ db, tenantId, query, embedder, k: 10 }),
      searchText({ db, tenantId, query, k: 10 }),
      searchVector({ db, tenantId, query, embedder, k: 10 }),
    ]);
    const warranty = (passages: Array<{ content: string }>) => passages.filter((passage) => passage.content.includes('stitching')).length;
    return { hybrid: warranty(hybrid), text: warranty(text), vector: warranty(vector) };
  };
  const chunks = async () => {
    const document = (await documents().list(tenantScope(tenantId))).items[0];
    return documents().listChunks({ tenantId, documentId: document?.id ?? '' });
  };
  const warrantyChunk = async () => (await chunks()).find((chunk) => chunk.content.includes('stitching'))!;

  it('leaves vector, text and hybrid search while the rest of the document stays; included again it comes back', async () => {
    await ingest();
    expect((await chunks()).length).toBeGreaterThanOrEqual(2);
    expect(await found()).toEqual({ hybrid: 1, text: 1, vector: 1 });
    const chunk = await warrantyChunk();
    expect(chunk.isExcluded).toBe(false);

    const excluded = await documents().setChunkExcluded({ tenantId, chunkId: chunk.id, isExcluded: true });
    expect(excluded).toMatchObject({ id: chunk.id, isExcluded: true });
    expect(await found()).toEqual({ hybrid: 0, text: 0, vector: 0 });
    const others = await search({ db, tenantId, query: 'return boots refund thirty days', embedder, k: 10 });
    expect(others.map((passage) => passage.content)).toEqual([expect.stringContaining('thirty days')]);

    await documents().setChunkExcluded({ tenantId, chunkId: chunk.id, isExcluded: false });
    expect(await found()).toEqual({ hybrid: 1, text: 1, vector: 1 });
  });

  it('keeps the exclusion when a re-sync brings the same text back, and drops it when the text changed', async () => {
    await ingest();
    const chunk = await warrantyChunk();
    await documents().setChunkExcluded({ tenantId, chunkId: chunk.id, isExcluded: true });
    // Another section of the document changed: the document is rewritten, the warranty text is not.
    const result = await ingest('Unworn boots can be returned within sixty days for a full refund.');
    expect(result.documentsChanged).toBe(1);
    expect(await warrantyChunk()).toMatchObject({ id: chunk.id, isExcluded: true });
    expect(await found()).toEqual({ hybrid: 0, text: 0, vector: 0 });

    await ingestDocuments({
      db,
      tenantId,
      sourceId,
      embedder,
      documents: iterate([article('boots', 'Hiking boots', `## Returns\n\nReturns take thirty days.\n\n## Warranty\n\n${WARRANTY} Laces are not covered.`)]),
    });
    const rewritten = await warrantyChunk();
    expect(rewritten.id).not.toBe(chunk.id);
    expect(rewritten.isExcluded).toBe(false);
    expect(await found()).toEqual({ hybrid: 1, text: 1, vector: 1 });
  });

  it('stays out when its document is excluded and included again', async () => {
    await ingest();
    const chunk = await warrantyChunk();
    const documentId = chunk.documentId;
    await documents().setChunkExcluded({ tenantId, chunkId: chunk.id, isExcluded: true });
    await documents().setExcluded({ tenantId, documentId, isExcluded: true });
    expect(await search({ db, tenantId, query: 'return boots refund', embedder, k: 10 })).toEqual([]);
    await documents().setExcluded({ tenantId, documentId, isExcluded: false });
    expect(await found()).toEqual({ hybrid: 0, text: 0, vector: 0 });
    expect((await search({ db, tenantId, query: 'return boots refund thirty days', embedder, k: 10 })).length).toBe(1);
    // Including the chunk while its document is excluded keeps it out until the document comes back.
    await documents().setExcluded({ tenantId, documentId, isExcluded: true });
    await documents().setChunkExcluded({ tenantId, chunkId: chunk.id, isExcluded: false });
    expect(await found()).toEqual({ hybrid: 0, text: 0, vector: 0 });
    await documents().setExcluded({ tenantId, documentId, isExcluded: false });
    expect(await found()).toEqual({ hybrid: 1, text: 1, vector: 1 });
  });

  it('is not another tenant’s to change: null, and the chunk stays searchable', async () => {
    await ingest();
    const chunk = await warrantyChunk();
    const other = await createTenant(db);
    expect(await documents().setChunkExcluded({ tenantId: other, chunkId: chunk.id, isExcluded: true })).toBeNull();
    expect(await documents().setChunkExcluded({ tenantId, chunkId: 'not-a-uuid', isExcluded: true })).toBeNull();
    expect(await found()).toEqual({ hybrid: 1, text: 1, vector: 1 });
  });
});
