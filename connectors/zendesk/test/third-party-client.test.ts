import { createClient } from 'node-zendesk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

/**
 * The sandbox driven by `node-zendesk` (blakmatrix/node-zendesk), the most used Zendesk client on
 * npm, unchanged but for its documented `endpointUri` option ("Base URI for the Zendesk API.
 * Overrides `subdomain` if provided"): a check that the sandbox speaks the Support API and does not
 * merely agree with our own connector. Quotes are from developer.zendesk.com/api-reference.
 */

interface Ticket {
  id: number;
  subject: string;
  status: string;
  requester_id: number;
}
interface Comment {
  id: number;
  body: string;
  public: boolean;
}

let sandbox: ZendeskSandbox;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimitPerMinute: null });
  client = createClient({ username: sandbox.credentials.email, token: sandbox.credentials.apiToken, endpointUri: sandbox.apiBaseUrl });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('node-zendesk against the sandbox', () => {
  it('lists every ticket, following cursor pagination across pages', async () => {
    // "Pagination": "To use cursor pagination, include the page[size] parameter in the request
    // parameters", answered with `meta.has_more` and `links.next` ("…/tickets.json?page[size]=100&
    // page[after]=xxx"), which the client follows. The demo account holds more than 100 tickets.
    const uris: string[] = [];
    const logger = { debug: (event: { type: string; detail: { uri?: string } }) => event.type === 'debug::request' && uris.push(event.detail.uri ?? '') };
    const recorded = createClient({ username: sandbox.credentials.email, token: sandbox.credentials.apiToken, endpointUri: sandbox.apiBaseUrl, debug: true, logger });
    const tickets = (await recorded.tickets.list()) as unknown as Ticket[];
    expect(uris).toHaveLength(2);
    expect(uris[0]).toBe(`${sandbox.apiBaseUrl}/tickets.json?page%5Bsize%5D=100`);
    expect(uris[1]).toMatch(/\/tickets\.json\?page\[size\]=100&page\[after\]=/);
    expect(tickets.length).toBe(sandbox.state.tickets.size);
    expect(tickets.length).toBeGreaterThan(100);
    expect(new Set(tickets.map((ticket) => ticket.id)).size).toBe(tickets.length);
  });

  it('shows a ticket and lists its comments', async () => {
    const id = Number(sandbox.ids.ticket('jane-email'));
    // "Show Ticket": {"ticket": {...}}; the client unwraps it.
    const shown = (await client.tickets.show(id)) as unknown as { response: { status: number }; result: Ticket };
    expect(shown.response.status).toBe(200);
    expect(shown.result.id).toBe(id);
    // "List Comments": offset pages with `next_page`, which the client follows.
    const comments = (await client.tickets.getComments(id)) as unknown as Comment[];
    expect(comments.length).toBe(sandbox.state.comments.get(id)?.length);
    expect(comments[0]?.body).not.toBe('');
  });

  it('searches users by email and shows one', async () => {
    const userId = Number(sandbox.ids.customer('jane-cooper'));
    const email = sandbox.state.users.get(userId)?.email ?? '';
    // "Search Users": GET /api/v2/users/search?query=email:… → {"users": [...]}.
    const found = (await client.users.search({ query: `email:${email}` })) as unknown as Array<{ id: number }>;
    expect(found.map((user) => user.id)).toEqual([userId]);
    const shown = (await client.users.show(userId)) as unknown as { result: { id: number; email: string } };
    expect(shown.result).toMatchObject({ id: userId, email });
  });

  it('creates a ticket, updates it and adds a private note', async () => {
    const requesterId = Number(sandbox.ids.customer('jane-cooper'));
    // "Create Ticket": 201 Created with {"ticket": {...}, "audit": {...}}.
    const created = (await client.tickets.create({ ticket: { subject: 'Tent pole snapped', requester_id: requesterId, comment: { body: 'The middle pole snapped.' } } } as never)) as unknown as {
      response: { status: number };
      result: Ticket;
    };
    expect(created.response.status).toBe(201);
    expect(created.result).toMatchObject({ subject: 'Tent pole snapped', requester_id: requesterId, status: 'new' });
    const id = created.result.id;
    // "Update Ticket" with a comment whose `public` is false: "Adding a private comment".
    const updated = (await client.tickets.update(id, { ticket: { status: 'pending', comment: { body: 'Replacement pole sent.', public: false } } } as never)) as unknown as { result: Ticket };
    expect(updated.result).toMatchObject({ id, status: 'pending' });
    const comments = (await client.tickets.getComments(id)) as unknown as Comment[];
    expect(comments.map((comment) => [comment.body, comment.public])).toEqual([
      ['The middle pole snapped.', true],
      ['Replacement pole sent.', false],
    ]);
  });

  it('gets a 404 RecordNotFound for an unknown ticket', async () => {
    // "404 Not Found": {"error": "RecordNotFound", "description": "Not found"}.
    await expect(client.tickets.show(999_999_999)).rejects.toThrow('Zendesk Error (404): Item not found');
    const strict = createClient({ username: sandbox.credentials.email, token: sandbox.credentials.apiToken, endpointUri: sandbox.apiBaseUrl, throwOriginalException: true });
    const error = await strict.tickets.show(999_999_999).then(
      () => undefined,
      (caught: unknown) => caught as { statusCode: number; result: unknown },
    );
    expect(error).toMatchObject({ statusCode: 404, result: { error: 'RecordNotFound', description: 'Not found' } });
  });
});
