import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/errors.js';
import { HealthBody, ReadinessBody } from '../../contract/health.js';
import { ServerError } from '../../errors.js';

const READINESS_TIMEOUT_MS = 2_000;

/** Liveness (the process answers) and readiness (the database answers too). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Liveness: the process is up', response: { 200: HealthBody } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: { 200: ReadinessBody, ...errorResponses(503) },
      },
    },
    async () => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          app.db.query('select 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS);
          }),
        ]);
      } catch (error) {
        throw new ServerError(
          'SERVER_NOT_READY',
          `The database (${app.db.location}) does not answer`,
          {},
          error,
        );
      } finally {
        clearTimeout(timer);
      }
      return { status: 'ready' as const, database: { driver: app.db.driver, latencyMs: Math.round((performance.now() - started) * 100) / 100 } };
    },
  );
};
