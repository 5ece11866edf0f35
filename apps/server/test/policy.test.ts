import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { agentTenant, customerWrites, deliver, startZendesk, ticketState, type AgentTenant } from './agent-fixtures.js';
import { member, signInAs, type SignedIn } from './console-fixtures.js';

describe('the policy API, and the pipeline obeying it', () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;
  let admin: SignedIn;
  let asKey: { authorization: string };

  beforeAll(async () => {
    sandbox = await startZendesk();
    // The product's local model: the offline path's decision is calibrated on its scores, and this
    // test is about where that decision falls against the tenant's threshold.
    app = await buildApp(testConfig({ embeddings: { provider: 'local' } }), { logger: false });
    await app.ready();
    // Chat starts as drafts only.
    tenant = await agentTenant(app, sandbox, { mode: 'draft', confidenceThreshold: 0.7, channelOverrides: {} });
    asKey = { authorization: `Bearer ${tenant.apiKey}` };
    const user = await member(app, { id: tenant.tenantId, slug: tenant.slug, apiKey: tenant.apiKey }, 'admin', 'lead@northwind.test');
    admin = await signInAs(app, { id: tenant.tenantId, slug: tenant.slug, apiKey: tenant.apiKey }, user.email);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  const getPolicy = async () => (await app.inject({ method: 'GET', url: '/v1/policy', headers: asKey })).json();

  it('is documented in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(document.paths['/v1/policy'])).toEqual(expect.arrayContaining(['get', 'put']));
    expect(document.paths['/v1/policy/audit'].get).toBeDefined();
  });

  it('refuses a policy that is not valid as a whole, with the reason, and stores none of it', async () => {
    const before = await getPolicy();
    const cases = [
      { payload: { ...before, channels: { ...before.channels, chat: { mode: 'auto', confidenceThreshold: 1.5 } } }, code: 'SERVER_VALIDATION_FAILED' },
      { payload: { ...before, refundLimit: 10, channels: { ...before.channels, voice: { mode: 'auto', confidenceThreshold: 0.9 } } }, code: 'SERVER_POLICY_INVALID', message: /voice/ },
      { payload: { ...before, brand: 'x' }, code: 'SERVER_VALIDATION_FAILED', message: /unknown property "brand"/ },
      { payload: { ...before, languages: ['english'] }, code: 'SERVER_VALIDATION_FAILED' },
    ];
    for (const { payload, code, message } of cases) {
      const response = await app.inject({ method: 'PUT', url: '/v1/policy', headers: asKey, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) });
    }
    expect(await getPolicy()).toEqual(before);
    expect((await app.inject({ method: 'GET', url: '/v1/policy/audit', headers: asKey })).json().entries).toEqual([]);
  });

  it('sets chat to auto at 0.6: a chat webhook replies in public at confidence ≥ the threshold, and never in public below it', async () => {
    const setChat = async (confidenceThreshold: number) => {
      const current = await getPolicy();
      const response = await app.inject({ method: 'PUT', url: '/v1/policy', headers: admin.writeHeaders, payload: { ...current, channels: { ...current.channels, chat: { mode: 'auto', confidenceThreshold } } } });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    /** The customer asks on chat; the webhook's answer, and whether what was written is public. */
    const ask = async () => {
      await customerWrites(sandbox, 'jane-chat', 'jane-cooper', 'How long does standard shipping take?');
      const job = await deliver(app, sandbox, tenant, 'jane-chat');
      expect(job.status).toBe('succeeded');
      const [answer] = (await app.inject({ method: 'GET', url: '/v1/answers?limit=1', headers: asKey })).json().answers;
      // What was written after the customer's message: the ticket's last comment, not the customer's.
      const written = (await ticketState(sandbox, 'jane-chat')).comments.at(-1);
      expect(written?.author_id).not.toBe(Number(sandbox.ids.customer('jane-cooper')));
      return { action: answer.action as string, confidence: answer.confidence as number, isPublic: written?.public === true, guardrails: answer.guardrails as string[], escalation: answer.escalation };
    };

    const policy = await setChat(0.6);
    expect(policy.channels.chat).toEqual({ mode: 'auto', confidenceThreshold: 0.6 });
    expect(policy.channels.email).toEqual({ mode: 'draft', confidenceThreshold: 0.7 });
    const first = await ask();
    // Whichever side of 0.6 this question scores, the pipeline acted on the policy just set.
    // Below it, nothing public: a draft, or an escalation when the calibrated decision (whose cut the
    // threshold scales) finds the question not answerable enough at this threshold.
    if (first.confidence >= 0.6) expect(first, JSON.stringify(first)).toMatchObject({ action: 'reply', isPublic: true });
    else expect(first.action === 'draft' || first.action === 'escalate', JSON.stringify(first)).toBe(true);
    expect(first.isPublic).toBe(first.confidence >= 0.6);

    // And both sides of the threshold, on the next messages: a threshold well under this question's
    // score gives a public reply, one well over it none. (Each later message scores a little
    // differently, as the earlier exchange is part of the conversation retrieval reads, so the
    // thresholds sit far from the score rather than a hair either side of it.)
    await setChat(0.3);
    const under = await ask();
    expect(under, JSON.stringify(under)).toMatchObject({ action: 'reply', isPublic: true });
    expect(under.confidence).toBeGreaterThanOrEqual(0.3);
    await setChat(0.95);
    const over = await ask();
    expect(over.action === 'draft' || over.action === 'escalate', JSON.stringify(over)).toBe(true);
    expect(over.isPublic).toBe(false);
  }, 600_000);

  it('audits every change: who, when, and each field before and after, newest first', async () => {
    const { entries } = (await app.inject({ method: 'GET', url: '/v1/policy/audit', headers: { cookie: admin.cookie } })).json();
    // The test before set chat to auto at 0.6, then moved its threshold twice.
    expect(entries).toHaveLength(3);
    const oldest = entries.at(-1);
    expect(oldest).toMatchObject({ actor: 'lead@northwind.test', at: expect.any(String) });
    expect(oldest.changes).toEqual([
      { field: 'channels.chat.mode', before: 'draft', after: 'auto' },
      { field: 'channels.chat.confidenceThreshold', before: 0.7, after: 0.6 },
    ]);
    expect(entries[0].changes).toEqual([{ field: 'channels.chat.confidenceThreshold', before: 0.3, after: 0.95 }]);
    expect(entries[1].changes).toEqual([{ field: 'channels.chat.confidenceThreshold', before: 0.6, after: 0.3 }]);
    expect(Date.parse(entries[0].at)).toBeGreaterThanOrEqual(Date.parse(oldest.at));

    // A change through the API key is named as such; one that changes nothing is not recorded.
    const policy = await getPolicy();
    await app.inject({ method: 'PUT', url: '/v1/policy', headers: asKey, payload: policy });
    expect((await app.inject({ method: 'GET', url: '/v1/policy/audit', headers: asKey })).json().entries).toHaveLength(entries.length);
    await app.inject({ method: 'PUT', url: '/v1/policy', headers: asKey, payload: { ...policy, identity: { ...policy.identity, greeting: 'Hey {name},' } } });
    const latest = (await app.inject({ method: 'GET', url: '/v1/policy/audit?limit=1', headers: asKey })).json().entries;
    expect(latest).toEqual([expect.objectContaining({ actor: 'api-key', changes: [{ field: 'identity.greeting', before: null, after: 'Hey {name},' }] })]);
  });

  it("refuses a helpdesk agent's sidebar token a policy change", async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(tenant.slug)
      .setAudience('threadline')
      .setSubject('agent-1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(tenant.sidebarSecret));
    const response = await app.inject({ method: 'PUT', url: '/v1/policy', headers: { authorization: `Bearer ${token}` }, payload: await getPolicy() });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'SERVER_AUTH_ROLE_FORBIDDEN' });
  });
});
