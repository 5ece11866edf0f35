import { describe, expect, it } from 'vitest';
import { withAbortSignal } from './abort-scope.js';
import { createHttpClient, type HttpExchange } from './client.js';
import type { RateLimitMapping } from './rate-pacer.js';

/** A helpdesk of `limit` requests a minute on a clock only the client's sleep moves. */
function fakeHelpdesk(limit: number, options: { retryAfterFirst?: number } = {}) {
  const clock = { t: 0, sleeps: [] as number[], served: 0, refused: 0 };
  let windowStart = 0;
  let used = 0;
  let pendingRetryAfter = options.retryAfterFirst;
  const fetch = (async () => {
    if (clock.t - windowStart >= 60_000) {
      windowStart += Math.floor((clock.t - windowStart) / 60_000) * 60_000;
      used = 0;
    }
    const reset = String(Math.ceil((windowStart + 60_000 - clock.t) / 1000));
    if (pendingRetryAfter !== undefined) {
      const seconds = pendingRetryAfter;
      pendingRetryAfter = undefined;
      clock.refused++;
      return new Response('slow down', { status: 429, headers: { 'retry-after': String(seconds), limit: String(limit), remaining: '0' } });
    }
    if (used >= limit) {
      clock.refused++;
      return new Response('slow down', { status: 429, headers: { 'retry-after': reset, limit: String(limit), remaining: '0' } });
    }
    used++;
    clock.served++;
    return new Response('{}', { status: 200, headers: { limit: String(limit), remaining: String(limit - used), reset } });
  }) as typeof globalThis.fetch;
  const mapping: RateLimitMapping = {
    read: (headers) => ({ account: { limit: Number(headers.get('limit')), remaining: Number(headers.get('remaining')), resetMs: Number(headers.get('reset')) * 1000 } }),
  };
  const client = (pacing: boolean) =>
    createHttpClient({
      vendor: 'zendesk',
      apiBaseUrl: 'https://acme.example/api/v2',
      headers: () => ({}),
      parseError: (_status, _body, text) => ({ message: text }),
      fetch,
      now: () => clock.t,
      sleep: async (ms) => {
        clock.sleeps.push(ms);
        clock.t += ms;
      },
      rateLimits: mapping,
      pacing,
      maxRetries: 5,
    });
  return { clock, client };
}

describe('HTTP client pacing', () => {
  it('reads the budget from every response and slows down before it runs out', async () => {
    const { clock, client } = fakeHelpdesk(10);
    const http = client(true);
    for (let i = 0; i < 25; i++) await http.request('GET', '/tickets/1');
    expect(clock.served).toBe(25);
    expect(clock.refused).toBe(0);
    expect(http.stats.rateLimited).toBe(0);
  });

  it('with pacing off, the same run meets the limit', async () => {
    const { clock, client } = fakeHelpdesk(10);
    const http = client(false);
    for (let i = 0; i < 25; i++) await http.request('GET', '/tickets/1');
    expect(clock.served).toBe(25);
    expect(http.stats.rateLimited).toBeGreaterThan(0);
  });

  it('still waits out a 429 for as long as Retry-After says', async () => {
    const { clock, client } = fakeHelpdesk(100, { retryAfterFirst: 7 });
    const http = client(true);
    await http.request('GET', '/tickets/1');
    expect(clock.sleeps).toEqual([7_000]);
    expect(http.stats.rateLimited).toBe(1);
  });
});

