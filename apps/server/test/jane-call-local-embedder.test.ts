import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { escalateBelow, normalizedSentence, splitSentences } from '@threadline/knowledge/answer';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { agentTenant, indexSource, sidebarToken, startZendesk, type AgentTenant } from './agent-fixtures.js';

/**
 * Jane Cooper's call as the demo answers it: the Universal Sentence Encoder (the default embedder
 * with no keys, loaded offline from node_modules), the help center and the macros as knowledge, and
 * the demo's policy. The other server tests use the hash embedder, whose scores are not the ones a
 * newcomer sees. Loading the model and indexing take minutes on a busy machine: the budgets below
 * are for that, not a speed check.
 */
const SETUP_BUDGET_MS = 30 * 60_000;
const TEST_BUDGET_MS = 10 * 60_000;

/** The demo tenant's policy (apps/server/src/demo/demo-plugin.ts): calls are drafted, never auto-replied. */
const DEMO_POLICY = {
  mode: 'auto',
  confidenceThreshold: 0.55,
  channelOverrides: { voice: { mode: 'draft' }, email: { mode: 'draft' }, web_form: { mode: 'draft' } },
} as const;

describe("Jane's call with the local sentence encoder", () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;
  let headers: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startZendesk();
    app = await buildApp(testConfig({ embeddings: { provider: 'local' } }), { logger: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox, DEMO_POLICY);
    await indexSource(app, tenant.tenantId, { kind: 'macros', name: 'Macros' });
    headers = { authorization: `Bearer ${await sidebarToken(tenant, { expiresIn: '1h' })}` };
  }, SETUP_BUDGET_MS);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('drafts the carrier claim and replacement first, well above the cut where a call is handed off', async () => {
    const suggestion = (await app.inject({ method: 'POST', url: `/v1/tickets/${sandbox.ids.ticket('jane-call')}/suggest`, headers })).json();
    expect(suggestion.path).toBe('offline');
    expect(suggestion.action).toBe('draft');
    expect(suggestion.confidence).toBeGreaterThanOrEqual(escalateBelow('offline', DEMO_POLICY.confidenceThreshold, 'voice'));
    const sentences = splitSentences(suggestion.replyText);
    expect(sentences[0]).toMatch(/carrier claim/);
    expect(sentences[0]).toMatch(/replacement/);
    expect(suggestion.citations[0].title).toBe('How to track your order');
    expect(suggestion.citedText.startsWith(`${sentences[0]} [1]`)).toBe(true);
    expect(new Set(sentences.map(normalizedSentence)).size).toBe(sentences.length);
    const sources = suggestion.citations.map((citation: { url: string | null; title: string }) => citation.url ?? citation.title);
    expect(new Set(sources).size).toBe(sources.length);
    expect(suggestion.replyText).not.toMatch(/Suggested answer for the call|Sources:|\[\d\]/);
  }, TEST_BUDGET_MS);
});
