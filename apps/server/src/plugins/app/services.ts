import fp from 'fastify-plugin';
import { createHelpdeskRegistry, type HelpdeskRegistry } from '../../helpdesk/helpdesk-registry.js';
import { createMirrorSync, type MirrorSync } from '../../mirror/mirror-sync.js';
import { syncSatisfactionRatings } from '../../mirror/ratings-sync.js';
import { createWorker, type JobHandler, type Worker } from '../../jobs/worker.js';
import { enqueueJob, findLatestFailedJob, retryJob, type EnqueueInput, type Job } from '../../jobs/jobs-repository.js';
import type { Queryable } from '@threadline/platform/db';
import { createEmbedder, type Embedder } from '@threadline/knowledge';
import { createAnswerEngine, type AnswerEngine } from '@threadline/knowledge/answer';
import type { Config } from '../../config.js';
import { answerModelOptions } from '../../agent/answer-model-options.js';
import { replaySolvedTickets } from '../../agent/replay.js';
import { createAgentPipeline, type AgentPipeline, type AgentPipelineDeps, type PipelineOutcome } from '../../agent/agent-pipeline.js';
import type { OperationsMetrics, PipelineStage } from '../../metrics/operations-metrics.js';
import { createSecretBox, loadSecretKey, type SecretBox } from '../../tenants/secret-box.js';
import { createFactsRefresher, type FactsRefresher } from '../../reports/facts-refresher.js';
import { sealStoredSecrets } from '../../tenants/tenants-repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Seals and opens stored helpdesk credentials and shared secrets. */
    secrets: SecretBox;
    helpdesks: HelpdeskRegistry;
    mirror: MirrorSync;
    jobs: {
      enqueue(input: EnqueueInput, tx?: Queryable): Promise<{ job: Job; isDuplicate: boolean }>;
      worker: Worker;
    };
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
  /** How long a silent worker keeps a job before another takes it. */
  jobLeaseMs?: number;
  /** Start the job worker with the app (tests that drive jobs by hand turn it off). */
  runWorker: boolean;
  workerConcurrency?: number;
  pollMs?: number;
  /** How often marked report facts are rewritten in the background. Default 1 s. */
  factsRefreshMs?: number;
}

/** The pipeline's timing keys and the stage each measures. */
const STAGE_OF_TIMING: Readonly<Record<string, PipelineStage>> = { syncMs: 'sync', retrieveMs: 'retrieve', answerMs: 'answer', writeMs: 'write' };

/**
 * Feeds the stage histogram from the timings the pipeline already takes. An answer written by an
 * earlier attempt reports that attempt's timings, observed then, so only the total counts. (An
 * answer stored by an earlier attempt whose write failed reports its retrieve and answer timings
 * once more when it is written: rare, and it only follows a failed write.)
 */
function observeStages(metrics: OperationsMetrics, outcome: PipelineOutcome, totalMs: number): void {
  metrics.stageDuration('total', totalMs);
  if (outcome.status !== 'written' || outcome.wasAlreadyWritten) return;
  for (const [key, ms] of Object.entries(outcome.timings)) {
    const stage = STAGE_OF_TIMING[key];
    if (stage) metrics.stageDuration(stage, ms);
  }
}

/** Queue names and what they do. */
export const QUEUES = {
  webhook: 'webhook.received',
  sync: 'helpdesk.sync',
  replay: 'agent.replay',
} as const;

