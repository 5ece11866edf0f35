import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { fillPath, operationsOf } from './openapi-operations.js';

/** Over the wire, not through inject: these limits are enforced by the HTTP server and parser. */
function send(port: number, options: { method: string; path: string; headers: Record<string, string>; body?: Buffer }): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: { ...options.headers, ...(options.body ? { 'content-length': String(options.body.length) } : {}) } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('request size limits, over HTTP', () => {
  let app: FastifyInstance;
  let port: number;
  let apiKey: string;

  beforeAll(async () => {
    app = await buildApp(testConfig({ sync: { intervalMs: 0 } }), { logger: false, runWorker: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    ({ apiKey } = await provisionTenant(app.db, app.secrets, {
      slug: 'limits',
      name: 'Limits',
      baseUrl: 'http://127.0.0.1:9',
      credentials: { kind: 'freshdesk', auth: { apiKey: 'unused' } },
      webhookSecret: 'unused',
    }));
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('answers a body over the limit with 413 and the error shape on every route that takes one', async () => {
    const oversized = Buffer.alloc(30 * 1024 * 1024, 0x61);
    const operations = operationsOf(app).filter((operation) => operation.method !== 'GET');
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) {
      const path = fillPath(operation.path, { id: '00000000-0000-4000-8000-000000000000', ref: '1', name: 'a.md', vendor: 'freshdesk', tenant: 'limits' });
      const isUpload = operation.mediaTypes.includes('application/octet-stream');
      const response = await send(port, {
        method: operation.method,
        path,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': isUpload ? 'application/octet-stream' : 'application/json' },
        body: oversized,
      });
      expect({ route: `${operation.method} ${operation.path}`, status: response.status, body: response.json }).toMatchObject({
        status: 413,
        body: { code: 'SERVER_PAYLOAD_TOO_LARGE', message: expect.any(String) },
      });
    }
  }, 600_000);

  it('answers a 100 KB header with 431 in the JSON error shape', async () => {
    const response = await send(port, { method: 'GET', path: '/healthz', headers: { 'x-padding': 'a'.repeat(100_000) } });
    expect(response).toMatchObject({ status: 431, json: { code: 'SERVER_HEADERS_TOO_LARGE', message: expect.stringMatching(/headers/) } });
    expect((await send(port, { method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
  });
});
