import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { HostLookup } from '@threadline/knowledge/sources';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, type ConnectedSandbox } from './sandboxes.js';

const PAGE = `<!doctype html><html><head><title>Gift cards | Northwind</title></head><body>
<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<main><article><h1>Gift cards</h1>
<p>Northwind gift cards never expire and can be used online and in our Reno store.</p>
<h2>Lost gift cards</h2><p>We can replace a lost gift card if you still have the order confirmation email.</p>
</article></main><footer>© Northwind</footer></body></html>`;

describe('the knowledge admin API', () => {
  let app: FastifyInstance;
  let site: Server;
  let siteUrl: string;
  /** Stands for the server's own network: a loopback listener that must never be reached. */
  let internal: Server;
  let internalPort: number;
  const internalRequests: IncomingMessage[] = [];
  let sandbox: ConnectedSandbox;
  let tenant: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  async function waitForJob(jobId: string, apiKey: string): Promise<{ status: string; lastError: string | null; progress: { documentsSeen: number } }> {
    // A budget in time, not in polls: on a busy machine each poll itself takes longer.
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      const job = (await app.inject({ method: 'GET', url: `/v1/kb/jobs/${jobId}`, headers: as(apiKey) })).json();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('sync did not finish');
  }

  beforeAll(async () => {
    internal = createServer((request, response) => {
      internalRequests.push(request);
      response.end('<h1>Internal admin</h1>');
    });
    await new Promise<void>((resolve) => internal.listen({ port: 0, host: '::', ipv6Only: false }, resolve));
    internalPort = (internal.address() as AddressInfo).port;
    // The intranet site the operator allows (THREADLINE_FETCH_ALLOW=127.0.0.2): also loopback, but named.
    site = createServer((request, response) => {
      if (request.url === '/robots.txt') return void response.end('User-agent: *\nAllow: /\n');
      if (request.url === '/to-internal') {
        response.writeHead(302, { location: `http://127.0.0.1:${internalPort}/admin` });
        return void response.end();
      }
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(PAGE);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.2', resolve));
    siteUrl = `http://127.0.0.2:${(site.address() as AddressInfo).port}`;
    sandbox = await startVendorSandbox('zendesk');
    const fetchLookup: HostLookup = async (hostname) => (hostname === 'docs.example.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    app = await buildApp(testConfig({ fetch: { allow: ['127.0.0.2'] } }), { logger: false, fetchLookup });
    await app.ready();
    tenant = await connectTenant(app, sandbox, 'kb-tenant');
    other = await connectTenant(app, sandbox, 'kb-other');
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    await new Promise((resolve) => site?.close(resolve));
    await new Promise((resolve) => internal?.close(resolve));
  });

  it('adds a web page source, syncs it, and finds it in the search playground', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'url', name: 'Gift cards page', config: { urls: [`${siteUrl}/gift-cards`] } } });
    expect(created.statusCode).toBe(201);
    const job = await waitForJob(created.json().job.id, tenant.apiKey);
    expect(job).toMatchObject({ status: 'succeeded', lastError: null });
    const source = (await app.inject({ method: 'GET', url: `/v1/kb/sources/${created.json().source.id}`, headers: as(tenant.apiKey) })).json();
    expect(source).toMatchObject({ status: 'ready', documentCount: 1 });
    expect(source.chunkCount).toBeGreaterThan(0);

    const found = (await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(tenant.apiKey), payload: { query: 'can I replace a lost gift card', k: 3 } })).json();
    expect(found.passages[0]).toMatchObject({ title: 'Gift cards', url: `${siteUrl}/gift-cards` });
    expect(found.passages[0].content).not.toContain('© Northwind');

    const elsewhere = (await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(other.apiKey), payload: { query: 'can I replace a lost gift card', k: 3 } })).json();
    expect(elsewhere.passages).toEqual([]);
  });

  it('browses documents and chunks, and excludes a document from answers until it is included again', async () => {
    const { documents } = (await app.inject({ method: 'GET', url: '/v1/kb/documents?query=Gift', headers: as(tenant.apiKey) })).json();
    expect(documents).toHaveLength(1);
    const detail = (await app.inject({ method: 'GET', url: `/v1/kb/documents/${documents[0].id}`, headers: as(tenant.apiKey) })).json();
    expect(detail.chunks.map((chunk: { sectionPath: string[] }) => chunk.sectionPath.join(' > '))).toEqual(expect.arrayContaining([expect.stringContaining('Lost gift cards')]));
    const search = async () => (await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(tenant.apiKey), payload: { query: 'lost gift card', mode: 'text' } })).json().passages.length;
    expect(await search()).toBeGreaterThan(0);
    expect((await app.inject({ method: 'POST', url: `/v1/kb/documents/${documents[0].id}/exclude`, headers: as(tenant.apiKey) })).json().isExcluded).toBe(true);
    expect(await search()).toBe(0);
    await app.inject({ method: 'POST', url: `/v1/kb/documents/${documents[0].id}/include`, headers: as(tenant.apiKey) });
    expect(await search()).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: `/v1/kb/documents/${documents[0].id}`, headers: as(other.apiKey) })).statusCode).toBe(404);
  });

  it('uploads a Markdown file to a file source and refuses a file type it cannot read, storing nothing', async () => {
    const created = (await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'file', name: 'Manuals' } })).json();
    expect(created.job).toBeNull();
    const upload = await app.inject({
      method: 'PUT',
      url: `/v1/kb/sources/${created.source.id}/files/stove-manual.md`,
      headers: { ...as(tenant.apiKey), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('# Trail stove manual\n\n## Priming\n\nOpen the valve a quarter turn and let the fuel pool for five seconds before lighting.\n'),
    });
    expect(upload.statusCode).toBe(202);
    expect(await waitForJob(upload.json().id, tenant.apiKey)).toMatchObject({ status: 'succeeded' });
    const hits = (await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(tenant.apiKey), payload: { query: 'how do I prime the stove', sourceIds: [created.source.id] } })).json();
    expect(hits.passages[0].title).toBe('Trail stove manual');

    const bad = await app.inject({
      method: 'PUT',
      url: `/v1/kb/sources/${created.source.id}/files/setup.exe`,
      headers: { ...as(tenant.apiKey), 'content-type': 'application/octet-stream' },
      payload: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]),
    });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(bad.json().message).toMatch(/pdf/i);
    const { rows } = await app.db.query(`select name from kb_uploads where tenant_id = $1 order by name`, [tenant.tenantId]);
    expect(rows).toEqual([{ name: 'stove-manual.md' }]);
  });

  it('refuses a source without the settings its kind needs, storing nothing', async () => {
    const before = (await app.inject({ method: 'GET', url: '/v1/kb/sources', headers: as(tenant.apiKey) })).json().sources.length;
    const response = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'crawl', name: 'Site' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SERVER_KB_SOURCE_CONFIG_INVALID', message: expect.stringContaining('startUrl') });
    const notUrl = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'url', name: 'x', config: { urls: ['ftp://nope'] } } });
    expect(notUrl.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/kb/sources', headers: as(tenant.apiKey) })).json().sources).toHaveLength(before);
  });

  it('reports an unreachable page as a failed sync with the reason, visible on the source', async () => {
    const created = (await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'url', name: 'Dead link', config: { urls: ['http://127.0.0.2:9/nothing-here'] } } })).json();
    const job = await waitForJob(created.job.id, tenant.apiKey);
    expect(job.status).toBe('failed');
    const source = (await app.inject({ method: 'GET', url: `/v1/kb/sources/${created.source.id}`, headers: as(tenant.apiKey) })).json();
    expect(source.status).toBe('failed');
    expect(source.lastError).toMatch(/127\.0\.0\.2:9/);
  });

  it('refuses a source whose URL is a literal loopback, private or metadata address, in any spelling, storing nothing', async () => {
    const before = (await app.inject({ method: 'GET', url: '/v1/kb/sources', headers: as(tenant.apiKey) })).json().sources.length;
    const urls = [
      `http://127.0.0.1:${internalPort}/admin`,
      `http://2130706433:${internalPort}/admin`,
      `http://[::1]:${internalPort}/admin`,
      `http://0.0.0.0:${internalPort}/admin`,
      'http://169.254.169.254/latest/meta-data/',
    ];
    for (const url of urls) {
      for (const payload of [
        { kind: 'url', name: 'Internal', config: { urls: [`${siteUrl}/gift-cards`, url] } },
        { kind: 'crawl', name: 'Internal', config: { startUrl: url } },
      ]) {
        const response = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload });
        expect(response.statusCode, url).toBe(422);
        expect(response.json()).toMatchObject({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS', message: expect.stringMatching(/may not be fetched: \S+ is (a loopback|the unspecified|a link-local) address/) });
      }
    }
    expect((await app.inject({ method: 'GET', url: '/v1/kb/sources', headers: as(tenant.apiKey) })).json().sources).toHaveLength(before);
    const existing = (await app.inject({ method: 'GET', url: '/v1/kb/sources', headers: as(tenant.apiKey) })).json().sources.find((source: { kind: string }) => source.kind === 'url');
    const patched = await app.inject({ method: 'PATCH', url: `/v1/kb/sources/${existing.id}`, headers: as(tenant.apiKey), payload: { config: { urls: [urls[0]] } } });
    expect(patched.statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: `/v1/kb/sources/${existing.id}`, headers: as(tenant.apiKey) })).json().config).toEqual(existing.config);
    expect(internalRequests).toHaveLength(0);
  });

  it('fails the sync of a name that resolves to loopback, or a page that redirects there, with the reason and no documents', async () => {
    const cases = [
      { urls: [`http://docs.example.test:${internalPort}/admin`], reason: /docs\.example\.test resolves to 127\.0\.0\.1, a loopback address/ },
      { urls: [`${siteUrl}/to-internal`], reason: /redirects to http:\/\/127\.0\.0\.1:\d+\/admin, and 127\.0\.0\.1 is a loopback address/ },
    ];
    for (const { urls, reason } of cases) {
      const created = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'url', name: 'Looks public', config: { urls } } });
      expect(created.statusCode).toBe(201);
      const job = await waitForJob(created.json().job.id, tenant.apiKey);
      expect(job.status).toBe('failed');
      expect(job.lastError).toMatch(reason);
      const source = (await app.inject({ method: 'GET', url: `/v1/kb/sources/${created.json().source.id}`, headers: as(tenant.apiKey) })).json();
      expect(source).toMatchObject({ status: 'failed', documentCount: 0 });
      expect(source.lastError).toMatch(reason);
      const documents = (await app.inject({ method: 'GET', url: `/v1/kb/documents?sourceId=${source.id}`, headers: as(tenant.apiKey) })).json();
      expect(documents.total).toBe(0);
    }
    expect(internalRequests).toHaveLength(0);
  });

  it('indexes the helpdesk help center and deletes a source with its documents', async () => {
    const created = (await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(tenant.apiKey), payload: { kind: 'helpdesk_articles', name: 'Help center' } })).json();
    expect(await waitForJob(created.job.id, tenant.apiKey)).toMatchObject({ status: 'succeeded' });
    const hits = (await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(tenant.apiKey), payload: { query: 'how long does overnight shipping take', sourceIds: [created.source.id] } })).json();
    expect(hits.passages[0].title).toBe('Shipping times and costs');
    expect((await app.inject({ method: 'DELETE', url: `/v1/kb/sources/${created.source.id}`, headers: as(tenant.apiKey) })).statusCode).toBe(204);
    const { rows } = await app.db.query(`select count(*) as n from kb_documents where source_id = $1`, [created.source.id]);
    expect(rows).toEqual([{ n: 0 }]);
  });
});
