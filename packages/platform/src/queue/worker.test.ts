import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ThreadlineError } from '../errors.js';
import { migrate, platformMigrations, type Db } from '../db/index.js';
import { tenantScope } from '../tenant-scope.js';
import { testDatabases } from '../testing/index.js';
import { claimJob, completeJob, renewLease } from './job-leases.js';
import { enqueueJob, getJob, listJobs, listQueueJobs, retryFailedJob } from './jobs-repository.js';
import { defineQueue, handle, type JobFailure, type QueueHandler } from './queue.js';
import { createWorker, type Worker } from './worker.js';

const LEASE_MS = 30_000;

/**
 * A clock the test moves by hand. It starts a minute ahead of the database's `now()`, which stamps
 * enqueued jobs, so a job enqueued during the test is due whatever the machine's speed.
 */
function manualClock() {
  let now = Date.now() + 60_000;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe.each(testDatabases())('job queue on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  let clock: ReturnType<typeof manualClock>;
  const echo = defineQueue<{ text: string }>('test.echo', { maxAttempts: 3, backoff: { baseMs: 1_000, maxMs: 60_000 } });

  beforeAll(async () => {
    db = await create();
    await migrate(db, [platformMigrations]);
  });
  afterAll(async () => db.close());
  beforeEach(async () => {
    // One queue serves every tenant: each test starts with it empty.
    await db.query('delete from queue_jobs');
    tenantId = (await db.query<{ id: string }>(`insert into tenants (slug, name) values ($1, 'T') returning id`, [`t-${Math.random().toString(36).slice(2, 10)}`])).rows[0]!.id;
    clock = manualClock();
  });

  const worker = (handlers: QueueHandler[], extra: { workerId?: string } = {}): Worker =>
    createWorker({ db, handlers, clock: clock.now, random: () => 0.5, leaseMs: LEASE_MS, resumeRunningOnStart: false, ...extra });

  it('runs a job to succeeded with its typed payload and result', async () => {
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'hi' } });
    const done = await worker([handle(echo, async (claimed) => ({ said: claimed.payload.text.toUpperCase() }))]).runNext();
    expect(done).toMatchObject({ id: job.id, status: 'succeeded', attempts: 1, result: { said: 'HI' }, lastError: null, lockedBy: null });
    expect(done?.finishedAt).toEqual(clock.now());
  });

  it('lists a queue reading only the result keys asked for, newest first', async () => {
    const big = { tickets: 2, items: ['a long reply', 'another long reply'] };
    const { job: done } = await enqueueJob(db, echo, { tenantId, payload: { text: 'report' } });
    await worker([handle(echo, async () => big)]).runNext();
    const { job: queued } = await enqueueJob(db, echo, { tenantId, payload: { text: 'later' } });
    const listed = await listQueueJobs(db, tenantScope(tenantId), echo, { limit: 10, resultKeys: ['tickets', 'absent'] });
    expect(listed.map((job) => [job.id, job.result])).toEqual([
      [queued.id, null],
      [done.id, { tickets: 2 }],
    ]);
    expect((await listQueueJobs(db, tenantScope(tenantId), echo, { limit: 10 }))[1]?.result).toEqual(big);
  });

  it('retries a retryable error after the backoff, not before', async () => {
    let calls = 0;
    const failures: JobFailure[] = [];
    const flaky = handle(
      echo,
      async () => {
        calls += 1;
        if (calls === 1) throw new ThreadlineError({ code: 'VENDOR_UNAVAILABLE', category: 'upstream', message: 'answered 503' });
        return 'ok';
      },
      { onFailure: async (_job, failure) => void failures.push(failure) },
    );
    const queue = worker([flaky]);
    await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    const first = await queue.runNext();
    // Attempt 1 with base 1 s and the jitter source in the middle: exactly 1 s later.
    expect(first).toMatchObject({ status: 'queued', attempts: 1, lastError: 'answered 503', errorCode: 'VENDOR_UNAVAILABLE' });
    expect(first?.runAt.getTime()).toBe(clock.now().getTime() + 1_000);
    expect(failures.map((failure) => failure.willRetry)).toEqual([true]);
    clock.advance(999);
    expect(await queue.runNext()).toBeNull();
    clock.advance(2);
    expect(await queue.runNext()).toMatchObject({ status: 'succeeded', attempts: 2, lastError: null, errorCode: null });
  });

  it('sends a non-retryable error to the dead letter at once, and an operator retry runs it again', async () => {
    let calls = 0;
    const failures: JobFailure[] = [];
    const refusing = handle(
      echo,
      async () => {
        calls += 1;
        if (calls === 1) throw new ThreadlineError({ code: 'VENDOR_REFUSED', category: 'user', message: 'ticket is closed' });
        return 'ok';
      },
      { onFailure: async (_job, failure) => void failures.push(failure) },
    );
    const queue = worker([refusing]);
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    expect(await queue.runNext()).toMatchObject({ status: 'failed', attempts: 1, lastError: 'ticket is closed', errorCode: 'VENDOR_REFUSED' });
    expect(failures.map((failure) => failure.willRetry)).toEqual([false]);
    expect((await listJobs(db, tenantScope(tenantId), { status: 'failed', limit: 10 })).map((entry) => entry.id)).toEqual([job.id]);

    expect(await retryFailedJob(db, tenantScope(tenantId), job.id)).toBe(true);
    expect(await retryFailedJob(db, tenantScope(tenantId), job.id)).toBe(false);
    expect(await queue.runNext()).toMatchObject({ id: job.id, status: 'succeeded', attempts: 1 });
  });

  it('gives up on a retryable error when the attempts are used up', async () => {
    const queue = worker([handle(echo, async () => Promise.reject(new Error('socket hang up')))]);
    await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    expect(await queue.runNext()).toMatchObject({ status: 'queued', attempts: 1 });
    clock.advance(60_000);
    expect(await queue.runNext()).toMatchObject({ status: 'queued', attempts: 2 });
    clock.advance(60_000);
    expect(await queue.runNext()).toMatchObject({ status: 'failed', attempts: 3, lastError: 'socket hang up', errorCode: null });
  });

  it("takes a crashed worker's job again once its lease expires, and the late worker's outcome no longer counts", async () => {
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    const crashed = await claimJob(db, { queues: [echo.name], workerId: 'crashed', now: clock.now(), leaseMs: LEASE_MS });
    expect(crashed?.id).toBe(job.id);
    const queue = worker([handle(echo, async () => 'second run')]);
    clock.advance(LEASE_MS - 1);
    expect(await queue.runNext()).toBeNull();
    clock.advance(2);
    expect(await queue.runNext()).toMatchObject({ id: job.id, status: 'succeeded', attempts: 2, result: 'second run' });
    expect(await completeJob(db, { tenantId, jobId: job.id, workerId: 'crashed' }, { now: clock.now(), result: 'late' })).toBe(false);
    expect(await getJob(db, tenantScope(tenantId), job.id)).toMatchObject({ result: 'second run' });
  });

  it('keeps a job whose worker sends heartbeats', async () => {
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    await claimJob(db, { queues: [echo.name], workerId: 'alive', now: clock.now(), leaseMs: LEASE_MS });
    const lease = { tenantId, jobId: job.id, workerId: 'alive' };
    const other = worker([handle(echo, async () => 'stolen')]);
    for (let beat = 0; beat < 4; beat++) {
      clock.advance(LEASE_MS / 2);
      expect(await renewLease(db, lease, { now: clock.now(), leaseMs: LEASE_MS, progress: { beat } })).toBe(true);
      expect(await other.runNext()).toBeNull();
    }
    expect(await getJob(db, tenantScope(tenantId), job.id)).toMatchObject({ status: 'running', lockedBy: 'alive', progress: { beat: 3 } });
  });

  it('gives up on a job whose workers died on every attempt', async () => {
    const failures: JobFailure[] = [];
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'x' }, maxAttempts: 1 });
    await claimJob(db, { queues: [echo.name], workerId: 'crashed', now: clock.now(), leaseMs: LEASE_MS });
    clock.advance(LEASE_MS + 1);
    const ran: string[] = [];
    const outcome = await worker([handle(echo, async () => void ran.push('ran'), { onFailure: async (_job, failure) => void failures.push(failure) })]).runNext();
    expect(outcome).toMatchObject({ id: job.id, status: 'failed', attempts: 2, errorCode: 'QUEUE_ATTEMPTS_EXHAUSTED' });
    expect(ran).toEqual([]);
    expect(failures.map((failure) => failure.willRetry)).toEqual([false]);
  });

  it('saves progress a handler reports', async () => {
    await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    const done = await worker([
      handle(echo, async (_job, context) => {
        await context.reportProgress({ seen: 5 });
        return null;
      }),
    ]).runNext();
    expect(done).toMatchObject({ status: 'succeeded', progress: { seen: 5 } });
  });

  it('dedupes by key for good and coalesces only while queued, unless asked to join a running job', async () => {
    const first = await enqueueJob(db, echo, { tenantId, payload: { text: 'a' }, dedupeKey: 'event-1' });
    expect(await enqueueJob(db, echo, { tenantId, payload: { text: 'b' }, dedupeKey: 'event-1' })).toMatchObject({ isDuplicate: true, job: { id: first.job.id } });

    const nudge = await enqueueJob(db, echo, { tenantId, payload: { text: 'a' }, coalesceKey: 'ticket:1' });
    expect(await enqueueJob(db, echo, { tenantId, payload: { text: 'b' }, coalesceKey: 'ticket:1' })).toMatchObject({ isDuplicate: true, job: { id: nudge.job.id } });
    await db.query(`update queue_jobs set status = 'running', locked_by = 'w', lease_expires_at = now() + interval '1 hour' where id = $1`, [nudge.job.id]);
    expect(await enqueueJob(db, echo, { tenantId, payload: { text: 'c' }, coalesceKey: 'ticket:1', coalesceWhile: 'open' })).toMatchObject({ isDuplicate: true, job: { id: nudge.job.id } });
    const successor = await enqueueJob(db, echo, { tenantId, payload: { text: 'd' }, coalesceKey: 'ticket:1' });
    expect(successor.isDuplicate).toBe(false);

    // The successor waits while the ticket's job runs; the deduped job does not.
    const queue = worker([handle(echo, async () => null)]);
    expect(await queue.runNext()).toMatchObject({ id: first.job.id });
    expect(await queue.runNext()).toBeNull();
  });

  it('coalesces within a tenant only, and finds a deduped job when nothing open has the coalesce key', async () => {
    const other = (await db.query<{ id: string }>(`insert into tenants (slug, name) values ($1, 'O') returning id`, [`o-${Math.random().toString(36).slice(2, 10)}`])).rows[0]!.id;
    const theirs = await enqueueJob(db, echo, { tenantId: other, payload: { text: 'theirs' }, coalesceKey: 'ticket:1' });
    const ours = await enqueueJob(db, echo, { tenantId, payload: { text: 'ours' }, coalesceKey: 'ticket:1' });
    expect(ours).toMatchObject({ isDuplicate: false, job: { tenantId, payload: { text: 'ours' } } });
    expect(ours.job.id).not.toBe(theirs.job.id);

    // Both keys: the dedupe key's job is found once the coalesced one is no longer open.
    const both = await enqueueJob(db, echo, { tenantId, payload: { text: 'e' }, dedupeKey: 'event-2', coalesceKey: 'ticket:2' });
    await db.query(`update queue_jobs set status = 'succeeded' where id = $1`, [both.job.id]);
    expect(await enqueueJob(db, echo, { tenantId, payload: { text: 'f' }, dedupeKey: 'event-2', coalesceKey: 'ticket:2' })).toMatchObject({ isDuplicate: true, job: { id: both.job.id, status: 'succeeded' } });
    expect((await listJobs(db, tenantScope(tenantId), { limit: 10 })).map((job) => job.payload)).toEqual(expect.arrayContaining([{ text: 'ours' }, { text: 'e' }]));
    expect(await listJobs(db, tenantScope(tenantId), { limit: 10 })).toHaveLength(2);
  });

  it('on stop, queues an interrupted job again without counting the attempt', async () => {
    let started: (() => void) | undefined;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const queue = worker([
      handle(echo, async (_job, context) => {
        started?.();
        await new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      }),
    ]);
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    await queue.start();
    await isStarted;
    await queue.stop();
    expect(await getJob(db, tenantScope(tenantId), job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });

  it("never shows, lists or retries another tenant's jobs", async () => {
    const other = (await db.query<{ id: string }>(`insert into tenants (slug, name) values ($1, 'O') returning id`, [`o-${Math.random().toString(36).slice(2, 10)}`])).rows[0]!.id;
    const { job } = await enqueueJob(db, echo, { tenantId, payload: { text: 'x' } });
    await db.query(`update queue_jobs set status = 'failed' where id = $1`, [job.id]);
    expect(await getJob(db, tenantScope(other), job.id)).toBeNull();
    expect(await listJobs(db, tenantScope(other), { limit: 10 })).toEqual([]);
    expect(await retryFailedJob(db, tenantScope(other), job.id)).toBe(false);
    expect(await getJob(db, tenantScope(tenantId), 'not-a-uuid')).toBeNull();
  });
});
