import { afterEach, describe, expect, it } from 'vitest';
import { fakeTime } from '@threadline/connector-core/testing';
import { createFreshdeskConnector } from '../src/index.js';
import { creditsFor } from '../src/rate-limits.js';
import { FRESHDESK_PLAN_LIMITS, startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

/**
 * Freshdesk's documented credits: "Growth 200 … Ticket Create - 80, Ticket Update - 80, Tickets
 * List - 20, Contacts List - 20; Pro 400 …; Enterprise 700 …"; "For every trial period the API limit
 * is 50 per minute" (support.freshdesk.com, article 225439). Includes: List All Tickets — "Each
 * include will consume an additional 2 credits"; View a Ticket — "Each include will consume an
 * additional credit … the requester and company information … a total of 3 API credits".
 */

describe('Freshdesk rate limits', () => {
  let sandbox: FreshdeskSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  const get = (path: string) =>
    fetch(`${sandbox!.apiBaseUrl}${path}`, { headers: { authorization: `Basic ${Buffer.from(`${sandbox!.credentials.apiKey}:X`).toString('base64')}` } });

  it('charges includes as documented: 2 credits each on the ticket list, 1 each on a single ticket', () => {
    expect(creditsFor('GET', '/api/v2/tickets', 'stats')).toBe(3);
    expect(creditsFor('GET', '/api/v2/tickets', 'requester,description')).toBe(5);
    expect(creditsFor('GET', '/api/v2/tickets/7', 'requester,company')).toBe(3);
    expect(creditsFor('GET', '/api/v2/tickets/7', null)).toBe(1);
  });

  it('counts X-Ratelimit-Remaining down by each call’s credits from the plan’s total, and resets after the minute', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'trial', now: time.now });
    const ticket = sandbox.ids.ticket('jane-email');
    const plain = await get(`/tickets/${ticket}`);
    expect(plain.headers.get('x-ratelimit-total')).toBe('50');
    expect(plain.headers.get('x-ratelimit-remaining')).toBe('49');
    const listed = await get('/tickets?include=requester,description&updated_since=2000-01-01T00:00:00Z');
    expect(listed.headers.get('x-ratelimit-used-currentrequest')).toBe('5');
    expect(listed.headers.get('x-ratelimit-remaining')).toBe('44');
    time.clock.t += 60_000;
    expect((await get(`/tickets/${ticket}`)).headers.get('x-ratelimit-remaining')).toBe('49');
  });

  it('refuses a call past the plan’s endpoint cap with 429 and Retry-After, while other calls go on', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'growth', now: time.now });
    const cap = FRESHDESK_PLAN_LIMITS.growth.endpoints['tickets-list'] as number;
    for (let i = 0; i < cap; i++) expect((await get('/tickets')).status).toBe(200);
    time.clock.t += 10_000;
    const limited = await get('/tickets');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(await limited.json()).toEqual({ code: 'rate_limit_exceeded', message: 'You have exceeded the limit of requests per minute' });
    expect((await get(`/tickets/${sandbox.ids.ticket('jane-email')}`)).status).toBe(200);
  });

  it('lets an unlimited sandbox (rateLimitPerMinute: null) take any burst', async () => {
    sandbox = await startSandbox({ plan: 'trial', rateLimitPerMinute: null });
    for (let i = 0; i < 60; i++) {
      const response = await get(`/tickets/${sandbox.ids.ticket('jane-email')}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-remaining')).toBe(response.headers.get('x-ratelimit-total'));
    }
  });

  it('reads the credits left and stays under a trial account’s 50 a minute without a 429', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'trial', now: time.now });
    const paced = createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey }, http: { now: time.now, sleep: time.sleep } });
    const ticket = sandbox.ids.ticket('jane-email');
    await Promise.all(Array.from({ length: 120 }, () => paced.getTicket(ticket)));
    expect(paced.stats.rateLimited).toBe(0);
    expect(time.clock.sleeps.length).toBeGreaterThan(0);
  });

  it('without pacing, the same burst runs into 429s', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'trial', now: time.now });
    const unpaced = createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey }, http: { now: time.now, sleep: time.sleep, pacing: false } });
    const ticket = sandbox.ids.ticket('jane-email');
    await Promise.all(Array.from({ length: 120 }, () => unpaced.getTicket(ticket).catch(() => undefined)));
    expect(unpaced.stats.rateLimited).toBeGreaterThan(0);
  });
});
