import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizationHeader } from '../src/options.js';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

// Response bodies are read loosely here; the assertions say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Protocol fidelity (reference §7), checked with plain HTTP rather than through the connector. */
describe('Zendesk sandbox protocol', () => {
  let sandbox: ZendeskSandbox;
  let auth: string;
  const api = (path: string, init: RequestInit & { authorization?: string | null } = {}) => {
    const { authorization, ...rest } = init;
    const headers: Record<string, string> = { ...(rest.body ? { 'content-type': 'application/json' } : {}) };
    if (authorization !== null) headers.authorization = authorization ?? auth;
    return fetch(`${sandbox.apiBaseUrl}${path}`, { ...rest, headers });
  };
  const json = async (response: Response) => (await response.json()) as Json;

  beforeEach(async () => {
    sandbox = await startSandbox();
    auth = authorizationHeader(sandbox.credentials.auth);
  });
  afterEach(async () => {
    await sandbox.close();
  });

  describe('auth', () => {
    it('accepts an API token with any agent’s email, and the OAuth token', async () => {
      const ticket = sandbox.ids.ticket('jane-email');
      expect((await api(`/tickets/${ticket}`)).status).toBe(200);
      expect((await api(`/tickets/${ticket}`, { authorization: authorizationHeader(sandbox.credentials.oauth) })).status).toBe(200);
      const alex = authorizationHeader({ type: 'token', email: 'alex@northwind.example', token: sandbox.credentials.apiToken });
      expect((await json(await api('/users/me', { authorization: alex }))).user.name).toBe('Alex Morgan');
    });

    it.each([
      ['a wrong token', () => authorizationHeader({ type: 'token', email: 'alex@northwind.example', token: 'nope' })],
      ['an end user’s email', () => authorizationHeader({ type: 'token', email: 'jane.cooper@example.com', token: sandbox.credentials.apiToken })],
      ['password auth', () => `Basic ${Buffer.from(`alex@northwind.example:${sandbox.credentials.apiToken}`).toString('base64')}`],
      ['a wrong bearer token', () => 'Bearer nope'],
      ['no credentials', () => null],
    ])('answers %s with 401 Couldn’t authenticate you', async (_name, header) => {
      const response = await api(`/tickets/${sandbox.ids.ticket('jane-email')}`, { authorization: header() });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "Couldn't authenticate you" });
    });

    it('serves public Help Center content without credentials', async () => {
      const response = await api('/help_center/articles', { authorization: null });
      expect(response.status).toBe(200);
      expect((await json(response)).articles.length).toBeGreaterThan(0);
    });
  });

  it('serves paths with and without .json', async () => {
    const id = sandbox.ids.ticket('jane-email');
    expect(await json(await api(`/tickets/${id}.json`))).toEqual(await json(await api(`/tickets/${id}`)));
  });

  it('answers unknown records and endpoints with Zendesk’s 404 bodies', async () => {
    const missing = await api('/tickets/999999999');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'RecordNotFound', description: 'Not found' });
    expect(await json(await api('/nothing/here'))).toEqual({ error: 'InvalidEndpoint', description: 'Not found' });
  });

  describe('pagination', () => {
    it('pages by offset unless page[size] is sent', async () => {
      const body = await json(await api('/tickets?per_page=10'));
      expect(body.tickets).toHaveLength(10);
      expect(body.count).toBe(sandbox.dataset.tickets.length);
      expect(body.next_page).toMatch(/\/api\/v2\/tickets\.json\?.*page=2/);
      expect(body.meta).toBeUndefined();
    });

    it('pages by cursor with page[size], following links.next to the end', async () => {
      const seen: number[] = [];
      let next: string | null = `${sandbox.apiBaseUrl}/tickets?page[size]=40`;
      let body: Json = {};
      while (next) {
        body = await json(await fetch(next, { headers: { authorization: auth } }));
        seen.push(...body.tickets.map((ticket: { id: number }) => ticket.id));
        expect(body.count).toBeUndefined();
        next = body.meta.has_more ? body.links.next : null;
      }
      expect(new Set(seen).size).toBe(sandbox.dataset.tickets.length);
      expect(body.meta).toMatchObject({ has_more: false });
    });

    it('rejects page[size] above 100 and offset pages past 100', async () => {
      expect((await api('/tickets?page[size]=101')).status).toBe(400);
      expect((await api('/tickets?page=101&per_page=1')).status).toBe(400);
    });

    it('pages comments by offset too when page[size] is absent', async () => {
      const body = await json(await api(`/tickets/${sandbox.ids.ticket('jane-email')}/comments`));
      expect(body).toMatchObject({ count: 2, next_page: null, previous_page: null });
    });
  });

  describe('rate limits', () => {
    it('sends X-Rate-Limit headers on every response, and ratelimit-* on ticket lists', async () => {
      const single = await api(`/users/${sandbox.ids.customer('jane-cooper')}`);
      expect(single.headers.get('x-rate-limit')).toBe('700');
      expect(Number(single.headers.get('x-rate-limit-remaining'))).toBeLessThan(700);
      expect(single.headers.get('ratelimit-limit')).toBeNull();
      const list = await api(`/users/${sandbox.ids.customer('jane-cooper')}/tickets/requested`);
      expect(list.headers.get('ratelimit-remaining')).not.toBeNull();
      expect(list.headers.get('zendesk-ratelimit-tickets-index')).toMatch(/^total=100; remaining=\d+; resets=\d+$/);
    });

    it('answers an injected 429 in plain text with Retry-After', async () => {
      sandbox.faults.set({ rateLimited: 1, retryAfterSeconds: 7 });
      const response = await api('/tickets');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toBe('Number of allowed API requests per minute exceeded');
    });

    it('enforces its per-minute budget', async () => {
      const strict = await startSandbox({ rateLimitPerMinute: 2 });
      try {
        const call = () => fetch(`${strict.apiBaseUrl}/users/me`, { headers: { authorization: authorizationHeader(strict.credentials.auth) } });
        expect((await call()).status).toBe(200);
        expect((await call()).status).toBe(200);
        const limited = await call();
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await strict.close();
      }
    });
  });

  describe('writes', () => {
    it('appends a comment (public by default) with an audit and bumps updated_at and the export', async () => {
      const id = sandbox.ids.ticket('jane-chat');
      const before = sandbox.state.tickets.get(Number(id))?.updated_at ?? '';
      const response = await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { comment: { body: 'On its way.' } } }) });
      expect(response.status).toBe(200);
      const { ticket, audit } = await json(response);
      expect(ticket.updated_at > before).toBe(true);
      const event = audit.events.find((item: { type: string }) => item.type === 'Comment');
      expect(event).toMatchObject({ body: 'On its way.', public: true, author_id: sandbox.state.botUserId });
      const comments = (await json(await api(`/tickets/${id}/comments`))).comments;
      expect(comments.at(-1)).toMatchObject({ id: event.id, public: true, audit_id: audit.id, via: { channel: 'api' } });
    });

    it('creates a ticket whose first comment is the description', async () => {
      const requester = Number(sandbox.ids.customer('ravi-patel'));
      const response = await api('/tickets', {
        method: 'POST',
        body: JSON.stringify({ ticket: { subject: 'Stove recall?', requester_id: requester, priority: 'normal', comment: { body: 'Is my stove part of the recall?' } } }),
      });
      expect(response.status).toBe(201);
      const { ticket, audit } = await json(response);
      expect(ticket).toMatchObject({ subject: 'Stove recall?', description: 'Is my stove part of the recall?', status: 'new', priority: 'normal', requester_id: requester });
      expect(audit.events.map((event: { type: string }) => event.type)).toEqual(['Comment', 'Change']);
      const requested = (await json(await api(`/users/${requester}/tickets/requested`))).tickets;
      expect(requested.map((item: { id: number }) => item.id)).toContain(ticket.id);
      expect((await json(await api(`/tickets/${ticket.id}/comments`))).comments[0].audit_id).toBe(audit.id);
    });

    it('rejects an unknown group with 422 RecordInvalid details and changes nothing', async () => {
      const id = sandbox.ids.ticket('jane-call');
      const response = await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { group_id: 424242424, priority: 'low' } }) });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: 'RecordInvalid', description: 'Record validation errors', details: { group: [{ description: 'Group: is invalid', error: 'InvalidValue' }] } });
      expect(sandbox.state.tickets.get(Number(id))?.priority).toBe('high');
    });

    it('refuses a stale safe_update with 409 and any update of a closed ticket with 422', async () => {
      const id = sandbox.ids.ticket('jane-email');
      const stale = await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { status: 'open', safe_update: true, updated_stamp: '2001-01-01T00:00:00Z' } }) });
      expect(stale.status).toBe(409);
      const closed = await api(`/tickets/${sandbox.ids.ticket('lucia-email')}`, { method: 'PUT', body: JSON.stringify({ ticket: { status: 'open' } }) });
      expect(closed.status).toBe(422);
      expect((await json(closed)).details.status[0].description).toBe('Status: closed prevents ticket update');
    });

    it('adds tags with PUT, replaces them with POST and removes them with DELETE', async () => {
      const path = `/tickets/${sandbox.ids.ticket('jane-email')}/tags`;
      const tags = async (method: string, list: string[]) => (await json(await api(path, { method, body: JSON.stringify({ tags: list }) }))).tags;
      expect(await tags('PUT', ['VIP'])).toEqual(['delivery', 'late', 'vip']);
      expect(await tags('POST', ['a', 'b'])).toEqual(['a', 'b']);
      expect(await tags('DELETE', ['a'])).toEqual(['b']);
    });
  });

  describe('users and merges', () => {
    it('holds a merged customer as one user with both identities; the merged-away id is gone', async () => {
      const jane = Number(sandbox.ids.customer('jane-cooper'));
      const identities = (await json(await api(`/users/${jane}/identities`))).identities;
      // Identities keep the number as typed: her profile's E.164 and the caller record's `(415) 555-0134`.
      expect(identities.map((item: { type: string; value: string }) => `${item.type}:${item.value}`)).toEqual([
        'email:jane.cooper@example.com',
        'phone_number:+14155550134',
        'phone_number:(415) 555-0134',
      ]);
      const merge = sandbox.state.merges.find((item) => item.survivorId === jane);
      expect(merge?.identityIds).toEqual([identities[2].id]);
      expect((await api(`/users/${merge?.mergedUserId}`)).status).toBe(404);
    });

    it('searches phones as documented: digits exactly, or any formatting behind a leading *', async () => {
      // "To specify a phone number in different formats, add a leading * (asterisk) to the number":
      // phone:*5135557611 finds +1 513.555.7611, (513) 555-7611, 513-555-7611
      // (developer.zendesk.com/documentation/voice/talk-partner-edition/retrieving-the-zendesk-user-id-of-a-caller/).
      const search = async (query: string) => (await json(await api(`/users/search?query=${encodeURIComponent(query)}`))).users.map((user: { id: number }) => String(user.id));
      const [jane, olivia] = [sandbox.ids.customer('jane-cooper'), sandbox.ids.customer('customer-0')];
      expect(await search('phone:*4155550134')).toEqual([jane]);
      expect(await search('phone:4155550134')).toEqual([jane]);
      // Olivia's number is held only as `(312) 555-1000`: the E.164 digits miss it, the asterisk finds it.
      expect(await search('phone:13125551000')).toEqual([]);
      expect(await search('phone:*3125551000')).toEqual([olivia]);
    });

    it('finds the survivor by any formatting of the merged phone', async () => {
      for (const query of ['phone:+14155550134', '+1 (415) 555-0134', '4155550134']) {
        const users = (await json(await api(`/users/search?query=${encodeURIComponent(query)}`))).users;
        expect(users.map((user: { id: number }) => String(user.id))).toEqual([sandbox.ids.customer('jane-cooper')]);
      }
    });
  });

  describe('search', () => {
    it('finds a requester’s tickets, refuses page[size] and paging past 1000 results', async () => {
      const body = await json(await api(`/search?query=${encodeURIComponent('type:ticket requester:jane.cooper@example.com')}`));
      expect(body.results).toHaveLength(3);
      expect(body.results[0].result_type).toBe('ticket');
      expect((await api('/search?query=type:ticket&page[size]=10')).status).toBe(400);
      expect((await api('/search?query=type:ticket&page=11&per_page=100')).status).toBe(422);
    });
  });

  describe('incremental export', () => {
    it('streams every ticket once by cursor, then picks up a later change', async () => {
      const ids: number[] = [];
      let body = await json(await api('/incremental/tickets/cursor?start_time=0&per_page=30&include=users'));
      ids.push(...body.tickets.map((ticket: { id: number }) => ticket.id));
      expect(body.users.length).toBeGreaterThan(0);
      while (!body.end_of_stream) {
        body = await json(await api(`/incremental/tickets/cursor?cursor=${encodeURIComponent(body.after_cursor)}&per_page=30`));
        ids.push(...body.tickets.map((ticket: { id: number }) => ticket.id));
      }
      expect(ids.length).toBe(sandbox.dataset.tickets.length);
      expect(new Set(ids).size).toBe(ids.length);
      const changed = sandbox.ids.ticket('jane-email');
      await api(`/tickets/${changed}`, { method: 'PUT', body: JSON.stringify({ ticket: { priority: 'urgent' } }) });
      const after = await json(await api(`/incremental/tickets/cursor?cursor=${encodeURIComponent(body.after_cursor)}`));
      expect(after.tickets.map((ticket: { id: number }) => String(ticket.id))).toEqual([changed]);
      expect(after.end_of_stream).toBe(true);
    });

    it('leaves out the most recent changes when asked to lag like Zendesk', async () => {
      const lagging = await startSandbox({ incrementalLagSeconds: 60 });
      try {
        const id = lagging.ids.ticket('jane-email');
        const headers = { authorization: authorizationHeader(lagging.credentials.auth), 'content-type': 'application/json' };
        await fetch(`${lagging.apiBaseUrl}/tickets/${id}`, { method: 'PUT', headers, body: JSON.stringify({ ticket: { priority: 'urgent' } }) });
        const body = (await (await fetch(`${lagging.apiBaseUrl}/incremental/tickets/cursor?start_time=0`, { headers })).json()) as { tickets: Array<{ id: number }> };
        expect(body.tickets.map((ticket) => String(ticket.id))).not.toContain(id);
      } finally {
        await lagging.close();
      }
    });
  });

  describe('control API and latency', () => {
    it('takes a fault plan over HTTP, limited to matching paths', async () => {
      await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverErrors: 1, pathPattern: '/macros' }) });
      expect((await api('/tickets?per_page=1')).status).toBe(200);
      expect((await api('/macros')).status).toBe(500);
      expect((await api('/macros')).status).toBe(200);
    });

    it('resets writes back to the seeded state with the same ids', async () => {
      const id = sandbox.ids.ticket('jane-chat');
      await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { comment: { body: 'x', public: false } } }) });
      expect(sandbox.state.comments.get(Number(id))).toHaveLength(3);
      await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
      expect(sandbox.state.comments.get(Number(id))).toHaveLength(2);
      expect(sandbox.ids.ticket('jane-chat')).toBe(id);
      const listed = (await (await fetch(`${sandbox.url}/__sandbox/tickets`)).json()) as { tickets: Array<{ key: string }> };
      expect(listed.tickets.map((ticket) => ticket.key)).toContain('jane-chat');
    });

    it('adds the configured latency to API requests', async () => {
      sandbox.setLatency(120);
      const started = Date.now();
      await api('/users/me');
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    });
  });
});
