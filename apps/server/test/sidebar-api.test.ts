import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { normalizedSentence, splitSentences } from '@threadline/knowledge/answer';
import { authorizationHeader } from '@threadline/zendesk';
import { buildApp } from '../src/app.js';
import { getPolicy, savePolicy } from '../src/agent/policy-repository.js';
import { testConfig } from './helper.js';
import { agentTenant, sidebarToken, startZendesk, threadlineComments, ticketState, type AgentTenant } from './agent-fixtures.js';

describe('the sidebar API', () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;
  let headers: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startZendesk();
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox, { mode: 'draft' });
    headers = { authorization: `Bearer ${await sidebarToken(tenant)}` };
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it("suggests a cited reply for a ticket it has never seen, from the customer's whole history, writing nothing", async () => {
    const ticket = sandbox.ids.ticket('jane-call');
    const response = await app.inject({ method: 'POST', url: `/v1/tickets/${ticket}/suggest`, headers });
    expect(response.statusCode).toBe(200);
    const suggestion = response.json();
    expect(suggestion.replyText.length).toBeGreaterThan(20);
    expect(suggestion.citations[0]).toMatchObject({ number: 1, url: expect.stringMatching(/^http/) });
    expect(suggestion.summary).toMatch(/email/i);
    // The figure the suggestion's action was decided on, beside its confidence, with the words the sidebar shows.
    expect(suggestion.decision).toMatchObject({ measure: expect.stringMatching(/^(answerability|confidence)$/), words: expect.stringMatching(/^(knowledge answers it|confidence) \d+%/) });
    expect(threadlineComments((await ticketState(sandbox, 'jane-call')).comments)).toHaveLength(0);

    const feedback = await app.inject({ method: 'POST', url: `/v1/answers/${suggestion.answerId}/feedback`, headers, payload: { verdict: 'edited', editedText: 'Hi Jane, a replacement tent ships today.' } });
    expect(feedback.statusCode).toBe(201);
    const { rows } = await app.db.query(`select verdict, agent_external_id from answer_feedback where tenant_id = $1`, [tenant.tenantId]);
    expect(rows).toEqual([{ verdict: 'edited', agent_external_id: '372718401234' }]);
    const missingText = await app.inject({ method: 'POST', url: `/v1/answers/${suggestion.answerId}/feedback`, headers, payload: { verdict: 'edited' } });
    expect(missingText.statusCode).toBe(400);
  });

  it('shows the customer card and summary of the ticket', async () => {
    const ticket = sandbox.ids.ticket('jane-email');
    const card = (await app.inject({ method: 'GET', url: `/v1/tickets/${ticket}/customer`, headers })).json();
    expect(card.name).toBe('Jane Cooper');
    expect(card.channels).toEqual(expect.arrayContaining(['email', 'chat', 'voice']));
    const summary = (await app.inject({ method: 'GET', url: `/v1/tickets/${ticket}/summary`, headers })).json();
    expect(summary.contactCount).toBe(3);
    expect(summary.text).toContain('Jane');
  });

  it("leaves the agent's own notes and Threadline's earlier drafts out of the summary", async () => {
    const ticket = sandbox.ids.ticket('jane-email');
    for (const body of ['Agent only: VIP, check the refund policy first', 'Threadline draft (confidence 80%, offline answer)\n\nHi Jane, a replacement ships today.']) {
      const written = await fetch(`${sandbox.apiBaseUrl}/tickets/${ticket}.json`, {
        method: 'PUT',
        headers: { authorization: authorizationHeader(sandbox.credentials.auth), 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: { comment: { body, public: false } } }),
      });
      expect(written.ok).toBe(true);
    }
    const summary = (await app.inject({ method: 'GET', url: `/v1/tickets/${ticket}/summary`, headers })).json();
    expect(summary.text).toContain('Jane');
    expect(summary.text).not.toMatch(/internal note|VIP|Threadline draft|replacement ships today/);
  });

  it("lists the helpdesk's groups by name for an escalation", async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/groups', headers });
    expect(response.statusCode).toBe(200);
    const names = (response.json() as { groups: Array<{ id: string; name: string }> }).groups.map((group) => group.name);
    expect(names).toEqual(expect.arrayContaining(sandbox.dataset.groups.map((group) => group.name)));
  });

  it('keeps the reason an agent gives with a thumbs-down', async () => {
    const suggestion = (await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-chat')}/suggest`, headers })).json();
    const feedback = await app.inject({ method: 'POST', url: `/v1/answers/${suggestion.answerId}/feedback`, headers, payload: { verdict: 'unhelpful', reason: 'Wrong article: this is about returns' } });
    expect(feedback.statusCode).toBe(201);
    const { rows } = await app.db.query(`select verdict, reason from answer_feedback where tenant_id = $1 and id = $2`, [tenant.tenantId, feedback.json().id]);
    expect(rows).toEqual([{ verdict: 'unhelpful', reason: 'Wrong article: this is about returns' }]);
  });

  it('rewrites a draft shorter, and says offline translation is unavailable rather than faking it', async () => {
    const text = 'Hi Jane, thanks for your patience. Your replacement tent ships today by expedited delivery. You will get a tracking link by email. Let us know if anything else comes up.';
    const shorter = (await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-chat')}/rewrite`, headers, payload: { text, style: 'shorter' } })).json();
    expect(shorter.isAvailable).toBe(true);
    expect(shorter.text.length).toBeLessThan(text.length);
    const translated = (await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-chat')}/rewrite`, headers, payload: { text, style: 'translate', targetLanguage: 'es' } })).json();
    expect(translated).toMatchObject({ isAvailable: false, text });
    const noLanguage = await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-chat')}/rewrite`, headers, payload: { text, style: 'translate' } });
    expect(noLanguage.statusCode).toBe(400);
  });

  it('escalates on request: the ticket moves to the escalation group and gets the history note, once per request', async () => {
    const ticket = sandbox.ids.ticket('ravi-social');
    const send = () =>
      app.inject({ method: 'POST', url: `/v1/tickets/${ticket}/escalate`, headers: { ...headers, 'idempotency-key': 'click-1' }, payload: { reason: 'Customer asked for a supervisor', priority: 'high' } });
    const first = await send();
    expect(first.statusCode).toBe(201);
    // Says where the ticket went, as the helpdesk names the group.
    const escalations = sandbox.dataset.groups.find((group) => group.key === 'escalations');
    expect(first.json().group).toEqual({ id: sandbox.ids.group('escalations'), name: escalations?.name });
    expect((await send()).statusCode).toBe(201);
    const { ticket: state, comments } = await ticketState(sandbox, 'ravi-social');
    expect(String(state.group_id)).toBe(sandbox.ids.group('escalations'));
    expect(state.priority).toBe('high');
    const notes = threadlineComments(comments);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Customer asked for a supervisor');
    expect(notes[0]?.body).toContain(`#${sandbox.ids.ticket('ravi-email')}`);
  });

  it('answers a free question from the knowledge base with citations', async () => {
    // A plainly worded question: these tests run on the hash embedder, whose scores the answerability
    // model (fitted on the local model's) reads more harshly than the product's default would.
    const response = await app.inject({ method: 'POST', url: '/v1/kb/ask', headers, payload: { question: 'Who pays import duties and VAT on international orders?' } });
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer.citations.map((citation: { title: string }) => citation.title)).toContain('International shipping, duties and taxes');
    expect(answer.answer).toMatch(/VAT|duties/);
    expect(answer.isFound).toBe(true);
    expect(answer.doubt).toBeUndefined();
    expect(answer.answer).not.toMatch(/\[\d\]/);
    // The browser tests ask this one and expect a sourced answer.
    const returns = (await app.inject({ method: 'POST', url: '/v1/kb/ask', headers, payload: { question: 'How do I return an item?' } })).json();
    expect(returns).toMatchObject({ isFound: true, answer: expect.stringMatching(/return/i) });
    expect(returns.citedText).toMatch(/\[1\]/);
  });

  it("answers Jane's call with the carrier claim and replacement first, and no note header, source line or marker in the reply", async () => {
    const suggestion = (await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-call')}/suggest`, headers })).json();
    const [first] = splitSentences(suggestion.replyText);
    expect(first).toMatch(/carrier claim/);
    expect(first).toMatch(/replacement/);
    expect(suggestion.replyText).not.toMatch(/Suggested answer for the call|Sources:|\[\d\]/);
    // The display copy marks the first sentence with its article, numbered once.
    expect(suggestion.citedText.startsWith(`${first} [1]`)).toBe(true);
    expect(suggestion.citations[0].title).toBe('How to track your order');
  });

  it('never repeats a sentence or a source in a draft for any waiting ticket of the demo', async () => {
    const waiting = sandbox.dataset.tickets.filter((ticket) => ['new', 'open', 'pending'].includes(ticket.status));
    expect(waiting.length).toBeGreaterThan(5);
    for (const ticket of waiting) {
      const suggestion = (await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket(ticket.key)}/suggest`, headers })).json();
      const sentences = splitSentences(suggestion.replyText).map(normalizedSentence);
      expect(new Set(sentences).size, `${ticket.key}: ${suggestion.replyText}`).toBe(sentences.length);
      const sources = suggestion.citations.map((citation: { url: string | null; title: string }) => citation.url ?? citation.title);
      expect(new Set(sources).size, ticket.key).toBe(sources.length);
      expect(suggestion.citations.map((citation: { number: number }) => citation.number)).toEqual(sources.map((_source: string, index: number) => index + 1));
    }
  }, 600_000);

  it('never writes "Dear there" when a draft of a caller with no name is made more formal', async () => {
    const ref = sandbox.ids.ticket('jane-call');
    const drafts = ['Hi there,\n\nYour replacement ships today.\n\nBest regards,\nAlex', (await app.inject({ method: 'POST', url: `/v1/tickets/${ref}/suggest`, headers })).json().replyText];
    for (const text of drafts) {
      for (const style of ['shorter', 'friendlier', 'more_formal']) {
        const rewritten = (await app.inject({ method: 'POST', url: `/v1/tickets/${ref}/rewrite`, headers, payload: { text, style } })).json();
        expect(rewritten.text).not.toMatch(/Dear there/i);
      }
    }
  });

  it("tells the agent it found nothing, with no citation, when the knowledge base has nothing relevant", async () => {
    for (const question of ['asdf qwerty', 'What is the capital of France?']) {
      const answer = (await app.inject({ method: 'POST', url: '/v1/kb/ask', headers, payload: { question } })).json();
      expect(answer).toMatchObject({ isFound: false, answer: '', citedText: '', citations: [] });
    }
  });

  it('refuses tokens that are forged, expired, or name another tenant', async () => {
    const forged = await sidebarToken(tenant, { secret: 'not-the-secret-at-all-not-the-secret' });
    const expired = await sidebarToken(tenant, { expiresIn: '-1m' });
    const stranger = await sidebarToken(tenant, { issuer: 'someone-else' });
    for (const token of [forged, expired, stranger, 'not-a-jwt']) {
      const response = await app.inject({ method: 'GET', url: `/v1/tickets/${sandbox.ids.ticket('jane-email')}/summary`, headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('SERVER_UNAUTHORIZED');
    }
  });

  it('gives the agent the closest answer the knowledge gave when it would hand the ticket off below the cut, cited, instead of the holding reply', async () => {
    const before = await getPolicy(app.db, tenant.tenantId);
    // At a 99% threshold the hand-off cut is far above what any answer reaches.
    await savePolicy(app.db, tenant.tenantId, { ...before, confidenceThreshold: 0.99, channelOverrides: {} });
    try {
      const response = await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-email')}/suggest`, headers });
      expect(response.statusCode).toBe(200);
      const suggestion = response.json();
      expect(suggestion.action).toBe('escalate');
      expect(suggestion.closestAnswer.replyText.length).toBeGreaterThan(20);
      expect(suggestion.closestAnswer.replyText).not.toBe(suggestion.replyText);
      expect(suggestion.closestAnswer.citedText).toMatch(/\[1\]/);
      expect(suggestion.closestAnswer.replyText).not.toMatch(/\[\d+\]/);

      // The agent's own question gets that closest answer too, with the doubt and its figure said:
      // asked with the words of Jane's e-mail, which the engine would hand off at this threshold.
      const question = 'My order NW-10482 (a Ridgeline tent) was due on Monday but tracking has not moved since it left Reno. Can you check?';
      const asked = (await app.inject({ method: 'POST', url: '/v1/kb/ask', headers, payload: { question } })).json();
      expect(asked).toMatchObject({ isFound: true, answer: expect.any(String) });
      expect(asked.answer.length).toBeGreaterThan(20);
      expect(asked.doubt).toMatch(/^The knowledge found may not answer this \((knowledge answers it|confidence) \d+% · hand-off below \d+%\): check it before you send it\.$/);
      expect(asked.citedText).toMatch(/\[1\]/);
      expect(asked.citations.length).toBeGreaterThan(0);
      // Nothing relevant is still nothing, whatever the threshold.
      expect((await app.inject({ method: 'POST', url: '/v1/kb/ask', headers, payload: { question: 'asdf qwerty' } })).json()).toMatchObject({ isFound: false, answer: '' });
    } finally {
      await savePolicy(app.db, tenant.tenantId, before);
    }
  });
});

