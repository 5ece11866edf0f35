import { randomUUID } from 'node:crypto';
import type { Db } from '@threadline/platform/db';
import { resolveChunkingOptions } from '../chunking/markdown-chunker.js';
import { embedInBatches, type Embedder } from '../embeddings/embedder.js';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { findUncachedHashes, putCachedEmbeddings } from '../store/embedding-cache.js';
import { deleteDocumentsExcept, loadDocumentStates, writeDocument, type StoredDocumentState } from '../store/index-writer.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { SourceDocument } from '../types.js';
import { describeDocument, prepareDocument, withChunkIds, type IngestChunkingOptions, type PreparedDocument } from './prepare-document.js';

/** Counters of one ingestion run, reported as it goes. */
export interface IngestProgress {
  /** Documents the source yielded so far (duplicates included). */
  documentsSeen: number;
  /** Documents written because they were new or changed (or chunked/embedded differently). */
  documentsChanged: number;
  documentsUnchanged: number;
  /** A second document with an external id already seen in this run; the first one wins. */
  documentsDuplicate: number;
  /** Chunks written (for changed documents). */
  chunksWritten: number;
  /** Texts sent to the embedder: chunks whose hash had no cached vector for the model. */
  chunksEmbedded: number;
  /** External id of the document just handled. */
  current?: string;
}

export interface IngestResult extends IngestProgress {
  /** Stored documents the source no longer yields, deleted with their chunks. */
  documentsDeleted: number;
  /** Totals of the source after the run. */
  documentCount: number;
  chunkCount: number;
  durationMs: number;
}

export interface IngestOptions {
  db: Db;
  tenantId: string;
  sourceId: string;
  documents: AsyncIterable<SourceDocument>;
  embedder: Embedder;
  chunking?: IngestChunkingOptions;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /**
   * Delete stored documents of the source that this run did not yield. Default true: a sync is
   * a full listing. Set false to add documents without touching the others.
   */
  deleteMissing?: boolean;
  /** Chunks gathered before one cache lookup and embedding round; default the embedder's batch size × 2. */
  flushEvery?: number;
  /** Told after each cache lookup how many distinct chunk texts had a cached vector and how many were embedded. */
  onEmbeddingCache?: (lookup: EmbeddingCacheLookup) => void;
}

/** One embedding-cache lookup: distinct chunk texts found cached (`hits`) and to embed (`misses`). */
export interface EmbeddingCacheLookup {
  hits: number;
  misses: number;
}

/** Rows written or deleted in one run beyond which the table statistics are refreshed. */
const ANALYZE_AFTER_CHANGES = 500;

interface Pending {
  prepared: PreparedDocument;
  state: StoredDocumentState | undefined;
}

/**
 * Brings a source's stored documents in line with what it yields now: new and changed documents
 * are chunked, their chunks embedded when no cached vector exists for this tenant, model and
 * content hash, and written one transaction per document; unchanged documents are skipped;
 * documents the source no longer yields are deleted (only after the listing completed).
 * Re-running after a crash resumes cheaply: what was written is skipped, what was embedded is cached.
 *
 * @example
 * const result = await ingestDocuments({ db, tenantId, sourceId, documents: source.documents(), embedder });
 * // result.chunksEmbedded === 0 on a second run over unchanged content
 */
