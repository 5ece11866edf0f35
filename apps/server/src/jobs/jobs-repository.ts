import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job<Payload = unknown> {
  id: string;
  tenantId: string;
  queue: string;
  payload: Payload;
  dedupeKey: string | null;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  result: unknown;
  createdAt: Date;
  finishedAt: Date | null;
}

interface JobRow {
  id: string;
  tenant_id: string;
  queue: string;
  payload: unknown;
  dedupe_key: string | null;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  last_error: string | null;
  result: unknown;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = 'id, tenant_id, queue, payload, dedupe_key, status, attempts, max_attempts, run_at, last_error, result, created_at, finished_at';

function toJob<Payload>(row: JobRow): Job<Payload> {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    queue: row.queue,
    payload: row.payload as Payload,
    dedupeKey: row.dedupe_key,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    result: row.result,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export interface EnqueueInput {
  tenantId: string;
  queue: string;
  payload: unknown;
  /** Jobs with the same key in the same queue are one job: the second enqueue returns the first. */
  dedupeKey?: string;
  /**
   * While a job with the same key in the same queue is still queued (not yet started), the
   * enqueue joins it instead of adding one: a webhook nudge for a ticket whose job has not read the
   * ticket yet. Unlike `dedupeKey` this holds only while queued; a started job gets a successor.
   */
  coalesceKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

/**
 * Adds a job, or finds the one with the same dedupe key or the queued one with the same coalesce
 * key; `isDuplicate` says it found one.
 */
export async function enqueueJob(db: Queryable, input: EnqueueInput): Promise<{ job: Job; isDuplicate: boolean }> {
  if (input.coalesceKey !== undefined) {
    // Two concurrent enqueues may both miss and add a job each: harmless, as coalescing only saves work.
    const { rows } = await db.query<JobRow>(
      `select ${COLUMNS} from jobs where tenant_id = $1 and queue = $2 and coalesce_key = $3 and status = 'queued' order by created_at limit 1`,
      [input.tenantId, input.queue, input.coalesceKey],
    );
    if (rows[0]) return { job: toJob(rows[0]), isDuplicate: true };
  }
  const inserted = await db.query<JobRow>(
    `insert into jobs (tenant_id, queue, payload, dedupe_key, coalesce_key, max_attempts, run_at)
     values ($1, $2, $3::jsonb, $4, $5, $6, coalesce($7::timestamptz, now()))
     on conflict (tenant_id, queue, dedupe_key) where dedupe_key is not null do nothing
     returning ${COLUMNS}`,
    [input.tenantId, input.queue, JSON.stringify(input.payload), input.dedupeKey ?? null, input.coalesceKey ?? null, input.maxAttempts ?? 5, input.runAt ?? null],
  );
  if (inserted.rows[0]) return { job: toJob(inserted.rows[0]), isDuplicate: false };
  const existing = await db.query<JobRow>(`select ${COLUMNS} from jobs where tenant_id = $1 and queue = $2 and dedupe_key = $3`, [
    input.tenantId,
    input.queue,
    input.dedupeKey,
  ]);
  return { job: toJob(existing.rows[0] as JobRow), isDuplicate: true };
}

/**
 * Claims the next due job of the given queues, skipping rows other workers hold. A job whose
 * coalesce key has a running job waits for it: two jobs looking at one ticket at once could both
 * write the answer to its latest message.
 */
export async function claimJob(db: Queryable, queues: readonly string[], workerId: string): Promise<Job | null> {
  const { rows } = await db.query<JobRow>(
    `update jobs set status = 'running', attempts = attempts + 1, locked_at = now(), locked_by = $2, updated_at = now()
      where id = (select q.id from jobs q where q.status = 'queued' and q.queue = any($1::text[]) and q.run_at <= now()
                     and (q.coalesce_key is null or not exists (
                       select 1 from jobs r where r.tenant_id = q.tenant_id and r.queue = q.queue and r.coalesce_key = q.coalesce_key and r.status = 'running'))
                   order by q.run_at, q.created_at for update skip locked limit 1)
      returning ${COLUMNS}`,
    [queues, workerId],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * Marks a job done — only while `workerId` still holds it. False means the lease ran out and another
 * worker took the job over; its outcome, not this one, counts.
 */
export async function completeJob(db: Queryable, id: string, workerId: string, result: unknown): Promise<boolean> {
  const { rowCount } = await db.query(
    `update jobs set status = 'done', result = $3::jsonb, last_error = null, locked_at = null, locked_by = null,
            finished_at = now(), updated_at = now() where id = $1 and locked_by = $2 and status = 'running'`,
    [id, workerId, JSON.stringify(result ?? null)],
  );
  return rowCount > 0;
}

/**
 * Schedules a retry after `retryInMs`, or marks the job failed for good when attempts are used up
 * or `isPermanent` says another attempt cannot succeed — only while `workerId` still holds it
 * (null when another worker has taken it over).
 */
export async function failJob(
  db: Queryable,
  job: Job,
  workerId: string,
  error: string,
  retryInMs: number,
  options: { isPermanent?: boolean } = {},
): Promise<JobStatus | null> {
  const isFinal = options.isPermanent === true || job.attempts >= job.maxAttempts;
  const { rowCount } = await db.query(
    `update jobs set status = $2, last_error = $3, locked_at = null, locked_by = null, updated_at = now(),
            run_at = case when $2 = 'queued' then now() + ($4::int * interval '1 millisecond') else run_at end,
            finished_at = case when $2 = 'failed' then now() else null end
      where id = $1 and locked_by = $5 and status = 'running'`,
    [job.id, isFinal ? 'failed' : 'queued', error.slice(0, 2000), Math.round(retryInMs), workerId],
  );
  if (rowCount === 0) return null;
  return isFinal ? 'failed' : 'queued';
}

export async function heartbeatJob(db: Queryable, id: string, workerId: string): Promise<void> {
  await db.query(`update jobs set locked_at = now() where id = $1 and locked_by = $2 and status = 'running'`, [id, workerId]);
}

/** Puts back jobs whose worker died mid-run (their lease ran out), so they run again. */
export async function releaseStaleJobs(db: Queryable, leaseMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `update jobs set status = 'queued', locked_at = null, locked_by = null, updated_at = now(),
            last_error = coalesce(last_error, 'worker stopped while running the job')
      where status = 'running' and locked_at < now() - ($1::int * interval '1 millisecond')`,
    [leaseMs],
  );
  return rowCount;
}

export async function listJobs(
  db: Queryable,
  scope: TenantScope,
  filters: { status?: JobStatus | undefined; queue?: string | undefined; limit: number },
): Promise<Job[]> {
  const { rows } = await db.query<JobRow>(
    `select ${COLUMNS} from jobs
      where tenant_id = $1 and ($2::text is null or status = $2) and ($3::text is null or queue = $3)
      order by created_at desc limit $4`,
    [scope.tenantId, filters.status ?? null, filters.queue ?? null, filters.limit],
  );
  return rows.map((row) => toJob(row));
}

export async function getJob(db: Queryable, tenantId: string, id: string): Promise<Job | null> {
  const { rows } = await db.query<JobRow>(`select ${COLUMNS} from jobs where tenant_id = $1 and id = $2`, [tenantId, id]);
  return rows[0] ? toJob(rows[0]) : null;
}

/** The job a dedupe key names in a queue (a webhook's job by the helpdesk's event id). */
export async function findJobByDedupeKey(db: Queryable, query: { tenantId: string; queue: string; dedupeKey: string }): Promise<Job | null> {
  const { rows } = await db.query<JobRow>(`select ${COLUMNS} from jobs where tenant_id = $1 and queue = $2 and dedupe_key = $3`, [query.tenantId, query.queue, query.dedupeKey]);
  return rows[0] ? toJob(rows[0]) : null;
}

/** Sends a failed job round again (operator action from the dead-letter list). */
export async function retryJob(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update jobs set status = 'queued', attempts = 0, run_at = now(), finished_at = null, updated_at = now()
      where tenant_id = $1 and id = $2 and status = 'failed'`,
    [tenantId, id],
  );
  return rowCount > 0;
}

/** The most recent failed job with a coalesce key in a queue (a ticket's dead-lettered nudge). */
export async function findLatestFailedJob(db: Queryable, query: { tenantId: string; queue: string; coalesceKey: string }): Promise<Job | null> {
  const { rows } = await db.query<JobRow>(
    `select ${COLUMNS} from jobs where tenant_id = $1 and queue = $2 and coalesce_key = $3 and status = 'failed' order by finished_at desc nulls last limit 1`,
    [query.tenantId, query.queue, query.coalesceKey],
  );
  return rows[0] ? toJob(rows[0]) : null;
}
