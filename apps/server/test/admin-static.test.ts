import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_CSP, adminStaticPlugin } from '../src/plugins/external/admin-static.js';
import { errorHandlerPlugin } from '../src/plugins/app/error-handler.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function serve(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(adminStaticPlugin, { root });
  await app.register(errorHandlerPlugin);
  app.get('/v1/things', async () => ({ things: [] }));
  return app;
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

describe('the admin console served at /', () => {
  it('answers 503 ADMIN_NOT_BUILT, saying how to build it, when the console was not built', async () => {
    const app = await serve(join(tmpdir(), 'threadline-no-such-admin-dist'));
    cleanup.push(() => app.close());
    for (const request of [{ url: '/' }, { url: '/reports', headers: HTML }]) {
      const response = await app.inject({ method: 'GET', ...request });
      expect(response.statusCode, request.url).toBe(503);
      expect(response.json()).toMatchObject({ code: 'SERVER_ADMIN_NOT_BUILT', message: expect.stringContaining('--filter @threadline/admin build') });
    }
    // An API client asking for a path that does not exist still gets the API's 404.
    expect((await app.inject({ method: 'GET', url: '/v1/nope' })).json()).toMatchObject({ code: 'SERVER_ROUTE_NOT_FOUND' });
  });

  it('serves the console at / and at any page path a browser opens, under a strict CSP', async () => {
    const root = mkdtempSync(join(tmpdir(), 'threadline-admin-dist-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    const app = await serve(root);
    cleanup.push(() => app.close());

    for (const request of [{ url: '/' }, { url: '/reports?range=7', headers: HTML }, { url: '/knowledge/sources', headers: HTML }]) {
      const response = await app.inject({ method: 'GET', ...request });
      expect(response.statusCode, request.url).toBe(200);
      expect(response.body).toContain('<title>console</title>');
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toBe(ADMIN_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API alone: its routes answer, and unknown paths keep the JSON 404 for API clients', async () => {
    const root = mkdtempSync(join(tmpdir(), 'threadline-admin-dist-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    const app = await serve(root);
    cleanup.push(() => app.close());

    expect((await app.inject({ method: 'GET', url: '/v1/things', headers: HTML })).json()).toEqual({ things: [] });
    for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }]) {
      const missing = await app.inject({ method: 'GET', url: '/v1/nope', headers });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'SERVER_ROUTE_NOT_FOUND' });
    }
    expect((await app.inject({ method: 'POST', url: '/reports', headers: HTML })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });
});
