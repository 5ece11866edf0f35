import { afterEach, describe, expect, it } from 'vitest';
import { fakeTime } from '@threadline/connector-core/testing';
import type { SyncCursor } from '@threadline/connector-core';
import { createZendeskConnector } from '../src/index.js';
import { authorizationHeader } from '../src/options.js';
import { INCREMENTAL_EXPORTS_PER_MINUTE, RATE_LIMIT_BODY, startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

/**
 * Zendesk's documented budgets (developer.zendesk.com/api-reference/introduction/rate-limits):
 * "Zendesk Suite plan limits … Team 200, Growth 400, Professional 400, Enterprise 700, Enterprise
 * Plus 2500" requests per minute; "If the rate limit is exceeded, the API responds with a 429 Too
 * Many Requests status code. The response also has a Retry-After header"; incremental exports:
 * "You can make up to 10 requests per minute to these endpoints".
 */

describe('Zendesk rate limits', () => {
  let sandbox: ZendeskSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  const get = (path: string) => fetch(`${sandbox!.apiBaseUrl}${path}`, { headers: { authorization: authorizationHeader(sandbox!.credentials.auth) } });

  it('counts X-Rate-Limit-Remaining down from the plan’s limit and answers a burst past it with 429, Retry-After and the documented body', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'suite-professional', now: time.now });
    const ticket = sandbox.ids.ticket('jane-email');
    const remaining: number[] = [];
    for (let i = 0; i < 400; i++) {
      const response = await get(`/tickets/${ticket}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-rate-limit')).toBe('400');
      remaining.push(Number(response.headers.get('x-rate-limit-remaining')));
    }
    expect(remaining.slice(0, 3)).toEqual([399, 398, 397]);
    expect(remaining.at(-1)).toBe(0);
    time.clock.t += 15_000;
    const limited = await get(`/tickets/${ticket}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(await limited.text()).toBe(RATE_LIMIT_BODY);
    // The minute over, the budget is whole again.
    time.clock.t += 45_000;
    const after = await get(`/tickets/${ticket}`);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-rate-limit-remaining')).toBe('399');
  });

  it('reports ratelimit-* with the seconds to the reset on ticket lists', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'suite-team', now: time.now });
    time.clock.t += 20_000;
    const list = await get(`/users/${sandbox.ids.customer('jane-cooper')}/tickets/requested`);
    expect(list.headers.get('ratelimit-limit')).toBe('200');
    expect(list.headers.get('ratelimit-remaining')).toBe('199');
    expect(list.headers.get('ratelimit-reset')).toBe('40');
    expect(list.headers.get('zendesk-ratelimit-tickets-index')).toBe('total=100; remaining=99; resets=40');
  });

  it('allows 10 incremental exports a minute, whatever is left of the account’s budget', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'suite-enterprise', now: time.now });
    for (let i = 0; i < INCREMENTAL_EXPORTS_PER_MINUTE; i++) {
      const page = await get('/incremental/tickets/cursor?start_time=0');
      expect(page.status).toBe(200);
      expect(page.headers.get('zendesk-ratelimit-incremental-exports')).toBe(`total=10; remaining=${9 - i}; resets=60`);
    }
    const limited = await get('/incremental/tickets/cursor?start_time=0');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.text()).toBe(RATE_LIMIT_BODY);
    expect((await get(`/tickets/${sandbox.ids.ticket('jane-email')}`)).status).toBe(200);
    time.clock.t += 60_000;
    expect((await get('/incremental/tickets/cursor?start_time=0')).status).toBe(200);
  });

  it('limits ticket updates to 30 per 10 minutes per user per ticket', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ now: time.now });
    const ticket = sandbox.ids.ticket('jane-email');
    const put = () =>
      fetch(`${sandbox!.apiBaseUrl}/tickets/${ticket}`, {
        method: 'PUT',
        headers: { authorization: authorizationHeader(sandbox!.credentials.auth), 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: { tags: ['vip'] } }),
      });
    for (let i = 0; i < 30; i++) {
      expect((await put()).status).toBe(200);
      time.clock.t += 10_000; // well under the 100 a minute per account
    }
    expect((await put()).status).toBe(429);
  });

  it('lets unlimited sandboxes (rateLimitPerMinute: null) take any burst', async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: null });
    for (let i = 0; i < INCREMENTAL_EXPORTS_PER_MINUTE + 2; i++) {
      const page = await get('/incremental/tickets/cursor?start_time=0');
      expect(page.status).toBe(200);
      // Nothing counts down, so a pacing client never slows on an unlimited sandbox.
      expect(page.headers.get('x-rate-limit-remaining')).toBe('700');
    }
  });

  /** Pulls every ticket through the incremental export and reads each one's thread, as a first sync does. */
  async function backfill(connector: ReturnType<typeof createZendeskConnector>): Promise<number> {
    const ids = new Set<string>();
    let cursor: SyncCursor | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const page = await connector.listChanges(cursor);
      for (const ticket of page.tickets) ids.add(ticket.id);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    await Promise.all([...ids].map((id) => connector.listMessages(id)));
    return ids.size;
  }

  const connectorOn = (on: ZendeskSandbox, time: ReturnType<typeof fakeTime>, pacing: boolean) =>
    createZendeskConnector({ baseUrl: on.url, auth: on.credentials.auth, pageSize: 2, exportPageSize: 2, http: { now: time.now, sleep: time.sleep, maxRetries: 6, pacing } });

  it('backfills an account on a real plan without a single 429, pacing itself', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'suite-team', rateLimitPerMinute: 30, now: time.now });
    const connector = connectorOn(sandbox, time, true);
    expect(await backfill(connector)).toBe(sandbox.dataset.tickets.length);
    // More pages than the export allows in a minute, and more requests than the account allows.
    expect(sandbox.dataset.tickets.length / 2).toBeGreaterThan(INCREMENTAL_EXPORTS_PER_MINUTE);
    expect(connector.stats.requests).toBeGreaterThan(30);
    expect(connector.stats.rateLimited).toBe(0);
    expect(time.clock.sleeps.length).toBeGreaterThan(0);
  });

  it('without pacing, the same backfill runs into 429s', async () => {
    const time = fakeTime();
    sandbox = await startSandbox({ plan: 'suite-team', rateLimitPerMinute: 30, now: time.now });
    const connector = connectorOn(sandbox, time, false);
    await backfill(connector).catch(() => undefined);
    expect(connector.stats.rateLimited).toBeGreaterThan(0);
  });
});
