import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createFetchPolicy, type HostLookup } from '@threadline/knowledge/sources';
import type { Config } from './config.js';
import { migrationSets } from './migrations.js';
import type { AgentPipelineDeps } from './agent/agent-pipeline.js';
import { loggerOptions } from './logger.js';
import { dbPlugin } from './plugins/external/db.js';
import { swaggerPlugin } from './plugins/external/swagger.js';
import { sidebarStaticPlugin } from './plugins/external/sidebar-static.js';
import { adminStaticPlugin } from './plugins/external/admin-static.js';
import { clientErrorHandler, errorHandlerPlugin } from './plugins/app/error-handler.js';
import { strictInputPlugin } from './plugins/app/strict-input.js';
import { gracefulClosePlugin } from './plugins/app/graceful-close.js';
import { servicesPlugin } from './plugins/app/services.js';
import { metricsPlugin } from './plugins/app/metrics.js';
import { jobsPlugin } from './plugins/app/jobs.js';
import { periodicSyncPlugin } from './plugins/app/periodic-sync.js';
import { demoPlugin } from './demo/demo-plugin.js';
import { kbPlugin } from './kb/kb-plugin.js';
import { healthRoutes } from './routes/health/index.js';
import { webhookRoutes } from './routes/webhooks/index.js';
import { customerRoutes } from './routes/customers/index.js';
import { ticketRoutes } from './routes/tickets/index.js';
import { ticketDraftRoutes } from './routes/tickets/drafts.js';
import { ticketActionRoutes } from './routes/tickets/actions.js';
import { groupRoutes } from './routes/groups/index.js';
import { answerFeedbackRoutes } from './routes/answers/feedback.js';
import { jobRoutes } from './routes/jobs/index.js';
import { answerRoutes } from './routes/answers/index.js';
import { replayRoutes } from './routes/replays/index.js';
import { syncRoutes } from './routes/sync/index.js';
import { kbRoutes } from './routes/kb/index.js';
import { kbAskRoutes } from './routes/kb/ask.js';
import { kbChunkRoutes } from './routes/kb/chunks.js';
import { settingsRoutes } from './routes/settings/index.js';
import { metricsRoutes } from './routes/metrics/index.js';
import { reportRoutes } from './routes/reports/index.js';
import { authRoutes } from './routes/auth/index.js';
import { peopleRoutes } from './routes/people/index.js';
import { policyRoutes } from './routes/policy/index.js';
import { connectionRoutes } from './routes/connection/index.js';

export interface BuildAppOptions {
  /** Override the logger (tests pass `false` or a stream). */
  logger?: FastifyServerOptions['logger'];
  /** Run the background job worker (default true; tests that step jobs by hand turn it off). */
  runWorker?: boolean;
  /** Test seams of the agent pipeline (crash-recovery tests). */
  agentHooks?: AgentPipelineDeps['hooks'];
  jobLeaseMs?: number;
  /** Resolves host names for knowledge fetches instead of DNS (tests of names that point at private addresses). */
  fetchLookup?: HostLookup;
}

/**
 * The whole service as one Fastify instance, loaded in order: external plugins (database, OpenAPI)
 * → app plugins (error edge) → routes. `server.ts` listens; tests use `app.inject`.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    // Validation errors are answered by our edge handler with { code, message }; keep every issue.
    // Unknown properties are refused, not silently dropped (strict-input closes every request schema).
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    // Malformed HTTP (oversized headers, bad framing) never reaches a route: answer it in our shape.
    clientErrorHandler,
    bodyLimit: 5 * 1024 * 1024,
    // Opening the database and applying migrations can take a while on a busy 2-core machine: the
    // budget is a setting (STARTUP_TIMEOUT_MS), and tests, which have their own budgets, turn it off.
    pluginTimeout: config.server.startupTimeoutMs,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('tenant', null);
  app.decorateRequest('agent', null);
  app.decorateRequest('principal', null);

  await app.register(dbPlugin, { config, migrations: migrationSets });
  await app.register(swaggerPlugin);
  await app.register(sidebarStaticPlugin);
  await app.register(adminStaticPlugin);

  await app.register(errorHandlerPlugin);
  await app.register(strictInputPlugin);
  await app.register(gracefulClosePlugin);
  await app.register(metricsPlugin);
  await app.register(servicesPlugin, { config, ...(options.agentHooks ? { agentHooks: options.agentHooks } : {}) });
  // Tenants choose the URLs knowledge sources fetch: only public addresses, plus the operator's allowlist.
  const fetchPolicy = createFetchPolicy({ allow: config.fetch.allow, ...(options.fetchLookup ? { lookup: options.fetchLookup } : {}) });
  await app.register(kbPlugin, { fetchPolicy });
  await app.register(jobsPlugin, {
    runWorker: options.runWorker ?? true,
    concurrency: config.worker.concurrency,
    ...(options.jobLeaseMs ? { leaseMs: options.jobLeaseMs } : {}),
  });
  await app.register(periodicSyncPlugin, { intervalMs: config.sync.intervalMs });
  await app.register(demoPlugin, { config });

  await app.register(healthRoutes);
  await app.register(webhookRoutes);
  await app.register(customerRoutes);
  await app.register(ticketRoutes);
  await app.register(ticketDraftRoutes);
  await app.register(ticketActionRoutes);
  await app.register(groupRoutes);
  await app.register(answerFeedbackRoutes);
  await app.register(jobRoutes);
  await app.register(answerRoutes);
  await app.register(replayRoutes);
  await app.register(syncRoutes);
  await app.register(kbRoutes);
  await app.register(kbAskRoutes);
  await app.register(kbChunkRoutes);
  await app.register(settingsRoutes);
  await app.register(metricsRoutes, { token: config.metrics.token });
  await app.register(reportRoutes);
  await app.register(authRoutes);
  await app.register(peopleRoutes);
  await app.register(policyRoutes);
  await app.register(connectionRoutes, { publicUrl: config.publicUrl });

  return app;
}
