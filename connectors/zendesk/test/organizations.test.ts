import { afterEach, describe, expect, it } from 'vitest';
import { authorizationHeader } from '../src/options.js';
import { createZendeskHarness } from './harness.js';

// Response bodies are read loosely here; the assertions say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let h: Awaited<ReturnType<typeof createZendeskHarness>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function get(path: string): Promise<{ status: number; body: Json }> {
  const harness = h as NonNullable<typeof h>;
  const response = await fetch(`${harness.sandbox.apiBaseUrl}${path}`, { headers: { authorization: authorizationHeader(harness.sandbox.credentials.auth) } });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('Zendesk sandbox organizations', () => {
  it('shows an organization with its domain_names (Organizations JSON format)', async () => {
    h = await createZendeskHarness();
    const id = h.sandbox.ids.organization('summit-guides');
    const { status, body } = await get(`/organizations/${id}`);
    expect(status).toBe(200);
    // developer.zendesk.com/api-reference/ticketing/organizations/organizations: "domain_names: An
    // array of domain names associated with this organization"; Show Organization wraps it in `organization`.
    expect(body.organization).toMatchObject({ id: Number(id), name: 'Summit Guides Ltd', domain_names: ['summitguides.example'] });
    expect((await get('/organizations/1')).status).toBe(404);
  });

  it("side-loads a user's organization with include=organizations and files their tickets under it", async () => {
    h = await createZendeskHarness();
    // "Side-loading related records": "add an include parameter … The response will include a
    // top-level array of associated data under the appropriate resource key."
    const { body } = await get(`/users/${h.customerId('jane-cooper')}?include=organizations`);
    expect(String(body.user.organization_id)).toBe(h.sandbox.ids.organization('summit-guides'));
    expect(body.organizations.map((organization: Json) => organization.name)).toEqual(['Summit Guides Ltd']);
    expect((await get(`/users/${h.customerId('jane-cooper')}`)).body.organizations).toBeUndefined();
    expect((await get(`/users/${h.customerId('lucia-fernandez')}?include=organizations`)).body.organizations).toEqual([]);
    const ticket = (await get(`/tickets/${h.ticketId('jane-email')}`)).body.ticket;
    expect(String(ticket.organization_id)).toBe(h.sandbox.ids.organization('summit-guides'));
  });
});

describe('Zendesk connector organizations', () => {
  it("reads a customer's organization in the user request itself", async () => {
    h = await createZendeskHarness();
    const harness = h;
    const before = harness.connector.stats.requests;
    const jane = await harness.connector.getCustomer(harness.customerId('jane-cooper'));
    // The user (organization side-loaded) and its identities: no organization request.
    expect(harness.connector.stats.requests - before).toBe(2);
    expect(jane.organization).toEqual({ id: harness.sandbox.ids.organization('summit-guides'), name: 'Summit Guides Ltd', domains: ['summitguides.example'] });
  });

  it('gives the customers of the change feed their organizations from the side-load', async () => {
    h = await createZendeskHarness();
    const members = new Set(h.dataset.customers.filter((customer) => customer.organizationKey).map((customer) => h?.customerId(customer.key)));
    const page = await h.connector.listChanges(null);
    const withOrganization = page.customers.filter((customer) => members.has(customer.id));
    expect(withOrganization.length).toBeGreaterThan(0);
    expect(withOrganization.every((customer) => customer.organization?.name)).toBe(true);
    expect(page.customers.filter((customer) => !members.has(customer.id)).every((customer) => customer.organization === null)).toBe(true);
  });
});
