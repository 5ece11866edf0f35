import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionWords, type DecisionFigure } from '@threadline/vocabulary';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { agentTenant, customerWrites, deliver, startZendesk, type AgentTenant } from './agent-fixtures.js';
import { workspace } from './console-fixtures.js';

interface ActivityAnswer {
  id: string;
  ticketExternalId: string;
  action: string;
  channel: string | null;
  helpdeskUrl: string | null;
  feedback: Array<{ verdict: string; reason: string | null }>;
  confidence: number;
  decision: (DecisionFigure & { words: string }) | null;
}

/** The console's activity page reads these: answers filtered by channel, action and date, with feedback and ticket links. */
describe('the activity API: answers and jobs with filters, feedback and links to the helpdesk', () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;
  let auth: { authorization: string };

  beforeAll(async () => {
    sandbox = await startZendesk();
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox, { mode: 'draft' });
    auth = { authorization: `Bearer ${tenant.apiKey}` };
    for (const ticket of ['jane-chat', 'jane-email']) {
      await customerWrites(sandbox, ticket, 'jane-cooper', 'How long does standard shipping take?');
      expect((await deliver(app, sandbox, tenant, ticket)).status).toBe('succeeded');
    }
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const answers = async (query = '') => {
    const response = await app.inject({ method: 'GET', url: `/v1/answers${query}`, headers: auth });
    expect(response.statusCode).toBe(200);
    return response.json().answers as ActivityAnswer[];
  };

  it('links every answer to its ticket in the helpdesk and names the ticket\'s channel', async () => {
    const all = await answers();
    expect(all.map((answer) => answer.channel).sort()).toEqual(['chat', 'email']);
    for (const answer of all) expect(answer.helpdeskUrl).toBe(`${sandbox.url}/agent/tickets/${answer.ticketExternalId}`);
  });

  it('filters by channel, action and date range, and refuses a range that ends before it starts', async () => {
    const chat = await answers('?channel=chat');
    expect(chat).toHaveLength(1);
    expect(chat[0]?.ticketExternalId).toBe(sandbox.ids.ticket('jane-chat'));
    expect(await answers('?channel=sms')).toEqual([]);
    const actions = new Set((await answers()).map((answer) => answer.action));
    for (const action of actions) expect((await answers(`?action=${action}`)).every((answer) => answer.action === action)).toBe(true);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    expect(await answers(`?from=${encodeURIComponent(hourAgo)}&to=${encodeURIComponent(inAnHour)}`)).toHaveLength(2);
    expect(await answers(`?from=${encodeURIComponent(inAnHour)}`)).toEqual([]);
    expect(await answers(`?to=${encodeURIComponent(hourAgo)}`)).toEqual([]);
    const backwards = await app.inject({ method: 'GET', url: `/v1/answers?from=${encodeURIComponent(inAnHour)}&to=${encodeURIComponent(hourAgo)}`, headers: auth });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().code).toBe('SERVER_ANSWERS_RANGE_INVALID');
    expect((await app.inject({ method: 'GET', url: '/v1/answers?channel=fax', headers: auth })).statusCode).toBe(400);
  });

  it("carries the agents' feedback with each answer", async () => {
    const [chat] = await answers('?channel=chat');
    const posted = await app.inject({ method: 'POST', url: `/v1/answers/${chat?.id}/feedback`, headers: auth, payload: { verdict: 'unhelpful', reason: 'Wrong order number' } });
    expect(posted.statusCode).toBe(201);
    const [after] = await answers('?channel=chat');
    expect(after?.feedback).toEqual([{ verdict: 'unhelpful', reason: 'Wrong order number', agentExternalId: null, editedText: null, createdAt: expect.any(String) }]);
    expect((await answers('?channel=email'))[0]?.feedback).toEqual([]);
  });

  it("links webhook jobs to their ticket; another tenant sees none of this tenant's answers or jobs", async () => {
    const jobs = (await app.inject({ method: 'GET', url: '/v1/jobs?status=succeeded&queue=webhook.received', headers: auth })).json().jobs as Array<{ ticketId: string | null; helpdeskUrl: string | null }>;
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (const job of jobs) expect(job.helpdeskUrl).toBe(`${sandbox.url}/agent/tickets/${job.ticketId}`);
    const other = await workspace(app, 'activity-other');
    const otherAuth = { authorization: `Bearer ${other.apiKey}` };
    expect((await app.inject({ method: 'GET', url: '/v1/answers', headers: otherAuth })).json().answers).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/v1/jobs', headers: otherAuth })).json().jobs).toEqual([]);
  });

  it('pages with a cursor: every answer once, in order, even when two were made at the same instant; a cursor of no answer of this tenant is refused', async () => {
    const all = await answers();
    // Two answers at one instant: the id orders them, so a page boundary between them loses neither.
    await app.db.query(`update answers set created_at = date_trunc('second', now()) where tenant_id = $1`, [tenant.tenantId]);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response = await app.inject({ method: 'GET', url: `/v1/answers?limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: auth });
      const body = response.json() as { answers: ActivityAnswer[]; nextCursor: string | null };
      seen.push(...body.answers.map((answer) => answer.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen)).toEqual(new Set(all.map((answer) => answer.id)));
    expect(seen).toEqual([...seen].sort().reverse());
    const other = await workspace(app, 'activity-cursor-other');
    const foreign = await app.inject({ method: 'GET', url: `/v1/answers?cursor=${seen[0]}`, headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().code).toBe('SERVER_ANSWERS_CURSOR_INVALID');
    expect((await app.inject({ method: 'GET', url: '/v1/answers?cursor=not-an-id', headers: auth })).statusCode).toBe(400);
  });

  it('carries the figure each offline answer was decided on beside its confidence; an answer stored without one has none', async () => {
    for (const answer of await answers()) {
      expect(answer.decision).not.toBeNull();
      const decision = answer.decision as DecisionFigure & { words: string };
      // Offline, on a chat or an email, the hand-off is decided on the answerability.
      expect(decision.measure === 'answerability' || decision.outcome === 'draft').toBe(true);
      expect(decision.words).toBe(decisionWords(decision));
      expect(typeof answer.confidence).toBe('number');
    }
    // A row from before the figure was kept.
    await app.db.query(
      `insert into answers (tenant_id, ticket_external_id, trigger, path, action, reply_text, language, citations, confidence, summary, guardrails, writeback_status)
       values ($1, 'old-1', 'webhook', 'offline', 'escalate', 'We will be in touch.', 'en', '[]'::jsonb, 0.37, 'Old.', '{}', 'skipped')`,
      [tenant.tenantId],
    );
    const old = (await answers()).find((answer) => answer.ticketExternalId === 'old-1');
    expect(old).toMatchObject({ confidence: 0.37, decision: null });
  });
});
