import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ensurePgliteTemplate } from '@threadline/platform/db';
import { startServerProcess } from './process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tl-server-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  // Free ports for the demo helpdesks, so parallel test files never collide on the defaults.
  const demoPorts = { ZENDESK_SANDBOX_PORT: '0', FRESHDESK_SANDBOX_PORT: '0' };

  it('starts with no settings but a data folder, serves health and docs, runs the demo helpdesks, and stops cleanly on SIGTERM while its first backfill runs', async () => {
    // The shutdown's deadline is a budget here, not a speed check: a busy machine stops slowly.
    const server = startServerProcess({ THREADLINE_DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '300000', ...demoPorts });
    const base = await server.listening;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const keys = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as Record<string, { apiKey: string; helpdeskUrl: string }>;
    expect(Object.keys(keys)).toEqual(['northwind-zendesk', 'northwind-freshdesk']);
    for (const { apiKey, helpdeskUrl } of Object.values(keys)) {
      // The demo helpdesk answers as the vendor does: without credentials, 401.
      expect((await fetch(`${helpdeskUrl}/api/v2/tickets`)).status).toBe(401);
      // Its first backfill is queued or under way (the browser tests' demo stack waits for it to end).
      const response = await fetch(`${base}/v1/jobs?queue=helpdesk.sync`, { headers: { authorization: `Bearer ${apiKey}` } });
      const { jobs } = (await response.json()) as { jobs: Array<{ status: string }> };
      expect(jobs).toHaveLength(1);
      expect(['queued', 'running', 'succeeded']).toContain(jobs[0]?.status);
    }
    expect(server.stdout()).not.toContain(Object.values(keys)[0]?.apiKey);
    expect(server.stdout()).toContain('"applied":["platform/0001_tenants.sql",');
    // The embedded database runs in its worker thread, started from the entry file beside the driver.
    expect(server.stdout()).toContain(`"database":"pglite at ${join(dataDir, 'pgdata')} (worker thread)"`);
    // Stopped mid-work: the backfill's requests in hand end at once, the help-center sync stops between
    // pages, and both are queued again.
    server.child.kill('SIGTERM');
    expect({ code: await server.exited, stderr: server.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    expect(existsSync(join(dataDir, 'pgdata.lock'))).toBe(false);
  }, 600_000);

  it('reuses the same data folder on a second start', async () => {
    // It takes up the backfill the first start left; stopping ends the page in hand (it is read again next time).
    const server = startServerProcess({ THREADLINE_DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '300000', ...demoPorts });
    const base = await server.listening;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // Nothing left to apply: the schema (and the data with it) came from the first start.
    expect(server.stdout()).toContain('"applied":[]');
    server.child.kill('SIGINT');
    expect({ code: await server.exited, stderr: server.stderr() }).toEqual({ code: 0, stderr: '' });
  }, 180_000);

  it('exits with a one-line reason when DATABASE_URL is unreachable', async () => {
    const server = startServerProcess({ DATABASE_URL: 'postgres://threadline:pw@127.0.0.1:1/threadline', THREADLINE_DEMO: 'off' });
    expect(await server.exited).toBe(1);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^threadline: Cannot use postgres at 127\.0\.0\.1:1\/threadline: cannot connect \(ECONNREFUSED\)/);
    expect(server.stderr()).not.toContain('pw@');
  });

  it('exits with a one-line reason when the database lacks pgvector', async () => {
    // A cluster without the vector extension, unpacked from the run's template instead of a new initdb.
    const plain = await PGlite.create({ loadDataDir: new Blob([readFileSync(await ensurePgliteTemplate())]) });
    const socket = new PGLiteSocketServer({ db: plain, port: 0, host: '127.0.0.1' });
    await socket.start();
    const port = socket.getServerConn().split(':').pop();
    try {
      const server = startServerProcess({ DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, THREADLINE_DEMO: 'off' });
      expect(await server.exited).toBe(1);
      const lines = server.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('no pgvector extension');
      expect(lines[0]).toContain('CREATE EXTENSION vector');
    } finally {
      await socket.stop();
      await plain.close();
    }
  });

  it('exits with a one-line reason on a bad setting', async () => {
    const server = startServerProcess({ PORT: 'eighty', THREADLINE_DEMO: 'off' });
    expect(await server.exited).toBe(1);
    expect(server.stderr().trim()).toBe('threadline: Invalid configuration: PORT must be integer (got "eighty") [SERVER_CONFIG_INVALID]');
  });
});
