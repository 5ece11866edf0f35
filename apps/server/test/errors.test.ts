import { describe, expect, it } from 'vitest';
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ThreadlineError } from '@threadline/platform';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { onTestFinished } from 'vitest';

/** The app plus probe routes that exercise the error edge the way real routes will. */
async function buildWithProbes(): Promise<FastifyInstance> {
  const app = (await buildApp(testConfig(), { logger: false })).withTypeProvider<TypeBoxTypeProvider>();
  app.post('/probe', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Integer() }) } }, async (request) => ({
    echoed: request.body.name,
  }));
  app.get('/probe/user-error', async () => {
    throw new ThreadlineError({ code: 'PROBE_CONFLICT', category: 'user', problem: 'conflict', message: 'That probe exists already' });
  });
  app.get('/probe/upstream-error', async () => {
    throw new ThreadlineError({ code: 'ZENDESK_UNAVAILABLE', category: 'upstream', message: 'Zendesk did not answer' });
  });
  app.get('/probe/rate-limited', async () => {
    throw new ThreadlineError({ code: 'ZENDESK_RATE_LIMITED', category: 'upstream', problem: 'rate_limited', message: 'Zendesk rate limit reached', details: { retryAfterMs: 12_500 } });
  });
  app.get('/probe/crash', async () => {
    throw new Error('secret internal detail');
  });
  onTestFinished(() => app.close());
  await app.ready();
  return app;
}

describe('error responses', () => {
  it('answers a malformed JSON body with 400, a code and a message, and stays up', async () => {
    const app = await buildWithProbes();
    const response = await app.inject({ method: 'POST', url: '/probe', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SERVER_INVALID_JSON', message: expect.any(String) });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers a body that breaks the schema with every issue', async () => {
    const app = await buildWithProbes();
    const response = await app.inject({ method: 'POST', url: '/probe', payload: { name: '', count: 'many' } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('SERVER_VALIDATION_FAILED');
    expect(body.details.issues.map((issue: { path: string }) => issue.path)).toEqual(expect.arrayContaining(['body/name', 'body/count']));
  });

  it('answers an empty JSON body and a wrong media type with stable codes', async () => {
    const app = await buildWithProbes();
    const empty = await app.inject({ method: 'POST', url: '/probe', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('SERVER_INVALID_JSON');
    const xml = await app.inject({ method: 'POST', url: '/probe', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('SERVER_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404 and a pointer to the docs', async () => {
    const app = await buildWithProbes();
    const response = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'SERVER_ROUTE_NOT_FOUND', message: 'Route GET /nope not found; the API is described at /docs' });
  });

  it('maps error categories to statuses: user → its 4xx, upstream → 502, unexpected → 500 without details', async () => {
    const app = await buildWithProbes();
    const user = await app.inject({ method: 'GET', url: '/probe/user-error' });
    expect(user.statusCode).toBe(409);
    expect(user.json()).toMatchObject({ code: 'PROBE_CONFLICT', message: 'That probe exists already' });
    const upstream = await app.inject({ method: 'GET', url: '/probe/upstream-error' });
    expect(upstream.statusCode).toBe(502);
    expect(upstream.json().code).toBe('ZENDESK_UNAVAILABLE');
    expect(upstream.headers['retry-after']).toBeUndefined();
    // A 503 tells the caller when to come back: the wait the failing dependency asked for, rounded up.
    const limited = await app.inject({ method: 'GET', url: '/probe/rate-limited' });
    expect(limited.statusCode).toBe(503);
    expect(limited.headers['retry-after']).toBe('13');
    expect(limited.json()).toMatchObject({ code: 'ZENDESK_RATE_LIMITED', message: expect.stringContaining('try again') });
    const crash = await app.inject({ method: 'GET', url: '/probe/crash' });
    expect(crash.statusCode).toBe(500);
    expect(crash.json().code).toBe('SERVER_INTERNAL_ERROR');
    expect(crash.body).not.toContain('secret internal detail');
  });
});