describe('HTTP client observer', () => {
  const answers = (...steps: Array<number | 'drop'>) => {
    const queue = [...steps];
    return (async () => {
      const step = queue.shift() ?? 200;
      if (step === 'drop') throw new TypeError('fetch failed');
      return new Response(step === 200 ? '{}' : 'slow down', { status: step, headers: step === 429 ? { 'retry-after': '1' } : {} });
    }) as typeof globalThis.fetch;
  };
  const client = (fetch: typeof globalThis.fetch, observer: (exchange: HttpExchange) => void) =>
    createHttpClient({ vendor: 'freshdesk', apiBaseUrl: 'https://acme.example/api/v2', headers: () => ({}), parseError: (_status, _body, text) => ({ message: text }), fetch, sleep: async () => {}, observer });

  it('hears every attempt, retries and failures without an answer included', async () => {
    const seen: Array<[string, string, number | null]> = [];
    const http = client(answers(429, 'drop', 200), (exchange) => seen.push([exchange.vendor, exchange.method, exchange.status]));
    await http.request('GET', '/tickets/1');
    expect(seen).toEqual([
      ['freshdesk', 'GET', 429],
      ['freshdesk', 'GET', null],
      ['freshdesk', 'GET', 200],
    ]);
  });

  it('does not let a failing observer fail the request', async () => {
    const http = client(answers(200), () => {
      throw new Error('observer bug');
    });
    await expect(http.request('GET', '/tickets/1')).resolves.toMatchObject({ status: 200 });
  });
});

describe('HTTP client stats', () => {
  it('counts the credits each attempt costs as the vendor prices it', async () => {
    // Freshdesk charges one credit per include on top of the call (costOf), and a retried call again.
    const rateLimits: RateLimitMapping = { costOf: (_method, url) => 1 + (url.searchParams.get('include')?.split(',').length ?? 0), read: () => ({}) };
    const queue = [429, 200, 200];
    const fetch = (async () => {
      const status = queue.shift() ?? 200;
      return new Response(status === 200 ? '{}' : 'slow down', { status, headers: status === 429 ? { 'retry-after': '0' } : {} });
    }) as typeof globalThis.fetch;
    const http = createHttpClient({ vendor: 'freshdesk', apiBaseUrl: 'https://acme.example/api/v2', headers: () => ({}), parseError: (_status, _body, text) => ({ message: text }), fetch, sleep: async () => {}, rateLimits, pacing: false });
    await http.request('GET', '/tickets/1', { query: { include: 'requester,stats' } });
    await http.request('GET', '/tickets/2');
    expect(http.stats).toMatchObject({ requests: 3, rateLimited: 1, credits: 3 + 3 + 1 });
  });
});

describe('HTTP client stop (a shutdown around the work)', () => {
  const base = { vendor: 'zendesk' as const, apiBaseUrl: 'https://acme.example/api/v2', headers: () => ({}), parseError: (_status: number, _body: unknown, text: string) => ({ message: text }) };

  it('ends a wait for Retry-After at once with the stop\'s reason, and tries no more', async () => {
    let attempts = 0;
    const fetch = (async () => {
      attempts++;
      return new Response('slow down', { status: 429, headers: { 'retry-after': '30' } });
    }) as typeof globalThis.fetch;
    // The real timer: without the stop the request would wait 30 s and try again.
    const http = createHttpClient({ ...base, fetch });
    const stop = new AbortController();
    const request = withAbortSignal(stop.signal, () => http.request('GET', '/tickets/1'));
    while (attempts === 0) await new Promise((resolve) => setImmediate(resolve));
    stop.abort();
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempts).toBe(1);
  });

  it('ends a request in flight with the stop\'s reason, not as a timeout to retry', async () => {
    let attempts = 0;
    const fetch = ((_url: string, init?: RequestInit) => {
      attempts++;
      const signal = init?.signal;
      return new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }) as typeof globalThis.fetch;
    const http = createHttpClient({ ...base, fetch, sleep: async () => {} });
    const stop = new AbortController();
    const request = withAbortSignal(stop.signal, () => http.request('GET', '/tickets/1'));
    while (attempts === 0) await new Promise((resolve) => setImmediate(resolve));
    stop.abort();
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    expect({ attempts, retries: http.stats.retries }).toEqual({ attempts: 1, retries: 0 });
  });

  it('sends nothing when the work was stopped before the request', async () => {
    let attempts = 0;
    const fetch = (async () => {
      attempts++;
      return new Response('{}');
    }) as typeof globalThis.fetch;
    const http = createHttpClient({ ...base, fetch });
    await expect(withAbortSignal(AbortSignal.abort(), () => http.request('GET', '/tickets/1'))).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempts).toBe(0);
  });
});
