import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { wordOverlap } from '../src/agent/replay.js';
import { testConfig } from './helper.js';
import { agentTenant, startZendesk, type AgentTenant } from './agent-fixtures.js';
import { member, signInAs, workspace } from './console-fixtures.js';

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
    // The tests' hash embedder ranks passages far below the local model, and the offline hand-off's
    // cut scales with the tenant's threshold: at 0.5 the tickets the help center does answer (a
    // tracking link that has not moved, a reset email that did not come) are answered, the rest handed on.
    tenant = await agentTenant(app, sandbox, { mode: 'auto', confidenceThreshold: 0.5 });
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

  describe('the report and the compare', () => {
    let replayId = '';
    const asKey = () => ({ authorization: `Bearer ${tenant.apiKey}` });

    beforeAll(async () => {
      const response = await app.inject({ method: 'POST', url: '/v1/replays', headers: asKey(), payload: { limit: 12 } });
      replayId = response.json().id;
      expect((await waitForJob(app, tenant.apiKey, replayId)).status).toBe('succeeded');
    });

    it('lists the replay with who started it, and serves its report per ticket, per channel and by knowledge gap', async () => {
      const list = (await app.inject({ method: 'GET', url: '/v1/replays', headers: asKey() })).json();
      expect(list.replays[0]).toMatchObject({ id: replayId, status: 'succeeded', limit: 12, requestedBy: 'api-key', tickets: 12, progress: { done: 12, total: 12 } });
      const replay = (await app.inject({ method: 'GET', url: `/v1/replays/${replayId}`, headers: asKey() })).json();
      const { report } = replay;
      expect(report.tickets).toHaveLength(12);
      expect(report.isComparable).toBe(true);
      for (const ticket of report.tickets) {
        expect(['reply', 'draft', 'escalate']).toContain(ticket.agent.action);
        expect(ticket.question.length).toBeGreaterThan(0);
        expect(ticket.humanAnswer.length).toBeGreaterThan(0);
        expect(ticket.similarity).toBeGreaterThanOrEqual(0);
        expect(ticket.similarity).toBeLessThanOrEqual(1);
        for (const citation of ticket.agent.citations) expect(citation.title.length).toBeGreaterThan(0);
        // The figure the action was decided on, with the words the Test page shows.
        expect(ticket.agent.decision.words).toMatch(/^(knowledge answers it|confidence) \d+%/);
      }
      // Every ticket is in exactly one channel row, and each row's shares add up.
      expect(report.channels.reduce((sum: number, row: { tickets: number }) => sum + row.tickets, 0)).toBe(12);
      for (const row of report.channels) {
        const tickets = report.tickets.filter((ticket: { channel: string }) => ticket.channel === row.channel);
        expect(row.tickets).toBe(tickets.length);
        expect(row.autoShare).toBeCloseTo(tickets.filter((ticket: { agent: { action: string } }) => ticket.agent.action === 'reply').length / tickets.length, 2);
        expect(row.autoShare + row.draftShare + row.escalateShare).toBeCloseTo(1, 2);
        if (row.autoShare === 0) expect(row.meanAutoSimilarity).toBeNull();
      }
      // The gaps list every question that lacked knowledge, once, under a named topic.
      const gapTickets = report.gaps.flatMap((gap: { questions: Array<{ ticketExternalId: string }> }) => gap.questions.map((question) => question.ticketExternalId)).sort();
      expect(gapTickets).toEqual(report.tickets.filter((ticket: { lackedKnowledge: boolean }) => ticket.lackedKnowledge).map((ticket: { ticketExternalId: string }) => ticket.ticketExternalId).sort());
      for (const gap of report.gaps) expect(gap.topic.length).toBeGreaterThan(0);
    });

    it('decides the same replay again under another policy without the model: the same policy changes nothing, a lower threshold answers more, drafts only answer none', async () => {
      const replay = (await app.inject({ method: 'GET', url: `/v1/replays/${replayId}`, headers: asKey() })).json();
      const compare = async (policy: object) => {
        const response = await app.inject({ method: 'POST', url: `/v1/replays/${replayId}/compare`, headers: asKey(), payload: { policy } });
        expect(response.statusCode).toBe(200);
        return response.json();
      };
      const same = await compare({});
      expect(same.changed).toEqual([]);
      expect(same.totals.after).toEqual(same.totals.before);
      expect(same.totals.before).toEqual(replay.report.totals);

      const channelsAt = (setting: object) => Object.fromEntries(replay.report.channels.map((row: { channel: string }) => [row.channel, setting]));
      const open = await compare({ defaults: { mode: 'auto', confidenceThreshold: 0 }, channels: channelsAt({ mode: 'auto', confidenceThreshold: 0 }) });
      expect(open.settings.after.chat).toEqual({ mode: 'auto', confidenceThreshold: 0 });
      expect(open.changed.length).toBeGreaterThan(0);
      expect(open.totals.after.autoShare).toBeGreaterThan(open.totals.before.autoShare);
      expect(open.totals.after.escalateShare).toBeLessThan(open.totals.before.escalateShare);
      // Each changed ticket carries the figure its new action was decided on, against the cut at threshold 0.
      for (const ticket of open.changed as Array<{ decision: { cut: number; outcome: string | null } }>) expect(ticket.decision).toMatchObject({ cut: 0, outcome: null });
      // A lower threshold never takes a reply away.
      expect(open.changed.every((ticket: { before: string; after: string }) => ticket.before !== 'reply' && ticket.after !== ticket.before)).toBe(true);
      const opened = open.channels.find((row: { channel: string }) => row.channel === open.changed[0].channel);
      expect(opened.after).not.toEqual(opened.before);
      // Escalations that become answers are measured on the answer they would send, not the holding reply.
      expect(open.totals.after.meanSimilarity).toBeGreaterThan(0);

      // One channel's setting changes that channel's tickets only.
      const [first] = replay.report.channels as Array<{ channel: string }>;
      const one = await compare({ channels: { [first!.channel]: { mode: 'auto', confidenceThreshold: 0 } } });
      expect(one.changed.every((ticket: { channel: string }) => ticket.channel === first!.channel)).toBe(true);
      for (const row of one.channels.filter((item: { channel: string }) => item.channel !== first!.channel)) expect(row.after).toEqual(row.before);

      const drafts = await compare({ defaults: { mode: 'draft', confidenceThreshold: 0 }, channels: channelsAt({ mode: 'draft', confidenceThreshold: 0 }) });
      expect(drafts.totals.after.autoShare).toBe(0);
      expect(drafts.totals.after.draftShare).toBeCloseTo(open.totals.after.draftShare + open.totals.after.autoShare, 2);
    });

    it('refuses a compare it cannot make with the reason, and stores nothing', async () => {
      const bad = await app.inject({ method: 'POST', url: `/v1/replays/${replayId}/compare`, headers: asKey(), payload: { policy: { channels: { chat: { confidenceThreshold: 2 } } } } });
      expect(bad.statusCode).toBe(400);
      const unknown = await app.inject({ method: 'POST', url: `/v1/replays/${replayId}/compare`, headers: asKey(), payload: { policy: { channels: { fax: { mode: 'auto' } } } } });
      expect(unknown.statusCode).toBe(400);
      const voice = await app.inject({ method: 'POST', url: `/v1/replays/${replayId}/compare`, headers: asKey(), payload: { policy: { channels: { voice: { mode: 'auto' } } } } });
      expect(voice.statusCode).toBe(400);
      expect(voice.json()).toMatchObject({ code: 'SERVER_POLICY_INVALID', message: expect.stringContaining('voice') });
      const missing = await app.inject({ method: 'POST', url: '/v1/replays/00000000-0000-4000-8000-000000000000/compare', headers: asKey(), payload: { policy: {} } });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('SERVER_REPLAY_NOT_FOUND');
      // A replay kept before decisions were: readable, not comparable.
      const { rows } = await app.db.query<{ id: string }>(
        `insert into queue_jobs (tenant_id, queue, payload, status, max_attempts, result, finished_at)
         values ($1, 'agent.replay', '{"limit": 1}', 'succeeded', 1, $2::jsonb, now()) returning id`,
        [tenant.tenantId, JSON.stringify({ tickets: 0, actions: { reply: 0, draft: 0, escalate: 0 }, meanOverlap: 0, citationRate: 0, knowledgeGaps: 0, items: [] })],
      );
      const old = rows[0]?.id;
      expect((await app.inject({ method: 'GET', url: `/v1/replays/${old}`, headers: asKey() })).json()).toMatchObject({ requestedBy: null, report: { isComparable: false, settings: null } });
      const notKept = await app.inject({ method: 'POST', url: `/v1/replays/${old}/compare`, headers: asKey(), payload: { policy: {} } });
      expect(notKept.statusCode).toBe(409);
      expect(notKept.json()).toMatchObject({ code: 'SERVER_REPLAY_NOT_COMPARABLE', details: { status: 'not_kept' } });
    });

    it('lets a viewer read and compare but not start a replay', async () => {
      const space = { id: tenant.tenantId, slug: tenant.slug, apiKey: tenant.apiKey };
      const viewer = await signInAs(app, space, (await member(app, space, 'viewer')).email);
      const start = await app.inject({ method: 'POST', url: '/v1/replays', headers: viewer.writeHeaders, payload: { limit: 5 } });
      expect(start.statusCode).toBe(403);
      expect(start.json().code).toBe('SERVER_AUTH_ROLE_FORBIDDEN');
      expect((await app.inject({ method: 'GET', url: `/v1/replays/${replayId}`, headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
      const compare = await app.inject({ method: 'POST', url: `/v1/replays/${replayId}/compare`, headers: viewer.writeHeaders, payload: { policy: {} } });
      expect(compare.statusCode).toBe(200);
    });

    it('shows another tenant nothing of it', async () => {
      const other = await workspace(app, 'other-shop');
      const asOther = { authorization: `Bearer ${other.apiKey}` };
      expect((await app.inject({ method: 'GET', url: '/v1/replays', headers: asOther })).json()).toEqual({ replays: [] });
      const read = await app.inject({ method: 'GET', url: `/v1/replays/${replayId}`, headers: asOther });
      expect(read.statusCode).toBe(404);
      expect(read.json().code).toBe('SERVER_REPLAY_NOT_FOUND');
      expect((await app.inject({ method: 'POST', url: `/v1/replays/${replayId}/compare`, headers: asOther, payload: { policy: {} } })).statusCode).toBe(404);
    });
  });
});
