import { tenantScope, type JsonValue } from '@threadline/platform';
import type { Db, Queryable } from '@threadline/platform/db';
import { enqueueJob, getQueueJob, listQueueJobs, type Job, type JobStatus } from '@threadline/platform/queue';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { isUuid } from '../store/rows.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import { knowledgeSyncQueue, sourceSyncKey, type SyncPayload } from './sync-queue.js';

/** Counters of a sync as it runs (saved with the job, so the admin UI can poll them). */
export type SyncJobProgress = {
  documentsSeen: number;
  /** When the source knows its size in advance. */
  documentsTotal: number | null;
  documentsChanged: number;
  documentsUnchanged: number;
  documentsDeleted: number;
  chunksWritten: number;
  chunksEmbedded: number;
  /** What the source is reading now (URL, file name) or the document just stored. */
  current: string | null;
};

/** One sync of one source: a job of `knowledgeSyncQueue`, seen with its source and progress. */
export interface SyncJob {
  id: string;
  tenantId: string;
  sourceId: string;
  status: JobStatus;
  progress: SyncJobProgress;
  lastError: string | null;
  errorCode: string | null;
  /** Runs started so far, including one cut short by a crash. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const EMPTY_PROGRESS: SyncJobProgress = {
  documentsSeen: 0,
  documentsTotal: null,
  documentsChanged: 0,
  documentsUnchanged: 0,
  documentsDeleted: 0,
  chunksWritten: 0,
  chunksEmbedded: 0,
  current: null,
};

function progressOf(saved: JsonValue | null): SyncJobProgress {
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) return EMPTY_PROGRESS;
  const number = (key: keyof SyncJobProgress): number => (typeof saved[key] === 'number' ? saved[key] : 0);
  return {
    documentsSeen: number('documentsSeen'),
    documentsTotal: typeof saved.documentsTotal === 'number' ? saved.documentsTotal : null,
    documentsChanged: number('documentsChanged'),
    documentsUnchanged: number('documentsUnchanged'),
    documentsDeleted: number('documentsDeleted'),
    chunksWritten: number('chunksWritten'),
    chunksEmbedded: number('chunksEmbedded'),
    current: typeof saved.current === 'string' ? saved.current : null,
  };
}

export function toSyncJob(job: Job<SyncPayload>): SyncJob {
  return {
    id: job.id,
    tenantId: job.tenantId,
    sourceId: job.payload.sourceId,
    status: job.status,
    progress: progressOf(job.progress),
    lastError: job.lastError,
    errorCode: job.errorCode,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt,
    lockedBy: job.lockedBy,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

/**
 * Queues a sync of a source, or returns the one already queued or running (one at a time per
 * source). The source shows `queued` until a worker claims the job. Wake the worker afterwards.
 * `hasNewInput`: the source just got input a running sync may already have read past (an upload):
 * a running sync is not joined but followed by a queued one, which waits for it.
 *
 * @example
 * const job = await enqueueSync(db, { tenantId, sourceId }); // poll getSyncJob for progress
 */
export async function enqueueSync(db: Db, input: { tenantId: string; sourceId: string; maxAttempts?: number; hasNewInput?: boolean }): Promise<SyncJob> {
  return db.transaction(async (tx) => {
    const sources = createSourcesRepository(tx);
    const source = await sources.get({ tenantId: input.tenantId, sourceId: input.sourceId }, tx);
    const { job, isDuplicate } = await enqueueJob(tx, knowledgeSyncQueue, {
      tenantId: input.tenantId,
      payload: { sourceId: input.sourceId },
      coalesceKey: sourceSyncKey(input.sourceId),
      coalesceWhile: input.hasNewInput ? 'queued' : 'open',
      ...(input.maxAttempts === undefined ? {} : { maxAttempts: input.maxAttempts }),
    });
    if (!isDuplicate && source.status !== 'syncing') await sources.setStatus({ tenantId: input.tenantId, sourceId: input.sourceId, status: 'queued' }, tx);
    return toSyncJob(job);
  });
}

/** Throws `KNOWLEDGE_JOB_NOT_FOUND` when the tenant has no such sync job. */
export async function getSyncJob(db: Queryable, input: { tenantId: string; jobId: string }): Promise<SyncJob> {
  const job = await getQueueJob(db, tenantScope(input.tenantId), knowledgeSyncQueue, input.jobId);
  if (!job) throw new KnowledgeError(KnowledgeErrorCode.jobNotFound, 'No such sync job', { jobId: input.jobId });
  return toSyncJob(job);
}

/** The tenant's sync jobs, newest first (optionally of one source). */
export async function listSyncJobs(db: Queryable, input: { tenantId: string; sourceId?: string; limit?: number }): Promise<SyncJob[]> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 20), 1), 200);
  if (input.sourceId !== undefined && !isUuid(input.sourceId)) return [];
  const jobs = await listQueueJobs(db, tenantScope(input.tenantId), knowledgeSyncQueue, {
    coalesceKey: input.sourceId === undefined ? undefined : sourceSyncKey(input.sourceId),
    limit,
  });
  return jobs.map(toSyncJob);
}