/**
 * The application services as named decorators: helpdesk registry, mirror sync, job queue and
 * worker. Job handlers live here so every queue has one owner.
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
    const answerEngine = createAnswerEngine({ ...answerModelOptions(options.config.answerModel), logger: app.log, onModelCall: app.metrics.modelCall });
    const agent = createAgentPipeline({
      db: app.db,
      helpdesks,
      mirror,
      embedder,
      engine: answerEngine,
      // A ticket's webhook jobs share the coalesce key `ticket:<id>`; the latest failed one is sent again.
      async retryTicketJob(tenantId, ticketExternalId) {
        const job = await findLatestFailedJob(app.db, { tenantId, queue: QUEUES.webhook, coalesceKey: `ticket:${ticketExternalId}` });
        if (!job || !(await retryJob(app.db, tenantId, job.id))) return null;
        worker.nudge();
        return job.id;
      },
      ...(options.agentHooks ? { hooks: options.agentHooks } : {}),
    });
    app.log.info({ answers: answerEngine.path, provider: options.config.answerModel.provider, model: answerEngine.model, embeddings: embedder.model }, 'agent ready');

    const handlers: Record<string, JobHandler> = {
      [QUEUES.webhook]: async (job) => {
        const payload = job.payload as { ticketId: string | null; trigger?: 'webhook' | 'demo' };
        if (!payload.ticketId) return { status: 'skipped', reason: 'the event names no ticket' };
        const started = performance.now();
        const outcome = await agent.handleTicketEvent({ tenantId: job.tenantId, ticketExternalId: payload.ticketId, trigger: payload.trigger ?? 'webhook' });
        observeStages(app.metrics, outcome, performance.now() - started);
        if (outcome.status === 'handed_off') {
          app.log.info({ tenantId: job.tenantId, ticket: payload.ticketId, handoffId: outcome.handoffId, followUp: outcome.ticketId }, `agent handed ticket ${payload.ticketId} to ${outcome.channel}`);
        } else if (outcome.status === 'written') {
          const verb = { draft: 'wrote a draft note', reply: 'replied publicly', escalate: 'escalated' }[outcome.action];
          app.log.info({ tenantId: job.tenantId, ticket: payload.ticketId, answerId: outcome.answerId, timings: outcome.timings }, `agent ${verb} on ticket ${payload.ticketId}`);
        } else {
          app.log.info({ tenantId: job.tenantId, ticket: payload.ticketId, reason: outcome.reason }, `agent left ticket ${payload.ticketId} alone`);
        }
        return outcome;
      },
      [QUEUES.replay]: async (job) => {
        const { limit } = job.payload as { limit: number };
        return replaySolvedTickets({ db: app.db, tenantId: job.tenantId, engine: answerEngine, embedder, limit });
      },
      [QUEUES.sync]: async (job) => {
        const { connector } = await helpdesks.forTenant(job.tenantId);
        try {
          const changes = await mirror.syncChanges(job.tenantId, connector);
          // After the tickets, so the rated tickets are in the mirror when their facts are written.
          const ratings = await syncSatisfactionRatings(app.db, job.tenantId, connector);
          return { ...changes, ratings: ratings.ratings };
        } catch (error) {
          await app.db.query(`update helpdesk_connections set last_sync_error = $2, updated_at = now() where tenant_id = $1`, [
            job.tenantId,
            (error as Error).message,
          ]);
          throw error;
        }
      },
    };

    const worker = createWorker({
      db: app.db,
      log: app.log,
      handlers,
      concurrency: options.workerConcurrency ?? options.config.worker.concurrency,
      pollMs: options.pollMs ?? 500,
      ...(options.jobLeaseMs ? { leaseMs: options.jobLeaseMs } : {}),
    });

    app.decorate('helpdesks', helpdesks);
    app.decorate('mirror', mirror);
    app.decorate('embedder', embedder);
    app.decorate('answerEngine', answerEngine);
    app.decorate('agent', agent);
    const reportFacts = createFactsRefresher({ db: app.db, log: app.log, ...(options.factsRefreshMs ? { intervalMs: options.factsRefreshMs } : {}) });
    app.decorate('reportFacts', reportFacts);
    app.addHook('onClose', async () => {
      await embedder.close?.();
    });
    app.decorate('jobs', {
      async enqueue(input: EnqueueInput, tx?: Queryable) {
        const result = await enqueueJob(tx ?? app.db, input);
        if (!result.isDuplicate) worker.nudge();
        return result;
      },
      worker,
    });

    if (options.runWorker) {
      app.addHook('onReady', async () => {
        worker.start();
        reportFacts.start();
      });
      // Stop claiming before the database closes; jobs in hand finish first, then the facts they marked.
      app.addHook('preClose', async () => {
        await worker.stop();
        await reportFacts.stop();
      });
    }
  },
  { name: 'services', dependencies: ['db', 'metrics'] },
);
