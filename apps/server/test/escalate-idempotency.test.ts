import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { agentTenant, startZendesk, threadlineComments, ticketState, type AgentTenant } from './agent-fixtures.js';

/**
 * Escalation idempotency keys are scoped by tenant, route and ticket, and a missing key means no
 * reuse. Before, the key fell back to Fastify's request id, which restarts at req-1 with every
 * process: after a restart, escalating one ticket returned another ticket's stored escalation and
 * wrote that customer's history onto the wrong ticket.
 */
describe('escalation idempotency across restarts and tickets', () => {
  let sandbox: ZendeskSandbox;
  let dataDir: string;
  let tenant: AgentTenant;

  const configFor = () => testConfig({ dataDir, database: { driver: 'pglite', dataDir: join(dataDir, 'pgdata') }, sync: { intervalMs: 0 } });

  async function withApp<T>(use: (app: FastifyInstance) => Promise<T>): Promise<T> {
    const app = await buildApp(configFor(), { logger: false, runWorker: false });
    try {
      await app.ready();
      return await use(app);
    } finally {
      await app.close();
    }
  }

  function escalate(app: FastifyInstance, ticketKey: string, options: { key?: string; reason: string }) {
    return app.inject({
      method: 'POST',
      url: `/v1/tickets/${sandbox.ids.ticket(ticketKey)}/escalate`,
      headers: { authorization: `Bearer ${tenant.apiKey}`, ...(options.key ? { 'idempotency-key': options.key } : {}) },
      payload: { reason: options.reason },
    });
  }

  beforeAll(async () => {
    sandbox = await startZendesk();
    dataDir = mkdtempSync(join(tmpdir(), 'threadline-idempotency-'));
    tenant = await withApp((app) => agentTenant(app, sandbox));
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives each request without a key its own escalation, before and after a restart', async () => {
    const first = await withApp(async (app) => (await escalate(app, 'jane-email', { reason: 'Jane needs a supervisor' })).json());
    const second = await withApp(async (app) => (await escalate(app, 'ravi-social', { reason: 'Ravi needs a supervisor' })).json());
    expect(second.answerId).not.toBe(first.answerId);
    const raviNotes = threadlineComments((await ticketState(sandbox, 'ravi-social')).comments);
    expect(raviNotes).toHaveLength(1);
    expect(raviNotes[0]?.body).toContain('Ravi needs a supervisor');
    expect(raviNotes[0]?.body).not.toContain('Jane');
  }, 300_000);

  it('scopes a client key to its ticket, returns the first result for a retry, and refuses the key for a different request', async () => {
    await withApp(async (app) => {
      const onJane = await escalate(app, 'jane-chat', { key: 'same-key', reason: 'Chat went cold' });
      const onLucia = await escalate(app, 'lucia-whatsapp', { key: 'same-key', reason: 'Needs Spanish speaker' });
      expect([onJane.statusCode, onLucia.statusCode]).toEqual([201, 201]);
      expect(onLucia.json().answerId).not.toBe(onJane.json().answerId);
      const luciaNotes = threadlineComments((await ticketState(sandbox, 'lucia-whatsapp')).comments);
      expect(luciaNotes.map((note) => note.body).join('\n')).toContain('Needs Spanish speaker');
      expect(luciaNotes.map((note) => note.body).join('\n')).not.toContain('Chat went cold');
    });
    await withApp(async (app) => {
      const retried = await escalate(app, 'jane-chat', { key: 'same-key', reason: 'Chat went cold' });
      expect(retried.statusCode).toBe(201);
      const notes = threadlineComments((await ticketState(sandbox, 'jane-chat')).comments);
      expect(notes).toHaveLength(1);
      const reused = await escalate(app, 'jane-chat', { key: 'same-key', reason: 'Something else entirely' });
      expect(reused.statusCode).toBe(422);
      expect(reused.json()).toMatchObject({ code: 'SERVER_IDEMPOTENCY_KEY_REUSED', message: expect.stringMatching(/different/) });
      expect(threadlineComments((await ticketState(sandbox, 'jane-chat')).comments)).toHaveLength(1);
    });
  }, 300_000);
});
