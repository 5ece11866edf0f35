import type { HelpdeskKind } from '@threadline/vocabulary';
import type { FastifyInstance } from 'fastify';
import type { WebhookRequest } from '@threadline/connector-core';
import type { DemoDataset } from '@threadline/connector-core/demo';
import { startSandbox as startZendesk } from '@threadline/zendesk/sandbox';
import { startSandbox as startFreshdesk } from '@threadline/freshdesk/sandbox';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import type { HelpdeskCredentials } from '../src/tenants/tenants-repository.js';

export type Vendor = HelpdeskKind;

/** One vendor's sandbox seen the same way for both, plus a tenant connected to it. */
export interface ConnectedSandbox {
  vendor: Vendor;
  url: string;
  dataset: DemoDataset;
  ticketId(key: string): string;
  webhookSecret: string;
  credentials: HelpdeskCredentials;
  /** Zendesk only: the same agent's OAuth access token (Authorization: Bearer), the other way Zendesk signs in. */
  oauthCredentials?: HelpdeskCredentials;
  webhookDelivery(ticketId: string, options?: { secret?: string }): WebhookRequest;
  sendWebhook(targetUrl: string, ticketId: string): Promise<{ status: number; body: string }>;
  /** Moves a ticket to the helpdesk's archive, where the helpdesk keeps one apart (Freshdesk). */
  archiveTicket?(ticketId: string): void;
  close(): Promise<void>;
}

/** Starts the vendor's sandbox holding `options.dataset` (default: the demo world). */
export async function startVendorSandbox(vendor: Vendor, options: { dataset?: DemoDataset } = {}): Promise<ConnectedSandbox> {
  const seed = options.dataset ? { dataset: options.dataset } : {};
  if (vendor === 'zendesk') {
    const sandbox = await startZendesk({ rateLimitPerMinute: null, ...seed });
    return {
      vendor,
      url: sandbox.url,
      dataset: sandbox.dataset,
      ticketId: sandbox.ids.ticket,
      webhookSecret: sandbox.webhook.secret,
      credentials: { kind: 'zendesk', auth: sandbox.credentials.auth as { type: 'token'; email: string; token: string } },
      oauthCredentials: { kind: 'zendesk', auth: sandbox.credentials.oauth },
      webhookDelivery: (ticketId, options) =>
        sandbox.webhookDelivery(ticketId, undefined, options?.secret ? ({ secret: options.secret } as never) : undefined),
      sendWebhook: (targetUrl, ticketId) => sandbox.sendWebhook(targetUrl, ticketId),
      close: () => sandbox.close(),
    };
  }
  const sandbox = await startFreshdesk({ rateLimitPerMinute: null, ...seed });
  return {
    vendor,
    url: sandbox.url,
    dataset: sandbox.dataset,
    ticketId: sandbox.ids.ticket,
    webhookSecret: sandbox.webhookSecret,
    credentials: { kind: 'freshdesk', auth: { apiKey: sandbox.credentials.apiKey } },
    webhookDelivery: (ticketId, options) => sandbox.webhookDelivery(ticketId, options?.secret ? { secret: options.secret } : {}),
    sendWebhook: (targetUrl, ticketId) => sandbox.sendWebhook(targetUrl, ticketId),
    archiveTicket: (ticketId) => sandbox.archiveTicket(ticketId),
    close: () => sandbox.close(),
  };
}

/** Creates a tenant connected to the sandbox and returns its slug and API key. */
export async function connectTenant(app: FastifyInstance, sandbox: ConnectedSandbox, slug: string): Promise<{ tenantId: string; slug: string; apiKey: string }> {
  const { tenant, apiKey } = await provisionTenant(app.db, app.secrets, {
    slug,
    name: `${slug} support`,
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    webhookSecret: sandbox.webhookSecret,
  });
  return { tenantId: tenant.id, slug: tenant.slug, apiKey };
}

/** Waits until the job is done or failed (the worker runs in the app). */
export async function waitForJob(app: FastifyInstance, apiKey: string, jobId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await app.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: { authorization: `Bearer ${apiKey}` } });
    const job = response.json() as { status: string };
    if (job.status === 'succeeded' || job.status === 'failed') return job as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
