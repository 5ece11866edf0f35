import { randomUUID } from 'node:crypto';
import { isThreadlineError } from '../errors.js';
import type { Db } from '../db/types.js';
import { retryDelayMs } from './backoff.js';
import { QueueErrorCode, queueError } from './errors.js';
import type { Job } from './job.js';
import { claimJob, claimNextJob, completeJob, expireAllLeases, failJob, releaseJob, renewLease, type Lease } from './job-leases.js';
import { getJob } from './jobs-repository.js';
import type { QueueHandler } from './queue.js';
import { isRetryableError } from './retryable.js';
import { tenantScope } from '../tenant-scope.js';

/** The subset of a pino logger the worker uses. */
export interface QueueLogger {
  debug(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export interface WorkerOptions {
  db: Db;
  /** One per queue this worker serves (see `handle`). */
  handlers: readonly QueueHandler[];
  log?: QueueLogger;
  /** Names this worker in `locked_by`; default a random id. */
  workerId?: string;
  /** Jobs run at once by this process. Default 2. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs. Default 500 ms. */
  pollMs?: number;
  /** A running job whose worker sent no heartbeat for this long is taken by another. Default 30 s. */
  leaseMs?: number;
  /** Where leases, retries and results take their time from. Default the wall clock. */
  clock?: () => Date;
  /** Jitter source for the backoff. Default `Math.random`. */
  random?: () => number;
  /**
   * End every running job's lease on `start()`. Default: true on PGlite, whose data folder only
   * this process can open, so a running job there was left by a process that died; false on
   * Postgres, where another live worker may hold it (its lease runs out by itself).
   */
  resumeRunningOnStart?: boolean;
}

export interface Worker {
  readonly id: string;
  start(): Promise<void>;
  /**
   * Wakes one idle loop now (after an enqueue) instead of at the next poll. A loop that finds a job
   * while another is due wakes the next one, so a burst drains at full concurrency without every
   * enqueue waking every loop to race for one row.
   */
  nudge(): void;
  /**
   * Stops claiming and waits for the jobs in hand. Their handlers' signals are aborted: a handler
   * that stops early has its job queued again without counting the attempt.
   */
  stop(): Promise<void>;
  /** Claims and runs one due job to its end; the job as it ended, or null when none was due. */
  runNext(): Promise<Job | null>;
}

const silent: QueueLogger = { debug() {}, info() {}, warn() {}, error() {} };

function describeError(error: unknown): { message: string; code: string | null } {
  if (isThreadlineError(error)) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error), code: null };
}

/**
 * Runs the jobs of its queues: claim with SKIP LOCKED under a lease kept alive by heartbeats, run
 * the queue's handler, then succeeded; or, when it throws, queued again after a backoff with
 * jitter if the error is retryable (`isRetryableError`) and attempts remain, else failed for good
 * (the dead letter, visible through the jobs API with its error).
 *
 * @example
 * const worker = createWorker({ db, handlers: [handle(replayQueue, (job) => replay(job.payload))] });
 * await worker.start();
 * // … on shutdown
 * await worker.stop();
 */
