import { describe, expect, it } from 'vitest';
import type { Db, QueryResult } from '../db/types.js';
import { defineQueue, handle } from './queue.js';
import { createWorker } from './worker.js';

const queue = defineQueue<Record<string, never>>('q');

/**
 * A database that answers claims from a list of due jobs and records when each claim came. Only the
 * statements the worker sends are understood.
 */
function fakeQueue() {
  const claims: number[] = [];
  const due: Array<Record<string, unknown>> = [];
  const db = {
    driver: 'postgres',
    location: 'fake',
    async query<Row>(sql: string): Promise<QueryResult<Row>> {
      if (sql.includes('update queue_jobs j')) {
        claims.push(performance.now());
        const row = due.shift();
        // As the claim reports it: whether another job was due beside the one taken.
        return { rows: row ? [{ ...row, has_more: due.length > 0 } as Row] : [], rowCount: row ? 1 : 0 };
      }
      // Completing and heartbeats.
      return { rows: [], rowCount: sql.includes(`status = 'succeeded'`) ? 1 : 0 };
    },
    async exec() {},
    async transaction() {
      throw new Error('not used');
    },
    async close() {},
  } as Db;
  const job = (id: string) => ({
    id, tenant_id: 't', queue: 'q', payload: {}, status: 'running', dedupe_key: null, coalesce_key: null, attempts: 1, max_attempts: 5,
    run_at: new Date(), locked_by: 'w', lease_expires_at: new Date(), progress: null, result: null, last_error: null, error_code: null,
    created_at: new Date(), updated_at: new Date(), started_at: new Date(), finished_at: null,
  });
  return { db, claims, addDue: (id: string) => due.push(job(id)) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('job worker polling', () => {
  it('polls an idle queue with one loop however many it runs', async () => {
    const fake = fakeQueue();
    const pollMs = 20;
    const worker = createWorker({ db: fake.db, handlers: [handle(queue, async () => null)], concurrency: 8, pollMs });
    await worker.start();
    while (fake.claims.length < 8 + 6) await pause(pollMs);
    await worker.stop();
    // Each loop claims once at the start; after that only the poller asks, one poll apart (timers
    // never fire early, so a busy machine only spreads the claims further).
    const later = fake.claims.slice(8);
    for (let index = 1; index < later.length; index++) expect((later[index] as number) - (later[index - 1] as number)).toBeGreaterThanOrEqual(pollMs - 2);
  });

  it('finds a job enqueued elsewhere (no nudge) while every loop is idle, and runs it', async () => {
    const fake = fakeQueue();
    const ran: string[] = [];
    const worker = createWorker({ db: fake.db, handlers: [handle(queue, async (job) => void ran.push(job.id))], concurrency: 4, pollMs: 10 });
    await worker.start();
    while (fake.claims.length < 6) await pause(10);
    fake.addDue('job-1');
    while (ran.length === 0) await pause(10);
    fake.addDue('job-2');
    while (ran.length === 1) await pause(10);
    await worker.stop();
    expect(ran).toEqual(['job-1', 'job-2']);
  });

  /**
   * Four loops asleep, with a poll far longer than any test: only a nudge, or a loop that found a
   * job, can start one. Each loop's first claim is sent within start(); waiting one timer turn lets
   * all four come back empty and go to sleep (promise callbacks run before timers).
   */
  async function sleepingWorker() {
    const fake = fakeQueue();
    const ran: string[] = [];
    const worker = createWorker({ db: fake.db, handlers: [handle(queue, async (job) => void ran.push(job.id))], concurrency: 4, pollMs: 3_600_000 });
    await worker.start();
    do await pause(10);
    while (fake.claims.length < 4);
    const runNudged = async (ids: string[]) => {
      const before = ran.length;
      for (const id of ids) fake.addDue(id);
      worker.nudge();
      while (ran.length < before + ids.length) await pause(10);
    };
    return { fake, ran, worker, runNudged };
  }

  it('wakes another loop after a claim only while another job is due', async () => {
    const { fake, ran, worker, runNudged } = await sleepingWorker();
    // One job: the loop that takes it claims once more when done, and no other loop is sent to find nothing.
    await runNudged(['job-1']);
    await pause(30);
    expect(fake.claims.length).toBe(4 + 2);
    // Three at once: each claim that leaves one due wakes the next loop, so all three run without a poll.
    await runNudged(['job-2', 'job-3', 'job-4']);
    await worker.stop();
    expect(ran.slice(1).sort()).toEqual(['job-2', 'job-3', 'job-4']);
  });

  it('wakes a sleeping loop on a nudge', async () => {
    const { ran, worker, runNudged } = await sleepingWorker();
    await runNudged(['job-1']);
    await worker.stop();
    expect(ran).toEqual(['job-1']);
  });
});
