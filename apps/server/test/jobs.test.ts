import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ThreadlineError } from '@threadline/platform';
import { createWorker, enqueueJob, handle, type Job } from '@threadline/platform/queue';
import { createApiKey, createTenant } from '../src/tenants/tenants-repository.js';
import { replayQueue } from '../src/jobs/queues.js';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';

async function appWithTenants(): Promise<{ app: FastifyInstance; tenantId: string; auth: { authorization: string }; otherAuth: { authorization: string } }> {
  // The worker stays off: the tests run jobs with a worker of their own.
  const app = await buildApp(testConfig({ sync: { intervalMs: 0 } }), { logger: false, runWorker: false });
  await app.ready();
  const tenant = await createTenant(app.db, { slug: 'acme', name: 'Acme' });
  const other = await createTenant(app.db, { slug: 'globex', name: 'Globex' });
  return {
    app,
    tenantId: tenant.id,
    auth: { authorization: `Bearer ${await createApiKey(app.db, tenant.id)}` },
    otherAuth: { authorization: `Bearer ${await createApiKey(app.db, other.id)}` },
  };
}

describe('jobs API', () => {
  it('lists a dead letter under status=failed with its error, and sends it round again on retry', async () => {
    const { app, tenantId, auth, otherAuth } = await appWithTenants();
    try {
      const { job } = await enqueueJob(app.db, replayQueue, { tenantId, payload: { limit: 5 } });
      const refusing = createWorker({
        db: app.db,
        handlers: [
          handle(replayQueue, async () => {
            throw new ThreadlineError({ code: 'WRITEBACK_REFUSED', category: 'user', message: 'The helpdesk refused the write: Group: is invalid' });
          }),
        ],
      });
      expect(await refusing.runNext()).toMatchObject({ id: job.id, status: 'failed' });

      const dead = await app.inject({ method: 'GET', url: '/v1/jobs?status=failed', headers: auth });
      expect(dead.statusCode).toBe(200);
      expect(dead.json().jobs).toEqual([
        expect.objectContaining({ id: job.id, queue: 'agent.replay', status: 'failed', attempts: 1, lastError: expect.stringContaining('Group: is invalid'), errorCode: 'WRITEBACK_REFUSED' }),
      ]);
      expect((await app.inject({ method: 'GET', url: '/v1/jobs?status=done', headers: auth })).statusCode).toBe(400);

      expect((await app.inject({ method: 'POST', url: `/v1/jobs/${job.id}/retry`, headers: otherAuth })).statusCode).toBe(404);
      const retried = await app.inject({ method: 'POST', url: `/v1/jobs/${job.id}/retry`, headers: auth });
      expect(retried.statusCode).toBe(202);
      expect(retried.json()).toMatchObject({ id: job.id, status: 'queued', attempts: 0 });
      const again = await app.inject({ method: 'POST', url: `/v1/jobs/${job.id}/retry`, headers: auth });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('SERVER_JOB_NOT_FAILED');
    } finally {
      await app.close();
    }
  });

  it('gives a job to one worker at a time, even when two claim at once', async () => {
    const { app, tenantId } = await appWithTenants();
    try {
      await enqueueJob(app.db, replayQueue, { tenantId, payload: { limit: 1 } });
      const ran: string[] = [];
      const workers = ['a', 'b'].map((workerId) => createWorker({ db: app.db, workerId, handlers: [handle(replayQueue, async () => void ran.push(workerId))] }));
      const outcomes = await Promise.all(workers.map((worker) => worker.runNext()));
      expect(outcomes.filter((outcome): outcome is Job => outcome !== null)).toHaveLength(1);
      expect(ran).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('drains a burst at full concurrency from a single nudge, without waiting for the poll', async () => {
    const { app, tenantId } = await appWithTenants();
    let running = 0;
    let peak = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const worker = createWorker({
      db: app.db,
      handlers: [
        handle(replayQueue, async () => {
          running++;
          peak = Math.max(peak, running);
          if (peak === 3) release();
          await gate;
          running--;
        }),
      ],
      concurrency: 3,
      // Far beyond the test's time: only nudges can start these jobs.
      pollMs: 600_000,
    });
    await worker.start();
    try {
      // Let every loop find the queue empty and go idle first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let index = 0; index < 5; index++) await enqueueJob(app.db, replayQueue, { tenantId, payload: { limit: index + 1 } });
      // One nudge wakes one loop; each loop that finds a job wakes the next.
      worker.nudge();
      await gate;
      expect(peak).toBe(3);
      await expect
        .poll(async () => (await app.db.query<{ n: number }>(`select count(*)::int as n from queue_jobs where status = 'succeeded'`)).rows[0]?.n, { timeout: 120_000 })
        .toBe(5);
    } finally {
      release();
      await worker.stop();
      await app.close();
    }
  });
});
