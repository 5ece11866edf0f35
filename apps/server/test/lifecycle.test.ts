import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';

describe('lifecycle', () => {
  it('keeps data across a restart on the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tl-restart-'));
    try {
      const config = testConfig({ database: { driver: 'pglite', dataDir: join(dataDir, 'pgdata') } });
      const first = await buildApp(config, { logger: false });
      await first.ready();
      await first.db.query('insert into tenants (slug, name) values ($1, $2)', ['acme', 'Acme Support']);
      await first.close();

      const second = await buildApp(config, { logger: false });
      await second.ready();
      const { rows } = await second.db.query<{ name: string }>('select name from tenants where slug = $1', ['acme']);
      await second.close();
      expect(rows).toEqual([{ name: 'Acme Support' }]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Two full boots (embedded Postgres, every migration) and two shutdowns: minutes on a busy machine.
  }, 600_000);

  it('finishes an in-flight request during shutdown and refuses new ones', async () => {
    const app = await buildApp(testConfig(), { logger: false });
    let release: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      app.get('/probe/slow', async () => {
        resolve();
        await new Promise<void>((done) => {
          release = done;
        });
        return { finished: true };
      });
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${base}/probe/slow`);
    await started;
    const closing = app.close();
    // Ask until the closing server turns new requests away (503 or a refused connection), however
    // long a busy machine takes to get there; the slow request is held the whole time.
    const deadline = Date.now() + 120_000;
    let refused: number | 'refused' = await probeHealth(base);
    while (refused === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      refused = await probeHealth(base);
    }
    expect([503, 'refused']).toContain(refused);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await closing;
  }, 300_000);
});

function probeHealth(base: string): Promise<number | 'refused'> {
  return fetch(`${base}/healthz`).then((response) => response.status, () => 'refused' as const);
}
