import { randomUUID } from 'node:crypto';
import { isThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import type { Embedder } from '../embeddings/embedder.js';
import { isKnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { ingestDocuments, type IngestOptions, type IngestProgress } from '../ingest/ingest-documents.js';
import type { IngestChunkingOptions } from '../ingest/prepare-document.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { KnowledgeSource } from '../store/types.js';
import type { DocumentSource } from '../types.js';
import {
  claimSyncJob,
  enqueueSync,
  finishSyncJob,
  getSyncJob,
  listSyncJobs,
  requeueRunningJobs,
  saveSyncProgress,
  type JobLease,
  type SyncJob,
  type SyncJobProgress,
} from './sync-jobs-repository.js';

/** The subset of a pino logger the runner uses. */
export interface SyncLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export interface SyncJobRunnerOptions {
  db: Db;
  embedder: Embedder;
  /** Builds the `DocumentSource` for a stored source (the server knows connectors, crawlers, files). */
  resolveSource(source: KnowledgeSource): DocumentSource | Promise<DocumentSource>;
  chunking?: IngestChunkingOptions;
  /** Passed to every ingestion run: the embedding cache's hits and misses. */
  onEmbeddingCache?: IngestOptions['onEmbeddingCache'];
  /** Names this runner in `locked_by`; default a random id. */
  workerId?: string;
  /** How often an idle runner looks for work. Default 1 000 ms. */
  pollIntervalMs?: number;
  /** A running job without a heartbeat for this long is taken over. Default 60 000 ms. */
  staleAfterMs?: number;
  /**
   * Requeue every running job on `start()`. Default: true on PGlite, whose data folder only this
   * process can open, so a running job there was left by a process that died; false on Postgres,
   * where another live runner may hold it (stale jobs are still taken over after `staleAfterMs`).
   */
  resumeRunningOnStart?: boolean;
  /** Delay before retrying a job that failed on an upstream error; default 30 s × 2^(attempt-1). */
  retryDelayMs?(attempt: number): number;
  logger?: SyncLogger;
  /** Called after each persisted progress update (throttled) and when a job ends. */
  onJobUpdate?(job: SyncJob): void;
}

/** Runs source syncs in the background; see `createSyncJobRunner`. */
export interface SyncJobRunner {
  readonly workerId: string;
  /** Queues a sync (or returns the one already queued or running for that source). */
  enqueue(input: { tenantId: string; sourceId: string }): Promise<SyncJob>;
  get(input: { tenantId: string; jobId: string }): Promise<SyncJob>;
  list(input: { tenantId: string; sourceId?: string; limit?: number }): Promise<SyncJob[]>;
  /** Claims and runs one job to its end; null when none is due. */
  runNext(): Promise<SyncJob | null>;
  /** Starts the polling loop (after resuming abandoned jobs). */
  start(): Promise<void>;
  /** Stops polling; a job in progress is interrupted and queued again without counting the attempt. */
  stop(): Promise<void>;
}

const PROGRESS_EVERY_MS = 500;

function describeError(error: unknown): { message: string; code: string | null } {
  if (isThreadlineError(error)) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error), code: null };
}

/**
 * A background runner for source syncs: jobs live in `kb_sync_jobs`, so a queued or interrupted
 * sync survives a restart. It claims jobs with `FOR UPDATE SKIP LOCKED`, runs `ingestDocuments`
 * over the source the server resolves, saves progress with a heartbeat, and on failure retries
 * upstream errors (with backoff, up to the job's `maxAttempts`) or marks the job and the source failed.
 * A resumed job re-reads its source, and ingestion skips what the interrupted run already stored.
 *
 * @example
 * const runner = createSyncJobRunner({ db, embedder, resolveSource: (source) => buildDocumentSource(source) });
 * await runner.start();
 * const job = await runner.enqueue({ tenantId, sourceId });
 * // … on shutdown
 * await runner.stop();
 */
