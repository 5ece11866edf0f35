import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { claimJob, completeJob } from '@threadline/platform/queue';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, type ConnectedSandbox } from './sandboxes.js';

const HOUR = 3_600_000;

const page = (title: string, body: string, links: string[] = [], head = '') =>
  `<!doctype html><html lang="en"><head><title>${title}</title>${head}</head><body><main><article><h1>${title}</h1><p>${body}</p>` +
  `${links.map((link) => `<a href="${link}">${link}</a>`).join(' ')}</article></main></body></html>`;

const PAGES: Record<string, string> = {
  '/': page('Northwind help', 'Answers about gift cards, shipping and returns at the Northwind outdoor store.', ['/gift-cards', '/shipping', '/returns', '/index.html', '/?utm_source=nav#top']),
  '/gift-cards': page('Gift cards', 'Northwind gift cards never expire. We replace a lost gift card when you still have the order confirmation email.'),
  '/shipping': page('Shipping', 'Overnight shipping reaches most addresses the next business day when ordered before 2 pm.'),
  '/returns': page('Returns', 'Unused tents and stoves can be returned within 60 days for a full refund to the original card.', [], '<link rel="canonical" href="/returns">'),
  '/s': page('Stove guides', 'Guides to priming and cleaning camp stoves.', ['/s/1', '/s/2', '/s/slow']),
  '/s/1': page('Priming a stove', 'Open the fuel valve a quarter turn and let the fuel pool for five seconds before lighting.'),
  '/s/2': page('Cleaning a stove', 'Shake the jet cleaning needle three times after every trip to keep the flame blue.'),
  '/s/slow': page('Storing a stove', 'Empty the fuel bottle before storing the stove for winter.'),
};

