import fp from 'fastify-plugin';
import { createOperationsMetrics, type OperationsMetrics } from '../../metrics/operations-metrics.js';
import { queueNames } from '../../jobs/queues.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's operations metrics (its own registry), scraped at `GET /metrics`. */
    metrics: OperationsMetrics;
  }
}

/**
 * One metrics registry per app instance, created before the services that report to it.
 * Registered after the database (the scrape reads the job queue) and before `services`.
 */
export const metricsPlugin = fp(
  async (app) => {
    app.decorate('metrics', createOperationsMetrics({ queues: queueNames }));
  },
  { name: 'metrics' },
);
