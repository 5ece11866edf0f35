import { describe, expect, it } from 'vitest';
import type { ConsoleApiError} from './client.js';
import { createApiClient, withQuery } from './client.js';
import { createReportsApi } from './reports-api.js';

interface Call {
  url: string;
  headers: Record<string, string>;
}

function fakeFetch(respond: (url: string) => Response) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), headers: (init?.headers ?? {}) as Record<string, string> });
    return respond(String(input));
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/v1/x', { a: '1', b: undefined, c: '', d: null, e: false, f: 'a b' })).toBe('/v1/x?a=1&f=a+b');
    expect(withQuery('/v1/x', {})).toBe('/v1/x');
  });
});

describe('the console API client', () => {
  it('sends the API key as a Bearer credential', async () => {
    const { calls, fetch } = fakeFetch(() => json(200, { ok: true }));
    const client = createApiClient({ apiKey: 'tl_key_123456', onUnauthorized: () => {}, fetch });
    expect(await client.json('/v1/reports/overview', { from: '2026-11-01' })).toEqual({ ok: true });
    expect(calls[0]).toEqual({ url: '/v1/reports/overview?from=2026-11-01', headers: { authorization: 'Bearer tl_key_123456', accept: 'application/json' } });
  });

  it("raises the server's code and message, and tells the console when the key is refused", async () => {
    const refused: ConsoleApiError[] = [];
    const { fetch } = fakeFetch((url) => (url.includes('overview') ? json(401, { code: 'SERVER_UNAUTHORIZED', message: 'Unknown API key' }) : json(400, { code: 'SERVER_VALIDATION_FAILED', message: 'from is after to' })));
    const client = createApiClient({ apiKey: 'tl_key_123456', onUnauthorized: (error) => refused.push(error), fetch });
    await expect(client.json('/v1/reports/overview')).rejects.toMatchObject({ status: 401, code: 'SERVER_UNAUTHORIZED', message: 'Unknown API key' });
    expect(refused.map((error) => error.code)).toEqual(['SERVER_UNAUTHORIZED']);
    await expect(client.json('/v1/reports/tickets')).rejects.toMatchObject({ status: 400, code: 'SERVER_VALIDATION_FAILED' });
    expect(refused).toHaveLength(1);
  });

  it('names an unreachable server and a body that is not JSON', async () => {
    const down = createApiClient({ apiKey: 'tl_key_123456', onUnauthorized: () => {}, fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    await expect(down.json('/v1/reports/overview')).rejects.toMatchObject({ status: 0, code: 'NETWORK_FAILED' });
    const proxy = createApiClient({ apiKey: 'tl_key_123456', onUnauthorized: () => {}, fetch: fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 })).fetch });
    await expect(proxy.json('/v1/reports/overview')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', message: 'The Threadline server answered 502' });
  });
});

describe('the reports API', () => {
  it('asks each endpoint with the query the contract names', async () => {
    const { calls, fetch } = fakeFetch((url) => (url.includes('.csv') ? new Response('period,channel\n', { status: 200 }) : json(200, { tickets: [], nextCursor: null })));
    const reports = createReportsApi(createApiClient({ apiKey: 'tl_key_123456', onUnauthorized: () => {}, fetch }));
    const range = { from: '2026-11-01', to: '2026-11-30', channel: 'chat' as const, interval: 'week' as const, compareFrom: '2026-10-02', compareTo: '2026-10-31' };
    await reports.overview(range);
    await reports.tickets({ ...range, metric: 'csat', limit: 50, cursor: 'abc' });
    expect(await (await reports.csv(range)).text()).toBe('period,channel\n');
    expect(calls.map((call) => call.url)).toEqual([
      '/v1/reports/overview?from=2026-11-01&to=2026-11-30&channel=chat&interval=week&compareFrom=2026-10-02&compareTo=2026-10-31',
      '/v1/reports/tickets?metric=csat&from=2026-11-01&to=2026-11-30&channel=chat&limit=50&cursor=abc',
      '/v1/reports/overview.csv?from=2026-11-01&to=2026-11-30&channel=chat&interval=week',
    ]);
  });
});
