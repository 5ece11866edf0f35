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
  /**
   * What the sync has to say in words beyond its counts: a crawl stopped at its page cap or depth
   * limit (and how to go further), pages skipped and why. Empty when there is nothing to say.
   */
  notes: string[];
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
  notes: [],
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
    notes: Array.isArray(saved.notes) ? saved.notes.filter((note): note is string => typeof note === 'string') : [],
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

export interface EnqueueSyncInput {
  tenantId: string;
  sourceId: string;
  maxAttempts?: number;
  /**
   * `open` (default): a sync queued or running is this one ("sync now" while one runs). `queued`:
   * only a sync not started yet is joined; with one running, a new one is queued to run after it.
   * Uploads need `queued`: a running sync listed the source's files when it started and would miss a
   * file uploaded since (four files dropped at once would index only the first).
   */
  join?: 'open' | 'queued';
}

/**
 * Queues a sync of a source, or returns the one it joins (see `join`); syncs of one source never
 * run at the same time. The source shows `queued` until a worker claims the job. Wake the worker afterwards.
 *
 * @example
 * const job = await enqueueSync(db, { tenantId, sourceId }); // poll getSyncJob for progress
 */
export async function enqueueSync(db: Db, input: EnqueueSyncInput): Promise<SyncJob> {
  return db.transaction((tx) => enqueueSyncIn(tx, input));
}

async function enqueueSyncIn(tx: Queryable, input: EnqueueSyncInput): Promise<SyncJob> {
  const sources = createSourcesRepository(tx);
  const source = await sources.get(input, tx);
  const { job, isDuplicate } = await enqueueJob(tx, knowledgeSyncQueue, {
    tenantId: input.tenantId,
    payload: { sourceId: input.sourceId },
    coalesceKey: sourceSyncKey(input.sourceId),
    coalesceWhile: input.join ?? 'open',
    ...(input.maxAttempts === undefined ? {} : { maxAttempts: input.maxAttempts }),
  });
  if (!isDuplicate && source.status !== 'syncing') await sources.setStatus({ tenantId: input.tenantId, sourceId: input.sourceId, status: 'queued' }, tx);
  return toSyncJob(job);
}

/**
 * Queues a sync of every source whose scheduled re-sync is due at `now`, across tenants (each job
 * carries its source's tenant), and moves each one's next sync an interval on, in the same
 * transaction, so two schedulers never queue the same due sync twice. A sync already queued or
 * running is joined. Returns the jobs, oldest due first.
 *
 * @example
 * await enqueueDueSyncs(db, { now: new Date() }); // from a timer; then wake the worker
 */
export async function enqueueDueSyncs(db: Db, input: { now: Date; limit?: number }): Promise<SyncJob[]> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 100), 1), 1000);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ tenant_id: string; id: string }>(
      `update kb_sources s
          set next_sync_at = $1::timestamptz + make_interval(hours => s.resync_every_hours), updated_at = now()
         from (select id from kb_sources
                where next_sync_at <= $1::timestamptz and resync_every_hours is not null
                order by next_sync_at limit $2 for update skip locked) due
        where s.id = due.id
        returning s.tenant_id, s.id`,
      [input.now, limit],
    );
    const jobs: SyncJob[] = [];
    for (const row of rows) jobs.push(await enqueueSyncIn(tx, { tenantId: row.tenant_id, sourceId: row.id }));
    return jobs;
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

/**
 * The sync each source of the tenant has queued or running now (the running one when both), by
 * source id: what a list of sources shows as live progress.
 */
export async function listActiveSyncs(db: Queryable, input: { tenantId: string }): Promise<Map<string, SyncJob>> {
  const scope = tenantScope(input.tenantId);
  const [running, queued] = await Promise.all(
    (['running', 'queued'] as const).map((status) => listQueueJobs(db, scope, knowledgeSyncQueue, { status, limit: 1000 })),
  );
  const active = new Map<string, SyncJob>();
  for (const job of [...(running ?? []), ...(queued ?? [])].map(toSyncJob)) if (!active.has(job.sourceId)) active.set(job.sourceId, job);
  return active;
}
