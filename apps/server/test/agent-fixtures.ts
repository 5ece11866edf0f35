import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { startSandbox, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { authorizationHeader } from '@threadline/zendesk';
import { DEFAULT_POLICY, savePolicy, type TenantPolicy } from '../src/agent/policy-repository.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';

export interface AgentTenant {
  tenantId: string;
  slug: string;
  apiKey: string;
  sidebarSecret: string;
}

export async function startZendesk(): Promise<ZendeskSandbox> {
  return startSandbox({ rateLimitPerMinute: null });
}

/** A tenant on the Zendesk sandbox with the help center indexed and the given policy. */
export async function agentTenant(app: FastifyInstance, sandbox: ZendeskSandbox, policy: Partial<TenantPolicy> = {}): Promise<AgentTenant> {
  const { tenant, apiKey, sidebarSecret } = await provisionTenant(app.db, app.secrets, {
    slug: 'northwind',
    name: 'Northwind',
    baseUrl: sandbox.url,
    credentials: { kind: 'zendesk', auth: sandbox.credentials.auth as { type: 'token'; email: string; token: string } },
    webhookSecret: sandbox.webhook.secret,
    // The seeded tickets stand for messages that arrive while the tenant is connected.
    answerMessagesSince: new Date(0),
  });
  await savePolicy(app.db, tenant.id, {
    ...DEFAULT_POLICY,
    escalationGroupId: sandbox.ids.group('escalations'),
    agentName: 'Alex',
    companyName: 'Northwind Outfitters',
    ...policy,
  });
  await indexSource(app, tenant.id, { kind: 'helpdesk_articles', name: 'Help center' });
  return { tenantId: tenant.id, slug: tenant.slug, apiKey, sidebarSecret };
}

/**
 * Adds a knowledge source of the sandbox helpdesk to the tenant and waits until it is indexed.
 * The wait is bounded by a budget, not a count of polls: the neural embedder on a busy machine
 * takes minutes, and a test must not go on with half an index.
 */
export async function indexSource(app: FastifyInstance, tenantId: string, wanted: { kind: 'helpdesk_articles' | 'macros'; name: string }, budgetMs = 10 * 60_000): Promise<void> {
  const source = await app.kb.sources.create({ tenantId, kind: wanted.kind, name: wanted.name });
  const job = await app.kb.syncs.enqueue({ tenantId, sourceId: source.id });
  const deadline = Date.now() + budgetMs;
  for (;;) {
    // Works whether or not the app's worker polls: a job it already holds is skipped here.
    await app.jobs.worker.runNext();
    const current = await app.kb.syncs.get({ tenantId, jobId: job.id });
    if (current.status === 'succeeded') return;
    if (current.status === 'failed') throw new Error(`indexing ${wanted.name} failed: ${JSON.stringify(current)}`);
    if (Date.now() > deadline) throw new Error(`indexing ${wanted.name} did not end within ${budgetMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The customer writes on a ticket, as they would from their channel (a public end-user comment). */
export async function customerWrites(sandbox: ZendeskSandbox, ticketKey: string, customerKey: string, text: string): Promise<void> {
  const response = await fetch(`${sandbox.apiBaseUrl}/tickets/${sandbox.ids.ticket(ticketKey)}.json`, {
    method: 'PUT',
    headers: { authorization: authorizationHeader(sandbox.credentials.auth), 'content-type': 'application/json' },
    body: JSON.stringify({ ticket: { comment: { body: text, public: true, author_id: Number(sandbox.ids.customer(customerKey)) } } }),
  });
  if (!response.ok) throw new Error(`the sandbox refused the customer's comment: ${response.status} ${await response.text()}`);
}

export interface SandboxComment {
  id: number;
  body: string;
  public: boolean;
  author_id: number;
}

export async function ticketState(sandbox: ZendeskSandbox, ticketKey: string): Promise<{ ticket: { group_id: number | null; priority: string | null; tags: string[]; status: string }; comments: SandboxComment[] }> {
  const response = await fetch(`${sandbox.url}/__sandbox/tickets/${sandbox.ids.ticket(ticketKey)}`);
  return (await response.json()) as never;
}

/** Comments Threadline wrote (they carry its idempotency marker). */
export function threadlineComments(comments: SandboxComment[]): SandboxComment[] {
  return comments.filter((comment) => comment.body.includes('[threadline:') || comment.body.startsWith('Threadline draft') || comment.body.startsWith('Escalated by Threadline'));
}

/** Sends a signed webhook for the ticket to the app and waits for its job to end. */
export async function deliver(app: FastifyInstance, sandbox: ZendeskSandbox, tenant: AgentTenant, ticketKey: string): Promise<{ status: string; result: Record<string, unknown>; lastError: string | null }> {
  const delivery = sandbox.webhookDelivery(sandbox.ids.ticket(ticketKey), 'comment.added');
  const accepted = await app.inject({ method: 'POST', url: `/v1/webhooks/zendesk/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
  if (accepted.statusCode !== 202) throw new Error(`webhook refused: ${accepted.statusCode} ${accepted.body}`);
  const jobId = accepted.json().jobId as string;
  // A budget in time, not in polls: on a busy machine each poll itself takes longer.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    const job = (await app.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: { authorization: `Bearer ${tenant.apiKey}` } })).json();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** A token as the Zendesk app's secure request would carry it. */
export async function sidebarToken(tenant: Pick<AgentTenant, 'slug' | 'sidebarSecret'>, overrides: { secret?: string; expiresIn?: string; issuer?: string } = {}): Promise<string> {
  return new SignJWT({ name: 'Alex Morgan', email: 'alex@northwind.example' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(overrides.issuer ?? tenant.slug)
    .setAudience('threadline')
    .setSubject('372718401234')
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(overrides.secret ?? tenant.sidebarSecret));
}
