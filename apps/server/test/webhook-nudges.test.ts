import type { HelpdeskKind } from '@threadline/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { WebhookRequest } from '@threadline/connector-core';
import { startSandbox as startZendeskSandbox, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { startSandbox as startFreshdeskSandbox, type FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { threadlineComments, ticketState } from './agent-fixtures.js';
import { waitForJob } from './sandboxes.js';
import { freshdeskCustomerWrites as writeOnFreshdesk, zendeskCustomerWrites as writeOnZendesk } from './customer-writes.js';

/**
 * Every customer message is answered exactly once, whatever webhooks arrive: real automation rules
 * send the same bytes for every update of a ticket, helpdesks redeliver, and a delivery is only a
 * nudge to look at the ticket.
 */
describe('webhooks are nudges; each customer message is answered once', () => {
  let app: FastifyInstance;
  let zendesk: ZendeskSandbox;
  let freshdesk: FreshdeskSandbox;
  const tenants = { zendesk: { id: '', apiKey: '' }, freshdesk: { id: '', apiKey: '' } };

  beforeAll(async () => {
    zendesk = await startZendeskSandbox({ rateLimitPerMinute: null });
    freshdesk = await startFreshdeskSandbox();
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    // Connected now: the seeded tickets are history, only what customers write from here on is answered.
    const zd = await provisionTenant(app.db, app.secrets, {
      slug: 'zd-nudges',
      name: 'Zendesk nudges',
      baseUrl: zendesk.url,
      credentials: { kind: 'zendesk', auth: zendesk.credentials.auth as { type: 'token'; email: string; token: string } },
      webhookSecret: zendesk.webhook.secret,
    });
    const fd = await provisionTenant(app.db, app.secrets, {
      slug: 'fd-nudges',
      name: 'Freshdesk nudges',
      baseUrl: freshdesk.url,
      credentials: { kind: 'freshdesk', auth: { apiKey: freshdesk.credentials.apiKey } },
      webhookSecret: freshdesk.webhookSecret,
    });
    tenants.zendesk = { id: zd.tenant.id, apiKey: zd.apiKey };
    tenants.freshdesk = { id: fd.tenant.id, apiKey: fd.apiKey };
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await zendesk?.close();
    await freshdesk?.close();
  });

  /** POSTs a delivery and waits for the job it landed in. */
  async function nudge(vendor: HelpdeskKind, delivery: WebhookRequest): Promise<{ status: string; jobId: string; job: Record<string, unknown> }> {
    const response = await app.inject({ method: 'POST', url: `/v1/webhooks/${vendor}/${vendor === 'zendesk' ? 'zd' : 'fd'}-nudges`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect(response.statusCode).toBe(202);
    const { status, jobId } = response.json() as { status: string; jobId: string };
    const job = await waitForJob(app, tenants[vendor].apiKey, jobId, 240_000);
    expect(job.status).toBe('succeeded');
    return { status, jobId, job };
  }

  async function answerKeys(vendor: HelpdeskKind, ticketId: string): Promise<string[]> {
    const { rows } = await app.db.query<{ idempotency_key: string }>(
      `select idempotency_key from answers where tenant_id = $1 and ticket_external_id = $2 order by created_at`,
      [tenants[vendor].id, ticketId],
    );
    return rows.map((row) => row.idempotency_key);
  }

  const zendeskCustomerWrites = (ticketId: string, text: string) => writeOnZendesk(zendesk, ticketId, text);
  const freshdeskCustomerWrites = (ticketId: string, text: string) => writeOnFreshdesk(freshdesk, ticketId, text);

  it('Freshdesk: two automation webhooks with identical bodies for two customer messages give two answers; one delivered three times gives one', async () => {
    const ticketId = freshdesk.ids.ticket('jane-chat');
    const first = await freshdeskCustomerWrites(ticketId, 'Is there any news on my tent order?');
    const delivery = freshdesk.webhookDelivery(ticketId);
    // What a real rule sends: the ticket id and nothing that changes between updates.
    expect(JSON.parse(delivery.rawBody)).toEqual({ freshdesk_webhook: { ticket_id: Number(ticketId) } });
    for (let i = 0; i < 3; i++) await nudge('freshdesk', delivery);
    expect(await answerKeys('freshdesk', ticketId)).toEqual([`message:${first}`]);

    const second = await freshdeskCustomerWrites(ticketId, 'Also, can I change the delivery address?');
    const again = freshdesk.webhookDelivery(ticketId);
    expect(again.rawBody).toBe(delivery.rawBody);
    const { job } = await nudge('freshdesk', again);
    expect(job.result).toMatchObject({ status: 'written' });
    expect(await answerKeys('freshdesk', ticketId)).toEqual([`message:${first}`, `message:${second}`]);
  }, 300_000);

  it.each(['json', 'form_encoded'] as const)('Zendesk trigger (%s): identical bodies for two customer messages give two answers; one invocation delivered three times gives one', async (requestFormat) => {
    const ticketId = zendesk.ids.ticket(requestFormat === 'json' ? 'jane-chat' : 'jane-email');
    const first = await zendeskCustomerWrites(ticketId, 'How long does standard shipping take?');
    const delivery = zendesk.webhookDelivery(ticketId, 'comment.added', { format: 'trigger', requestFormat });
    const sent = [await nudge('zendesk', delivery), await nudge('zendesk', delivery), await nudge('zendesk', delivery)];
    // The retries carry Zendesk's invocation id again: exact redeliveries, answered from the first job.
    expect(sent.map((item) => item.status)).toEqual(['accepted', 'duplicate', 'duplicate']);
    expect(new Set(sent.map((item) => item.jobId)).size).toBe(1);
    expect(await answerKeys('zendesk', ticketId)).toEqual([`message:${first}`]);

    const second = await zendeskCustomerWrites(ticketId, 'And do you ship to Canada?');
    const next = zendesk.webhookDelivery(ticketId, 'comment.added', { format: 'trigger', requestFormat });
    expect(next.rawBody).toBe(delivery.rawBody);
    expect((await nudge('zendesk', next)).status).toBe('accepted');
    expect(await answerKeys('zendesk', ticketId)).toEqual([`message:${first}`, `message:${second}`]);
    expect(threadlineComments((await ticketState(zendesk, requestFormat === 'json' ? 'jane-chat' : 'jane-email')).comments)).toHaveLength(2);
  }, 300_000);

  it('Zendesk event webhook: a redelivery with the same invocation id is a duplicate and the message is answered once', async () => {
    const ticketId = zendesk.ids.ticket('ravi-social');
    const message = await zendeskCustomerWrites(ticketId, 'Where can I find my invoice?');
    const delivery = zendesk.webhookDelivery(ticketId, 'comment.added');
    expect(delivery.headers['x-zendesk-webhook-invocation-id']).toMatch(/^\d+$/);
    const first = await nudge('zendesk', delivery);
    const redelivered = await nudge('zendesk', delivery);
    expect([first.status, redelivered.status]).toEqual(['accepted', 'duplicate']);
    expect(redelivered.jobId).toBe(first.jobId);
    expect(await answerKeys('zendesk', ticketId)).toEqual([`message:${message}`]);
    expect(threadlineComments((await ticketState(zendesk, 'ravi-social')).comments)).toHaveLength(1);
  }, 300_000);

  it('answers a burst of customer messages once, keyed by the latest', async () => {
    const ticketId = zendesk.ids.ticket('jane-call');
    await zendeskCustomerWrites(ticketId, 'Hello?');
    const latest = await zendeskCustomerWrites(ticketId, 'My parcel arrived damaged, what now?');
    await nudge('zendesk', zendesk.webhookDelivery(ticketId, 'comment.added', { format: 'trigger' }));
    await nudge('zendesk', zendesk.webhookDelivery(ticketId, 'comment.added', { format: 'trigger' }));
    expect(await answerKeys('zendesk', ticketId)).toEqual([`message:${latest}`]);
  }, 300_000);

  it('never answers a message older than the connection', async () => {
    const ticketId = zendesk.ids.ticket('lucia-whatsapp');
    const { job } = await nudge('zendesk', zendesk.webhookDelivery(ticketId, 'comment.added', { format: 'trigger' }));
    expect(job.result).toMatchObject({ status: 'skipped', reason: expect.stringContaining('predates the connection') });
    expect(await answerKeys('zendesk', ticketId)).toEqual([]);
  }, 300_000);
});
