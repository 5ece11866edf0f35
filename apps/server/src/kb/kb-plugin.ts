import fp from 'fastify-plugin';
import {
  createDocumentsRepository,
  createSourcesRepository,
  createSourceSync,
  enqueueSync,
  getSyncJob,
  listSyncJobs,
  type DocumentsRepository,
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
      /** Source syncs on the one job queue: ask for one (or get the one queued or running), follow it. */
      syncs: {
        enqueue(input: { tenantId: string; sourceId: string; hasNewInput?: boolean }): Promise<SyncJob>;
        get(input: { tenantId: string; jobId: string }): Promise<SyncJob>;
        list(input: { tenantId: string; sourceId?: string; limit?: number }): Promise<SyncJob[]>;
      };
      /** The service the `knowledge.sync` queue's handler calls. */
      sourceSync: SourceSync;
      /** What URL and crawl sources may fetch; routes check new sources' URLs against it. */
      fetchPolicy: FetchPolicy;
    };
  }
}

/** The knowledge index's services: repositories, source syncs and the fetch policy. */
export const kbPlugin = fp<{ fetchPolicy: FetchPolicy }>(
  async (app, options) => {
    const sourceSync = createSourceSync({
      db: app.db,
      embedder: app.embedder,
      resolveSource: createSourceResolver({ db: app.db, helpdesks: app.helpdesks, fetchPolicy: options.fetchPolicy }),
      onEmbeddingCache: app.metrics.embeddingCache,
    });
    const syncs = {
      async enqueue(input: { tenantId: string; sourceId: string; hasNewInput?: boolean }) {
        const job = await enqueueSync(app.db, input);
        // The worker is decorated by the jobs plugin, registered after this one.
        app.jobs.worker.nudge();
        return job;
      },
      get: (input: { tenantId: string; jobId: string }) => getSyncJob(app.db, input),
      list: (input: { tenantId: string; sourceId?: string; limit?: number }) => listSyncJobs(app.db, input),
    };
    app.decorate('kb', { sources: createSourcesRepository(app.db), documents: createDocumentsRepository(app.db), syncs, sourceSync, fetchPolicy: options.fetchPolicy });
  },
  { name: 'kb', dependencies: ['services'] },
);
