import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, QueryResult } from '@threadline/platform/db';
import { createWorker } from './worker.js';

const silent = { child: () => silent, debug() {}, info() {}, warn() {}, error() {} } as unknown as FastifyBaseLogger;

/**
 * A queue that answers claims from a list of due jobs and records when each claim came. Only the
 * statements the worker sends are understood.
 */
function fakeQueue() {
  const claims: number[] = [];
  const due: Array<Record<string, unknown>> = [];
  const db = {
    driver: 'pglite',
    location: 'fake',
    async query<Row>(sql: string): Promise<QueryResult<Row>> {
      if (sql.startsWith(`update jobs set status = 'running'`)) {
        claims.push(performance.now());
        const row = due.shift();
        return { rows: row ? [row as Row] : [], rowCount: row ? 1 : 0 };
      }
      // Completing, releasing stale jobs, heartbeats.
      return { rows: [], rowCount: sql.startsWith(`update jobs set status = 'done'`) ? 1 : 0 };
    },
    async exec() {},
    async transaction() {
      throw new Error('not used');
    },
    async close() {},
  } as Db;
  const job = (id: string) => ({
    id, tenant_id: 't', queue: 'q', payload: {}, dedupe_key: null, status: 'running', attempts: 1, max_attempts: 5,
    run_at: new Date(), last_error: null, result: null, created_at: new Date(), finished_at: null,
  });
  return { db, claims, addDue: (id: string) => due.push(job(id)) };
}

describe('job worker', () => {
  it('polls an idle queue with one loop however many it runs', async () => {
    const queue = fakeQueue();
    const pollMs = 20;
    const worker = createWorker({ db: queue.db, log: silent, handlers: { q: async () => null }, concurrency: 8, pollMs });
    worker.start();
    while (queue.claims.length < 8 + 6) await new Promise((resolve) => setTimeout(resolve, pollMs));
    await worker.stop();
    // Each loop claims once at the start; after that only the poller asks, one poll apart (timers
    // never fire early, so a busy machine only spreads the claims further).
    const later = queue.claims.slice(8);
    for (let index = 1; index < later.length; index++) expect((later[index] as number) - (later[index - 1] as number)).toBeGreaterThanOrEqual(pollMs - 2);
  });

  it('finds a job enqueued elsewhere (no nudge) while every loop is idle, and runs it', async () => {
    const queue = fakeQueue();
    const ran: string[] = [];
    const worker = createWorker({ db: queue.db, log: silent, handlers: { q: async (job) => void ran.push(job.id) }, concurrency: 4, pollMs: 10 });
    worker.start();
    while (queue.claims.length < 6) await new Promise((resolve) => setTimeout(resolve, 10));
    queue.addDue('job-1');
    while (ran.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    queue.addDue('job-2');
    while (ran.length === 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    expect(ran).toEqual(['job-1', 'job-2']);
  });

  it('wakes a sleeping loop on a nudge', async () => {
    const queue = fakeQueue();
    const ran: string[] = [];
    // A poll far longer than any test: only the nudge can start the job.
    const worker = createWorker({ db: queue.db, log: silent, handlers: { q: async (job) => void ran.push(job.id) }, concurrency: 4, pollMs: 3_600_000 });
    worker.start();
    while (queue.claims.length < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    queue.addDue('job-1');
    worker.nudge();
    while (ran.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    expect(ran).toEqual(['job-1']);
  });
});