describe('knowledge sources: uploads, crawls, duplicates, failures, schedules and live progress', () => {
  let app: FastifyInstance;
  let site: Server;
  let siteUrl: string;
  let sandbox: ConnectedSandbox;
  let tenant: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  /** Holds `/s/slow` until the test lets it answer. */
  let releaseSlowPage: () => void = () => {};
  let slowPageRequested = false;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = async (url: string, apiKey = tenant.apiKey) => (await app.inject({ method: 'GET', url, headers: as(apiKey) })).json();
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, apiKey = tenant.apiKey) => app.inject({ method, url, headers: as(apiKey), ...(payload ? { payload } : {}) });
  /** The worker is driven by hand here: runs every sync that is due, one after another. */
  const runSyncs = async () => {
    while (await app.jobs.worker.runNext()) {
      // until the queue is empty
    }
  };

  beforeAll(async () => {
    site = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://site').pathname;
      if (path === '/robots.txt') return void response.end('User-agent: *\nAllow: /\n');
      const html = PAGES[path === '/index.html' ? '/' : path];
      if (!html) {
        response.statusCode = 404;
        return void response.end('not found');
      }
      response.setHeader('content-type', 'text/html; charset=utf-8');
      if (path !== '/s/slow') return void response.end(html);
      slowPageRequested = true;
      releaseSlowPage = () => response.end(html);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.2', resolve));
    siteUrl = `http://127.0.0.2:${(site.address() as AddressInfo).port}`;
    sandbox = await startVendorSandbox('zendesk');
    app = await buildApp(testConfig({ fetch: { allow: ['127.0.0.2'] } }), { logger: false, runWorker: false });
    await app.ready();
    tenant = await connectTenant(app, sandbox, 'kb-sources-tenant');
    other = await connectTenant(app, sandbox, 'kb-sources-other');
  }, 300_000);

  afterAll(async () => {
    releaseSlowPage();
    await app?.close();
    await sandbox?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const upload = (sourceId: string, name: string, text: string) =>
    app.inject({ method: 'PUT', url: `/v1/kb/sources/${sourceId}/files/${name}`, headers: { ...as(tenant.apiKey), 'content-type': 'application/octet-stream' }, payload: Buffer.from(text) });
  const manual = (topic: string) => `# ${topic} manual\n\n## Care\n\nThe ${topic} needs a wipe with a dry cloth after each use and a check of its seals every season.\n`;

  it('indexes four files uploaded at once as four documents', async () => {
    const source = (await send('POST', '/v1/kb/sources', { kind: 'file', name: 'Manuals' })).json().source;
    const uploads = await Promise.all(['tent', 'stove', 'lantern', 'kayak'].map((topic) => upload(source.id, `${topic}.md`, manual(topic))));
    expect(uploads.map((response) => response.statusCode)).toEqual([202, 202, 202, 202]);
    await runSyncs();
    const { documents, total } = await get(`/v1/kb/documents?sourceId=${source.id}`);
    expect(total).toBe(4);
    expect(documents.map((document: { title: string }) => document.title).sort()).toEqual(['kayak manual', 'lantern manual', 'stove manual', 'tent manual']);
  });

  it('never folds an upload into a sync that already listed the files: the next sync reads it', async () => {
    const source = (await send('POST', '/v1/kb/sources', { kind: 'file', name: 'Guides' })).json().source;
    const first = (await upload(source.id, 'tent.md', manual('tent'))).json();
    // A worker takes the first sync and lists the source's files (one, so far) ...
    const claimed = await claimJob(app.db, { queues: ['knowledge.sync'], workerId: 'busy-worker', now: new Date(), leaseMs: 10 * 60_000 });
    expect(claimed?.id).toBe(first.id);
    // ... while three more files arrive, as a drag-and-drop of several files or the CLI sends them.
    const later = await Promise.all(['stove', 'lantern', 'kayak'].map(async (topic) => (await upload(source.id, `${topic}.md`, manual(topic))).json()));
    expect(later.map((job: { id: string }) => job.id)).not.toContain(first.id);
    expect(new Set(later.map((job: { id: string }) => job.id)).size).toBe(1);
    expect(later[0]).toMatchObject({ status: 'queued' });
    // The first sync ends having indexed what it listed; the queued one then reads all four.
    await completeJob(app.db, { tenantId: tenant.tenantId, jobId: first.id, workerId: 'busy-worker' }, { now: new Date(), result: null });
    await runSyncs();
    expect((await get(`/v1/kb/sources/${source.id}`)).documentCount).toBe(4);
  });

  it('indexes /, /index.html and a tracking link as one page, and shows a page found by URL and by a crawl once in search', async () => {
    const byUrl = (await send('POST', '/v1/kb/sources', { kind: 'url', name: 'Home and returns', config: { urls: [`${siteUrl}/`, `${siteUrl}/index.html`, `${siteUrl}/?utm_source=mail#faq`, `${siteUrl}/returns?utm_campaign=x`] } })).json();
    const byCrawl = (await send('POST', '/v1/kb/sources', { kind: 'crawl', name: 'Help site', config: { startUrl: `${siteUrl}/`, maxDepth: 1 } })).json();
    await runSyncs();
    expect((await get(`/v1/kb/jobs/${byUrl.job.id}`)).status).toBe('succeeded');
    expect((await get(`/v1/kb/sources/${byUrl.source.id}`)).documentCount).toBe(2);
    const crawled = await get(`/v1/kb/documents?sourceId=${byCrawl.source.id}`);
    expect(crawled.documents.map((document: { externalId: string }) => document.externalId.slice(siteUrl.length)).sort()).toEqual(['/', '/gift-cards', '/returns', '/shipping']);

    const found = (await send('POST', '/v1/kb/search', { query: 'return a tent for a refund', k: 10 })).json();
    const returns = found.passages.filter((passage: { content: string }) => passage.content.includes('Unused tents and stoves'));
    expect(returns).toHaveLength(1);
    // Why it ranked: its place in each list before fusion, beside the scores.
    expect(found.passages[0].ranks).toEqual({ vector: expect.any(Number), text: expect.any(Number) });
    expect(found.passages.every((passage: { ranks: { vector: number | null; text: number | null } }) => passage.ranks.vector !== null || passage.ranks.text !== null)).toBe(true);
    const textOnly = (await send('POST', '/v1/kb/search', { query: 'refund', mode: 'text', k: 5 })).json();
    expect(textOnly.passages.map((passage: { ranks: object }) => passage.ranks)).toEqual(textOnly.passages.map((_: unknown, index: number) => ({ vector: null, text: index + 1 })));
  });

  it('says in words when a crawl stopped at its page cap, on the job and on the source', async () => {
    const created = (await send('POST', '/v1/kb/sources', { kind: 'crawl', name: 'Capped site', config: { startUrl: `${siteUrl}/`, maxPages: 2 } })).json();
    await runSyncs();
    const job = await get(`/v1/kb/jobs/${created.job.id}`);
    expect(job.status).toBe('succeeded');
    const note = 'Stopped at the page cap of 2 pages; 2 more links found — raise maxPages to index them.';
    expect(job.progress.notes).toEqual([note]);
    expect(await get(`/v1/kb/sources/${created.source.id}`)).toMatchObject({ status: 'ready', documentCount: 2, lastSyncNotes: [note] });
  });

  it('gives a failed source a way forward: its reason in words, then edit and sync again, or delete it', async () => {
    const broken = (await send('POST', '/v1/kb/sources', { kind: 'url', name: 'Moved page', config: { urls: [`${siteUrl}/old-shipping`] } })).json();
    await runSyncs();
    const failed = await get(`/v1/kb/sources/${broken.source.id}`);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/old-shipping/);
    expect(failed.lastError).toMatch(/404|not found/i);
    expect(failed.lastError).not.toMatch(/\bat \S+\.(js|ts):\d+|Error:/);
    // Another tenant can neither see nor touch it.
    expect((await send('POST', `/v1/kb/sources/${broken.source.id}/sync`, undefined, other.apiKey)).statusCode).toBe(404);
    expect((await send('PATCH', `/v1/kb/sources/${broken.source.id}`, { resyncEveryHours: 1 }, other.apiKey)).statusCode).toBe(404);
    expect((await get('/v1/kb/sources', other.apiKey)).sources).toEqual([]);

    const edited = await send('PATCH', `/v1/kb/sources/${broken.source.id}`, { config: { urls: [`${siteUrl}/shipping`] } });
    expect(edited.statusCode).toBe(200);
    const retry = await send('POST', `/v1/kb/sources/${broken.source.id}/sync`);
    expect(retry.statusCode).toBe(202);
    await runSyncs();
    expect((await get(`/v1/kb/jobs/${retry.json().id}`)).status).toBe('succeeded');
    expect(await get(`/v1/kb/sources/${broken.source.id}`)).toMatchObject({ status: 'ready', lastError: null, documentCount: 1 });

    const abandoned = (await send('POST', '/v1/kb/sources', { kind: 'url', name: 'Gone', config: { urls: [`${siteUrl}/gone`] } })).json();
    await runSyncs();
    expect((await get(`/v1/kb/sources/${abandoned.source.id}`)).status).toBe('failed');
    expect((await send('DELETE', `/v1/kb/sources/${abandoned.source.id}`)).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/kb/sources/${abandoned.source.id}`, headers: as(tenant.apiKey) })).statusCode).toBe(404);
    expect((await get(`/v1/kb/jobs/${abandoned.job.id}`)).code).toBe('KNOWLEDGE_JOB_NOT_FOUND');
  });

  it('re-syncs on a schedule per source: daily for the help center by default, set or turned off per source', async () => {
    const helpCenter = (await send('POST', '/v1/kb/sources', { kind: 'helpdesk_articles', name: 'Help center', sync: false })).json().source;
    expect(helpCenter.resyncEveryHours).toBe(24);
    expect(Math.abs(Date.parse(helpCenter.nextSyncAt) - (Date.now() + 24 * HOUR))).toBeLessThan(10 * 60_000);
    const page = (await send('POST', '/v1/kb/sources', { kind: 'url', name: 'Shipping page', config: { urls: [`${siteUrl}/shipping`] }, sync: false })).json().source;
    expect(page).toMatchObject({ resyncEveryHours: null, nextSyncAt: null });

    const bad = await send('PATCH', `/v1/kb/sources/${page.id}`, { resyncEveryHours: 0 });
    expect(bad.statusCode).toBe(400);
    expect((await get(`/v1/kb/sources/${page.id}`)).resyncEveryHours).toBeNull();
    const hourly = (await send('PATCH', `/v1/kb/sources/${page.id}`, { resyncEveryHours: 6 })).json();
    expect(hourly.resyncEveryHours).toBe(6);
    expect(Date.parse(hourly.nextSyncAt)).toBeLessThanOrEqual(Date.now() + 60_000);

    // The clock says it is due: the scheduler queues it (and the help center's, due a day later, only then).
    const now = Date.now();
    const soon = (await app.kb.syncs.enqueueDue(new Date(now + HOUR))).filter((job) => job.tenantId === tenant.tenantId).map((job) => job.sourceId);
    expect(soon).toEqual([page.id]);
    const later = (await app.kb.syncs.enqueueDue(new Date(now + 25 * HOUR))).filter((job) => job.tenantId === tenant.tenantId).map((job) => job.sourceId);
    expect(later).toContain(helpCenter.id);
    await runSyncs();
    expect(await get(`/v1/kb/sources/${page.id}`)).toMatchObject({ status: 'ready', documentCount: 1 });

    const off = (await send('PATCH', `/v1/kb/sources/${page.id}`, { resyncEveryHours: null })).json();
    expect(off).toMatchObject({ resyncEveryHours: null, nextSyncAt: null });
    const much = (await app.kb.syncs.enqueueDue(new Date(now + 1000 * HOUR))).map((job) => job.sourceId);
    expect(much).not.toContain(page.id);
    await runSyncs();
  });

  it('shows progress that moves while a sync runs, on the job and on the source', async () => {
    const created = (await send('POST', '/v1/kb/sources', { kind: 'crawl', name: 'Stove guides', config: { startUrl: `${siteUrl}/s`, pathPrefix: '/s' } })).json();
    const running = app.jobs.worker.runNext();
    const deadline = Date.now() + 120_000;
    let job = await get(`/v1/kb/jobs/${created.job.id}`);
    // Three pages read; the fourth answers slowly. Progress is saved at most every 500 ms, so the poll
    // waits for the save that names the slow page rather than the one just before it.
    while (!(slowPageRequested && job.progress.documentsSeen === 3 && job.progress.current === `${siteUrl}/s/slow`)) {
      if (Date.now() > deadline) throw new Error(`no progress seen: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await get(`/v1/kb/jobs/${created.job.id}`);
    }
    expect(job.status).toBe('running');
    const source = await get(`/v1/kb/sources/${created.source.id}`);
    expect(source.activeSync).toMatchObject({ jobId: created.job.id, status: 'running', progress: expect.objectContaining({ documentsSeen: 3 }) });
    releaseSlowPage();
    await running;
    expect((await get(`/v1/kb/jobs/${created.job.id}`)).progress).toMatchObject({ documentsSeen: 4, current: null });
    expect(await get(`/v1/kb/sources/${created.source.id}`)).toMatchObject({ status: 'ready', documentCount: 4, activeSync: null });
  }, 180_000);
});
