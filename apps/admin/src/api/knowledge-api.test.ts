import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.js';
import { createKnowledgeApi } from './knowledge-api.js';

describe('the knowledge API', () => {
  it('uploads each file as its own PUT of raw bytes, named in the path, with the session’s CSRF token', async () => {
    const calls: Array<{ url: string; method: string | undefined; headers: Record<string, string>; body: unknown }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), method: init?.method, headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body });
      return new Response(JSON.stringify({ id: 'job-1' }), { status: 202, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const knowledge = createKnowledgeApi(createApiClient({ apiKey: null, csrfToken: 'csrf-1', onUnauthorized: () => {}, fetch }));
    const file = new File(['# Stove\n'], 'stove manual.md');
    expect(await knowledge.upload('source-1', file)).toEqual({ id: 'job-1' });
    await knowledge.setChunkExcluded('chunk-1', true);
    expect(calls[0]).toMatchObject({ url: '/v1/kb/sources/source-1/files/stove%20manual.md', method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': 'csrf-1' } });
    expect(calls[0]?.body).toBe(file);
    expect(calls[1]).toMatchObject({ url: '/v1/kb/chunks/chunk-1', method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"isExcluded":true}' });
  });
});
