import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type FreshdeskHarness } from './harness.js';

let h: FreshdeskHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const requestsDuring = async (harness: FreshdeskHarness, fn: () => Promise<unknown>) => {
  const before = harness.connector.stats.requests;
  await fn();
  return harness.connector.stats.requests - before;
};

describe('Freshdesk companies', () => {
  it("reads a company once for all of its contacts (GET /companies/{id}, the only call with a company's domains)", async () => {
    h = await createHarness();
    const harness = h;
    const members = harness.dataset.customers.filter((customer) => customer.organizationKey === 'ridgeway-scouts').slice(0, 3);
    expect(members).toHaveLength(3);
    const first = await harness.connector.getCustomer(harness.customerId(members[0]?.key ?? ''));
    expect(first.organization).toEqual({ id: harness.sandbox.ids.organization('ridgeway-scouts'), name: 'Ridgeway Scouts', domains: ['ridgewayscouts.example', 'ridgeway.example'] });
    // The next members cost their contact read only: the company is remembered.
    for (const member of members.slice(1)) {
      expect(await requestsDuring(harness, () => harness.connector.getCustomer(harness.customerId(member.key)))).toBe(1);
    }
  });

  it('finds a customer by identity with their company', async () => {
    h = await createHarness();
    const [jane] = await h.connector.findCustomers({ type: 'email', value: 'jane.cooper@example.com' });
    expect(jane?.organization?.name).toBe('Summit Guides Ltd');
  });
});

describe('Freshdesk archived tickets', () => {
  it('reads a ticket archived after it was first seen at the archived endpoints, marked archived, thread included', async () => {
    h = await createHarness();
    const id = h.ticketId('lucia-email');
    const before = await h.connector.listMessages(id);
    expect((await h.connector.getTicket(id)).isArchived).toBeUndefined();
    h.sandbox.archiveTicket(id);
    expect(await h.connector.getTicket(id)).toMatchObject({ id, isArchived: true, status: 'closed' });
    expect((await h.connector.listMessages(id)).map((message) => message.bodyText)).toEqual(before.map((message) => message.bodyText));
    const history = await h.connector.listCustomerTickets(h.customerId('lucia-fernandez'), { knownTicketIds: [id] });
    expect(history.map((ticket) => [ticket.id, ticket.isArchived ?? false])).toEqual([
      [id, true],
      [h.ticketId('lucia-whatsapp'), false],
    ]);
  });

  it('does not look in the archive for ids the live list already holds', async () => {
    h = await createHarness();
    const harness = h;
    const known = [harness.ticketId('jane-email'), harness.ticketId('jane-chat')];
    const plain = await requestsDuring(harness, () => harness.connector.listCustomerTickets(harness.customerId('jane-cooper')));
    const withKnown = await requestsDuring(harness, () => harness.connector.listCustomerTickets(harness.customerId('jane-cooper'), { knownTicketIds: known }));
    expect(withKnown).toBe(plain);
  });

  it('answers a ticket in neither place with a typed not-found error', async () => {
    h = await createHarness();
    const failure = await h.connector.getTicket('424242').catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'not_found' });
  });
});
