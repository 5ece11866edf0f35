import { HELPDESK_KINDS } from '@threadline/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createDemoDataset, type DemoCustomer, type DemoDataset, type DemoTicket } from '@threadline/connector-core/demo';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, waitForJob, type ConnectedSandbox, type Vendor } from './sandboxes.js';

const auth = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });
const DAY = 86_400_000;

/**
 * A helpdesk holding one person as two records it never merged: Jane's profile (`jane@x.com`,
 * `+14155550134`, she emailed last week) and the record the phone system created when she called
 * today from `(415) 555-0134`. Both helpdesks keep numbers as typed (Zendesk identities' `value`,
 * Freshdesk contacts' `phone`), so only the mirror's phone key can tell they are one person.
 */
function twoRecordsOfJane(): DemoDataset {
  const base = createDemoDataset({ generatedCustomers: 0 });
  const now = Date.now();
  const at = (msAgo: number) => new Date(Math.floor((now - msAgo) / 1000) * 1000).toISOString();
  const profile: DemoCustomer = {
    key: 'jane-profile',
    name: 'Jane Doe',
    locale: 'en-US',
    identities: [{ type: 'email', value: 'jane@x.com' }, { type: 'phone', value: '+14155550134' }],
    mergedIdentities: [],
    createdAt: at(300 * DAY),
  };
  const caller: DemoCustomer = { key: 'jane-caller', name: 'Caller (415) 555-0134', locale: 'en-US', identities: [{ type: 'phone', value: '(415) 555-0134' }], mergedIdentities: [], createdAt: at(0.1 * DAY) };
  const ticket = (key: string, customer: DemoCustomer, channel: 'email' | 'voice', text: string, daysAgo: number): DemoTicket => ({
    key,
    customerKey: customer.key,
    channel,
    via: customer.identities.find((identity) => identity.type === (channel === 'email' ? 'email' : 'phone')) as DemoTicket['via'],
    subject: channel === 'email' ? 'Where is my tent?' : 'Call from (415) 555-0134',
    status: channel === 'email' ? 'pending' : 'new',
    priority: 'normal',
    groupKey: 'orders',
    assigneeKey: channel === 'email' ? 'alex' : null,
    tags: [],
    createdAt: at(daysAgo * DAY),
    updatedAt: at(daysAgo * DAY),
    messages: [{ role: 'customer', isPublic: true, text, createdAt: at(daysAgo * DAY) }],
  });
  return {
    ...base,
    customers: [profile, caller],
    tickets: [
      ticket('jane-email', profile, 'email', 'My tent order NW-20001 has not arrived.', 7),
      ticket('jane-call', caller, 'voice', 'Call transcript: customer says her tent still has not arrived.', 0.05),
    ],
  };
}

describe.each<Vendor>(HELPDESK_KINDS)('one person across phone formats on %s', (vendor) => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let tenant: { tenantId: string; slug: string; apiKey: string };

  beforeAll(async () => {
    sandbox = await startVendorSandbox(vendor, { dataset: twoRecordsOfJane() });
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await connectTenant(app, sandbox, `formats-${vendor}`);
    const sync = await app.inject({ method: 'POST', url: '/v1/sync', headers: auth(tenant.apiKey) });
    expect(sync.statusCode).toBe(202);
    expect(await waitForJob(app, tenant.apiKey, sync.json().id)).toMatchObject({ status: 'succeeded' });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('shows the email and the call from (415) 555-0134 on one timeline and one customer card', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/tickets/${sandbox.ticketId('jane-call')}/timeline`, headers: auth(tenant.apiKey) });
    expect(response.statusCode).toBe(200);
    const timeline = response.json();
    // The name follows the older profile, not the caller record the phone system created.
    expect(timeline.customer.name).toBe('Jane Doe');
    const customerMessages = timeline.items.filter((item: { authorRole: string }) => item.authorRole === 'customer');
    expect(customerMessages.map((item: { channel: string; ticket: { externalId: string } }) => [item.channel, item.ticket.externalId])).toEqual([
      ['email', sandbox.ticketId('jane-email')],
      ['voice', sandbox.ticketId('jane-call')],
    ]);

    const card = (await app.inject({ method: 'GET', url: `/v1/customers/${timeline.customer.id}`, headers: auth(tenant.apiKey) })).json();
    expect(card.helpdeskIds).toHaveLength(2);
    expect(card.channels.sort()).toEqual(['email', 'voice']);
    const identities = card.identities.map((identity: { type: string; value: string; raw: string }) => ({ type: identity.type, value: identity.value, raw: identity.raw }));
    expect(identities.filter((identity: { type: string }) => identity.type === 'phone')).toEqual([{ type: 'phone', value: '+14155550134', raw: expect.stringMatching(/^(\+14155550134|\(415\) 555-0134)$/) }]);
    expect(identities).toContainEqual({ type: 'email', value: 'jane@x.com', raw: 'jane@x.com' });

    const { rows } = await app.db.query(`select id from customers where tenant_id = $1`, [tenant.tenantId]);
    expect(rows).toHaveLength(1);
  });

  it('keeps them one person when a webhook refreshes the call ticket', async () => {
    const delivery = sandbox.webhookDelivery(sandbox.ticketId('jane-call'));
    const accepted = await app.inject({ method: 'POST', url: `/v1/webhooks/${vendor}/${tenant.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect(accepted.statusCode).toBe(202);
    expect(await waitForJob(app, tenant.apiKey, accepted.json().jobId)).toMatchObject({ status: 'succeeded' });
    const { rows } = await app.db.query(`select id from customers where tenant_id = $1`, [tenant.tenantId]);
    expect(rows).toHaveLength(1);
  });
});
