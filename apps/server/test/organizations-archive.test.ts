import { HELPDESK_KINDS } from '@threadline/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CustomerCard, TimelineBody } from '../src/contract/timeline.js';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, type ConnectedSandbox, type Vendor } from './sandboxes.js';

const auth = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

describe.each<Vendor>(HELPDESK_KINDS)('organizations and archived tickets on %s', (vendor) => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let tenant: { tenantId: string; slug: string; apiKey: string };

  beforeAll(async () => {
    sandbox = await startVendorSandbox(vendor);
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    tenant = await connectTenant(app, sandbox, `northwind-orgs-${vendor}`);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  async function get<T>(url: string): Promise<T> {
    const response = await app.inject({ method: 'GET', url, headers: auth(tenant.apiKey) });
    expect(response.statusCode).toBe(200);
    return response.json() as T;
  }

  it("shows the customer's organization on the sidebar card, the customer card and the timeline", async () => {
    const organization = sandbox.dataset.organizations.find((each) => each.key === 'summit-guides');
    const card = await get<CustomerCard>(`/v1/tickets/${sandbox.ticketId('jane-email')}/customer`);
    expect(card.organization).toMatchObject({ name: organization?.name, domains: organization?.domains });
    expect(card.organization?.externalId).toMatch(/^\d+$/);
    expect((await get<CustomerCard>(`/v1/customers/${card.id}`)).organization).toEqual(card.organization);
    expect((await get<TimelineBody>(`/v1/customers/${card.id}/timeline`)).customer.organization).toEqual(card.organization);
    expect((await get<TimelineBody>(`/v1/tickets/${sandbox.ticketId('jane-email')}/timeline`)).customer.organization).toEqual(card.organization);
    const { rows } = await app.db.query(`select name, domains from organizations where tenant_id = $1`, [tenant.tenantId]);
    expect(rows).toEqual([{ name: organization?.name, domains: organization?.domains }]);
  });

  it('shows no organization for a customer the helpdesk puts in none', async () => {
    const card = await get<CustomerCard>(`/v1/tickets/${sandbox.ticketId('lucia-whatsapp')}/customer`);
    expect(card.organization).toBeNull();
  });

  it('puts an archived ticket in the timeline like any other, labelled archived where the helpdesk archives', async () => {
    const archived = sandbox.dataset.tickets.find((ticket) => ticket.isArchived);
    expect(archived).toBeDefined();
    const ref = sandbox.ticketId(archived?.key ?? '');
    // The agent opens the archived ticket: the sidebar pulls it and its customer's history.
    const card = await get<CustomerCard>(`/v1/tickets/${ref}/customer`);
    const summary = card.tickets.find((ticket) => ticket.externalId === ref);
    expect(summary).toMatchObject({ status: 'closed', messageCount: archived?.messages.length, isArchived: vendor === 'freshdesk' });
    expect(card.tickets.filter((ticket) => ticket.externalId !== ref).every((ticket) => !ticket.isArchived)).toBe(true);
    const timeline = await get<TimelineBody>(`/v1/customers/${card.id}/timeline?limit=200`);
    const items = timeline.items.filter((item) => item.ticket.externalId === ref);
    expect(items.map((item) => item.bodyText)).toEqual(archived?.messages.map((message) => expect.stringContaining(message.text.slice(0, 20))));
    expect(items.every((item) => item.ticket.isArchived === (vendor === 'freshdesk'))).toBe(true);
    const otherTickets = new Set(sandbox.dataset.tickets.filter((ticket) => ticket.customerKey === archived?.customerKey).map((ticket) => sandbox.ticketId(ticket.key)));
    expect(new Set(timeline.items.map((item) => item.ticket.externalId))).toEqual(otherTickets);
  });

  // Only Freshdesk keeps an archive apart from its ticket lists.
  it.runIf(vendor === 'freshdesk')('labels a mirrored ticket archived once a refresh finds it in the archive, keeping its thread', async () => {
    expect(sandbox.archiveTicket).toBeDefined();
    const ref = sandbox.ticketId('lucia-email');
    const before = await get<CustomerCard>(`/v1/tickets/${ref}/customer`);
    expect(before.tickets.find((ticket) => ticket.externalId === ref)?.isArchived).toBe(false);
    sandbox.archiveTicket?.(ref);
    // What a webhook naming the ticket does: refresh it from the helpdesk.
    const { connector } = await app.helpdesks.forTenant(tenant.tenantId);
    await app.mirror.refreshTicket(tenant.tenantId, connector, ref);
    const after = await get<CustomerCard>(`/v1/customers/${before.id}`);
    expect(after.tickets.find((ticket) => ticket.externalId === ref)).toMatchObject({ isArchived: true, messageCount: before.tickets.find((ticket) => ticket.externalId === ref)?.messageCount });
    const timeline = await get<TimelineBody>(`/v1/customers/${before.id}/timeline?limit=200`);
    expect(timeline.items.filter((item) => item.ticket.externalId === ref).every((item) => item.ticket.isArchived)).toBe(true);
  });
});
