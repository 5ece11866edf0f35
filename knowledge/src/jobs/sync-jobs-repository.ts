import type { Db, Queryable } from '@threadline/platform/db';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { isUuid } from '../store/rows.js';
import { createSourcesRepository } from '../store/sources-repository.js';

export type SyncJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Counters of a sync as it runs (persisted, so the admin UI can poll them). */
export interface SyncJobProgress {
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
}

/** One sync of one source, queued until a runner claims it. */
export interface SyncJob {
  id: string;
  tenantId: string;
  sourceId: string;
  status: SyncJobStatus;
  progress: SyncJobProgress;
  error: string | null;
  errorCode: string | null;
  /** Runs started so far, including one cut short by a crash. */
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  lockedBy: string | null;
  heartbeatAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface SyncJobRow {
  id: string;
  tenant_id: string;
  source_id: string;
  status: SyncJobStatus;
  documents_seen: number;
  documents_total: number | null;
  documents_changed: number;
  documents_unchanged: number;
  documents_deleted: number;
  chunks_written: number;
  chunks_embedded: number;
  current_item: string | null;
  error: string | null;
  error_code: string | null;
  attempts: number;
  max_attempts: number;
  run_after: Date;
  locked_by: string | null;
  heartbeat_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const JOB_COLUMNS = `id, tenant_id, source_id, status, documents_seen, documents_total, documents_changed, documents_unchanged,
  documents_deleted, chunks_written, chunks_embedded, current_item, error, error_code, attempts, max_attempts, run_after,
  locked_by, heartbeat_at, started_at, finished_at, created_at, updated_at`;

function toJob(row: SyncJobRow): SyncJob {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    sourceId: row.source_id,
    status: row.status,
    progress: {
      documentsSeen: row.documents_seen,
      documentsTotal: row.documents_total,
      documentsChanged: row.documents_changed,
      documentsUnchanged: row.documents_unchanged,
      documentsDeleted: row.documents_deleted,
      chunksWritten: row.chunks_written,
      chunksEmbedded: row.chunks_embedded,
      current: row.current_item,
    },
    error: row.error,
    errorCode: row.error_code,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    lockedBy: row.locked_by,
    heartbeatAt: row.heartbeat_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Queues a sync of a source, or returns the one already queued or running (one at a time per
 * source). The source shows `queued` until a runner claims the job.
 *
 * @example
 * const job = await enqueueSync(db, { tenantId, sourceId }); // poll getSyncJob for progress
 */
export async function enqueueSync(db: Db, input: { tenantId: string; sourceId: string; maxAttempts?: number }): Promise<SyncJob> {
  return db.transaction(async (tx) => {
    const source = await createSourcesRepository(tx).get(input, tx);
    const inserted = await tx.query<SyncJobRow>(
      `insert into kb_sync_jobs (tenant_id, source_id, max_attempts) values ($1, $2, $3)
       on conflict (source_id) where status in ('queued', 'running') do nothing
       returning ${JOB_COLUMNS}`,
      [input.tenantId, input.sourceId, input.maxAttempts ?? 3],
    );
    if (inserted.rows[0]) {
      if (source.status !== 'syncing') await createSourcesRepository(tx).setStatus({ ...input, status: 'queued' }, tx);
      return toJob(inserted.rows[0]);
    }
    const active = await tx.query<SyncJobRow>(
      `select ${JOB_COLUMNS} from kb_sync_jobs where tenant_id = $1 and source_id = $2 and status in ('queued', 'running')`,
      [input.tenantId, input.sourceId],
    );
    return toJob(active.rows[0] as SyncJobRow);
  });
}

/** Throws `KNOWLEDGE_JOB_NOT_FOUND` when the tenant has no such job. */
export async function getSyncJob(db: Queryable, input: { tenantId: string; jobId: string }): Promise<SyncJob> {
  const notFound = new KnowledgeError(KnowledgeErrorCode.jobNotFound, 'No such sync job', { jobId: input.jobId });
  if (!isUuid(input.jobId)) throw notFound;
  const { rows } = await db.query<SyncJobRow>(`select ${JOB_COLUMNS} from kb_sync_jobs where tenant_id = $1 and id = $2`, [input.tenantId, input.jobId]);
  if (!rows[0]) throw notFound;
  return toJob(rows[0]);
}

/** The tenant's sync jobs, newest first (optionally of one source). */
export async function listSyncJobs(db: Queryable, input: { tenantId: string; sourceId?: string; limit?: number }): Promise<SyncJob[]> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 20), 1), 200);
  if (input.sourceId !== undefined && !isUuid(input.sourceId)) return [];
  const { rows } = await db.query<SyncJobRow>(
    `select ${JOB_COLUMNS} from kb_sync_jobs
      where tenant_id = $1 and ($2::uuid is null or source_id = $2::uuid)
      order by created_at desc, id limit ${limit}`,
    [input.tenantId, input.sourceId ?? null],
  );
  return rows.map(toJob);
}

