import { isThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { QueueErrorCode, type Job, type JobContext, type JobFailure } from '@threadline/platform/queue';
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
  /**
   * How often progress is saved at most; default 500 ms. A change inside the interval is saved at its
   * end, so what a poll shows while the source is slow is at most this old.
   */
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
      let latest: SyncJobProgress = { ...EMPTY_PROGRESS, notes: [] };
      let lastSaved = 0;
      let saving: Promise<void> = Promise.resolve();
      let trailing: NodeJS.Timeout | undefined;
      const save = (force: boolean): Promise<void> => {
        const now = Date.now();
        if (!force && now - lastSaved < progressEveryMs) {
          // Saved at the end of the interval instead of dropped: a source that then pauses (a slow
          // page, a crawl delay) still shows where it is.
          trailing ??= setTimeout(() => {
            trailing = undefined;
            void save(false);
          }, lastSaved + progressEveryMs - now);
          return saving;
        }
        clearTimeout(trailing);
        trailing = undefined;
        lastSaved = now;
        const snapshot = { ...latest, notes: [...latest.notes] };
        saving = saving.then(() => context.reportProgress(snapshot)).catch(() => {});
        return saving;
      };
      const addNote = (note: string) => {
        if (latest.notes.includes(note)) return;
        latest = { ...latest, notes: [...latest.notes, note] };
        void save(false);
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
          onNote: addNote,
        }),
        onProgress: (progress) => {
          latest = { ...latest, ...pickProgress(progress), current: progress.current ?? null };
          void save(false);
        },
        ...(options.chunking ? { chunking: options.chunking } : {}),
        ...(options.onEmbeddingCache ? { onEmbeddingCache: options.onEmbeddingCache } : {}),
      }).finally(() => clearTimeout(trailing));
      latest = { ...latest, ...pickProgress(result), documentsDeleted: result.documentsDeleted, current: null };
      await saving;
      await save(true);
      clearTimeout(trailing);
      await sources.setStatus({ ...key, status: 'ready', notes: latest.notes });
      return result;
    },

    async onFailure(job, { error, willRetry }) {
      const key = { tenantId: job.tenantId, sourceId: job.payload.sourceId };
      // A deleted source has no status left to show.
      if (isKnowledgeError(error, KnowledgeErrorCode.sourceNotFound)) return;
      const message = isThreadlineError(error) || !willRetry ? describeFailure(error) : null;
      await sources.setStatus({ ...key, status: willRetry ? 'queued' : 'failed', error: message });
    },
  };
}

function pickProgress(progress: Partial<SyncJobProgress>): Partial<SyncJobProgress> {
  const { documentsSeen, documentsChanged, documentsUnchanged, chunksWritten, chunksEmbedded } = progress;
  return Object.fromEntries(Object.entries({ documentsSeen, documentsChanged, documentsUnchanged, chunksWritten, chunksEmbedded }).filter(([, value]) => value !== undefined));
}

/**
 * The source's last error in words a support lead can act on. Errors about the source itself (a page
 * answering 404, a file without text, the helpdesk refusing the credentials) are already written that
 * way and say what went wrong; anything else (a crash, a database error) is no use to them verbatim:
 * it becomes what happened and what to do, and the details stay in the job and the server's log.
 */
export function describeFailure(error: unknown): string {
  if (isThreadlineError(error) && error.code === QueueErrorCode.attemptsExhausted) {
    return 'The sync was cut short each time it ran (the server stopped or restarted during it) and was given up. Sync again; if this repeats, ask whoever runs the server to check its log.';
  }
  if (isThreadlineError(error) && error.category !== 'system') return error.message;
  return 'The sync stopped on an internal error, not on anything in this source. Sync again; if it fails again, ask whoever runs the server to check its log for this sync.';
}
