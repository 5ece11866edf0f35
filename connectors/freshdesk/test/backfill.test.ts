import { afterEach, describe, expect, it } from 'vitest';
import type { Message, SyncCursor } from '@threadline/connector-core';
import { createBulkDataset } from '@threadline/connector-core/demo';
import { fakeTime, recordingFetch, type RecordedCall } from '@threadline/connector-core/testing';
import { createFreshdeskConnector, type FreshdeskConnector } from '../src/index.js';
import { FRESHDESK_PLAN_LIMITS, startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

const TICKETS = 400;
const MESSAGES = 20;
const TICKETS_PER_CUSTOMER = 4;
/** Reads of the account's own facts (ticket fields, the API key's agent), at most once each. */
const ACCOUNT_READS = 4;

/** What the mirror does on a first sync: every change page, each ticket's thread, each new requester once. */
async function backfill(connector: FreshdeskConnector): Promise<{ threads: Map<string, Message[]>; pages: number }> {
  const threads = new Map<string, Message[]>();
  const customers = new Set<string>();
  let cursor: SyncCursor | null = null;
  let pages = 0;
  for (;;) {
    const page = await connector.listChanges(cursor);
    pages++;
    await Promise.all(page.tickets.map(async (ticket) => threads.set(ticket.id, await connector.listMessages(ticket.id))));
    for (const ticket of page.tickets) {
      if (customers.has(ticket.requesterId)) continue;
      customers.add(ticket.requesterId);
      await connector.getCustomer(ticket.requesterId);
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
    expect(pages).toBeLessThan(100);
  }
  return { threads, pages };
}

describe('freshdesk backfill on a Pro account', () => {
  let sandbox: FreshdeskSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('reads each thread with one conversations call, spends the credits the docs predict and never hears 429', async () => {
    const time = fakeTime();
    // Pro: 400 credits a minute, ticket lists 100 a minute ("What are the rate limits for the API calls to Freshdesk?").
    sandbox = await startSandbox({ dataset: createBulkDataset({ tickets: TICKETS, messagesPerTicket: MESSAGES, ticketsPerCustomer: TICKETS_PER_CUSTOMER }), plan: 'pro', now: time.now });
    const calls: RecordedCall[] = [];
    const recording = recordingFetch(calls);
    const connector = createFreshdeskConnector({
      baseUrl: sandbox.url,
      auth: { apiKey: sandbox.credentials.apiKey },
      http: { now: time.now, sleep: time.sleep, fetch: recording, maxRetries: 6 },
    });
    const started = time.now();
    const { threads, pages } = await backfill(connector);

    expect(threads.size).toBe(TICKETS);
    for (const ticket of sandbox.dataset.tickets) {
      const thread = threads.get(sandbox.ids.ticket(ticket.key)) ?? [];
      expect(thread.map((message) => [message.bodyText, message.isPublic])).toEqual(ticket.messages.map((message) => [message.text, message.isPublic]));
    }
    // No ticket is viewed on its own: the list's `include=description` stands in for it.
    expect(calls.filter((call) => /^\/api\/v2\/tickets\/\d+$/.test(call.path))).toEqual([]);
    // A list page with `include=description,stats`: 1 + 2 × 2 credits ("Each include will consume an additional 2 credits").
    expect(calls.filter((call) => call.path === '/api/v2/tickets').every((call) => call.credits === 5)).toBe(true);
    // 5 credits a list page, 1 per thread (20 messages fit one page of conversations), 1 per requester.
    const credits = calls.reduce((sum, call) => sum + call.credits, 0);
    expect(credits).toBeLessThanOrEqual(5 * pages + TICKETS + TICKETS / TICKETS_PER_CUSTOMER + ACCOUNT_READS);
    expect(pages).toBeLessThanOrEqual(Math.ceil(TICKETS / 100) + 1);
    expect(connector.stats.rateLimited).toBe(0);
    expect(calls.every((call) => call.status !== 429)).toBe(true);
    // More credits than a minute holds, so the pacer spread them out.
    expect(credits).toBeGreaterThan(FRESHDESK_PLAN_LIMITS.pro.perMinute);
    expect(time.now() - started).toBeGreaterThanOrEqual(60_000);
  });

  it('writes an escalation as the fewest calls Freshdesk allows: the ticket update, then the note', async () => {
    sandbox = await startSandbox({ dataset: createBulkDataset({ tickets: 3, messagesPerTicket: 4 }) });
    const calls: RecordedCall[] = [];
    const connector = createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey }, http: { fetch: recordingFetch(calls) } });
    const ticketId = sandbox.ids.ticket('bulk-1');
    await connector.getTicket(ticketId);
    calls.length = 0;
    const note = await connector.updateTicketWithNote(ticketId, { priority: 'urgent', addTags: ['threadline_escalated'], status: 'open' }, { bodyText: 'Escalated', idempotencyKey: 'answer-2' });
    expect(note.isPublic).toBe(false);
    const writes = calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`);
    expect(writes).toEqual([`PUT /api/v2/tickets/${ticketId}`, `POST /api/v2/tickets/${ticketId}/notes`]);
    const ticket = await connector.getTicket(ticketId);
    expect(ticket.tags).toEqual(expect.arrayContaining(['bulk', 'threadline_escalated']));
    expect(ticket.priority).toBe('urgent');
  });
});
