import { isThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import type { Job, JobContext, JobFailure } from '@threadline/platform/queue';
import type { Embedder } from '../embeddings/embedder.js';
import { isKnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { ingestDocuments, type IngestOptions, type IngestResult } from '../ingest/ingest-documents.js';
import type { IngestChunkingOptions } from '../ingest/prepare-document.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { KnowledgeSource } from '../store/types.js';
import type { DocumentSource } from '../types.js';
import { EMPTY_PROGRESS, type SyncJobProgress } from './sync-jobs-repository.js';
import type { SyncPayload } from './sync-queue.js';

export interface SourceSyncOptions {
  db: Db;
  embedder: Embedder;
  /** Builds the `DocumentSource` for a stored source (the server knows connectors, crawlers, files). */
  resolveSource(source: KnowledgeSource): DocumentSource | Promise<DocumentSource>;
  chunking?: IngestChunkingOptions;
  /** Passed to every ingestion run: the embedding cache's hits and misses. */
  onEmbeddingCache?: IngestOptions['onEmbeddingCache'];
  /** How often progress is saved at most; default 500 ms. */
  progressEveryMs?: number;
}

/** The service a knowledge sync job calls; see `createSourceSync`. */
export interface SourceSync {
  /** Reads the job's source again and stores what changed, reporting progress to the job. */
  run(job: Job<SyncPayload>, context: JobContext): Promise<IngestResult>;
  /** Shows a failed attempt on the source: queued again with the error, or failed. */
  onFailure(job: Job<SyncPayload>, failure: JobFailure): Promise<void>;
}

/**
 * Syncs one knowledge source: resolves it to a `DocumentSource`, runs `ingestDocuments` and keeps the
 * source's status in step (queued → syncing → ready, or failed with the error). The job queue
 * decides retries (an upstream error is retryable) and resumes a crashed sync, which re-reads its
 * source while ingestion skips what the interrupted run already stored.
 *
 * @example
 * const sync = createSourceSync({ db, embedder, resolveSource });
 * const handler = handle(knowledgeSyncQueue, sync.run, { onFailure: sync.onFailure });
 */
export function createSourceSync(options: SourceSyncOptions): SourceSync {
  const { db, embedder } = options;
  const sources = createSourcesRepository(db);
  const progressEveryMs = options.progressEveryMs ?? 500;

  return {
    async run(job, context) {
      const key = { tenantId: job.tenantId, sourceId: job.payload.sourceId };
      let latest: SyncJobProgress = { ...EMPTY_PROGRESS };
      let lastSaved = 0;
      let saving: Promise<void> = Promise.resolve();
      const save = (force: boolean): Promise<void> => {
        const now = Date.now();
        if (!force && now - lastSaved < progressEveryMs) return saving;
        lastSaved = now;
        const snapshot = { ...latest };
        saving = saving.then(() => context.reportProgress(snapshot)).catch(() => {});
        return saving;
      };

      await sources.setStatus({ ...key, status: 'syncing' });
      const documentSource = await options.resolveSource(await sources.get(key));
      const result = await ingestDocuments({
        db,
        tenantId: job.tenantId,
        sourceId: job.payload.sourceId,
        embedder,
        signal: context.signal,
        documents: documentSource.documents({
          signal: context.signal,
          onProgress: (progress) => {
            latest = { ...latest, ...(progress.total === undefined ? {} : { documentsTotal: progress.total }), ...(progress.current ? { current: progress.current } : {}) };
            void save(false);
          },
        }),
        onProgress: (progress) => {
          latest = { ...latest, ...pickProgress(progress), current: progress.current ?? null };
          void save(false);
        },
        ...(options.chunking ? { chunking: options.chunking } : {}),
        ...(options.onEmbeddingCache ? { onEmbeddingCache: options.onEmbeddingCache } : {}),
      });
      latest = { ...latest, ...pickProgress(result), documentsDeleted: result.documentsDeleted, current: null };
      await saving;
      await save(true);
      await sources.setStatus({ ...key, status: 'ready' });
      return result;
    },

    async onFailure(job, { error, willRetry }) {
      const key = { tenantId: job.tenantId, sourceId: job.payload.sourceId };
      // A deleted source has no status left to show.
      if (isKnowledgeError(error, KnowledgeErrorCode.sourceNotFound)) return;
      const message = isThreadlineError(error) || !willRetry ? describe(error) : null;
      await sources.setStatus({ ...key, status: willRetry ? 'queued' : 'failed', error: message });
    },
  };
}

function pickProgress(progress: Partial<SyncJobProgress>): Partial<SyncJobProgress> {
  const { documentsSeen, documentsChanged, documentsUnchanged, chunksWritten, chunksEmbedded } = progress;
  return Object.fromEntries(Object.entries({ documentsSeen, documentsChanged, documentsUnchanged, chunksWritten, chunksEmbedded }).filter(([, value]) => value !== undefined));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
