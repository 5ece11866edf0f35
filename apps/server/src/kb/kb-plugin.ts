import fp from 'fastify-plugin';
import {
  createDocumentsRepository,
  createSourcesRepository,
  createSourceSync,
  enqueueDueSyncs,
  enqueueSync,
  getSyncJob,
  listActiveSyncs,
  listSyncJobs,
  type DocumentsRepository,
  type EnqueueSyncInput,
  type SourceSync,
  type SourcesRepository,
  type SyncJob,
} from '@threadline/knowledge';
import type { FetchPolicy } from '@threadline/knowledge/sources';
import { createSourceResolver } from './resolve-source.js';

declare module 'fastify' {
  interface FastifyInstance {
    kb: {
      sources: SourcesRepository;
      documents: DocumentsRepository;
      /** Source syncs on the one job queue: ask for one (or get the one it joins), follow it. */
      syncs: {
        enqueue(input: EnqueueSyncInput): Promise<SyncJob>;
        get(input: { tenantId: string; jobId: string }): Promise<SyncJob>;
        list(input: { tenantId: string; sourceId?: string; limit?: number }): Promise<SyncJob[]>;
        /** The sync queued or running now, per source id. */
        active(input: { tenantId: string }): Promise<Map<string, SyncJob>>;
        /** Queues the scheduled re-syncs due at `now` (default: the plugin's clock); the timer calls it. */
        enqueueDue(now?: Date): Promise<SyncJob[]>;
      };
      /** The service the `knowledge.sync` queue's handler calls. */
      sourceSync: SourceSync;
      /** What URL and crawl sources may fetch; routes check new sources' URLs against it. */
      fetchPolicy: FetchPolicy;
    };
  }
}

export interface KbPluginOptions {
  fetchPolicy: FetchPolicy;
  /** How often due re-syncs are looked for; default a minute, 0 turns the timer off (tests call `enqueueDue`). */
  resyncCheckEveryMs?: number;
  clock?: () => Date;
}

/** The knowledge index's services: repositories, source syncs, their schedule and the fetch policy. */
export const kbPlugin = fp<KbPluginOptions>(
  async (app, options) => {
    const clock = options.clock ?? (() => new Date());
    const sourceSync = createSourceSync({
      db: app.db,
      embedder: app.embedder,
      resolveSource: createSourceResolver({ db: app.db, helpdesks: app.helpdesks, fetchPolicy: options.fetchPolicy }),
      onEmbeddingCache: app.metrics.embeddingCache,
    });
    const syncs = {
      async enqueue(input: EnqueueSyncInput) {
        const job = await enqueueSync(app.db, input);
        // The worker is decorated by the jobs plugin, registered after this one.
        app.jobs.worker.nudge();
        return job;
      },
      get: (input: { tenantId: string; jobId: string }) => getSyncJob(app.db, input),
      list: (input: { tenantId: string; sourceId?: string; limit?: number }) => listSyncJobs(app.db, input),
      active: (input: { tenantId: string }) => listActiveSyncs(app.db, input),
      async enqueueDue(now: Date = clock()) {
        const jobs = await enqueueDueSyncs(app.db, { now });
        if (jobs.length > 0) app.jobs.worker.nudge();
        return jobs;
      },
    };
    app.decorate('kb', { sources: createSourcesRepository(app.db), documents: createDocumentsRepository(app.db), syncs, sourceSync, fetchPolicy: options.fetchPolicy });

    // Scheduled re-syncs go through the same queue as every other sync: the timer only enqueues.
    const everyMs = options.resyncCheckEveryMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    if (everyMs > 0) {
      app.addHook('onReady', async () => {
        timer = setInterval(() => {
          syncs.enqueueDue().catch((error: unknown) => app.log.error({ err: error }, 'could not queue the scheduled knowledge re-syncs'));
        }, everyMs);
        timer.unref();
      });
      app.addHook('preClose', async () => clearInterval(timer));
    }
  },
  { name: 'kb', dependencies: ['services'] },
);