/**
 * Claims the next job for `workerId`: a queued job whose time has come, or a running one whose
 * worker stopped sending heartbeats for `staleAfterMs` (it crashed). `FOR UPDATE SKIP LOCKED` lets
 * several runners poll one database without taking the same job.
 *
 * This is the one query that is not scoped to a tenant: a runner serves every tenant's queue.
 * Everything it does with the claimed job is scoped to the job's tenant.
 */
export async function claimSyncJob(db: Queryable, input: { workerId: string; staleAfterMs: number }): Promise<SyncJob | null> {
  const { rows } = await db.query<SyncJobRow>(
    `with next as (
       select id from kb_sync_jobs
        where (status = 'queued' and run_after <= now())
           or (status = 'running' and heartbeat_at < now() - make_interval(secs => $2::double precision / 1000))
        order by run_after, created_at
        for update skip locked
        limit 1
     )
     update kb_sync_jobs j
        set status = 'running', attempts = j.attempts + 1, locked_at = now(), locked_by = $1, heartbeat_at = now(),
            started_at = coalesce(j.started_at, now()), updated_at = now()
       from next
      where j.id = next.id
      returning j.*`,
    [input.workerId, input.staleAfterMs],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

export interface JobLease {
  tenantId: string;
  jobId: string;
  workerId: string;
}

/**
 * Saves progress and renews the heartbeat. Returns false when the worker no longer holds the job
 * (another runner took it over as stale, or the source was deleted): the caller must stop.
 */
export async function saveSyncProgress(db: Queryable, lease: JobLease, progress: Partial<SyncJobProgress>): Promise<boolean> {
  const { rowCount } = await db.query(
    `update kb_sync_jobs
        set documents_seen = coalesce($4, documents_seen), documents_total = coalesce($5, documents_total),
            documents_changed = coalesce($6, documents_changed), documents_unchanged = coalesce($7, documents_unchanged),
            documents_deleted = coalesce($8, documents_deleted), chunks_written = coalesce($9, chunks_written),
            chunks_embedded = coalesce($10, chunks_embedded), current_item = coalesce($11, current_item),
            heartbeat_at = now(), updated_at = now()
      where tenant_id = $1 and id = $2 and locked_by = $3 and status = 'running'`,
    [
      lease.tenantId,
      lease.jobId,
      lease.workerId,
      progress.documentsSeen ?? null,
      progress.documentsTotal ?? null,
      progress.documentsChanged ?? null,
      progress.documentsUnchanged ?? null,
      progress.documentsDeleted ?? null,
      progress.chunksWritten ?? null,
      progress.chunksEmbedded ?? null,
      progress.current === null || progress.current === undefined ? null : progress.current.slice(0, 2000),
    ],
  );
  return rowCount > 0;
}

/** Ends a run: `succeeded`, `failed` (with the error), or `queued` again to retry after `retryAfterMs`. */
export async function finishSyncJob(
  db: Queryable,
  lease: JobLease,
  outcome:
    | { status: 'succeeded' }
    | { status: 'failed'; error: string; errorCode: string | null }
    | { status: 'queued'; retryAfterMs: number; error?: string; errorCode?: string | null; refundAttempt?: boolean },
): Promise<boolean> {
  const isQueued = outcome.status === 'queued';
  const { rowCount } = await db.query(
    `update kb_sync_jobs
        set status = $4,
            error = $5, error_code = $6,
            run_after = case when $4 = 'queued' then now() + make_interval(secs => $7::double precision / 1000) else run_after end,
            attempts = attempts - $8,
            finished_at = case when $4 = 'queued' then null else now() end,
            locked_at = null, locked_by = null, heartbeat_at = null, updated_at = now()
      where tenant_id = $1 and id = $2 and locked_by = $3 and status = 'running'`,
    [
      lease.tenantId,
      lease.jobId,
      lease.workerId,
      outcome.status,
      outcome.status === 'succeeded' ? null : (outcome.error ?? null),
      outcome.status === 'succeeded' ? null : (outcome.errorCode ?? null),
      isQueued ? outcome.retryAfterMs : 0,
      isQueued && outcome.refundAttempt ? 1 : 0,
    ],
  );
  return rowCount > 0;
}

/**
 * Puts running jobs back in the queue. With `olderThanMs: 0` it takes every running job: right
 * for an embedded (PGlite) database at start, which only this process can open, so any job
 * marked running belongs to a process that is gone.
 */
export async function requeueRunningJobs(db: Queryable, input: { olderThanMs: number }): Promise<number> {
  const { rowCount } = await db.query(
    `update kb_sync_jobs
        set status = 'queued', locked_at = null, locked_by = null, heartbeat_at = null, run_after = now(), updated_at = now()
      where status = 'running' and heartbeat_at <= now() - make_interval(secs => $1::double precision / 1000)`,
    [input.olderThanMs],
  );
  return rowCount;
}
