import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@threadline/connector-core';
import { createZendeskConnector, userSearchQuery } from '../src/index.js';
import { relativeToApi } from '../src/pagination.js';
import { createZendeskHarness } from './harness.js';

type Harness = Awaited<ReturnType<typeof createZendeskHarness>>;

/** What the contract suite does not pin down: Zendesk-specific behaviour of the connector. */
describe('Zendesk connector', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('authenticates with OAuth as well as an API token', async () => {
    h = await createZendeskHarness();
    const oauth = createZendeskConnector({ baseUrl: `${h.sandbox.url}/api/v2/`, auth: h.sandbox.credentials.oauth });
    expect(oauth.baseUrl).toBe(h.sandbox.url);
    expect((await oauth.getTicket(h.ticketId('jane-email'))).subject).toBe('Order NW-10482 has not arrived');
  });

  it('surfaces bad credentials as a typed auth error without retrying', async () => {
    h = await createZendeskHarness({ connector: { auth: { type: 'token', email: 'alex@northwind.example', token: 'wrong' } } });
    const failure = await h.connector.getTicket(h.ticketId('jane-email')).catch((error: unknown) => error);
    expect(isConnectorError(failure, 'auth')).toBe(true);
    expect(h.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('rejects ids that cannot be Zendesk ids without a request', async () => {
    h = await createZendeskHarness();
    const failure = await h.connector.getTicket('../users/me').catch((error: unknown) => error);
    expect(isConnectorError(failure, 'not_found')).toBe(true);
    expect(h.stats().requests).toBe(0);
  });

  it("reads an agent's reply typed in the agent interface as sent on the conversation's channel", async () => {
    h = await createZendeskHarness();
    const [question, reply] = await h.connector.listMessages(h.ticketId('jane-email'));
    expect(question?.channel.channel).toBe('email');
    expect(reply).toMatchObject({ authorRole: 'agent', channel: { channel: 'email', raw: 'web' } });
  });

  it('labels messaging, social and phone tickets by channel, with voice comments', async () => {
    h = await createZendeskHarness();
    expect((await h.connector.getTicket(h.ticketId('lucia-whatsapp'))).channel).toEqual({ channel: 'whatsapp', raw: 'native_messaging:whatsapp' });
    expect((await h.connector.getTicket(h.ticketId('ravi-social'))).channel.channel).toBe('social_x');
    const call = await h.connector.listMessages(h.ticketId('jane-call'));
    expect(call[0]).toMatchObject({ authorRole: 'customer', channel: { channel: 'voice' } });
    expect(call[0]?.bodyText).toContain('Call transcript');
  });

  it('finds customers by email, WhatsApp number, handle and external id, and nobody for a stranger', async () => {
    h = await createZendeskHarness();
    const ids = async (type: 'email' | 'whatsapp' | 'twitter', value: string) => (await h.connector.findCustomers({ type, value })).map((customer) => customer.id);
    expect(await ids('email', 'Jane.Cooper@Example.com')).toEqual([h.customerId('jane-cooper')]);
    expect(await ids('whatsapp', '+34 612 345 678')).toEqual([h.customerId('lucia-fernandez')]);
    expect(await ids('twitter', '@ravipatel_hikes')).toEqual([h.customerId('ravi-patel')]);
    expect(await ids('email', 'nobody@example.com')).toEqual([]);
    expect(userSearchQuery({ type: 'external_id', value: 'crm-1' })).toEqual({ external_id: 'crm-1' });
  });

  it('pages threads and customer tickets across several cursor pages', async () => {
    h = await createZendeskHarness({ connector: { pageSize: 1 } });
    const tickets = await h.connector.listCustomerTickets(h.customerId('jane-cooper'));
    expect(tickets).toHaveLength(3);
    expect(h.stats().requests).toBe(3);
    const messages = await h.connector.listMessages(h.ticketId('jane-email'));
    expect(messages.map((message) => message.authorRole)).toEqual(['customer', 'agent']);
  });

  it('returns the requesters of changed tickets with each changes page', async () => {
    h = await createZendeskHarness();
    const page = await h.connector.listChanges(null);
    const requesters = new Set(page.tickets.map((ticket) => ticket.requesterId));
    expect(page.customers.length).toBeGreaterThan(0);
    for (const customer of page.customers) expect(requesters.has(customer.id)).toBe(true);
    expect(page.customers[0]?.identities.some((item) => item.type === 'email')).toBe(true);
  });

  it('shows a change made after catching up on the next changes call', async () => {
    h = await createZendeskHarness({ connector: { pageSize: 100 } });
    let page = await h.connector.listChanges(null);
    while (page.hasMore) page = await h.connector.listChanges(page.cursor);
    await h.connector.updateTicket(h.ticketId('jane-email'), { priority: 'urgent' });
    const next = await h.connector.listChanges(page.cursor);
    expect(next.tickets.map((ticket) => [ticket.id, ticket.priority])).toEqual([[h.ticketId('jane-email'), 'urgent']]);
  });

  it('reads its own messages back as bot when told who it is, and others’ as agent', async () => {
    h = await createZendeskHarness({ connector: { botUserId: 'me' } });
    const note = await h.connector.addInternalNote(h.ticketId('jane-email'), { bodyText: 'Suggested reply drafted.' });
    expect(note).toMatchObject({ authorRole: 'bot', isPublic: false, channel: { channel: 'api' } });
    const thread = await h.connector.listMessages(h.ticketId('jane-email'));
    expect(thread.map((message) => message.authorRole)).toEqual(['customer', 'agent', 'bot']);
  });

  it('writes an HTML note with its idempotency marker and finds it again', async () => {
    h = await createZendeskHarness();
    const ticketId = h.ticketId('ravi-social');
    const note = await h.connector.addInternalNote(ticketId, { bodyText: 'ignored', bodyHtml: '<p>Check the <b>warranty</b> policy</p>', idempotencyKey: 'job-42' });
    expect(note.bodyHtml).toContain('<b>warranty</b>');
    expect(note.bodyText).toContain('Check the warranty policy');
    expect((await h.connector.findMessageByIdempotencyKey(ticketId, 'job-42'))?.id).toBe(note.id);
  });

  it('does not retry a comment write after a 500, since Zendesk may have applied it', async () => {
    h = await createZendeskHarness();
    h.faults.set({ serverErrors: 1 });
    const failure = await h.connector.addInternalNote(h.ticketId('jane-chat'), { bodyText: 'x', idempotencyKey: 'k' }).catch((error: unknown) => error);
    expect(isConnectorError(failure, 'unavailable')).toBe(true);
    expect(h.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('adds tags without replacing them, maps on_hold, and reads back the update', async () => {
    h = await createZendeskHarness();
    const ticketId = h.ticketId('jane-email');
    const tagged = await h.connector.updateTicket(ticketId, { addTags: ['vip'] });
    expect(tagged.tags).toEqual(['delivery', 'late', 'vip']);
    const held = await h.connector.updateTicket(ticketId, { status: 'on_hold', tags: ['x'], addTags: ['y'] });
    expect(held).toMatchObject({ status: 'on_hold', rawStatus: 'hold', tags: ['x', 'y'] });
    expect(h.sandbox.state.tickets.get(Number(ticketId))?.status).toBe('hold');
  });

  it('lists only articles changed since a time through the incremental export', async () => {
    h = await createZendeskHarness();
    const cutoff = [...h.dataset.articles].map((article) => article.updatedAt).sort().at(-3) as string;
    const recent = await h.connector.listArticles({ updatedSince: cutoff });
    expect(recent).toHaveLength(3);
    expect(recent.every((article) => Date.parse(article.updatedAt) >= Date.parse(cutoff) && article.sectionPath.length === 2)).toBe(true);
    expect(recent[0]?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('keeps following next links on the configured host', () => {
    expect(relativeToApi('https://evil.example/api/v2/tickets.json?page[after]=x', 'https://acme.zendesk.com/api/v2')).toBe('/tickets.json?page[after]=x');
  });

  it('refuses a page size Zendesk would reject', () => {
    expect(() => createZendeskConnector({ baseUrl: 'https://acme.zendesk.com', auth: { type: 'oauth', accessToken: 't' }, pageSize: 101 })).toThrow(RangeError);
  });
});
