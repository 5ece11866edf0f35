import fp from 'fastify-plugin';
import { createDocumentsRepository, createSourcesRepository, createSyncJobRunner, type DocumentsRepository, type SourcesRepository, type SyncJobRunner } from '@threadline/knowledge';
import type { FetchPolicy } from '@threadline/knowledge/sources';
import { createSourceResolver } from './resolve-source.js';

declare module 'fastify' {
  interface FastifyInstance {
    kb: {
      sources: SourcesRepository;
      documents: DocumentsRepository;
      runner: SyncJobRunner;
      /** What URL and crawl sources may fetch; routes check new sources' URLs against it. */
      fetchPolicy: FetchPolicy;
    };
  }
}

/** The knowledge index's services: repositories, the background sync runner and the fetch policy. */
export const kbPlugin = fp<{ runWorker: boolean; fetchPolicy: FetchPolicy }>(
  async (app, options) => {
    const runner = createSyncJobRunner({
      db: app.db,
      embedder: app.embedder,
      resolveSource: createSourceResolver({ db: app.db, helpdesks: app.helpdesks, fetchPolicy: options.fetchPolicy }),
      logger: app.log,
      onEmbeddingCache: app.metrics.embeddingCache,
    });
    app.decorate('kb', { sources: createSourcesRepository(app.db), documents: createDocumentsRepository(app.db), runner, fetchPolicy: options.fetchPolicy });
    if (options.runWorker) {
      app.addHook('onReady', async () => runner.start());
      app.addHook('preClose', async () => runner.stop());
    }
  },
  { name: 'kb', dependencies: ['services'] },
);
