import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError, type Channel } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset, type DemoMessage } from '@threadline/connector-core/demo';
import { recordingSleep } from '@threadline/connector-core/testing';
import { createFreshdeskConnector } from '../src/index.js';
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

/** The demo world plus one customer with `count` tickets, all updated in the same second. */
function withTiedTickets(count: number, messagesPerTicket = 2): DemoDataset {
  const dataset = createDemoDataset({ generatedCustomers: 0 });
  const at = new Date(Date.now() - 40 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  dataset.customers.push({ key: 'busy', name: 'Busy Bee', locale: 'en-US', identities: [{ type: 'email', value: 'busy@example.com' }], mergedIdentities: [], createdAt: at });
  const channels: Channel[] = ['email', 'whatsapp', 'sms', 'chat'];
  for (let index = 0; index < count; index++) {
    const messages: DemoMessage[] = Array.from({ length: messagesPerTicket }, (_, m) => ({
      role: m % 2 === 0 ? 'customer' : 'agent', agentKey: 'sam', isPublic: true, text: `message ${m} of ticket ${index}`, createdAt: new Date(Date.parse(at) + m * 1000).toISOString(),
    }));
    dataset.tickets.push({
      key: `busy-${index}`, customerKey: 'busy', channel: channels[index % channels.length] as Channel, via: { type: 'email', value: 'busy@example.com' }, subject: `Question ${index}`,
      status: 'open', priority: 'normal', groupKey: 'general', assigneeKey: 'sam', tags: [], createdAt: at, updatedAt: at, messages,
    });
  }
  return dataset;
}

describe('Freshdesk connector', () => {
  it('refuses a wrong API key when asked who it is, with the auth error (the check before a connection is saved)', async () => {
    h = await createHarness();
    const wrong = createFreshdeskConnector({ baseUrl: h.sandbox.url, auth: { apiKey: 'not-a-key' }, http: { maxRetries: 0 } });
    const failure = await wrong.whoAmI().catch((error: unknown) => error);
    expect(isConnectorError(failure, 'auth')).toBe(true);
  });

  it("reads what the Threadline agent's own key wrote as the bot's, and asks who it is once", async () => {
    h = await createHarness({ apiKey: 'app' });
    const ticketId = h.ticketId('jane-chat');
    const note = await h.connector.addInternalNote(ticketId, { bodyText: 'Suggested reply ready', idempotencyKey: 'job-9' });
    expect(note).toMatchObject({ authorRole: 'bot', isPublic: false, authorId: h.sandbox.ids.agent('threadline'), channel: { channel: 'chat', raw: '2' } });
    const thread = await h.connector.listMessages(ticketId);
    expect(thread.map((message) => message.authorRole)).toEqual(['customer', 'agent', 'bot']);
    // Neither /agents/me nor the ticket (remembered with its description) is read again.
    expect(await requestsDuring(h, () => h!.connector.listMessages(ticketId))).toBe(1);
  });

  it("maps WhatsApp and SMS tickets through the account's source labels, reading ticket fields once", async () => {
    h = await createHarness();
    const tickets = await h.connector.listCustomerTickets(h.customerId('lucia-fernandez'));
    expect(tickets.map((ticket) => ticket.channel)).toEqual([{ channel: 'email', raw: '1' }, { channel: 'whatsapp', raw: '13' }]);
    const again = await requestsDuring(h, () => h!.connector.getTicket(h!.ticketId('lucia-whatsapp')));
    expect(again).toBe(1);
  });

  it('finds customers by every identity Freshdesk can filter or search, and none by the rest', async () => {
    h = await createHarness();
    const ids = async (type: 'email' | 'phone' | 'whatsapp' | 'twitter' | 'facebook', value: string) => (await h!.connector.findCustomers({ type, value })).map((customer) => customer.id);
    expect(await ids('email', 'JANE.COOPER@example.com')).toEqual([h.customerId('jane-cooper')]);
    expect(await ids('whatsapp', '+34 612 345 678')).toEqual([h.customerId('lucia-fernandez')]);
    expect(await ids('twitter', '@RaviPatel_Hikes')).toEqual([h.customerId('ravi-patel')]);
    expect(await ids('phone', '+1 999 000 0000')).toEqual([]);
    expect(await ids('facebook', 'someone')).toEqual([]);
    const merged = await h.connector.getCustomer(h.customerId('ravi-patel'));
    expect(merged.identities.map((identity) => identity.type)).toEqual(['email', 'twitter']);
    const gone = await h.connector.getCustomer(h.sandbox.ids.mergedCustomer('jane-cooper')).catch((error: unknown) => error);
    expect(isConnectorError(gone, 'not_found')).toBe(true);
  });

  it('pulls a history with one conversations request per ticket after listing, including tickets older than 30 days', async () => {
    h = await createHarness({ sandbox: { dataset: withTiedTickets(30) } });
    const customerId = h.sandbox.ids.customer('busy');
    const tickets = await h.connector.listCustomerTickets(customerId);
    expect(tickets).toHaveLength(30);
    await h.connector.listMessages(tickets[0]!.id);
    const requests = await requestsDuring(h, () => Promise.all(tickets.slice(1).map((ticket) => h!.connector.listMessages(ticket.id))));
    expect(requests).toBe(29);
    const thread = await h.connector.listMessages(tickets[5]!.id);
    expect(thread.map((message) => [message.authorRole, message.bodyText])).toEqual([['customer', 'message 0 of ticket 5'], ['agent', 'message 1 of ticket 5']]);
    expect(new Set(tickets.map((ticket) => ticket.channel.channel))).toEqual(new Set(['email', 'whatsapp', 'sms', 'chat']));
  });

  it('follows conversation pages past 30 and keeps the thread in order', async () => {
    h = await createHarness({ sandbox: { dataset: withTiedTickets(1, 45) } });
    const [ticket] = await h.connector.listCustomerTickets(h.sandbox.ids.customer('busy'));
    const thread = await h.connector.listMessages(ticket!.id);
    expect(thread.map((message) => message.bodyText)).toEqual(Array.from({ length: 45 }, (_, m) => `message ${m} of ticket 0`));
    expect(thread[0]?.id).toBe(`${ticket!.id}-description`);
  });

  it('syncs tickets that share one updated_at across pages exactly once, then picks up new changes', async () => {
    h = await createHarness({ sandbox: { dataset: withTiedTickets(60) } });
    const seen: string[] = [];
    let cursor = null;
    for (let page = 0; page < 20; page++) {
      const result = await h.connector.listChanges(cursor);
      seen.push(...result.tickets.map((ticket) => ticket.id));
      expect(result.customers).toEqual([]);
      cursor = result.cursor;
      if (!result.hasMore) break;
    }
    expect(seen).toHaveLength(h.sandbox.state.tickets.size);
    expect(new Set(seen).size).toBe(seen.length);
    await h.connector.addInternalNote(h.sandbox.ids.ticket('busy-3'), { bodyText: 'touch' });
    const next = await h.connector.listChanges(cursor);
    expect(next.tickets.map((ticket) => ticket.id)).toEqual([h.sandbox.ids.ticket('busy-3')]);
    const unreadable = await h.connector.listChanges({ value: 'garbage' }).catch((error: unknown) => error);
    expect(isConnectorError(unreadable, 'validation')).toBe(true);
  });

  it('puts on_hold into the account\'s hold-like custom status and reads it back', async () => {
    h = await createHarness();
    const ticketId = h.ticketId('jane-call');
    const updated = await h.connector.updateTicket(ticketId, { status: 'on_hold' });
    expect(updated).toMatchObject({ status: 'on_hold', rawStatus: '7' });
    expect(h.sandbox.state.tickets.get(Number(ticketId))?.status).toBe(7);
    const bad = await h.connector.updateTicket(ticketId, { groupId: '424242424' }).catch((error: unknown) => error);
    expect(isConnectorError(bad) && bad.fieldErrors).toEqual([{ field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' }]);
  });

  it('finds a note by idempotency key but writes no marker into public replies', async () => {
    h = await createHarness();
    const ticketId = h.ticketId('jane-email');
    const reply = await h.connector.replyPublic(ticketId, { bodyText: 'Shipped!', idempotencyKey: 'reply-1' });
    expect(reply.bodyText).toBe('Shipped!');
    expect(await h.connector.findMessageByIdempotencyKey(ticketId, 'reply-1')).toBeNull();
  });

  it('types a bad key as auth and a spent minute as rate_limited with the wait Freshdesk asked for', async () => {
    h = await createHarness({ sandbox: { rateLimitPerMinute: 1 } });
    const wrongKey = createFreshdeskConnector({ baseUrl: h.sandbox.url, auth: { apiKey: 'nope' }, http: { maxRetries: 0 } });
    const denied = await wrongKey.getTicket('1').catch((error: unknown) => error);
    expect(isConnectorError(denied, 'auth')).toBe(true);
    const sleeps: number[] = [];
    const limited = createFreshdeskConnector({ baseUrl: h.sandbox.url, auth: { apiKey: h.sandbox.credentials.apiKey }, http: { maxRetries: 2, sleep: recordingSleep(sleeps) } });
    const failure = await limited.getTicket('1').catch((error: unknown) => error);
    expect(isConnectorError(failure, 'rate_limited')).toBe(true);
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every((ms) => ms > 50_000 && ms <= 60_000)).toBe(true);
    expect(limited.stats.rateLimited).toBe(3);
  });

  it('lists only articles changed since a time, each under its category and folder', async () => {
    h = await createHarness();
    const articles = await h.connector.listArticles();
    expect(articles.every((article) => article.isPublic && article.sectionPath.length === 2 && article.url.startsWith(`${h!.sandbox.url}/support/solutions/articles/`))).toBe(true);
    const since = await h.connector.listArticles({ updatedSince: '2999-01-01T00:00:00Z' });
    expect(since).toEqual([]);
  });
});
