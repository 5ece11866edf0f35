import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';
import type { FdContact, FdConversation, FdTicket } from '../src/wire-types.js';

let sandbox: FreshdeskSandbox;
let auth: string;

async function api(path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) {
  const key = init.key === undefined ? auth : init.key;
  const response = await fetch(`${sandbox.apiBaseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(key === null ? {} : { authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}` }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  auth = sandbox.credentials.agentApiKeys.alex as string;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('auth and rate-limit headers', () => {
  it('accepts Basic APIKEY:<anything> and answers a bad key with 401 invalid_credentials', async () => {
    expect((await api('/tickets/1')).status).toBe(200);
    const withPassword = await fetch(`${sandbox.apiBaseUrl}/tickets/1`, { headers: { authorization: `Basic ${Buffer.from(`${auth}:whatever`).toString('base64')}` } });
    expect(withPassword.status).toBe(200);
    for (const key of ['wrong-key', null]) {
      const denied = await api('/tickets/1', { key });
      expect(denied.status).toBe(401);
      expect(denied.json).toEqual({ code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' });
    }
  });

  it('sends X-Ratelimit-* on every answer and counts includes as extra credits', async () => {
    const first = await api('/tickets/1');
    const second = await api('/tickets/1?include=requester,stats');
    expect(first.headers.get('x-ratelimit-total')).toBe('700');
    expect(first.headers.get('x-ratelimit-used-currentrequest')).toBe('1');
    expect(second.headers.get('x-ratelimit-used-currentrequest')).toBe('3');
    expect(Number(first.headers.get('x-ratelimit-remaining')) - Number(second.headers.get('x-ratelimit-remaining'))).toBe(3);
    expect((await api('/tickets/999999')).headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('answers 429 with Retry-After once the minute is spent', async () => {
    const tight = await startSandbox({ rateLimitPerMinute: 2 });
    try {
      const key = tight.credentials.apiKey;
      const get = () => fetch(`${tight.apiBaseUrl}/tickets/1`, { headers: { authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}` } });
      expect([(await get()).status, (await get()).status]).toEqual([200, 200]);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await tight.close();
    }
  });
});

describe('tickets', () => {
  it('lists bare arrays, newest first, only the last 30 days without updated_since', async () => {
    const recent = await api('/tickets?per_page=100');
    const tickets = recent.json as FdTicket[];
    expect(Array.isArray(tickets)).toBe(true);
    const cutoff = Date.now() - 30 * 86_400_000;
    expect(tickets.every((ticket) => Date.parse(ticket.created_at) >= cutoff)).toBe(true);
    expect(tickets.length).toBeLessThan(sandbox.state.tickets.size);
    expect(tickets[0]?.created_at.localeCompare(tickets.at(-1)?.created_at ?? '')).toBeGreaterThanOrEqual(0);
    expect(tickets[0]).not.toHaveProperty('description');
    expect(tickets[0]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const all = await api('/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100&page=2&include=description');
    expect((all.json as FdTicket[]).length).toBe(sandbox.state.tickets.size - 100);
    expect((all.json as FdTicket[])[0]).toHaveProperty('description_text');
  });

  it('sends Link rel="next" only while more pages exist', async () => {
    const first = await api('/tickets?updated_since=2000-01-01T00:00:00Z&per_page=100');
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toContain('page=2');
    expect(next).toContain('per_page=100');
    expect(next?.startsWith(sandbox.apiBaseUrl)).toBe(true);
    const last = await fetch(next as string, { headers: { authorization: `Basic ${Buffer.from(`${auth}:X`).toString('base64')}` } });
    expect(last.headers.get('link')).toBeNull();
  });

  it('rejects per_page over 100, unknown parameters and bad dates with the validation body', async () => {
    const tooMany = await api('/tickets?per_page=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({ description: 'Validation failed', errors: [{ field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'invalid_value' }] });
    expect(((await api('/tickets?colour=red')).json as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('invalid_field');
    expect((await api('/tickets?updated_since=yesterday')).status).toBe(400);
    expect((await api('/tickets?updated_since=2000-01-01T00:00:00Z&page=301')).status).toBe(400);
  });

  it('filters by requester and orders by updated_at ascending', async () => {
    const jane = sandbox.ids.customer('jane-cooper');
    const list = (await api(`/tickets?requester_id=${jane}&updated_since=2000-01-01T00:00:00Z&order_by=updated_at&order_type=asc`)).json as FdTicket[];
    expect(list.map((ticket) => String(ticket.id))).toEqual(['jane-email', 'jane-chat', 'jane-call'].map((key) => sandbox.ids.ticket(key)));
    expect(list.map((ticket) => ticket.source)).toEqual([1, 7, 3]);
    expect(list[2]?.status).toBe(2);
  });

  it('answers a missing ticket with an empty 404', async () => {
    const missing = await api('/tickets/999999');
    expect([missing.status, missing.text]).toEqual([404, '']);
  });

  it('validates updates with the Validation failed body and bumps updated_at on success', async () => {
    const id = sandbox.ids.ticket('jane-call');
    const before = sandbox.state.tickets.get(Number(id))?.updated_at ?? '';
    const bad = await api(`/tickets/${id}`, { method: 'PUT', body: { group_id: 424242424, status: 12, priority: 9 } });
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: Array<{ field: string; code: string }> }).errors).toEqual([
      { field: 'status', message: "It should be one of these values: '2,3,4,5,6,7'", code: 'invalid_value' },
      { field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value' },
      { field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' },
    ]);
    const good = await api(`/tickets/${id}`, { method: 'PUT', body: { status: 6, tags: ['x'], responder_id: null } });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ status: 6, tags: ['x'], responder_id: null });
    expect((good.json as FdTicket).updated_at >= before).toBe(true);
    expect(Date.now() - Date.parse((good.json as FdTicket).updated_at)).toBeLessThan(5_000);
  });

  it('exposes the source, status and priority choices, with WhatsApp and SMS as account sources', async () => {
    const fields = (await api('/ticket_fields?type=default_source')).json as Array<{ name: string; choices: Record<string, number> }>;
    expect(fields).toHaveLength(1);
    expect(fields[0]?.choices).toMatchObject({ Email: 1, Bot: 12, WhatsApp: 13, SMS: 14 });
    const whatsapp = (await api(`/tickets/${sandbox.ids.ticket('lucia-whatsapp')}`)).json as FdTicket;
    expect(whatsapp.source).toBe(13);
  });
});

describe('conversations, notes and replies', () => {
  it('lists conversations without the description, 30 per page', async () => {
    const id = sandbox.ids.ticket('jane-email');
    const conversations = (await api(`/tickets/${id}/conversations`)).json as FdConversation[];
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toMatchObject({ incoming: false, private: false, source: 0, user_id: Number(sandbox.ids.agent('alex')) });
    const ticket = (await api(`/tickets/${id}`)).json as FdTicket;
    expect(ticket.description_text).toContain('NW-10482');
  });

  it('creates private notes by default and public replies as source 0, bumping the ticket', async () => {
    const id = sandbox.ids.ticket('jane-chat');
    const before = sandbox.state.tickets.get(Number(id))?.updated_at ?? '';
    const note = await api(`/tickets/${id}/notes`, { method: 'POST', body: { body: '<p>VIP</p>' } });
    expect(note.status).toBe(201);
    expect(note.json).toMatchObject({ private: true, incoming: false, source: 2, body_text: 'VIP', user_id: Number(sandbox.ids.agent('alex')), notified_to: [] });
    const reply = await api(`/tickets/${id}/reply`, { method: 'POST', body: { body: '<p>On it</p>' } });
    expect(reply.json).toMatchObject({ private: false, incoming: false, source: 0, replied_to: ['jane.cooper@example.com'] });
    const conversations = (await api(`/tickets/${id}/conversations`)).json as FdConversation[];
    expect(conversations.slice(-2).map((c) => c.body_text)).toEqual(['VIP', 'On it']);
    expect(conversations.at(-1)).not.toHaveProperty('replied_to');
    expect((sandbox.state.tickets.get(Number(id))?.updated_at ?? '') >= before).toBe(true);
    const empty = await api(`/tickets/${id}/notes`, { method: 'POST', body: { private: true } });
    expect((empty.json as { errors: Array<{ field: string; code: string }> }).errors[0]).toMatchObject({ field: 'body', code: 'missing_field' });
  });
});

describe('contacts', () => {
  it('holds a merged customer as one contact that every identity finds', async () => {
    const jane = Number(sandbox.ids.customer('jane-cooper'));
    const byEmail = (await api('/contacts?email=jane.cooper%40example.com')).json as FdContact[];
    const byPhone = (await api('/contacts?phone=%2B14155550134')).json as FdContact[];
    expect([...byEmail, ...byPhone].map((contact) => contact.id)).toEqual([jane, jane]);
    // Numbers are held as typed and the filters compare them as typed ("List All Contacts":
    // `GET /api/v2/contacts?phone=4352789885`, `?mobile=7654367287`): E.164 misses Lucía's `+34 612 34 56 78`.
    const lucia = (await api(`/contacts?mobile=${encodeURIComponent('+34 612 34 56 78')}`)).json as FdContact[];
    expect(lucia.map((contact) => contact.name)).toEqual(['Lucía Fernández']);
    expect((await api('/contacts?mobile=%2B34612345678')).json).toEqual([]);
    expect((await api(`/contacts/${jane}`)).json).toMatchObject({ phone: '+14155550134', mobile: '(415) 555-0134' });
    const byTypedPhone = (await api(`/search/contacts?query=${encodeURIComponent(`"phone:'+14155550134' OR mobile:'(415) 555-0134'"`)}`)).json as { results: FdContact[] };
    expect(byTypedPhone.results.map((contact) => contact.id)).toEqual([jane]);
    const ravi = (await api(`/search/contacts?query=${encodeURIComponent(`"twitter_id:'ravipatel_hikes'"`)}`)).json as { results: FdContact[]; total: number };
    expect(ravi).toMatchObject({ total: 1, results: [{ name: 'Ravi Patel' }] });
    expect((await api(`/contacts/${sandbox.ids.mergedCustomer('jane-cooper')}`)).status).toBe(404);
    expect((await api('/search/contacts?query=twitter_id:x')).status).toBe(400);
  });

  it('merges contacts: identities and tickets move to the primary, the secondary is gone', async () => {
    const olivia = Number(sandbox.ids.customer('customer-0'));
    const liam = Number(sandbox.ids.customer('customer-1'));
    const missingChoice = await api('/contacts/merge', { method: 'POST', body: { primary_contact_id: olivia, secondary_contact_ids: [liam] } });
    expect(missingChoice.status).toBe(204);
    const merged = (await api(`/contacts/${olivia}`)).json as FdContact;
    expect(merged.other_emails).toContain(sandbox.dataset.customers.find((c) => c.key === 'customer-1')?.identities[0]?.value);
    expect(merged.twitter_id).toBe('liam_1');
    expect((await api(`/contacts/${liam}`)).status).toBe(404);
    const tickets = (await api(`/tickets?requester_id=${olivia}&updated_since=2000-01-01T00:00:00Z`)).json as FdTicket[];
    const expected = sandbox.dataset.tickets.filter((t) => t.customerKey === 'customer-0' || t.customerKey === 'customer-1').length;
    expect(tickets).toHaveLength(expected);
    const jane = Number(sandbox.ids.customer('jane-cooper'));
    const conflict = await api('/contacts/merge', { method: 'POST', body: { primary_contact_id: olivia, secondary_contact_ids: [jane] } });
    expect(conflict.status).toBe(400);
    expect((conflict.json as { errors: Array<{ field: string }> }).errors.map((error) => error.field)).toEqual(['contact.phone']);
  });
});

describe('knowledge and control API', () => {
  it('serves categories → folders → published articles and canned responses', async () => {
    const categories = (await api('/solutions/categories')).json as Array<{ id: number; name: string }>;
    expect(categories.map((category) => category.name)).toContain('Orders & Shipping');
    const folders = (await api(`/solutions/categories/${categories[0]?.id}/folders`)).json as Array<{ id: number; visibility: number }>;
    const articles = (await api(`/solutions/folders/${folders[0]?.id}/articles`)).json as Array<{ status: number; folder_id: number }>;
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.every((article) => article.status === 2 && article.folder_id === folders[0]?.id)).toBe(true);
    const cannedFolders = (await api('/canned_response_folders')).json as Array<{ id: number; responses_count: number }>;
    const responses = (await api(`/canned_response_folders/${cannedFolders[0]?.id}/responses`)).json as Array<{ title: string; content_html: string }>;
    expect(responses).toHaveLength(cannedFolders[0]?.responses_count ?? -1);
    expect(responses[0]?.content_html).toMatch(/^<p>/);
  });

  it('takes fault plans over HTTP and resets the account', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverErrors: 1, pathPattern: '/contacts' }) });
    expect((await api('/tickets/1')).status).toBe(200);
    const failed = await api('/contacts?email=a%40b.c');
    expect([failed.status, failed.json]).toEqual([500, { code: 'internal_error', message: "We're sorry, but something went wrong." }]);
    await api(`/tickets/1`, { method: 'PUT', body: { tags: ['changed'] } });
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
    expect(((await api('/tickets/1')).json as FdTicket).tags).not.toEqual(['changed']);
    const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as { counts: { tickets: number; archivedTickets: number }; ids: { tickets: Record<string, string> } };
    expect(state.counts.tickets + state.counts.archivedTickets).toBe(sandbox.dataset.tickets.length);
    expect(state.ids.tickets['jane-email']).toBe(sandbox.ids.ticket('jane-email'));
  });
});

describe('archived tickets', () => {
  // Freshdesk API v2, "View an archived ticket" (`GET /api/v2/tickets/archived/[id]`) and "List all
  // conversations of an archived ticket"; reference §4.2: "archived tickets; absent from list and search".
  const archived = () => sandbox.dataset.tickets.filter((ticket) => ticket.isArchived);

  it('archives the oldest closed tickets of the dataset', () => {
    const closed = sandbox.dataset.tickets.filter((ticket) => ticket.status === 'closed');
    expect(archived().length).toBeGreaterThan(0);
    expect(archived()).toEqual(closed.slice(0, archived().length));
  });

  it('serves an archived ticket and its conversations only at the archived endpoints', async () => {
    const ticket = archived()[0];
    const id = sandbox.ids.ticket(ticket?.key ?? '');
    const shown = await api(`/tickets/archived/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ id: Number(id), subject: ticket?.subject, status: 5, description_text: ticket?.messages[0]?.text });
    const conversations = await api(`/tickets/archived/${id}/conversations`);
    expect((conversations.json as FdConversation[]).length).toBe((ticket?.messages.length ?? 0) - 1);
    expect((await api(`/tickets/${id}`)).status).toBe(404);
    expect((await api(`/tickets/${id}/conversations`)).status).toBe(404);
  });

  it('leaves archived tickets out of the ticket list and answers 404 for a live ticket at the archived endpoint', async () => {
    const ticket = archived()[0];
    const requesterId = sandbox.ids.customer(ticket?.customerKey ?? '');
    const listed = (await api(`/tickets?requester_id=${requesterId}&updated_since=2000-01-01T00:00:00Z`)).json as FdTicket[];
    expect(listed.map((each) => String(each.id))).not.toContain(sandbox.ids.ticket(ticket?.key ?? ''));
    expect((await api(`/tickets/archived/${sandbox.ids.ticket('jane-email')}`)).status).toBe(404);
  });
});

describe('companies', () => {
  // Freshdesk API v2, Companies: "View a Company" (`GET /api/v2/companies/[id]`), whose `domains` are
  // the "Domains of the company. Email addresses of contacts that contain this domain will be
  // associated with that company automatically"; a contact's `company_id` names it.
  it("serves a contact's company with its domains", async () => {
    const contact = (await api(`/contacts/${sandbox.ids.customer('jane-cooper')}`)).json as FdContact;
    expect(String(contact.company_id)).toBe(sandbox.ids.organization('summit-guides'));
    const company = await api(`/companies/${contact.company_id}`);
    expect(company.json).toMatchObject({ id: contact.company_id, name: 'Summit Guides Ltd', domains: ['summitguides.example'] });
    expect((await api('/companies/1')).status).toBe(404);
  });

  it('embeds the company as id and name with include=company and files tickets under it', async () => {
    // Reference §4.2: `GET /tickets/{id}?include=conversations,requester,company,stats`.
    const ticket = (await api(`/tickets/${sandbox.ids.ticket('jane-email')}?include=company`)).json as FdTicket & { company: unknown };
    expect(ticket.company).toEqual({ id: Number(sandbox.ids.organization('summit-guides')), name: 'Summit Guides Ltd' });
    const lucia = (await api(`/tickets/${sandbox.ids.ticket('lucia-whatsapp')}?include=company`)).json as FdTicket & { company: unknown };
    expect([lucia.company_id, lucia.company]).toEqual([null, null]);
  });
});
