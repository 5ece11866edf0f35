import type { JsonValue } from '../errors.js';

/**
 * The one job status vocabulary, used by every queue and shown as-is by the API:
 * - `queued`: waiting to run; after a failed attempt that will be retried, it waits here again
 *   with `lastError` set and `runAt` pushed back;
 * - `running`: a worker holds its lease;
 * - `succeeded`: done, with its `result`;
 * - `failed`: the dead letter. Attempts are used up, or the error said another attempt cannot
 *   succeed; an operator can send it round again (`retryFailedJob`).
 */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as stored, its payload typed by its queue. */
export interface Job<Payload = unknown> {
  id: string;
  tenantId: string;
  queue: string;
  payload: Payload;
  status: JobStatus;
  dedupeKey: string | null;
  coalesceKey: string | null;
  /** Runs started so far, including one cut short by a crash. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  leaseExpiresAt: Date | null;
  /** What the handler last reported while running (counters a UI can poll). */
  progress: JsonValue | null;
  result: unknown;
  lastError: string | null;
  errorCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The row as SQL returns it. */
export interface JobRow {
  id: string;
  tenant_id: string;
  queue: string;
  payload: unknown;
  status: JobStatus;
  dedupe_key: string | null;
  coalesce_key: string | null;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  lease_expires_at: Date | null;
  progress: JsonValue | null;
  result: unknown;
  last_error: string | null;
  error_code: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export const JOB_COLUMNS = `id, tenant_id, queue, payload, status, dedupe_key, coalesce_key, attempts, max_attempts, run_at, locked_by,
  lease_expires_at, progress, result, last_error, error_code, created_at, updated_at, started_at, finished_at`;

/**
 * Maps a row to a job. The payload is whatever its queue's `enqueue` stored, so the type the
 * caller names is the one the queue declared.
 */
export function toJob<Payload>(row: JobRow): Job<Payload> {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    queue: row.queue,
    payload: row.payload as Payload,
    status: row.status,
    dedupeKey: row.dedupe_key,
    coalesceKey: row.coalesce_key,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lockedBy: row.locked_by,
    leaseExpiresAt: row.lease_expires_at,
    progress: row.progress,
    result: row.result,
    lastError: row.last_error,
    errorCode: row.error_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