export async function ingestDocuments(options: IngestOptions): Promise<IngestResult> {
  const started = performance.now();
  const { db, tenantId, sourceId, embedder, signal } = options;
  const chunking: IngestChunkingOptions = { ...resolveChunkingOptions(options.chunking), embedHeadings: options.chunking?.embedHeadings !== false };
  const sources = createSourcesRepository(db);
  await sources.get({ tenantId, sourceId });

  const states = await loadDocumentStates(db, { tenantId, sourceId });
  const keepIds = new Set<string>();
  const seenExternalIds = new Set<string>();
  const progress: IngestProgress = { documentsSeen: 0, documentsChanged: 0, documentsUnchanged: 0, documentsDuplicate: 0, chunksWritten: 0, chunksEmbedded: 0 };
  const report = (current: string): void => options.onProgress?.({ ...progress, current });
  const flushEvery = Math.max(1, options.flushEvery ?? (embedder.maxBatchSize ?? 64) * 2);
  let pending: Pending[] = [];
  let pendingChunks = 0;

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingChunks = 0;
    const texts = new Map<string, string>();
    for (const { prepared } of batch) for (const [hash, text] of prepared.texts) texts.set(hash, text);
    const missing = [...(await findUncachedHashes(db, { tenantId, model: embedder.model }, [...texts.keys()]))];
    options.onEmbeddingCache?.({ hits: texts.size - missing.length, misses: missing.length });
    if (missing.length > 0) {
      const vectors = await embedInBatches(embedder, missing.map((hash) => texts.get(hash) ?? ''), { inputType: 'document', ...(signal ? { signal } : {}) });
      await putCachedEmbeddings(
        db,
        { tenantId, model: embedder.model, dims: embedder.dimensions },
        missing.map((hash, index) => ({ contentHash: hash, vector: vectors[index] as Float32Array })),
      );
      progress.chunksEmbedded += missing.length;
    }
    for (const { prepared, state } of batch) {
      signal?.throwIfAborted();
      const documentId = await db.transaction(async (tx) => {
        const id = state?.id ?? randomUUID();
        return writeDocument(tx, { ...prepared.document, id }, withChunkIds(id, prepared.chunks));
      });
      keepIds.add(documentId);
      progress.documentsChanged += 1;
      progress.chunksWritten += prepared.chunks.length;
      report(prepared.document.externalId);
    }
  };

  try {
    for await (const source of options.documents) {
      signal?.throwIfAborted();
      progress.documentsSeen += 1;
      if (seenExternalIds.has(source.externalId)) {
        progress.documentsDuplicate += 1;
        report(source.externalId);
        continue;
      }
      seenExternalIds.add(source.externalId);
      const document = describeDocument(source, { tenantId, sourceId, embeddingModel: embedder.model, embeddingDims: embedder.dimensions, chunking });
      const state = states.get(document.externalId);
      if (
        state &&
        state.contentHash === document.contentHash &&
        state.chunkingKey === document.chunkingKey &&
        state.embeddingModel === embedder.model &&
        state.embeddingDims === embedder.dimensions
      ) {
        keepIds.add(state.id);
        progress.documentsUnchanged += 1;
        report(source.externalId);
        continue;
      }
      const prepared = prepareDocument(source, document, chunking);
      pending.push({ prepared, state });
      pendingChunks += prepared.chunks.length;
      // Counted as read now, not when its batch is written: a crawl shows how far it is as it goes.
      report(source.externalId);
      if (pendingChunks >= flushEvery) await flush();
    }
    await flush();
  } catch (error) {
    if (signal?.aborted) {
      throw new KnowledgeError(KnowledgeErrorCode.syncAborted, 'The sync was stopped before the source was read to the end', { sourceId }, error);
    }
    throw error;
  }

  const documentsDeleted = options.deleteMissing === false ? 0 : await deleteDocumentsExcept(db, { tenantId, sourceId, keepIds: [...keepIds] });
  const counts = await sources.refreshCounts({ tenantId, sourceId });
  if (progress.chunksWritten + documentsDeleted >= ANALYZE_AFTER_CHANGES) {
    // Fresh statistics let the planner pick the HNSW and GIN indexes once a tenant's index grew,
    // and give full-text search its word frequencies; VACUUM also merges the GIN index's pending
    // list, which every search otherwise scans until autovacuum gets to it.
    // PGlite has no autovacuum to do it, and on Postgres it would happen only later, meanwhile
    // competing with searches. Both only help; a user without the right to run them loses nothing else.
    await db.exec('vacuum (analyze) kb_chunks').catch(() => {});
    await db.exec('analyze kb_documents').catch(() => {});
  }
  return { ...progress, documentsDeleted, ...counts, durationMs: Math.round(performance.now() - started) };
}
