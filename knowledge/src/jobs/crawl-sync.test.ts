import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@threadline/platform/db';
import { createWorker, handle } from '@threadline/platform/queue';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, migratedDb } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { createCrawlSource, DEFAULT_MAX_PAGES } from '../sources/web/crawl-source.js';
import { createFetchPolicy } from '../sources/web/fetch-policy.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import { enqueueSync, getSyncJob } from './sync-jobs-repository.js';
import { knowledgeSyncQueue } from './sync-queue.js';
import { createSourceSync } from './sync-source.js';

const SECTIONS = 10;
const ARTICLES = 139;

/**
 * A 150-page help site: a home page, 10 sections and 139 articles, two clicks deep. The home page
 * also links to itself as /index.html and with tracking parameters, which must stay one page.
 */
function helpSite(): Server {
  const page = (title: string, body: string, links: string[]) =>
    `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main><article><h1>${title}</h1><p>${body}</p>` +
    `<ul>${links.map((link) => `<li><a href="${link}">${link}</a></li>`).join('')}</ul></article></main></body></html>`;
  const articlesOf = (section: number) => Array.from({ length: ARTICLES }, (_, index) => index + 1).filter((article) => ((article - 1) % SECTIONS) + 1 === section);
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    const send = (html: string) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(html);
    };
    if (path === '/' || path === '/index.html') {
      const sections = Array.from({ length: SECTIONS }, (_, index) => `/sections/${index + 1}`);
      return send(page('Northwind help', 'Answers to questions about orders, shipping, returns and accounts at Northwind.', ['/index.html', '/?utm_source=nav#top', ...sections]));
    }
    const section = /^\/sections\/(\d+)$/.exec(path);
    if (section) {
      const number = Number(section[1]);
      return send(page(`Section ${number}`, `Section ${number} gathers the articles about topic group ${number} of the Northwind help center.`, ['/', ...articlesOf(number).map((article) => `/articles/${article}`)]));
    }
    const article = /^\/articles\/(\d+)$/.exec(path);
    if (article && Number(article[1]) <= ARTICLES) {
      const number = Number(article[1]);
      return send(page(`Article ${number}`, `Article ${number} explains policy number ${number} step by step, with the exceptions a customer should know about.`, ['/']));
    }
    response.statusCode = 404;
    response.end('not found');
  });
}

describe.each(testDatabases())('crawling a 150-page site on $label', ({ create }) => {
  let db: Db;
  let site: Server;
  let origin: string;

  beforeAll(async () => {
    db = await migratedDb(create);
    site = helpSite();
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await db.close();
    await new Promise((resolve) => site.close(resolve));
  });

  /** A crawl source synced to the end as the server runs it; the job and the source after it. */
  async function crawlSync(limits: { maxPages?: number; maxDepth?: number }) {
    const tenantId = await createTenant(db);
    const sources = createSourcesRepository(db);
    const source = await sources.create({ tenantId, kind: 'crawl', name: 'Help site', config: { startUrl: `${origin}/`, ...limits } });
    const sync = createSourceSync({
      db,
      embedder: createHashEmbedder(),
      resolveSource: () => createCrawlSource({ startUrl: `${origin}/`, policy: createFetchPolicy({ allow: ['127.0.0.1'] }), delayMs: 0, ...limits }),
      progressEveryMs: 0,
    });
    const worker = createWorker({ db, handlers: [handle(knowledgeSyncQueue, sync.run, { onFailure: sync.onFailure })], resumeRunningOnStart: false });
    const job = await enqueueSync(db, { tenantId, sourceId: source.id });
    await worker.runNext();
    return { job: await getSyncJob(db, { tenantId, jobId: job.id }), source: await sources.get({ tenantId, sourceId: source.id }) };
  }

  it('indexes all 150 pages under the default cap, / and /index.html as one, with nothing to note', async () => {
    expect(DEFAULT_MAX_PAGES).toBeGreaterThanOrEqual(150);
    const { job, source } = await crawlSync({});
    expect(job.status).toBe('succeeded');
    expect(source).toMatchObject({ status: 'ready', documentCount: 150, lastSyncNotes: [] });
    expect(job.progress.notes).toEqual([]);
    const { rows } = await db.query<{ external_id: string }>(`select external_id from kb_documents where source_id = $1 and external_id like '%index%'`, [source.id]);
    expect(rows).toEqual([]);
  }, 300_000);

  it('stops at a smaller page cap and says so, with the links left, on the job and the source', async () => {
    const { job, source } = await crawlSync({ maxPages: 100 });
    expect(job.status).toBe('succeeded');
    expect(source.documentCount).toBe(100);
    const note = 'Stopped at the page cap of 100 pages; 50 more links found — raise maxPages to index them.';
    expect(job.progress.notes).toEqual([note]);
    expect(source.lastSyncNotes).toEqual([note]);
  }, 300_000);

  it('says how many links lay beyond the depth limit', async () => {
    const { source } = await crawlSync({ maxDepth: 1 });
    expect(source.documentCount).toBe(1 + SECTIONS);
    expect(source.lastSyncNotes).toEqual([`${ARTICLES} links lay more than 1 click from the start page and were not followed — raise maxDepth to reach them.`]);
  }, 300_000);
});
