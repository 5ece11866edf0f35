import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { migrate, type Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { migrationSets } from '../src/migrations.js';
import { ThreadlineError } from '@threadline/platform';
import { createWorker } from '../src/jobs/worker.js';
import { claimJob, completeJob, enqueueJob, failJob, getJob, releaseStaleJobs, retryJob } from '../src/jobs/jobs-repository.js';

const noop = () => {};
const silentLog = { level: 'silent', fatal: noop, error: noop, warn: noop, info: noop, debug: noop, trace: noop, silent: noop, child: () => silentLog } as unknown as FastifyBaseLogger;

describe.each(testDatabases())('the job queue on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  beforeEach(async () => {
    db = await create();
    await migrate(db, migrationSets);
    tenantId = (await db.query<{ id: string }>(`insert into tenants (slug, name) values ('acme', 'Acme') returning id`)).rows[0]!.id;
  });
  afterEach(async () => {
    await db.close();
  });

  it('enqueues a redelivered event once', async () => {
    const first = await enqueueJob(db, { tenantId, queue: 'q', payload: { n: 1 }, dedupeKey: 'evt-1' });
    const second = await enqueueJob(db, { tenantId, queue: 'q', payload: { n: 2 }, dedupeKey: 'evt-1' });
    expect(first.isDuplicate).toBe(false);
    expect(second).toMatchObject({ isDuplicate: true, job: { id: first.job.id, payload: { n: 1 } } });
  });

  it('joins a nudge to the queued job with the same coalesce key, but not to one that has started', async () => {
    const first = await enqueueJob(db, { tenantId, queue: 'q', payload: { n: 1 }, coalesceKey: 'ticket:7' });
    const joined = await enqueueJob(db, { tenantId, queue: 'q', payload: { n: 2 }, coalesceKey: 'ticket:7' });
    expect(joined).toMatchObject({ isDuplicate: true, job: { id: first.job.id } });
    expect((await claimJob(db, ['q'], 'w'))?.id).toBe(first.job.id);
    const successor = await enqueueJob(db, { tenantId, queue: 'q', payload: { n: 3 }, coalesceKey: 'ticket:7' });
    expect(successor.isDuplicate).toBe(false);
    const other = await enqueueJob(db, { tenantId, queue: 'q', payload: { n: 4 }, coalesceKey: 'ticket:8' });
    // The successor waits while its ticket's job runs; another ticket's job does not.
    expect((await claimJob(db, ['q'], 'w'))?.id).toBe(other.job.id);
    expect(await claimJob(db, ['q'], 'w')).toBeNull();
    expect(await completeJob(db, first.job.id, 'w', null)).toBe(true);
    expect((await claimJob(db, ['q'], 'w'))?.id).toBe(successor.job.id);
  });

  it('gives a job to one worker at a time, even when two claim at once', async () => {
    await enqueueJob(db, { tenantId, queue: 'q', payload: {} });
    const claims = await Promise.all([claimJob(db, ['q'], 'a'), claimJob(db, ['q'], 'b')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('retries a failing job with backoff and keeps it visible as failed after its last attempt', async () => {
    const { job } = await enqueueJob(db, { tenantId, queue: 'q', payload: {}, maxAttempts: 2 });
    let claimed = (await claimJob(db, ['q'], 'w'))!;
    expect(await failJob(db, claimed, 'w', 'boom 1', 60_000)).toBe('queued');
    expect(await claimJob(db, ['q'], 'w')).toBeNull();
    await db.query(`update jobs set run_at = now() where id = $1`, [job.id]);
    claimed = (await claimJob(db, ['q'], 'w'))!;
    expect(claimed.attempts).toBe(2);
    expect(await failJob(db, claimed, 'w', 'boom 2', 60_000)).toBe('failed');
    expect(await getJob(db, tenantId, job.id)).toMatchObject({ status: 'failed', lastError: 'boom 2' });
    expect(await retryJob(db, tenantId, job.id)).toBe(true);
    expect(await getJob(db, tenantId, job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('hands a job whose worker went silent to another, and ignores the first worker finishing late', async () => {
    const { job } = await enqueueJob(db, { tenantId, queue: 'q', payload: {} });
    await claimJob(db, ['q'], 'dead');
    await db.query(`update jobs set locked_at = now() - interval '1 minute' where id = $1`, [job.id]);
    expect(await releaseStaleJobs(db, 30_000)).toBe(1);
    const retaken = (await claimJob(db, ['q'], 'alive'))!;
    expect(retaken.id).toBe(job.id);
    expect(await completeJob(db, job.id, 'dead', { late: true })).toBe(false);
    expect(await completeJob(db, job.id, 'alive', { ok: true })).toBe(true);
    expect(await getJob(db, tenantId, job.id)).toMatchObject({ status: 'done', result: { ok: true } });
  });

  it("never shows one tenant another tenant's jobs", async () => {
    const other = (await db.query<{ id: string }>(`insert into tenants (slug, name) values ('globex', 'Globex') returning id`)).rows[0]!.id;
    const { job } = await enqueueJob(db, { tenantId, queue: 'q', payload: {} });
    expect(await getJob(db, other, job.id)).toBeNull();
    expect(await retryJob(db, other, job.id)).toBe(false);
  });

  it('dead-letters a job at once when its error is the caller\'s (a refusal), and retries an upstream failure', async () => {
    const refused = await enqueueJob(db, { tenantId, queue: 'refuse', payload: {} });
    const flaky = await enqueueJob(db, { tenantId, queue: 'flaky', payload: {} });
    const worker = createWorker({
      db,
      log: silentLog,
      handlers: {
        refuse: async () => {
          throw new ThreadlineError({ code: 'WRITEBACK_REFUSED', category: 'user', status: 422, message: 'The helpdesk refused the write: Group: is invalid' });
        },
        flaky: async () => {
          throw new ThreadlineError({ code: 'WRITEBACK_FAILED', category: 'upstream', message: 'Writing to the helpdesk failed: 503' });
        },
      },
      concurrency: 2,
      // The retry lies far beyond the test: a queued job stays queued.
      retryBaseMs: 600_000,
    });
    worker.start();
    try {
      await expect.poll(async () => (await getJob(db, tenantId, refused.job.id))?.status, { timeout: 60_000 }).toBe('failed');
      await expect.poll(async () => (await getJob(db, tenantId, flaky.job.id))?.attempts, { timeout: 60_000 }).toBe(1);
      await expect.poll(async () => (await getJob(db, tenantId, flaky.job.id))?.status, { timeout: 60_000 }).toBe('queued');
    } finally {
      await worker.stop();
    }
    expect(await getJob(db, tenantId, refused.job.id)).toMatchObject({ status: 'failed', attempts: 1, maxAttempts: 5, lastError: expect.stringContaining('Group: is invalid') });
  });

  it('drains a burst at full concurrency from a single nudge, without waiting for the poll', async () => {
    let running = 0;
    let peak = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const worker = createWorker({
      db,
      log: silentLog,
      handlers: {
        q: async () => {
          running++;
          peak = Math.max(peak, running);
          if (peak === 3) release();
          await gate;
          running--;
        },
      },
      concurrency: 3,
      // Far beyond the test's time: only nudges can start these jobs.
      pollMs: 600_000,
    });
    worker.start();
    try {
      // Let every loop find the queue empty and go idle first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let index = 0; index < 5; index++) await enqueueJob(db, { tenantId, queue: 'q', payload: { index } });
      // One nudge wakes one loop; each loop that finds a job wakes the next.
      worker.nudge();
      await gate;
      expect(peak).toBe(3);
      await expect.poll(async () => (await db.query<{ n: number }>(`select count(*)::int as n from jobs where status = 'done'`)).rows[0]?.n, { timeout: 120_000 }).toBe(5);
    } finally {
      release();
      await worker.stop();
    }
  });
});
