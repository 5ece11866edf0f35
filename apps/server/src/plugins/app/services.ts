import fp from 'fastify-plugin';
import { tenantScope } from '@threadline/platform';
import { findLatestFailedJob, retryFailedJob } from '@threadline/platform/queue';
import { createHelpdeskRegistry, type HelpdeskRegistry } from '../../helpdesk/helpdesk-registry.js';
import { createMirrorSync, type MirrorSync } from '../../mirror/mirror-sync.js';
import { createHelpdeskSync, type HelpdeskSync } from '../../mirror/helpdesk-sync.js';
import { ticketEventQueue, ticketJobKey } from '../../jobs/queues.js';
import { createEmbedder, type Embedder } from '@threadline/knowledge';
import { createAnswerEngine, createNameRecognizer, type AnswerEngine } from '@threadline/knowledge/answer';
import type { Config } from '../../config.js';
import { answerModelOptions } from '../../agent/answer-model-options.js';
import { createAgentPipeline, type AgentPipeline, type AgentPipelineDeps } from '../../agent/agent-pipeline.js';
import { createSecretBox, loadSecretKey, type SecretBox } from '../../tenants/secret-box.js';
import { createFactsRefresher, type FactsRefresher } from '../../reports/facts-refresher.js';
import { sealStoredSecrets } from '../../tenants/tenants-repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals and opens stored helpdesk credentials and shared secrets. */
    secrets: SecretBox;
    helpdesks: HelpdeskRegistry;
    mirror: MirrorSync;
    helpdeskSync: HelpdeskSync;
    embedder: Embedder;
    answerEngine: AnswerEngine;
    agent: AgentPipeline;
    /** Rewrites report facts marked stale: on a timer where the worker runs, and before report reads. */
    reportFacts: FactsRefresher;
  }
}

export interface ServicesOptions {
  config: Config;
  /** Test seams of the agent pipeline (crash-recovery tests). */
  agentHooks?: AgentPipelineDeps['hooks'];
  /** How often marked report facts are rewritten in the background. Default 1 s. */
  factsRefreshMs?: number;
}

/**
 * The application services as named decorators: secrets, helpdesk registry, mirror sync, embedder,
 * answer engine and the agent pipeline. The job queue's worker, which calls them, is `jobsPlugin`.
 */
export const servicesPlugin = fp<ServicesOptions>(
  async (app, options) => {
    const secrets = createSecretBox(loadSecretKey(options.config.secrets));
    const sealed = await sealStoredSecrets(app.db, secrets);
    if (sealed > 0) app.log.info({ connections: sealed }, 'sealed helpdesk credentials stored in plain text');
    app.decorate('secrets', secrets);
    const helpdesks = createHelpdeskRegistry(app.db, secrets, { observeHttp: app.metrics.helpdeskExchange });
    const mirror = createMirrorSync(app.db);
    const embedder = createEmbedder(options.config.embeddings);
    // Redaction's name recogniser costs a few ms per event: one thread of its own, started on the
    // first model input that needs it, instead of the event loop.
    const nameRecognizer = createNameRecognizer();
    const answerEngine = createAnswerEngine({ ...answerModelOptions(options.config.answerModel), logger: app.log, onModelCall: app.metrics.modelCall, nameRecognizer });
    const agent = createAgentPipeline({
      db: app.db,
      helpdesks,
      mirror,
      embedder,
      engine: answerEngine,
      // A ticket's webhook jobs share one coalesce key; the latest failed one is sent again.
      async retryTicketJob(tenantId, ticketExternalId) {
        const scope = tenantScope(tenantId);
        const job = await findLatestFailedJob(app.db, scope, ticketEventQueue, ticketJobKey(ticketExternalId));
        if (!job || !(await retryFailedJob(app.db, scope, job.id))) return null;
        app.jobs.worker.nudge();
        return job.id;
      },
      ...(options.agentHooks ? { hooks: options.agentHooks } : {}),
    });
    app.log.info({ answers: answerEngine.path, provider: options.config.answerModel.provider, model: answerEngine.model, embeddings: embedder.model }, 'agent ready');

    app.decorate('helpdesks', helpdesks);
    app.decorate('mirror', mirror);
    app.decorate('helpdeskSync', createHelpdeskSync({ db: app.db, helpdesks, mirror }));
    app.decorate('embedder', embedder);
    app.decorate('answerEngine', answerEngine);
    app.decorate('agent', agent);
    const reportFacts = createFactsRefresher({ db: app.db, log: app.log, ...(options.factsRefreshMs ? { intervalMs: options.factsRefreshMs } : {}) });
    app.decorate('reportFacts', reportFacts);
    app.addHook('onClose', async () => {
      await embedder.close?.();
      await nameRecognizer.close();
    });
  },
  { name: 'services', dependencies: ['db', 'metrics'] },
);
