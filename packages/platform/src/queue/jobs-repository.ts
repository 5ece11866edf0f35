import type { Queryable } from '../db/types.js';
import type { TenantScope } from '../tenant-scope.js';
import { JOB_COLUMNS, toJob, type Job, type JobRow, type JobStatus } from './job.js';
import type { QueueDefinition } from './queue.js';

export interface EnqueueInput<Payload> {
  tenantId: string;
  payload: Payload;
  /** Jobs with the same key in the same queue are one job, for good: the second enqueue returns the first. */
  dedupeKey?: string;
  /**
   * Joins an open job with the same key in the same queue instead of adding one. With
   * `coalesceWhile: 'queued'` (the default) only a job not started yet is joined: a webhook nudge
   * for a ticket whose job has not read the ticket yet; a started job gets a successor, which waits
   * for it. With `'open'` a running job is joined too: one sync per knowledge source at a time.
   */
  coalesceKey?: string;
  coalesceWhile?: 'queued' | 'open';
  /** Default: the queue's own. */
  maxAttempts?: number;
  runAt?: Date;
}

/**
 * Adds a job to a queue, or finds the one with the same dedupe key or the open one with the same
 * coalesce key; `isDuplicate` says it found one.
 *
 * @example
 * const { job } = await enqueueJob(tx, helpdeskSyncQueue, { tenantId, payload: { reason: 'api' } });
 */
export async function enqueueJob<Payload>(db: Queryable, queue: QueueDefinition<Payload>, input: EnqueueInput<Payload>): Promise<{ job: Job<Payload>; isDuplicate: boolean }> {
  const values = [input.tenantId, queue.name, JSON.stringify(input.payload), input.dedupeKey ?? null, input.coalesceKey ?? null, input.maxAttempts ?? queue.maxAttempts, input.runAt ?? null];
  const insert = `insert into queue_jobs (tenant_id, queue, payload, dedupe_key, coalesce_key, max_attempts, run_at)
     select $1, $2, $3::jsonb, $4, $5, $6, coalesce($7::timestamptz, now())`;
  const onConflict = `on conflict (tenant_id, queue, dedupe_key) where dedupe_key is not null do nothing returning ${JOB_COLUMNS}`;
  let found: { job: Job<Payload>; isDuplicate: boolean } | null;
  if (input.coalesceKey !== undefined) {
    // The open job to join, else the new one, in one round trip (a webhook's enqueue is on the
    // intake's path). Two concurrent enqueues may both miss and add a job each: harmless, as
    // coalescing only saves work, and a claim never runs two jobs with one key at once.
    const open: JobStatus[] = input.coalesceWhile === 'open' ? ['queued', 'running'] : ['queued'];
    const { rows } = await db.query<JobRow & { is_duplicate: boolean }>(
      `with open as (
         select ${JOB_COLUMNS} from queue_jobs where tenant_id = $1 and queue = $2 and coalesce_key = $5 and status = any($8::text[]) order by created_at limit 1
       ),
       inserted as (${insert} where not exists (select 1 from open) ${onConflict})
       select *, true as is_duplicate from open union all select *, false as is_duplicate from inserted`,
      [...values, open],
    );
    found = rows[0] ? { job: toJob(rows[0]), isDuplicate: rows[0].is_duplicate } : null;
  } else {
    const { rows } = await db.query<JobRow>(`${insert} ${onConflict}`, values);
    found = rows[0] ? { job: toJob(rows[0]), isDuplicate: false } : null;
  }
  if (found) return found;
  const existing = await db.query<JobRow>(`select ${JOB_COLUMNS} from queue_jobs where tenant_id = $1 and queue = $2 and dedupe_key = $3`, [
    input.tenantId,
    queue.name,
    input.dedupeKey,
  ]);
  return { job: toJob(existing.rows[0] as JobRow), isDuplicate: true };
}

/** One of the tenant's jobs, of any queue; null when the tenant has none with that id. */
export async function getJob(db: Queryable, scope: TenantScope, id: string): Promise<Job | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<JobRow>(`select ${JOB_COLUMNS} from queue_jobs where tenant_id = $1 and id = $2`, [scope.tenantId, id]);
  return rows[0] ? toJob(rows[0]) : null;
}

