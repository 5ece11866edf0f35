import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DYING_PGLITE_WORKER, PGLITE_WORKER_DIE_SQL } from '@threadline/platform/testing';
import { build, testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, waitForJob } from './sandboxes.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * A Postgres the test can take away and bring back: PGlite behind its wire-protocol socket, reached
 * through the real `pg` driver. Stopping the socket is an outage as the server sees one: pooled
 * connections are cut and new ones are refused.
 */
async function outagePostgres(): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const pglite = await PGlite.create({ extensions: { vector } });
  let port = 0;
  let socket: PGLiteSocketServer | null = null;
  const start = async () => {
    socket = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 32 });
    await socket.start();
    port = Number(socket.getServerConn().split(':').pop());
  };
  const stop = async () => {
    await socket?.stop();
    socket = null;
  };
  await start();
  closers.push(async () => {
    await stop();
    await pglite.close();
  });
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop, start };
}

describe('webhook intake while the database is away', () => {
  it('answers 503 with Retry-After during the outage, then accepts the same delivery once and processes it', async () => {
    const database = await outagePostgres();
    const app = await build(testConfig({ database: { driver: 'postgres', url: database.url, maxConnections: 4 } }));
    const sandbox = await startVendorSandbox('zendesk');
    closers.push(() => sandbox.close());
    const tenant = await connectTenant(app, sandbox, 'acme');
    const delivery = sandbox.webhookDelivery(sandbox.ticketId('jane-chat'));
    const send = () => app.inject({ method: 'POST', url: `/v1/webhooks/zendesk/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    const auth = { authorization: `Bearer ${tenant.apiKey}` };

    await database.stop();
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await send();
      expect(refused.statusCode).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.json()).toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE', message: expect.stringContaining('database') });
    }
    // Every route, not only webhooks: the API key lookup fails the same way.
    const jobsDuringOutage = await app.inject({ method: 'GET', url: '/v1/jobs', headers: auth });
    expect(jobsDuringOutage.statusCode).toBe(503);
    expect(jobsDuringOutage.headers['retry-after']).toBeDefined();

    await database.start();
    const accepted = await send();
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json().status).toBe('accepted');
    const job = await waitForJob(app, tenant.apiKey, accepted.json().jobId as string, 240_000);
    expect(job.status).toBe('succeeded');
    const again = await send();
    expect(again.json()).toMatchObject({ status: 'duplicate', jobId: accepted.json().jobId });
    const jobs = (await app.inject({ method: 'GET', url: '/v1/jobs?queue=webhook.received', headers: auth })).json().jobs as Array<{ attempts: number }>;
    // One job for the delivery, succeeded (above). How many attempts it took is not the point: right
    // after the restart a pooled connection from before it can fail the first attempt, which is retried.
    expect(jobs).toHaveLength(1);
  }, 300_000);
});

describe('the embedded database when its worker thread dies', () => {
  /** The server on a data folder whose PGlite worker dies on cue, a helpdesk, and a tenant on it. */
  async function serverWithDyingWorker(restartAfterMs: number) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tl-dying-pglite-'));
    closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const app = await build(testConfig({ database: { driver: 'pglite', dataDir: join(dataDir, 'pgdata'), workerEntry: DYING_PGLITE_WORKER, restartAfterMs } }));
    const sandbox = await startVendorSandbox('zendesk');
    closers.push(() => sandbox.close());
    return { app, sandbox, tenant: await connectTenant(app, sandbox, 'acme') };
  }

  it('answers 503 with Retry-After on webhooks and the API, and readiness says the database does not answer', async () => {
    // No new worker within this test (the driver would start one on a call 5 s after the loss).
    const { app, sandbox, tenant } = await serverWithDyingWorker(3_600_000);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

    await expect(app.db.query(PGLITE_WORKER_DIE_SQL)).rejects.toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE' });
    const delivery = sandbox.webhookDelivery(sandbox.ticketId('jane-chat'));
    const refused = await app.inject({ method: 'POST', url: `/v1/webhooks/zendesk/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect(refused.statusCode).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE' });
    const jobs = await app.inject({ method: 'GET', url: '/v1/jobs', headers: { authorization: `Bearer ${tenant.apiKey}` } });
    expect(jobs.statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  }, 300_000);

  it('comes back by itself: the next call after the wait starts a new worker, and the same delivery is then accepted', async () => {
    const { app, sandbox, tenant } = await serverWithDyingWorker(0);
    await expect(app.db.query(PGLITE_WORKER_DIE_SQL)).rejects.toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE' });
    // Readiness answers 503 while the new worker opens the folder (longer than its timeout on a busy
    // machine), then 200: a budget, not a speed check.
    const deadline = Date.now() + 120_000;
    let ready = await app.inject({ method: 'GET', url: '/readyz' });
    while (ready.statusCode !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await app.inject({ method: 'GET', url: '/readyz' });
    }
    expect(ready.statusCode).toBe(200);
    const delivery = sandbox.webhookDelivery(sandbox.ticketId('jane-chat'));
    const accepted = await app.inject({ method: 'POST', url: `/v1/webhooks/zendesk/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect(accepted.statusCode).toBe(202);
  }, 300_000);
});
