import Freshdesk from 'freshdesk-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

/**
 * The sandbox driven by `freshdesk-api` (arjunkomath/node-freshdesk-api), the most used Freshdesk
 * client on npm, unchanged but for its base URL: a check that the sandbox speaks Freshdesk's API v2
 * and does not merely agree with our own connector. Quotes are from the Freshdesk API reference
 * (developers.freshdesk.com/api).
 */

interface Answer<T> {
  data: T;
  extra: { pageIsLast: boolean; requestId: string; _headersLink?: string };
}
type Callback<T> = (error: Error | null, data: T, extra: Answer<T>['extra']) => void;

/** The client is callback-only; this awaits one call. */
function call<T>(invoke: (callback: Callback<T>) => void): Promise<Answer<T>> {
  return new Promise((resolve, reject) => invoke((error, data, extra) => (error ? reject(error) : resolve({ data, extra }))));
}

type Api = Record<string, (...args: unknown[]) => void>;
let sandbox: FreshdeskSandbox;
let client: Api;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimitPerMinute: null });
  client = new Freshdesk(sandbox.url, sandbox.credentials.apiKey) as unknown as Api;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const run = <T>(method: string, ...args: unknown[]) => call<T>((callback) => client[method]?.(...args, callback));

describe('freshdesk-api against the sandbox', () => {
  it('lists tickets a page at a time, following the Link header', async () => {
    // "List All Tickets … per_page … page"; "the response will contain a link header … rel=\"next\"
    // … The 'link' header in the response will hold the next page url if exists."
    const first = await run<Array<{ id: number; subject: string }>>('listAllTickets', { per_page: 2, page: 1, updated_since: '2000-01-01T00:00:00Z' });
    expect(first.data).toHaveLength(2);
    expect(first.extra.pageIsLast).toBe(false);
    expect(first.extra._headersLink).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/v2\/tickets\?.*page=2.*>; rel="next"$/);
    const second = await run<Array<{ id: number }>>('listAllTickets', { per_page: 2, page: 2, updated_since: '2000-01-01T00:00:00Z' });
    expect(second.data).toHaveLength(2);
    expect(second.data.map((ticket) => ticket.id)).not.toContain(first.data[0]?.id);
    // "By default, only tickets that have been created within the past 30 days will be returned."
    const recent = await run<Array<{ created_at: string }>>('listAllTickets', { per_page: 100 });
    expect(recent.data.every((ticket) => Date.parse(ticket.created_at) >= Date.now() - 31 * 86_400_000)).toBe(true);
  });

  it('shows a ticket and lists its conversations', async () => {
    const id = sandbox.ids.ticket('jane-email');
    // "View a Ticket": the ticket object with description and description_text.
    const ticket = await run<{ id: number; subject: string; description_text: string; requester_id: number }>('getTicket', id);
    expect(ticket.data.id).toBe(Number(id));
    expect(ticket.data.description_text).not.toBe('');
    // "List All Conversations of a Ticket": a bare array; the description is not among them.
    const conversations = await run<Array<{ ticket_id: number; body_text: string }>>('listAllConversations', id);
    expect(Array.isArray(conversations.data)).toBe(true);
    expect(conversations.data.every((conversation) => conversation.ticket_id === Number(id))).toBe(true);
  });

  it('finds a contact by email and shows it', async () => {
    const contactId = Number(sandbox.ids.customer('jane-cooper'));
    const email = sandbox.state.contacts.get(contactId)?.email ?? '';
    // "Filter Contacts": /api/v2/search/contacts?query="email:'…'" → {"results": [...], "total": n}.
    const found = await run<{ results: Array<{ id: number }>; total: number }>('filterContacts', `email:'${email}'`);
    expect(found.data.total).toBe(1);
    expect(found.data.results[0]?.id).toBe(contactId);
    const contact = await run<{ id: number; email: string }>('getContact', contactId);
    expect(contact.data.email).toBe(email);
  });

  it('creates a ticket, updates it and adds a private note', async () => {
    const contactId = Number(sandbox.ids.customer('jane-cooper'));
    // "Create a Ticket": 201 with the ticket; status, priority and source take their defaults.
    const created = await run<{ id: number; status: number; priority: number; requester_id: number; subject: string }>('createTicket', {
      requester_id: contactId,
      subject: 'Tent pole snapped',
      description: '<div>The middle pole snapped on the first night.</div>',
      status: 2,
      priority: 2,
    });
    expect(created.data).toMatchObject({ requester_id: contactId, subject: 'Tent pole snapped', status: 2, priority: 2 });
    // "Update a Ticket": 200 with the updated ticket.
    const updated = await run<{ id: number; status: number; tags: string[] }>('updateTicket', created.data.id, { status: 3, tags: ['warranty'] });
    expect(updated.data).toMatchObject({ id: created.data.id, status: 3, tags: ['warranty'] });
    // "Create a Note": "private … Set to true if the note is private. The default value is true."
    const note = await run<{ id: number; private: boolean; ticket_id: number; body_text: string }>('createNote', created.data.id, { body: 'Replacement pole sent.' });
    expect(note.data).toMatchObject({ private: true, ticket_id: created.data.id, body_text: 'Replacement pole sent.' });
    const conversations = await run<Array<{ id: number }>>('listAllConversations', created.data.id);
    expect(conversations.data.map((conversation) => conversation.id)).toEqual([note.data.id]);
  });

  it('reads the empty 404 of an unknown ticket as JSON and fails, where the API answers as documented', async () => {
    // "404 Requested Resource not Found: … an API call to retrieve a ticket with an invalid ID will
    // return a HTTP 404 status code to let you know that no such ticket exists." The body is empty
    // (the client's own comment: "In most cases the body is EMPTY"), yet the client parses every
    // `application/json` answer but a 204 or 429 as JSON, so it rejects with a SyntaxError instead of
    // a FreshdeskError; its maintainers fixed the same for the empty 429 (node-freshdesk-api PR #292).
    const error = await run('getTicket', 999_999_999).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SyntaxError);
    const raw = await fetch(`${sandbox.apiBaseUrl}/tickets/999999999`, { headers: { authorization: `Basic ${Buffer.from(`${sandbox.credentials.apiKey}:X`).toString('base64')}` } });
    expect({ status: raw.status, body: await raw.text() }).toEqual({ status: 404, body: '' });
  });

  it('gets a 405 FreshdeskError for a verb the path does not take', async () => {
    // "405 Method not allowed: This API request used the wrong HTTP verb/method." The sandbox serves
    // no ticket deletion, so DELETE /tickets/{id} stands in for a verb the path does not take.
    const error = await run('deleteTicket', sandbox.ids.ticket('jane-email')).then(
      () => undefined,
      (caught: unknown) => caught as { name: string; status: number; data: unknown },
    );
    expect(error).toMatchObject({ name: 'FreshdeskError', status: 405, data: { code: 'method_not_allowed' } });
  });

  it('gets a 400 FreshdeskError with the validation description for a bad update', async () => {
    // "400 Client or Validation Error": {"description":"Validation failed","errors":[{field, message, code}]}.
    const error = await run('updateTicket', sandbox.ids.ticket('jane-email'), { priority: 9 }).then(
      () => undefined,
      (caught: unknown) => caught as { status: number; message: string; data: unknown },
    );
    expect(error).toMatchObject({ status: 400, message: 'Validation failed', data: { errors: [{ field: 'priority', code: 'invalid_value' }] } });
  });
});
