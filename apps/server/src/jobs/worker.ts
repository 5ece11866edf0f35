import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { isThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { claimJob, completeJob, failJob, heartbeatJob, releaseStaleJobs, type Job } from './jobs-repository.js';

export type JobHandler = (job: Job) => Promise<unknown>;

export interface WorkerOptions {
  db: Db;
  log: FastifyBaseLogger;
  handlers: Record<string, JobHandler>;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  /** A running job whose worker has been silent this long is handed to another. */
  leaseMs?: number;
  /** First retry delay; doubles each attempt, with jitter. */
  retryBaseMs?: number;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /**
   * Wakes one idle loop now (after an enqueue) instead of at the next poll. A loop that finds a job
   * wakes the next one, so a burst drains at full concurrency without every enqueue waking every
   * loop to race for one row.
   */
  nudge(): void;
  /** Stops claiming and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
}

/**
 * Runs queued jobs: claim with SKIP LOCKED, run the queue's handler, then done, or retried with
 * exponential backoff, or failed for good after `maxAttempts` or on a `user` error (visible through
 * the jobs API).
 */
export function createWorker(options: WorkerOptions): Worker {
  const id = `worker-${randomUUID().slice(0, 8)}`;
  const queues = Object.keys(options.handlers);
  const concurrency = options.concurrency ?? 2;
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? 30_000;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  let isRunning = false;
  let loops: Promise<void>[] = [];
  let wake: Array<() => void> = [];

  // One idle loop polls on the timer, the others sleep until nudged: with 32 loops idle, every
  // loop polling on its own was 64 claim queries a second for nothing. A nudge (an enqueue here, or
  // a loop that found a job) wakes a sleeper; a job enqueued elsewhere is found by the poller, which
  // then wakes the next loop, and so on while jobs are found.
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

  async function runOne(job: Job): Promise<void> {
    const handler = options.handlers[job.queue];
    const log = options.log.child({ jobId: job.id, queue: job.queue, tenantId: job.tenantId, attempt: job.attempts });
    // The heartbeat keeps the lease while the job runs; a crashed worker stops renewing it.
    const heartbeat = setInterval(() => {
      void heartbeatJob(options.db, job.id, id).catch(() => {});
    }, leaseMs / 3);
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      const result = await handler(job);
      if (await completeJob(options.db, job.id, id, result)) log.debug('job done');
      else log.warn('job finished after its lease ran out; the worker that took it over decides its outcome');
    } catch (error) {
      const delay = retryBaseMs * 2 ** (job.attempts - 1) * (0.75 + Math.random() * 0.5);
      // A `user` error (the helpdesk refused a write, a ticket is gone) fails the same way on every
      // attempt: it goes to the dead-letter list at once, with its reason, for a person to act on.
      const isPermanent = isThreadlineError(error) && error.category === 'user';
      const status = await failJob(options.db, job, id, (error as Error).message ?? String(error), delay, { isPermanent });
      if (status === null) log.warn({ err: error }, 'job failed after its lease ran out; the worker that took it over decides its outcome');
      else if (status === 'failed') log.error({ err: error }, 'job failed for good');
      else log.warn({ err: error, retryInMs: Math.round(delay) }, 'job failed; will retry');
    } finally {
      clearInterval(heartbeat);
    }
  }

  function wakeOne(): void {
    wake.shift()?.();
  }

  let lastReleaseAt = 0;
  async function loop(): Promise<void> {
    while (isRunning) {
      let job: Job | null = null;
      try {
        if (Date.now() - lastReleaseAt > leaseMs / 2) {
          lastReleaseAt = Date.now();
          const released = await releaseStaleJobs(options.db, leaseMs);
          if (released > 0) options.log.warn({ released }, 'requeued jobs whose worker stopped');
        }
        job = await claimJob(options.db, queues, id);
      } catch (error) {
        if (!isRunning) return;
        options.log.error({ err: error }, 'could not claim a job');
      }
      if (job) {
        wakeOne();
        // Recording the outcome needs the database; if it is away, the loop must live on. The lease
        // runs out and the job runs again once the database is back.
        await runOne(job).catch((error: unknown) => options.log.error({ err: error, jobId: job.id }, 'could not record the outcome of a job'));
      } else if (isRunning) await idle();
    }
  }

  return {
    id,
    start() {
      if (isRunning) return;
      isRunning = true;
      loops = Array.from({ length: concurrency }, () => loop());
    },
    nudge: wakeOne,
    async stop() {
      isRunning = false;
      for (const resolve of [...wake]) resolve();
      wake = [];
      await Promise.all(loops);
      loops = [];
    },
  };
}
