import { afterEach, describe, expect, it } from 'vitest';
import { createDemoDataset } from '@threadline/connector-core/demo';
import { changedTickets } from '@threadline/connector-core/testing';
import { createZendeskConnector } from '../src/index.js';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

/**
 * Zendesk's own solve time and reopen count, read with the tickets and not a request per ticket.
 * Ticket Metrics (developer.zendesk.com/rest_api/docs/core/ticket_metrics, "JSON format" table):
 * "reopens | integer | true | false | Total number of times the ticket was reopened", beside
 * `solved_at` (when the ticket was last solved). They side-load on the incremental export as
 * `metric_sets`: "You can get this data by side-loading ticket metrics onto the incremental call …
 * /api/v2/incremental/tickets/cursor.json?start_time={epochtime}&include=metric_sets"
 * (support.zendesk.com/hc/en-us/community/posts/4984355661466, Zendesk's answer).
 */
describe('zendesk ticket metrics', () => {
  let sandbox: ZendeskSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('reads each ticket solve time and reopens from the side-loaded metric sets, in the export requests alone', async () => {
    const dataset = createDemoDataset({ now: new Date('2026-11-20T12:00:00Z'), historyWeeks: 10 });
    sandbox = await startSandbox({ dataset, rateLimitPerMinute: null });
    const connector = createZendeskConnector({ baseUrl: sandbox.url, auth: sandbox.credentials.auth, exportPageSize: 100 });
    const tickets = await changedTickets(connector);
    // The history's tickets carry their solve (the survey comes later, so the last update is not it)
    // and the reopens of a customer who came back on the same ticket.
    const history = dataset.tickets.filter((ticket) => ticket.solvedAt !== undefined);
    expect(history.length).toBeGreaterThan(50);
    expect(history.some((ticket) => ticket.reopens === 1)).toBe(true);
    for (const seeded of history) {
      const mirrored = tickets.get(sandbox.ids.ticket(seeded.key));
      expect(mirrored, seeded.key).toMatchObject({ solvedAt: seeded.solvedAt?.replace('.000Z', 'Z'), reopens: seeded.reopens });
    }
    // A ticket still open has no solve yet.
    const open = dataset.tickets.find((ticket) => ticket.status === 'open') as { key: string };
    expect(tickets.get(sandbox.ids.ticket(open.key))).toMatchObject({ solvedAt: null, reopens: 0 });
    // No request per ticket: only the exports (and the event stream beside them).
    expect(sandbox.requests.filter((request) => /ticket_metrics|\/tickets\/\d+\/metrics/.test(request.path))).toEqual([]);
  });

  it('follows a solve and a reopen made through the API', async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: null });
    const connector = createZendeskConnector({ baseUrl: sandbox.url, auth: sandbox.credentials.auth, exportPageSize: 100 });
    const id = sandbox.ids.ticket('jane-email');
    await connector.updateTicket(id, { status: 'solved' });
    const solvedAt = sandbox.state.tickets.get(Number(id))?.updated_at;
    await connector.updateTicket(id, { status: 'open' });
    const tickets = await changedTickets(connector);
    // Reopened: the last solve stays, and the reopen is counted.
    expect(tickets.get(id)).toMatchObject({ status: 'open', solvedAt, reopens: 1 });
  });
});
