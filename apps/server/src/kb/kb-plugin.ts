import fp from 'fastify-plugin';
import { createDocumentsRepository, createSourcesRepository, createSyncJobRunner, type DocumentsRepository, type SourcesRepository, type SyncJobRunner } from '@threadline/knowledge';
import { createSourceResolver } from './resolve-source.js';

declare module 'fastify' {
  interface FastifyInstance {
    kb: { sources: SourcesRepository; documents: DocumentsRepository; runner: SyncJobRunner };
  }
}

/** The knowledge index's services: repositories and the background sync runner. */
export const kbPlugin = fp<{ runWorker: boolean }>(
  async (app, options) => {
    const runner = createSyncJobRunner({
      db: app.db,
      embedder: app.embedder,
      resolveSource: createSourceResolver({ db: app.db, helpdesks: app.helpdesks }),
      logger: app.log,
    });
    app.decorate('kb', { sources: createSourcesRepository(app.db), documents: createDocumentsRepository(app.db), runner });
    if (options.runWorker) {
      app.addHook('onReady', async () => runner.start());
      app.addHook('preClose', async () => runner.stop());
    }
  },
  { name: 'kb', dependencies: ['services'] },
);
