import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, waitForJob, type ConnectedSandbox } from './sandboxes.js';
import { agentTenant, deliver, startZendesk, threadlineComments, ticketState, type AgentTenant } from './agent-fixtures.js';

interface AnswerItem {
  id: string;
  action: string;
  trigger: string;
  ticketExternalId: string;
  writeback: string;
  writebackFailure: { code: string; reason: string; httpStatus: number | null; failedAt: string } | null;
}

/**
 * The helpdesk refusing a write: the sandbox answers the next ticket update (PUT) the way Zendesk
 * refuses a group that does not exist — 422 RecordInvalid, "Group: is invalid".
 */
describe('a write-back the helpdesk refuses', () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;
  let auth: { authorization: string };

  beforeAll(async () => {
    sandbox = await startZendesk();
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox, { mode: 'auto' });
    auth = { authorization: `Bearer ${tenant.apiKey}` };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const refuseNextUpdate = () => sandbox.faults.set({ validationErrors: 1, method: 'PUT', pathPattern: /\/tickets\/\d+(\.json)?(\?|$)/ });
  const failedAnswers = async () => (await app.inject({ method: 'GET', url: '/v1/answers?writeback=failed', headers: auth })).json().answers as AnswerItem[];
  const answer = async (id: string) => ((await app.inject({ method: 'GET', url: '/v1/answers', headers: auth })).json().answers as AnswerItem[]).find((item) => item.id === id);
  const retry = (id: string) => app.inject({ method: 'POST', url: `/v1/answers/${id}/retry`, headers: auth });

  it("leaves a webhook escalation failed with the helpdesk's reason, dead-letters its job at once, and writes it once on retry", async () => {
    refuseNextUpdate();
    const job = await deliver(app, sandbox, tenant, 'lucia-whatsapp');
    expect(job.status).toBe('failed');
    expect(job.lastError).toContain('Group: is invalid');
    const [webhookJob] = (await app.inject({ method: 'GET', url: '/v1/jobs?queue=webhook.received&status=failed', headers: auth })).json().jobs as Array<{ id: string; attempts: number }>;
    // A refusal is not retried on its own: the same write would be refused again.
    expect(webhookJob?.attempts).toBe(1);

    const failed = (await failedAnswers()).filter((item) => item.ticketExternalId === sandbox.ids.ticket('lucia-whatsapp'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ action: 'escalate', trigger: 'webhook', writeback: 'failed', writebackFailure: { code: 'ZENDESK_VALIDATION', httpStatus: 422 } });
    expect(failed[0]?.writebackFailure?.reason).toContain('Group: is invalid');
    expect(threadlineComments((await ticketState(sandbox, 'lucia-whatsapp')).comments)).toHaveLength(0);

    const retried = await retry(failed[0]!.id);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ status: 'queued', jobId: webhookJob!.id });
    expect(await waitForJob(app, tenant.apiKey, webhookJob!.id, 240_000)).toMatchObject({ status: 'succeeded', result: { status: 'written', action: 'escalate' } });
    expect(await answer(failed[0]!.id)).toMatchObject({ writeback: 'written', writebackFailure: null });
    const { ticket, comments } = await ticketState(sandbox, 'lucia-whatsapp');
    expect(threadlineComments(comments)).toHaveLength(1);
    expect(String(ticket.group_id)).toBe(sandbox.ids.group('escalations'));

    const again = await retry(failed[0]!.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SERVER_ANSWER_NOT_FAILED');
  }, 300_000);

  it("answers the sidebar's escalation with 422 and the helpdesk's reason, records it failed, and writes it once on retry", async () => {
    const ticketId = sandbox.ids.ticket('ravi-social');
    const escalate = () =>
      app.inject({ method: 'POST', url: `/v1/tickets/${ticketId}/escalate`, headers: { ...auth, 'idempotency-key': 'click-refused' }, payload: { reason: 'Customer asked for a supervisor' } });
    refuseNextUpdate();
    const refused = await escalate();
    expect(refused.statusCode).toBe(422);
    const body = refused.json();
    expect(body).toMatchObject({ code: 'SERVER_WRITEBACK_REFUSED', details: { helpdeskCode: 'ZENDESK_VALIDATION', httpStatus: 422 } });
    expect(body.message).toContain('Group: is invalid');
    const answerId = body.details.answerId as string;
    expect(await answer(answerId)).toMatchObject({ action: 'escalate', trigger: 'sidebar', writeback: 'failed', writebackFailure: { code: 'ZENDESK_VALIDATION', httpStatus: 422 } });
    expect((await failedAnswers()).map((item) => item.id)).toContain(answerId);
    expect(threadlineComments((await ticketState(sandbox, 'ravi-social')).comments)).toHaveLength(0);

    const retried = await retry(answerId);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'written', jobId: null, messageId: expect.any(String), answer: { id: answerId, writeback: 'written', writebackFailure: null } });
    expect((await retry(answerId)).json().code).toBe('SERVER_ANSWER_NOT_FAILED');
    // The agent clicking again with the same key finds the written note instead of adding another.
    expect((await escalate()).statusCode).toBe(201);
    const { ticket, comments } = await ticketState(sandbox, 'ravi-social');
    expect(threadlineComments(comments)).toHaveLength(1);
    expect(String(ticket.group_id)).toBe(sandbox.ids.group('escalations'));
  }, 300_000);

  it('answers 404 for a retry of an answer that does not exist', async () => {
    const missing = await retry('00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('SERVER_ANSWER_NOT_FOUND');
  });
});

describe('an escalation Freshdesk refuses', () => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let auth: { authorization: string };

  beforeAll(async () => {
    sandbox = await startVendorSandbox('freshdesk');
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    auth = { authorization: `Bearer ${(await connectTenant(app, sandbox, 'acme-fd')).apiKey}` };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it("answers with Freshdesk's validation reason, keeps the answer failed, and writes one note on retry", async () => {
    const ticketId = sandbox.ticketId('ravi-social');
    // Through the sandbox's control API: Freshdesk refuses the next ticket update with 400 "Validation failed".
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ validationErrors: 1, method: 'PUT', pathPattern: '/tickets/\\d+(\\?|$)' }),
    });
    const refused = await app.inject({ method: 'POST', url: `/v1/tickets/${ticketId}/escalate`, headers: { ...auth, 'idempotency-key': 'fd-click' }, payload: { reason: 'Wants a manager' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'SERVER_WRITEBACK_REFUSED', details: { helpdeskCode: 'FRESHDESK_VALIDATION', httpStatus: 400 } });
    expect(refused.json().message).toContain('There is no group matching the given group_id');
    const answerId = refused.json().details.answerId as string;
    const failed = (await app.inject({ method: 'GET', url: '/v1/answers?writeback=failed', headers: auth })).json().answers as AnswerItem[];
    expect(failed.find((item) => item.id === answerId)?.writebackFailure).toMatchObject({ code: 'FRESHDESK_VALIDATION', httpStatus: 400 });

    const retried = await app.inject({ method: 'POST', url: `/v1/answers/${answerId}/retry`, headers: auth });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'written', answer: { writeback: 'written', writebackFailure: null } });
    const ticket = (await (await fetch(`${sandbox.url}/__sandbox/tickets/${ticketId}`)).json()) as { conversations: Array<{ body_text?: string; body?: string }> };
    const notes = ticket.conversations.filter((conversation) => `${conversation.body_text ?? ''}${conversation.body ?? ''}`.includes('Escalated by Threadline'));
    expect(notes).toHaveLength(1);
  }, 300_000);
});
