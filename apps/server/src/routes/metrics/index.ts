import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { errorResponses } from '../../contract/errors.js';
import { ServerError } from '../../errors.js';

export interface MetricsRoutesOptions {
  /** `METRICS_TOKEN`: when set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` in the Prometheus text format (version 0.0.4). The families carry no tenant or
 * customer data (see `operations-metrics.ts`), so without `METRICS_TOKEN` the endpoint is open, as
 * exporters usually are; set the token where the port is reachable from outside the operator's
 * network. Outside the tenant API on purpose: an operator's scraper is no tenant.
 */
export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, options) => {
  const expected = options.token === undefined ? null : digest(`Bearer ${options.token}`);

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Operations metrics for Prometheus',
        description: 'Webhooks, job queue, pipeline stages, helpdesk requests, model calls and the embedding cache; no tenant data. With METRICS_TOKEN set, needs Authorization: Bearer <METRICS_TOKEN>.',
        response: {
          200: { description: 'The Prometheus text exposition format', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } },
          ...errorResponses(401),
        },
      },
    },
    async (request, reply) => {
      // Compared as digests in constant time: the token's length and prefix leak nothing.
      if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
        throw new ServerError('SERVER_METRICS_UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
      }
      const text = await app.metrics.scrape({ db: app.db, onQueueError: (error) => request.log.warn({ err: error }, 'job queue metrics unavailable: the database did not answer') });
      return reply.type(app.metrics.registry.contentType).send(text);
    },
  );
};
