import { HELPDESK_KINDS } from '@threadline/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, waitForJob, type ConnectedSandbox, type Vendor } from './sandboxes.js';

const auth = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

describe.each<Vendor>(HELPDESK_KINDS)('the mirror and timeline on %s', (vendor) => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let tenant: { tenantId: string; slug: string; apiKey: string };

  beforeAll(async () => {
    sandbox = await startVendorSandbox(vendor);
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await connectTenant(app, sandbox, `northwind-${vendor}`);
    const sync = await app.inject({ method: 'POST', url: '/v1/sync', headers: auth(tenant.apiKey) });
    expect(sync.statusCode).toBe(202);
    const job = await waitForJob(app, tenant.apiKey, sync.json().id);
    expect(job).toMatchObject({ status: 'succeeded' });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  async function snapshot(): Promise<unknown> {
    const tables = ['customers', 'customer_identities', 'customer_external_ids', 'tickets', 'messages'];
    const out: Record<string, unknown> = {};
    for (const table of tables) out[table] = (await app.db.query(`select * from ${table} where tenant_id = $1 order by 1, 2, 3`, [tenant.tenantId])).rows;
    return out;
  }

  it('backfills every ticket and message of the helpdesk', async () => {
    const { rows } = await app.db.query<{ tickets: number; messages: number }>(
      `select (select count(*) from tickets where tenant_id = $1) as tickets, (select count(*) from messages where tenant_id = $1) as messages`,
      [tenant.tenantId],
    );
    // Freshdesk's change feed leaves its archive out: archived tickets join the mirror by id (organizations-archive.test.ts).
    const listed = sandbox.dataset.tickets.filter((ticket) => !(vendor === 'freshdesk' && ticket.isArchived));
    expect(rows[0]?.tickets).toBe(listed.length);
    expect(rows[0]?.messages).toBe(listed.reduce((sum, ticket) => sum + ticket.messages.length, 0));
  });

  it('reads an email last week, a chat yesterday and a call today from two merged identities as one customer, in order', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/tickets/${sandbox.ticketId('jane-call')}/timeline`, headers: auth(tenant.apiKey) });
    expect(response.statusCode).toBe(200);
    const timeline = response.json();
    expect(timeline.customer.name).toBe('Jane Cooper');
    const customerMessages = timeline.items.filter((item: { authorRole: string }) => item.authorRole === 'customer');
    expect(customerMessages.map((item: { channel: string }) => item.channel)).toEqual(['email', 'chat', 'voice']);
    expect(customerMessages.map((item: { ticket: { externalId: string } }) => item.ticket.externalId)).toEqual(
      ['jane-email', 'jane-chat', 'jane-call'].map((key) => sandbox.ticketId(key)),
    );
    const times = timeline.items.map((item: { createdAt: string }) => item.createdAt);
    expect([...times].sort()).toEqual(times);

    const card = (await app.inject({ method: 'GET', url: `/v1/customers/${timeline.customer.id}`, headers: auth(tenant.apiKey) })).json();
    expect(card.identities.map((identity: { type: string; value: string }) => `${identity.type}:${identity.value}`)).toEqual(
      expect.arrayContaining(['email:jane.cooper@example.com', 'phone:+14155550134']),
    );
    expect(card.channels).toEqual(['voice', 'chat', 'email']);
    const { rows } = await app.db.query(`select id from customers where tenant_id = $1 and name = 'Jane Cooper'`, [tenant.tenantId]);
    expect(rows).toHaveLength(1);
  });

  it('pages the timeline with a cursor, newest first on request, without gaps or repeats', async () => {
    const ticket = sandbox.ticketId('jane-call');
    const all = (await app.inject({ method: 'GET', url: `/v1/tickets/${ticket}/timeline?order=desc&limit=200`, headers: auth(tenant.apiKey) })).json();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ method: 'GET', url: `/v1/tickets/${ticket}/timeline?${query}`, headers: auth(tenant.apiKey) })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: { messageId: string }) => item.messageId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((item: { messageId: string }) => item.messageId));
    expect(all.items[0].channel).toBe('voice');
  });

  it('changes nothing when the same data is synced again', async () => {
    const before = await snapshot();
    await app.db.query(`update helpdesk_connections set sync_cursor = null where tenant_id = $1`, [tenant.tenantId]);
    const sync = await app.inject({ method: 'POST', url: '/v1/sync', headers: auth(tenant.apiKey) });
    expect(await waitForJob(app, tenant.apiKey, sync.json().id)).toMatchObject({ status: 'succeeded' });
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a forged webhook with 401 and stores nothing', async () => {
    const before = await app.db.query(`select count(*) as n from queue_jobs where tenant_id = $1`, [tenant.tenantId]);
    const delivery = sandbox.webhookDelivery(sandbox.ticketId('jane-call'), { secret: 'forged' });
    const response = await app.inject({ method: 'POST', url: `/v1/webhooks/${vendor}/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toMatch(/WEBHOOK_UNAUTHENTICATED$/);
    const after = await app.db.query(`select count(*) as n from queue_jobs where tenant_id = $1`, [tenant.tenantId]);
    expect(after.rows).toEqual(before.rows);
  });

  it('drops an exact redelivery only when the helpdesk gave it an id, and refreshes the ticket', async () => {
    const delivery = sandbox.webhookDelivery(sandbox.ticketId('jane-chat'));
    const send = () => app.inject({ method: 'POST', url: `/v1/webhooks/${vendor}/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(first.json().status).toBe('accepted');
    if (vendor === 'zendesk') {
      // Same event id and invocation id: a redelivery.
      expect(second.json()).toMatchObject({ status: 'duplicate', jobId: first.json().jobId });
    } else {
      // A Freshdesk rule sends the same bytes for every update: a nudge, never a duplicate.
      expect(['accepted', 'coalesced']).toContain(second.json().status);
    }
    const { rows } = await app.db.query(`select count(*) as n from webhook_deliveries where tenant_id = $1`, [tenant.tenantId]);
    expect(rows[0]).toEqual({ n: vendor === 'zendesk' ? 2 : 0 });
    expect(await waitForJob(app, tenant.apiKey, first.json().jobId)).toMatchObject({ status: 'succeeded' });
    expect(await waitForJob(app, tenant.apiKey, second.json().jobId)).toMatchObject({ status: 'succeeded' });
  });

  it("never shows one tenant another tenant's customer", async () => {
    const other = await connectTenant(app, sandbox, `other-${vendor}`);
    const timeline = (await app.inject({ method: 'GET', url: `/v1/tickets/${sandbox.ticketId('jane-call')}/timeline`, headers: auth(tenant.apiKey) })).json();
    const response = await app.inject({ method: 'GET', url: `/v1/customers/${timeline.customer.id}/timeline`, headers: auth(other.apiKey) });
    expect(response.statusCode).toBe(404);
    const missing = await app.inject({ method: 'GET', url: `/v1/customers/${timeline.customer.id}` });
    expect(missing.statusCode).toBe(401);
  });
});
