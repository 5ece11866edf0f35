import type { JsonValue } from '../errors.js';
import type { Queryable } from '../db/types.js';
import { toJob, type Job, type JobRow } from './job.js';

/** A worker's hold on one claimed job. Every write below holds only while the lease does. */
export interface Lease {
  tenantId: string;
  jobId: string;
  workerId: string;
}

/** Times come from the worker's clock, not the database's, so tests can move them. */
interface At {
  now: Date;
}

/**
 * Claims the next job of the given queues: a queued job whose time has come, or a running one
 * whose lease ran out (its worker died). A job whose coalesce key has another job running waits
 * for it: two jobs looking at one ticket at once could both answer its latest message.
 * `FOR UPDATE SKIP LOCKED` lets several workers poll one database without taking the same job.
 *
 * The one query not scoped to a tenant: a worker serves every tenant's jobs. Everything done with
 * the claimed job is scoped to the job's tenant.
 */
export async function claimJob(db: Queryable, input: At & { queues: readonly string[]; workerId: string; leaseMs: number }): Promise<Job | null> {
  return (await claimNextJob(db, input))?.job ?? null;
}

/**
 * `claimJob`, also telling whether another job of these queues was due beside the one claimed
 * (as the claim saw the table; one held by another worker's claim in flight counts): a worker
 * wakes another loop only then, instead of sending it to find nothing.
 */
export async function claimNextJob(db: Queryable, input: At & { queues: readonly string[]; workerId: string; leaseMs: number }): Promise<{ job: Job; hasMore: boolean } | null> {
  const { rows } = await db.query<JobRow & { has_more: boolean }>(
    `with next as (
       select q.id from queue_jobs q
        where q.queue = any($1::text[])
          and ((q.status = 'queued' and q.run_at <= $3) or (q.status = 'running' and q.lease_expires_at <= $3))
          and (q.coalesce_key is null or q.status = 'running' or not exists (
            select 1 from queue_jobs r
             where r.tenant_id = q.tenant_id and r.queue = q.queue and r.coalesce_key = q.coalesce_key and r.status = 'running'))
        order by q.run_at, q.created_at
        for update skip locked
        limit 1
     )
     update queue_jobs j
        set status = 'running', attempts = j.attempts + 1, locked_by = $2, heartbeat_at = $3,
            lease_expires_at = $3::timestamptz + make_interval(secs => $4::double precision / 1000),
            started_at = coalesce(j.started_at, $3), updated_at = $3
       from next
      where j.id = next.id
      returning j.*, exists (
        select 1 from queue_jobs m
         where m.id <> j.id and m.queue = any($1::text[])
           and ((m.status = 'queued' and m.run_at <= $3) or (m.status = 'running' and m.lease_expires_at <= $3))
      ) as has_more`,
    [input.queues, input.workerId, input.now, input.leaseMs],
  );
  const row = rows[0];
  return row ? { job: toJob(row), hasMore: row.has_more === true } : null;
}

/**
 * The heartbeat: extends the lease and, when given, saves the handler's progress. False when the
 * worker no longer holds the job (its lease ran out and another worker took it): stop working on it.
 */
export async function renewLease(db: Queryable, lease: Lease, input: At & { leaseMs: number; progress?: JsonValue }): Promise<boolean> {
  const { rowCount } = await db.query(
    `update queue_jobs
        set heartbeat_at = $4, lease_expires_at = $4::timestamptz + make_interval(secs => $5::double precision / 1000),
            progress = coalesce($6::jsonb, progress), updated_at = $4
      where tenant_id = $1 and id = $2 and locked_by = $3 and status = 'running'`,
    [lease.tenantId, lease.jobId, lease.workerId, input.now, input.leaseMs, input.progress === undefined ? null : JSON.stringify(input.progress)],
  );
  return rowCount > 0;
}

/** Marks the job succeeded with its result. False when the lease was lost: the new holder decides. */
export async function completeJob(db: Queryable, lease: Lease, input: At & { result: unknown }): Promise<boolean> {
  const { rowCount } = await db.query(
    `update queue_jobs
        set status = 'succeeded', result = $4::jsonb, last_error = null, error_code = null, locked_by = null, lease_expires_at = null,
            finished_at = $5, updated_at = $5
      where tenant_id = $1 and id = $2 and locked_by = $3 and status = 'running'`,
    [lease.tenantId, lease.jobId, lease.workerId, JSON.stringify(input.result ?? null), input.now],
  );
  return rowCount > 0;
}

/**
 * Records a failed attempt: queued again for `retryAt`, or, with `retryAt: null`, failed for good
 * (the dead letter). False when the lease was lost.
 */
export async function failJob(db: Queryable, lease: Lease, input: At & { message: string; code: string | null; retryAt: Date | null }): Promise<boolean> {
  const { rowCount } = await db.query(
    `update queue_jobs
        set status = case when $6::timestamptz is null then 'failed' else 'queued' end,
            run_at = coalesce($6::timestamptz, run_at),
            finished_at = case when $6::timestamptz is null then $7::timestamptz else null end,
            last_error = $4, error_code = $5, locked_by = null, lease_expires_at = null, updated_at = $7
      where tenant_id = $1 and id = $2 and locked_by = $3 and status = 'running'`,
    [lease.tenantId, lease.jobId, lease.workerId, input.message.slice(0, 2000), input.code, input.retryAt, input.now],
  );
  return rowCount > 0;
}

/** Puts a job back at once without counting the attempt: the worker is stopping, not the job failing. */
export async function releaseJob(db: Queryable, lease: Lease, input: At): Promise<boolean> {
  const { rowCount } = await db.query(
    `update queue_jobs
        set status = 'queued', attempts = greatest(attempts - 1, 0), run_at = $4, locked_by = null, lease_expires_at = null, updated_at = $4
      where tenant_id = $1 and id = $2 and locked_by = $3 and status = 'running'`,
    [lease.tenantId, lease.jobId, lease.workerId, input.now],
  );
  return rowCount > 0;
}

/**
 * Ends every running job's lease now, so the next claim takes it over. Right for an embedded
 * (PGlite) database at start, which only this process can open: a running job there belongs to a
 * process that is gone. On Postgres another live worker may hold it; leases run out by themselves.
 */
export async function expireAllLeases(db: Queryable, input: At): Promise<number> {
  const { rowCount } = await db.query(`update queue_jobs set lease_expires_at = $1, updated_at = $1 where status = 'running' and lease_expires_at > $1`, [input.now]);
  return rowCount;
}
