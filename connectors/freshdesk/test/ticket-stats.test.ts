import { afterEach, describe, expect, it } from 'vitest';
import { createDemoDataset } from '@threadline/connector-core/demo';
import { changedTickets, recordingFetch, type RecordedCall } from '@threadline/connector-core/testing';
import { createFreshdeskConnector } from '../src/index.js';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

/**
 * Freshdesk's own resolve time and reopen, read with the changed tickets: `include=stats` on List
 * All Tickets (developers.freshdesk.com/api/#list_all_tickets, `include`: "Allowed values: stats,
 * requester, description. Each include consumes an additional 2 credits"), so a page of 100 costs
 * 5 credits with the description beside it, and no ticket is viewed on its own for them.
 */
describe('freshdesk ticket stats', () => {
  let sandbox: FreshdeskSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('reads each resolve time and reopen from the embedded stats, at 2 credits a page', async () => {
    const dataset = createDemoDataset({ historyWeeks: 10 });
    sandbox = await startSandbox({ dataset, rateLimitPerMinute: null });
    const calls: RecordedCall[] = [];
    const connector = createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey }, http: { fetch: recordingFetch(calls) } });
    const tickets = await changedTickets(connector);
    // The history's tickets carry their solve (the survey comes later, so the last update is not it)
    // and a reopen when the customer came back on the same ticket.
    const history = dataset.tickets.filter((ticket) => ticket.solvedAt !== undefined && !ticket.isArchived);
    expect(history.length).toBeGreaterThan(50);
    expect(history.some((ticket) => ticket.reopens === 1)).toBe(true);
    for (const seeded of history) {
      const mirrored = tickets.get(sandbox.ids.ticket(seeded.key));
      expect(mirrored, seeded.key).toMatchObject({ solvedAt: seeded.solvedAt?.replace('.000Z', 'Z'), reopens: seeded.reopens });
    }
    const open = dataset.tickets.find((ticket) => ticket.status === 'open') as { key: string };
    expect(tickets.get(sandbox.ids.ticket(open.key))).toMatchObject({ solvedAt: null, reopens: 0 });
    // Every list page paid 1 + 2 (description) + 2 (stats); no ticket was viewed on its own.
    const lists = calls.filter((call) => call.path === '/api/v2/tickets');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((call) => call.credits === 5)).toBe(true);
    expect(calls.filter((call) => /^\/api\/v2\/tickets\/\d+$/.test(call.path))).toEqual([]);
  });

  it('follows a resolve and a reopen made through the API', async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: null });
    const connector = createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey } });
    const id = sandbox.ids.ticket('jane-email');
    await connector.updateTicket(id, { status: 'solved' });
    const resolvedAt = sandbox.state.ticketStats.get(Number(id))?.resolved_at;
    expect(resolvedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    await connector.updateTicket(id, { status: 'open' });
    const tickets = await changedTickets(connector);
    expect(tickets.get(id)).toMatchObject({ status: 'open', solvedAt: resolvedAt, reopens: 1 });
  });
});
