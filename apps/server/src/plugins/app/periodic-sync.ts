import fp from 'fastify-plugin';
import { helpdeskSyncQueue } from '../../jobs/queues.js';

/**
 * Webhooks keep the mirror fresh between syncs; this catches whatever they missed. Every interval
 * each connected tenant gets one incremental sync job. The dedupe key is the interval's number, so
 * several server processes still enqueue one job per tenant per interval.
 */
export const periodicSyncPlugin = fp<{ intervalMs: number }>(
  async (app, { intervalMs }) => {
    if (intervalMs <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      const bucket = Math.floor(Date.now() / intervalMs);
      const { rows } = await app.db.query<{ tenant_id: string }>(`select tenant_id from helpdesk_connections`);
      for (const { tenant_id: tenantId } of rows) {
        await app.jobs.enqueue(helpdeskSyncQueue, { tenantId, dedupeKey: `periodic:${bucket}`, payload: { reason: 'periodic' }, maxAttempts: 3 });
      }
    };
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        tick().catch((error: unknown) => app.log.error({ err: error }, 'could not schedule the periodic sync'));
      }, intervalMs);
      timer.unref();
    });
    app.addHook('preClose', async () => clearInterval(timer));
  },
  { name: 'periodic-sync', dependencies: ['jobs'] },
);
