import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkDataset } from '@threadline/connector-core/demo';
import { createHttpClient } from '@threadline/connector-core/http';
import { decodeChangesCursor } from '../src/changes.js';
import { parseZendeskError } from '../src/errors.js';
import { createCommentStream } from '../src/ticket-events.js';
import { authorizationHeader } from '../src/options.js';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';
import type { ZendeskIncrementalTicketEvents, ZendeskIncrementalTickets } from '../src/wire.js';

const TICKETS = 60;
const MESSAGES = 20;

/**
 * The export shapes the sandbox serves, as developer.zendesk.com documents them:
 * - Using the Incremental Exports API, "Cursor-based incremental exports": `after_url`,
 *   `after_cursor`, `before_url`, `before_cursor`, `end_of_stream`; "Time-based incremental
 *   exports": `next_page`, `count`, `end_time`, `end_of_stream`, up to 1,000 items a page.
 * - Incremental Ticket Event Export, "Sideloading": with `comment_events` "any comment present in
 *   the ticket update is listed as an object in the event's child_events array"; without it, a
 *   comment "is described only by Boolean comment_present and comment_public".
 * - Incremental Ticket Export: tickets side-loads (`users`, `groups`, `organizations`).
 */
describe('the zendesk sandbox incremental exports and the comment stream over them', () => {
  let sandbox: ZendeskSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dataset: createBulkDataset({ tickets: TICKETS, messagesPerTicket: MESSAGES }), rateLimitPerMinute: null });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${sandbox.apiBaseUrl}${path}`, { headers: { authorization: authorizationHeader(sandbox.credentials.auth) } });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('pages ticket events by time with count, end_time, next_page and end_of_stream, 1,000 at most', async () => {
    const first = await get<ZendeskIncrementalTicketEvents>('/incremental/ticket_events.json?start_time=0&include=comment_events');
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(1000);
    expect(first.body.ticket_events).toHaveLength(1000);
    expect(first.body.end_of_stream).toBe(false);
    const last = first.body.ticket_events.at(-1);
    expect(first.body.end_time).toBe(last?.timestamp);
    const next = new URL(first.body.next_page ?? '');
    expect(next.searchParams.get('start_time')).toBe(String(first.body.end_time));
    expect(next.searchParams.get('include')).toBe('comment_events');
    const timestamps = first.body.ticket_events.map((event) => event.timestamp);
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);

    // The next page starts at end_time, so that second's events come again.
    const second = await get<ZendeskIncrementalTicketEvents>(`${next.pathname.replace('/api/v2', '')}${next.search}`);
    expect(second.body.ticket_events[0]?.timestamp).toBe(first.body.end_time);
    expect(second.body.end_of_stream).toBe(true);
    const ids = new Set([...first.body.ticket_events, ...second.body.ticket_events].map((event) => event.id));
    expect(ids.size).toBe(TICKETS * MESSAGES);

    expect((await get('/incremental/ticket_events.json?start_time=0&per_page=1001')).status).toBe(400);
    expect((await get('/incremental/ticket_events.json')).status).toBe(400);
  });

  it('carries comment bodies only with the comment_events side-load', async () => {
    const withComments = await get<ZendeskIncrementalTicketEvents>('/incremental/ticket_events.json?start_time=0&include=comment_events&per_page=1');
    expect(withComments.body.ticket_events[0]?.child_events[0]).toMatchObject({
      event_type: 'Comment',
      type: 'Comment',
      body: expect.stringContaining('Message 1'),
      html_body: expect.stringContaining('<p>'),
      public: true,
      attachments: [],
      author_id: Number(sandbox.ids.customer('bulk-customer-0')),
      via: { channel: 'email' },
    });
    const bare = await get<ZendeskIncrementalTicketEvents>('/incremental/ticket_events.json?start_time=0&per_page=1');
    expect(bare.body.ticket_events[0]?.child_events[0]).toEqual({ id: expect.any(Number), event_type: 'Comment', comment_present: true, comment_public: true });
  });

  it('exports 1,000 tickets a page with users, groups and organizations side-loaded', async () => {
    const page = await get<ZendeskIncrementalTickets>('/incremental/tickets/cursor.json?start_time=0&per_page=1000&include=users,groups,organizations');
    expect(page.body.tickets).toHaveLength(TICKETS);
    expect(page.body).toMatchObject({ end_of_stream: true, after_cursor: expect.any(String), after_url: expect.stringContaining('cursor=') });
    expect(page.body.groups?.map((group) => group.name)).toEqual(['Orders & Shipping']);
    expect(page.body.users?.length).toBeGreaterThan(TICKETS / 4);
    expect((await get('/incremental/tickets/cursor.json?start_time=0&per_page=1001')).status).toBe(400);
  });

  it('gives up what it kept past its bound and then vouches only for tickets opened after that', async () => {
    const http = createHttpClient({ vendor: 'zendesk', apiBaseUrl: sandbox.apiBaseUrl, headers: () => ({ authorization: authorizationHeader(sandbox.credentials.auth) }), parseError: parseZendeskError });
    const stream = createCommentStream({ http, pageSize: 1000, maxKept: 500 });
    const tickets = [...sandbox.state.tickets.values()];
    stream.resumeAt(0);
    await stream.readThrough(Math.max(...tickets.map((ticket) => Date.parse(ticket.updated_at) / 1000)));
    const threads = stream.take(tickets);
    expect(threads.size).toBeGreaterThan(0);
    expect(threads.size).toBeLessThan(TICKETS);
    for (const comments of threads.values()) expect(comments).toHaveLength(MESSAGES);
    // Handed out once: the same tickets again are left to listMessages.
    expect(stream.take(tickets).size).toBe(0);
  });
});

describe('the zendesk changes cursor', () => {
  it('starts both exports from the beginning without a cursor', () => {
    expect(decodeChangesCursor(null)).toEqual({ tickets: null, events: 0 });
  });

  it('keeps reading a cursor stored before the event export, without the events', () => {
    expect(decodeChangesCursor({ value: 'MTU4MDc1Mzc5OC4wfHw0MzJ8' })).toEqual({ tickets: 'MTU4MDc1Mzc5OC4wfHw0MzJ8', events: null });
  });

  it('refuses a cursor it cannot read', () => {
    expect(() => decodeChangesCursor({ value: '{"tickets":5}' })).toThrow(/not a Zendesk changes cursor/);
  });
});