export function createSyncJobRunner(options: SyncJobRunnerOptions): SyncJobRunner {
  const { db, embedder, logger } = options;
  const workerId = options.workerId ?? `sync-${randomUUID()}`;
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => 30_000 * 2 ** Math.max(0, attempt - 1));
  let stopController = new AbortController();
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const notify = async (lease: JobLease): Promise<void> => {
    if (!options.onJobUpdate) return;
    const job = await getSyncJob(db, lease).catch(() => undefined);
    if (job) options.onJobUpdate(job);
  };

  const run = async (job: SyncJob): Promise<SyncJob> => {
    const lease: JobLease = { tenantId: job.tenantId, jobId: job.id, workerId };
    const key = { tenantId: job.tenantId, sourceId: job.sourceId };
    const sources = createSourcesRepository(db);
    const log = { jobId: job.id, tenantId: job.tenantId, sourceId: job.sourceId, attempt: job.attempts };

    if (job.attempts > job.maxAttempts) {
      const message = `Gave up after ${job.maxAttempts} attempts: the worker stopped during each run`;
      await finishSyncJob(db, lease, { status: 'failed', error: message, errorCode: null });
      await sources.setStatus({ ...key, status: 'failed', error: message });
      logger?.error(log, 'knowledge sync abandoned');
      await notify(lease);
      return getSyncJob(db, lease);
    }

    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, stopController.signal]);
    let lost = false;
    let saving: Promise<void> = Promise.resolve();
    let lastSaved = 0;
    let latest: Partial<SyncJobProgress> = {};
    const save = (force: boolean): Promise<void> => {
      const now = Date.now();
      if (!force && now - lastSaved < PROGRESS_EVERY_MS) return saving;
      lastSaved = now;
      const snapshot = latest;
      saving = saving
        .then(async () => {
          if (!(await saveSyncProgress(db, lease, snapshot))) {
            lost = true;
            controller.abort();
          }
        })
        .then(() => notify(lease))
        .catch((error: unknown) => logger?.warn({ ...log, err: describeError(error).message }, 'could not save sync progress'));
      return saving;
    };
    // A source can spend long on one page or one embedding batch: keep the heartbeat alive anyway.
    const heartbeat = setInterval(() => void save(true), Math.max(50, Math.floor(staleAfterMs / 3)));
    heartbeat.unref();

    logger?.info(log, 'knowledge sync started');
    try {
      await sources.setStatus({ ...key, status: 'syncing' });
      const source = await sources.get(key);
      const documentSource = await options.resolveSource(source);
      const onIngestProgress = (progress: IngestProgress): void => {
        latest = { ...latest, ...progress, current: progress.current ?? null };
        void save(false);
      };
      const result = await ingestDocuments({
        db,
        tenantId: job.tenantId,
        sourceId: job.sourceId,
        embedder,
        signal,
        documents: documentSource.documents({
          signal,
          onProgress: (progress) => {
            latest = { ...latest, ...(progress.total === undefined ? {} : { documentsTotal: progress.total }), ...(progress.current ? { current: progress.current } : {}) };
            void save(false);
          },
        }),
        onProgress: onIngestProgress,
        ...(options.chunking ? { chunking: options.chunking } : {}),
        ...(options.onEmbeddingCache ? { onEmbeddingCache: options.onEmbeddingCache } : {}),
      });
      clearInterval(heartbeat);
      latest = { ...latest, ...result, current: null };
      await save(true);
      if (lost || !(await finishSyncJob(db, lease, { status: 'succeeded' }))) {
        logger?.warn(log, 'knowledge sync finished after losing its job');
      } else {
        await sources.setStatus({ ...key, status: 'ready' });
        logger?.info({ ...log, ...result }, 'knowledge sync succeeded');
      }
    } catch (error) {
      clearInterval(heartbeat);
      await saving;
      const { message, code } = describeError(error);
      if (lost) {
        logger?.warn({ ...log, err: message }, 'knowledge sync stopped: another runner took the job over or the source was deleted');
      } else if (stopController.signal.aborted) {
        await finishSyncJob(db, lease, { status: 'queued', retryAfterMs: 0, refundAttempt: true });
        await sources.setStatus({ ...key, status: 'queued' });
        logger?.info(log, 'knowledge sync interrupted by shutdown; queued again');
      } else if (isThreadlineError(error) && error.category === 'upstream' && job.attempts < job.maxAttempts) {
        const delay = retryDelayMs(job.attempts);
        await finishSyncJob(db, lease, { status: 'queued', retryAfterMs: delay, error: message, errorCode: code });
        await sources.setStatus({ ...key, status: 'queued', error: message });
        logger?.warn({ ...log, err: message, retryInMs: delay }, 'knowledge sync failed upstream; will retry');
      } else {
        await finishSyncJob(db, lease, { status: 'failed', error: message, errorCode: code });
        if (!isKnowledgeError(error, KnowledgeErrorCode.sourceNotFound)) await sources.setStatus({ ...key, status: 'failed', error: message });
        logger?.error({ ...log, err: message, code }, 'knowledge sync failed');
      }
    }
    await notify(lease);
    return getSyncJob(db, lease).catch(() => ({ ...job, status: 'failed' as const }));
  };

  const runNext = async (): Promise<SyncJob | null> => {
    const job = await claimSyncJob(db, { workerId, staleAfterMs });
    return job ? run(job) : null;
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    workerId,
    async enqueue(input) {
      const job = await enqueueSync(db, input);
      wake?.();
      return job;
    },
    get: (input) => getSyncJob(db, input),
    list: (input) => listSyncJobs(db, input),
    runNext,
    async start() {
      if (loop) return;
      stopController = new AbortController();
      if (options.resumeRunningOnStart ?? db.driver === 'pglite') {
        const resumed = await requeueRunningJobs(db, { olderThanMs: 0 });
        if (resumed > 0) logger?.info({ resumed }, 'knowledge syncs interrupted by a restart queued again');
      }
      const signal = stopController.signal;
      loop = (async () => {
        while (!signal.aborted) {
          try {
            const job = await runNext();
            if (job === null && !signal.aborted) await sleep(pollIntervalMs);
          } catch (error) {
            logger?.error({ err: describeError(error).message }, 'knowledge sync runner error');
            if (!signal.aborted) await sleep(pollIntervalMs);
          }
        }
      })();
    },
    async stop() {
      stopController.abort();
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