/** One of the tenant's jobs of one queue, its payload typed; null when there is none. */
export async function getQueueJob<Payload>(db: Queryable, scope: TenantScope, queue: QueueDefinition<Payload>, id: string): Promise<Job<Payload> | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<JobRow>(`select ${JOB_COLUMNS} from queue_jobs where tenant_id = $1 and queue = $2 and id = $3`, [scope.tenantId, queue.name, id]);
  return rows[0] ? toJob(rows[0]) : null;
}

export interface JobFilters {
  status?: JobStatus | undefined;
  queue?: string | undefined;
  coalesceKey?: string | undefined;
  limit: number;
}

/** The tenant's jobs, newest first; `status: 'failed'` is the dead-letter list. */
export async function listJobs(db: Queryable, scope: TenantScope, filters: JobFilters): Promise<Job[]> {
  const { rows } = await db.query<JobRow>(
    `select ${JOB_COLUMNS} from queue_jobs
      where tenant_id = $1 and ($2::text is null or status = $2) and ($3::text is null or queue = $3) and ($4::text is null or coalesce_key = $4)
      order by created_at desc, id limit $5`,
    [scope.tenantId, filters.status ?? null, filters.queue ?? null, filters.coalesceKey ?? null, filters.limit],
  );
  return rows.map((row) => toJob(row));
}

/** The tenant's jobs of one queue, newest first, their payloads typed. */
export async function listQueueJobs<Payload>(
  db: Queryable,
  scope: TenantScope,
  queue: QueueDefinition<Payload>,
  filters: Omit<JobFilters, 'queue'> & {
    /** Only these top-level keys of each result are read (a list needs a report's counts, not the report). */
    resultKeys?: readonly string[];
  },
): Promise<Array<Job<Payload>>> {
  const columns = filters.resultKeys
    ? JOB_COLUMNS.replace(/\bresult\b/, '(select jsonb_object_agg(key, result -> key) from unnest($6::text[]) key where result ? key) as result')
    : JOB_COLUMNS;
  const { rows } = await db.query<JobRow>(
    `select ${columns} from queue_jobs
      where tenant_id = $1 and queue = $2 and ($3::text is null or status = $3) and ($4::text is null or coalesce_key = $4)
      order by created_at desc, id limit $5`,
    [scope.tenantId, queue.name, filters.status ?? null, filters.coalesceKey ?? null, filters.limit, ...(filters.resultKeys ? [filters.resultKeys] : [])],
  );
  return rows.map((row) => toJob<Payload>(row));
}

/** The job a dedupe key names in a queue (a webhook's job by the helpdesk's event id). */
export async function findJobByDedupeKey<Payload>(db: Queryable, scope: TenantScope, queue: QueueDefinition<Payload>, dedupeKey: string): Promise<Job<Payload> | null> {
  const { rows } = await db.query<JobRow>(`select ${JOB_COLUMNS} from queue_jobs where tenant_id = $1 and queue = $2 and dedupe_key = $3`, [scope.tenantId, queue.name, dedupeKey]);
  return rows[0] ? toJob(rows[0]) : null;
}

/** The most recent failed job with a coalesce key in a queue (a ticket's dead-lettered nudge). */
export async function findLatestFailedJob<Payload>(db: Queryable, scope: TenantScope, queue: QueueDefinition<Payload>, coalesceKey: string): Promise<Job<Payload> | null> {
  const { rows } = await db.query<JobRow>(
    `select ${JOB_COLUMNS} from queue_jobs where tenant_id = $1 and queue = $2 and coalesce_key = $3 and status = 'failed' order by finished_at desc nulls last limit 1`,
    [scope.tenantId, queue.name, coalesceKey],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * Sends a dead-lettered job round again with fresh attempts (an operator's action). False when the
 * tenant has no failed job with that id.
 */
export async function retryFailedJob(db: Queryable, scope: TenantScope, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rowCount } = await db.query(
    `update queue_jobs set status = 'queued', attempts = 0, run_at = now(), finished_at = null, updated_at = now()
      where tenant_id = $1 and id = $2 and status = 'failed'`,
    [scope.tenantId, id],
  );
  return rowCount > 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs; a malformed one names no job (instead of a SQL cast error). */
function isUuid(value: string): boolean {
  return UUID.test(value);
}
