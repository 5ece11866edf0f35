import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { wordOverlap } from '../src/agent/replay.js';
import { testConfig } from './helper.js';
import { agentTenant, startZendesk, type AgentTenant } from './agent-fixtures.js';

async function waitForJob(app: FastifyInstance, apiKey: string, jobId: string): Promise<{ status: string; result: Record<string, unknown> }> {
  for (let i = 0; i < 1200; i++) {
    const job = (await app.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: { authorization: `Bearer ${apiKey}` } })).json();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('job did not finish');
}

describe('word overlap', () => {
  it('is 1 for the same content words, 0 for none, and in between otherwise', () => {
    expect(wordOverlap('Refunds take 3 days.', 'refunds TAKE 3 days')).toBe(1);
    expect(wordOverlap('Hello there', 'Shipping is free')).toBe(0);
    expect(wordOverlap('', 'anything')).toBe(0);
    const partial = wordOverlap('Standard shipping takes 3 days', 'Standard shipping takes five business days');
    expect(partial).toBeGreaterThan(0.4);
    expect(partial).toBeLessThan(1);
  });
});

describe('replaying past solved tickets', () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;

  beforeAll(async () => {
    sandbox = await startZendesk();
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox, { mode: 'auto' });
    const sync = await app.inject({ method: 'POST', url: '/v1/sync', headers: { authorization: `Bearer ${tenant.apiKey}` } });
    expect((await waitForJob(app, tenant.apiKey, sync.json().id)).status).toBe('succeeded');
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('reports what the agent would have done on each ticket, and writes nothing to the helpdesk', async () => {
    const before = await (await fetch(`${sandbox.url}/__sandbox/tickets`)).json();
    const response = await app.inject({ method: 'POST', url: '/v1/replays', headers: { authorization: `Bearer ${tenant.apiKey}` }, payload: { limit: 12 } });
    expect(response.statusCode).toBe(202);
    const job = await waitForJob(app, tenant.apiKey, response.json().id);
    expect(job.status).toBe('succeeded');
    const report = job.result as { tickets: number; actions: { reply: number; draft: number; escalate: number }; meanOverlap: number; items: Array<{ overlap: number; humanAnswer: string; question: string }> };
    expect(report.tickets).toBe(12);
    expect(report.actions.reply + report.actions.draft + report.actions.escalate).toBe(12);
    expect(report.items.every((item) => item.overlap >= 0 && item.overlap <= 1 && item.humanAnswer.length > 0 && item.question.length > 0)).toBe(true);
    expect(report.meanOverlap).toBeGreaterThan(0);
    const after = await (await fetch(`${sandbox.url}/__sandbox/tickets`)).json();
    expect(after).toEqual(before);
  });
});
