import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.js';

describe('the console API client for a signed-in account', () => {
  it('sends no Authorization header, keeps the cookie same-origin, and puts the CSRF token on writes only', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init: init ?? {} });
      return String(input).includes('invites/1') ? new Response(null, { status: 204 }) : new Response('{"ok":true}', { status: 200 });
    }) as typeof globalThis.fetch;
    const client = createApiClient({ apiKey: null, csrfToken: 'csrf-abc', onUnauthorized: () => {}, fetch });
    await client.json('/v1/policy');
    expect(await client.write('PUT', '/v1/policy', { a: 1 })).toEqual({ ok: true });
    expect(await client.write('DELETE', '/v1/people/invites/1')).toBeNull();
    expect(calls[0]?.init).toMatchObject({ credentials: 'same-origin', headers: { accept: 'application/json' } });
    expect(calls[0]?.init.headers).not.toHaveProperty('x-csrf-token');
    expect(calls[1]?.init).toMatchObject({ method: 'PUT', body: '{"a":1}', headers: { 'x-csrf-token': 'csrf-abc', 'content-type': 'application/json' } });
    expect(calls[1]?.init.headers).not.toHaveProperty('authorization');
    expect(calls[2]?.init).toMatchObject({ method: 'DELETE', headers: { 'x-csrf-token': 'csrf-abc' } });
  });
});
