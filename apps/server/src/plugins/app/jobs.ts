import fp from 'fastify-plugin';
import { createWorker, enqueueJob, type Worker } from '@threadline/platform/queue';
import type { Enqueue } from '../../jobs/queues.js';
import { helpdeskSyncHandler } from '../../jobs/handlers/helpdesk-sync.js';
import { knowledgeSyncHandler } from '../../jobs/handlers/knowledge-sync.js';
import { replayHandler } from '../../jobs/handlers/replay.js';
import { ticketEventHandler } from '../../jobs/handlers/ticket-event.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: { enqueue: Enqueue; worker: Worker };
  }
}

export interface JobsOptions {
  /** Start the worker with the app (tests that drive jobs by hand turn it off). */
  runWorker: boolean;
  concurrency: number;
  /** How long a silent worker keeps a job before another takes it. */
  leaseMs?: number;
}

/**
 * The one job queue's worker in this process, with a handler per queue (`jobs/handlers/`), and
 * `app.jobs.enqueue` for routes and plugins.
 */
export const jobsPlugin = fp<JobsOptions>(
  async (app, options) => {
    const worker = createWorker({
      db: app.db,
      log: app.log,
      concurrency: options.concurrency,
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      handlers: [
        ticketEventHandler({ agent: app.agent, metrics: app.metrics, log: app.log }),
        helpdeskSyncHandler({ helpdeskSync: app.helpdeskSync }),
        replayHandler({ db: app.db, engine: app.answerEngine, embedder: app.embedder }),
        knowledgeSyncHandler({ sourceSync: app.kb.sourceSync }),
      ],
    });
    const enqueue: Enqueue = async (queue, input, tx) => {
      const result = await enqueueJob(tx ?? app.db, queue, input);
      if (!result.isDuplicate) worker.nudge();
      return result;
    };
    app.decorate('jobs', { enqueue, worker });
    if (options.runWorker) {
      app.addHook('onReady', async () => {
        worker.start();
        app.reportFacts.start();
      });
      // Stop claiming before the database closes; jobs in hand finish or are queued again first, then
      // the report facts they marked are rewritten.
      app.addHook('preClose', async () => {
        await worker.stop();
        await app.reportFacts.stop();
      });
    }
  },
  { name: 'jobs', dependencies: ['services', 'kb', 'metrics'] },
);