export function createWorker(options: WorkerOptions): Worker {
  const id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const { db } = options;
  const log = options.log ?? silent;
  const handlers = new Map(options.handlers.map((handler) => [handler.queue, handler]));
  const queues = [...handlers.keys()];
  const concurrency = options.concurrency ?? 2;
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? 30_000;
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  let isRunning = false;
  let stopping = new AbortController();
  let loops: Promise<void>[] = [];
  let wake: Array<() => void> = [];

  // One idle loop polls on the timer, the others sleep until nudged: with 32 loops idle, every
  // loop polling on its own was 64 claim queries a second for nothing. A nudge (an enqueue here, or
  // a loop that found a job with more due) wakes a sleeper; a job enqueued elsewhere is found by the
  // poller, which then wakes the next loop, and so on while more jobs are due.
  let hasPoller = false;
  const idle = () =>
    new Promise<void>((resolve) => {
      const isPoller = !hasPoller;
      if (isPoller) hasPoller = true;
      const timer = isPoller ? setTimeout(done, pollMs) : undefined;
      function done(): void {
        clearTimeout(timer);
        const index = wake.indexOf(done);
        if (index >= 0) wake.splice(index, 1);
        if (isPoller) hasPoller = false;
        resolve();
      }
      wake.push(done);
    });

  async function settle(handler: QueueHandler, job: Job, lease: Lease, error: unknown): Promise<void> {
    const context = { jobId: job.id, queue: job.queue, tenantId: job.tenantId, attempt: job.attempts };
    const { message, code } = describeError(error);
    if (stopping.signal.aborted) {
      if (await releaseJob(db, lease, { now: clock() })) {
        log.info(context, 'job interrupted by shutdown; queued again');
        await handler.onFailure(job, { error, willRetry: true });
      }
      return;
    }
    const willRetry = isRetryableError(error) && job.attempts < job.maxAttempts;
    const now = clock();
    const retryInMs = willRetry ? retryDelayMs(job.attempts, handler.backoff, random) : 0;
    const retryAt = willRetry ? new Date(now.getTime() + retryInMs) : null;
    if (!(await failJob(db, lease, { now, message, code, retryAt }))) {
      log.warn({ ...context, err: error }, 'job failed after its lease ran out; the worker that took it over decides its outcome');
      return;
    }
    if (willRetry) log.warn({ ...context, err: error, retryInMs }, 'job failed; will retry');
    else log.error({ ...context, err: error }, 'job failed for good');
    await handler.onFailure(job, { error, willRetry });
  }

  async function runOne(job: Job): Promise<void> {
    const handler = handlers.get(job.queue);
    // Claims ask only for this worker's queues; were one missing, the lease would hand the job on.
    if (!handler) return log.error({ jobId: job.id, queue: job.queue }, 'no handler for the claimed job');
    const lease: Lease = { tenantId: job.tenantId, jobId: job.id, workerId: id };
    if (job.attempts > job.maxAttempts) {
      // Only a job taken over from dead workers gets here: every attempt ended in a crash.
      const error = queueError(QueueErrorCode.attemptsExhausted, `Gave up after ${job.maxAttempts} attempts: the worker stopped during each run`, { attempts: job.maxAttempts });
      if (await failJob(db, lease, { now: clock(), message: error.message, code: error.code, retryAt: null })) await handler.onFailure(job, { error, willRetry: false });
      log.error({ jobId: job.id, queue: job.queue, tenantId: job.tenantId }, 'job abandoned: its workers kept stopping');
      return;
    }
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, stopping.signal]);
    const renew = async (progress?: Parameters<typeof renewLease>[2]['progress']): Promise<void> => {
      const isHeld = await renewLease(db, lease, { now: clock(), leaseMs, ...(progress === undefined ? {} : { progress }) });
      if (!isHeld) lost.abort();
    };
    // The heartbeat keeps the lease while the job runs; a crashed worker stops renewing it.
    const heartbeat = setInterval(() => void renew().catch(() => {}), Math.max(10, Math.floor(leaseMs / 3)));
    try {
      const result = await handler.run(job, { signal, reportProgress: (progress) => renew(progress) });
      clearInterval(heartbeat);
      if (!lost.signal.aborted && (await completeJob(db, lease, { now: clock(), result }))) log.debug({ jobId: job.id, queue: job.queue }, 'job succeeded');
      else log.warn({ jobId: job.id, queue: job.queue }, 'job finished after its lease ran out; the worker that took it over decides its outcome');
    } catch (error) {
      clearInterval(heartbeat);
      if (lost.signal.aborted) log.warn({ jobId: job.id, queue: job.queue, err: error }, 'job stopped: another worker took it over');
      else await settle(handler, job, lease, error);
    }
  }

  async function runNext(): Promise<Job | null> {
    const job = await claimJob(db, { queues, workerId: id, now: clock(), leaseMs });
    if (!job) return null;
    await runOne(job);
    return getJob(db, tenantScope(job.tenantId), job.id);
  }

  function wakeOne(): void {
    wake.shift()?.();
  }

  async function loop(): Promise<void> {
    while (isRunning) {
      let job: Job | null = null;
      let hasMore = false;
      try {
        const claimed = await claimNextJob(db, { queues, workerId: id, now: clock(), leaseMs });
        job = claimed?.job ?? null;
        hasMore = claimed?.hasMore ?? false;
      } catch (error) {
        if (!isRunning) return;
        log.error({ err: error }, 'could not claim a job');
      }
      if (job && !isRunning) {
        // stop() came while this claim was in flight (it can take a job another loop just released on
        // stop): hand it back untouched rather than start work that nothing will wait for.
        await releaseJob(db, { tenantId: job.tenantId, jobId: job.id, workerId: id }, { now: clock() }).catch((error: unknown) => log.error({ err: error, jobId: job?.id }, 'could not release a job claimed during stop'));
        return;
      }
      if (job) {
        // Another loop is woken only for another due job: woken for nothing, it was one claim
        // query per event for nothing.
        if (hasMore) wakeOne();
        const claimed = job;
        // Recording the outcome needs the database; if it is away, the loop must live on. The lease
        // runs out and the job runs again once the database is back.
        await runOne(claimed).catch((error: unknown) => log.error({ err: error, jobId: claimed.id }, 'could not record the outcome of a job'));
      } else if (isRunning) await idle();
    }
  }

  return {
    id,
    async start() {
      if (isRunning) return;
      if (options.resumeRunningOnStart ?? db.driver === 'pglite') {
        const resumed = await expireAllLeases(db, { now: clock() });
        if (resumed > 0) log.info({ resumed }, 'jobs interrupted by a restart will run again');
      }
      isRunning = true;
      stopping = new AbortController();
      loops = Array.from({ length: concurrency }, () => loop());
    },
    nudge: wakeOne,
    runNext,
    async stop() {
      isRunning = false;
      stopping.abort();
      for (const resolve of [...wake]) resolve();
      wake = [];
      await Promise.all(loops);
      loops = [];
    },
  };
}
