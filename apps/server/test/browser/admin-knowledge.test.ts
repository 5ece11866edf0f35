import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { member, signInAs } from '../console-fixtures.js';
import { levelAViolations } from './axe.js';
import { collectErrors, isolatedContext, openBrowserSession, repoRoot, screenshot, type BrowserSession, type Stack } from './harness.js';

/** Screenshots of the console, for people to look at (git-ignored). */
const outputDir = join(repoRoot, 'test-results', 'admin');
/** The crawled site listens here; the server's fetch allowlist names it, as an operator would an intranet host. */
const SITE_HOST = '127.0.0.2';
const SITE_PAGES = 60;
/** A budget for syncs, not a speed check: a busy two-core machine is slow. */
const SYNC_BUDGET_MS = 400_000;

const FILES = [
  { name: 'stove-priming.md', text: '# Stove priming\n\n## Before lighting\n\nOpen the valve a quarter turn and let the fuel pool for five seconds.\n\n## Storage\n\nKeep the canister upright in a cool, shaded place with the valve closed.\n' },
  { name: 'tent-care.md', text: '# Tent care\n\nDry the fly sheet completely before packing it away, or mildew spots the coating within a week.\n' },
  { name: 'boot-sizing.txt', text: 'Boot sizing\n\nOrder half a size up for long descents: toes should not touch the front of the boot on steep ground.\n' },
  { name: 'water-filter.md', text: '# Water filter\n\nBackflush the hollow-fibre filter with clean water after every trip and never let it freeze once wet.\n' },
];
const EXCLUDED_TEXT = 'Keep the canister upright in a cool, shaded place';

/** One page of the test's site: the home page links to every guide, each guide links home. */
function sitePage(index: number): string {
  const links = index === 1 ? Array.from({ length: SITE_PAGES - 1 }, (_, i) => `<li><a href="/guide/${i + 2}">Guide ${i + 2}</a></li>`).join('') : '<li><a href="/">Home</a></li>';
  return `<!doctype html><html lang="en"><head><title>Trail guide ${index}</title></head><body><nav><ul>${links}</ul></nav>
<main><article><h1>Trail guide ${index}</h1><p>Section ${index} of the trail guide: the path climbs ${index * 10} metres past marker ${index}, and water is found at the spring beside cairn ${index}.</p></article></main></body></html>`;
}

/**
 * The page fits its width: nothing scrolls sideways but the tables' own scrollers. On failure the
 * message names the elements that stick out.
 */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const isInScroller = (element: Element) => element.closest('.table-scroll') !== null;
    const offenders = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && !isInScroller(element))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} right=${Math.round(element.getBoundingClientRect().right)}`);
    return { scrollsSideways: document.documentElement.scrollWidth > width, offenders };
  });
const expectNoSidewaysScroll = async (page: Page) => {
  const found = await sideways(page);
  expect(found.scrollsSideways, found.offenders.join('; ')).toBe(false);
};

/** Axe clean and no sideways scroll at the desktop size and on a phone, with a screenshot of each. */
async function checkBothSizes(page: Page, name: string): Promise<void> {
  expect(await levelAViolations(page)).toEqual([]);
  await expectNoSidewaysScroll(page);
  await screenshot(page, `${name}-1280x800`, { dir: outputDir });
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await screenshot(page, `${name}-390x844`, { dir: outputDir });
    await expectNoSidewaysScroll(page);
    expect(await levelAViolations(page)).toEqual([]);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

describe('the admin console: the knowledge page against the demo', () => {
  let session: BrowserSession;
  let stack: Stack;
  let page: Page;
  let refused: string[];
  let errors: string[];
  let site: Server;
  let siteUrl: string;
  let fileSourceId: string;
  let excludedChunkId: string;
  let documentId: string;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${stack.tenant('zendesk').apiKey}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return response.json();
  };
  const card = (name: string) => page.locator('.source-card', { has: page.getByRole('heading', { name, exact: true }) });

  beforeAll(async () => {
    site = createServer((request, response) => {
      if (request.url === '/robots.txt') return void response.end('User-agent: *\nAllow: /\n');
      const match = /^\/(?:guide\/(\d+))?$/.exec(request.url ?? '');
      const index = match ? Number(match[1] ?? 1) : 0;
      if (!match || index < 1 || index > SITE_PAGES) {
        response.statusCode = 404;
        return void response.end('not found');
      }
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(sitePage(index));
    });
    await new Promise<void>((resolve) => site.listen(0, SITE_HOST, resolve));
    siteUrl = `http://${SITE_HOST}:${(site.address() as AddressInfo).port}/`;
    session = await openBrowserSession({ build: 'admin', viewport: { width: 1280, height: 800 }, config: { fetch: Object.freeze({ allow: [SITE_HOST] }) } });
    ({ stack, page, refused, errors } = session);
    const links = JSON.parse(readFileSync(join(stack.dataDir, 'demo.json'), 'utf8')) as Record<string, { signInUrl?: string }>;
    await page.goto(links[stack.tenant('zendesk').slug]?.signInUrl ?? '');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  }, 900_000);

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('lists the demo’s sources with their counts and last sync, at 1280×800 and on a phone', async () => {
    await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
    await page.getByRole('heading', { name: 'Knowledge', level: 1 }).waitFor();
    await page.locator('.source-card').first().waitFor();
    const demoSources = (await api('/v1/kb/sources')).sources as Array<{ name: string }>;
    expect(demoSources.length).toBeGreaterThan(0);
    for (const source of demoSources) await card(source.name).getByText('Up to date').waitFor();
    await checkBothSizes(page, 'knowledge-sources');
  });

  it('adds four files at once through the file picker: four uploads, four documents', async () => {
    await page.getByLabel('Kind').selectOption('file');
    await page.getByLabel('Name', { exact: true }).fill('Trail manuals');
    await page.locator('#source-files').setInputFiles(FILES.map((file) => ({ name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) })));
    await expect.poll(() => page.getByRole('list', { name: 'Chosen files' }).getByRole('listitem').count()).toBe(4);
    await page.getByRole('button', { name: 'Add source and upload' }).click();
    const uploads = page.getByRole('list', { name: 'Uploads' });
    for (const file of FILES) await uploads.getByText(`${file.name}: uploaded, sync queued`).waitFor();
    const manuals = card('Trail manuals');
    await manuals.getByText('Up to date').waitFor({ timeout: SYNC_BUDGET_MS });
    await expect.poll(async () => (await manuals.locator('.source-facts dd').first().innerText()).trim(), { timeout: SYNC_BUDGET_MS }).toBe('4');

    await manuals.getByRole('link', { name: '4' }).click();
    await page.getByRole('heading', { name: 'Documents', level: 2 }).waitFor();
    await expect.poll(() => page.locator('.documents-table tbody tr').count()).toBe(4);
    expect((await page.locator('.documents-table .document-title').allInnerTexts()).sort()).toEqual(['Boot sizing', 'Stove priming', 'Tent care', 'Water filter']);
    fileSourceId = new URL(page.url()).searchParams.get('source') ?? '';
    expect((await api(`/v1/kb/documents?sourceId=${fileSourceId}`)).total).toBe(4);
    await checkBothSizes(page, 'knowledge-documents');
  }, SYNC_BUDGET_MS + 60_000);

  it('excludes one passage: the search playground and the API no longer return it, the rest of the document stays', async () => {
    const found = async (mode: string) =>
      ((await api('/v1/kb/search', { method: 'POST', body: { query: EXCLUDED_TEXT, mode, k: 20 } })).passages as Array<{ chunkId: string; content: string }>).filter((passage) => passage.content.includes(EXCLUDED_TEXT)).length;
    expect([await found('hybrid'), await found('vector'), await found('text')]).toEqual([1, 1, 1]);

    await page.getByRole('link', { name: 'Search playground' }).click();
    await page.getByLabel('Question').fill(EXCLUDED_TEXT);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.passage', { hasText: EXCLUDED_TEXT }).waitFor();
    await page.locator('.passage', { hasText: EXCLUDED_TEXT }).getByText(/both searches|meaning only|words only/).waitFor();
    // Where the passage stood in each search before fusion, as the server ranked it.
    await page.locator('.passage', { hasText: EXCLUDED_TEXT }).locator('.passage-ranks').getByText(/^Place before fusion: (#\d+|not found) by meaning, (#\d+|not found) by words$/).waitFor();
    expect(await page.locator('.passage-ranks', { hasText: /#1 by (meaning|words)/ }).count()).toBeGreaterThan(0);
    await checkBothSizes(page, 'knowledge-search');

    await page.getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('link', { name: 'Stove priming' }).click();
    await page.getByRole('heading', { name: 'Stove priming', level: 2 }).waitFor();
    documentId = new URL(page.url()).searchParams.get('document') ?? '';
    const passage = page.locator('.chunk', { hasText: EXCLUDED_TEXT });
    excludedChunkId = (await passage.getAttribute('data-chunk-id')) ?? '';
    await passage.getByRole('button', { name: /^Exclude passage \d+$/ }).click();
    await passage.locator('.chunk-state').getByText('Excluded', { exact: true }).waitFor();
    await checkBothSizes(page, 'knowledge-chunks');

    expect([await found('hybrid'), await found('vector'), await found('text')]).toEqual([0, 0, 0]);
    const stillThere = (await api('/v1/kb/search', { method: 'POST', body: { query: 'open the valve a quarter turn', mode: 'text' } })).passages as Array<{ title: string }>;
    expect(stillThere.map((hit) => hit.title)).toContain('Stove priming');

    await page.getByRole('link', { name: 'Search playground' }).click();
    await page.getByLabel('Question').fill(EXCLUDED_TEXT);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('status').getByText(/passages for/).waitFor();
    expect(await page.locator('.passage', { hasText: EXCLUDED_TEXT }).count()).toBe(0);
  });

  it('crawls a local 60-page site (more than the old cap of 40), with live progress, into 60 documents', async () => {
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByLabel('Kind').selectOption('crawl');
    await page.getByLabel('Name', { exact: true }).fill('Trail guide site');
    await page.getByLabel('Start URL').fill(siteUrl);
    await page.getByLabel('Most pages').fill('200');
    await page.getByRole('button', { name: 'Add source and sync' }).click();
    const crawl = card('Trail guide site');
    // The bar shows how far the crawl is while it runs, not only the final count.
    await crawl.getByRole('progressbar').waitFor({ timeout: SYNC_BUDGET_MS });
    await crawl.getByText(/^Syncing: [1-9]\d* documents? read/).waitFor({ timeout: SYNC_BUDGET_MS });
    await screenshot(page, 'knowledge-crawl-running-1280x800', { dir: outputDir });
    await crawl.getByText('Up to date').waitFor({ timeout: SYNC_BUDGET_MS });
    await expect.poll(async () => (await crawl.locator('.source-facts dd').first().innerText()).trim(), { timeout: 30_000 }).toBe('60');
    const sources = (await api('/v1/kb/sources')).sources as Array<{ name: string; documentCount: number; lastError: string | null }>;
    expect(sources.find((source) => source.name === 'Trail guide site')).toMatchObject({ documentCount: 60, lastError: null, lastSyncNotes: [] });
    expect(await crawl.locator('.source-note').count()).toBe(0);
    await checkBothSizes(page, 'knowledge-crawled');
  }, SYNC_BUDGET_MS * 2);

  it('sets a source to re-sync every 12 hours: the API keeps it and names the next sync, the card shows both', async () => {
    const crawl = card('Trail guide site');
    await crawl.getByLabel('Re-sync every').fill('12');
    await crawl.getByRole('button', { name: 'Save schedule of Trail guide site' }).click();
    await crawl.locator('.source-facts').getByText('Every 12 hours').waitFor();
    await crawl.locator('.source-facts').getByText('Next sync').waitFor();
    const saved = ((await api('/v1/kb/sources')).sources as Array<{ name: string; resyncEveryHours: number | null; nextSyncAt: string | null }>).find((source) => source.name === 'Trail guide site');
    expect(saved?.resyncEveryHours).toBe(12);
    expect(Date.parse(saved?.nextSyncAt ?? '')).toBeGreaterThan(Date.now());
    expect(await crawl.getByRole('button', { name: /^Turn off/ }).count()).toBe(1);
    await checkBothSizes(page, 'knowledge-schedule');
  });

  it('crawls the site with a cap of 40 pages: the card says, in the server’s words, that the cap stopped it', async () => {
    await page.getByLabel('Kind').selectOption('crawl');
    await page.getByLabel('Name', { exact: true }).fill('Trail guide, first 40');
    await page.getByLabel('Start URL').fill(siteUrl);
    await page.getByLabel('Most pages').fill('40');
    await page.getByRole('button', { name: 'Add source and sync' }).click();
    const capped = card('Trail guide, first 40');
    await capped.getByText('Up to date').waitFor({ timeout: SYNC_BUDGET_MS });
    const source = ((await api('/v1/kb/sources')).sources as Array<{ name: string; documentCount: number; lastSyncNotes: string[] }>).find((found) => found.name === 'Trail guide, first 40');
    expect(source?.documentCount).toBe(40);
    const note = source?.lastSyncNotes.find((text) => text.startsWith('Stopped at the page cap of 40 pages'));
    expect(note).toMatch(/raise maxPages/);
    await capped.locator('.source-note', { hasText: note ?? '' }).waitFor({ timeout: 30_000 });
    await capped.scrollIntoViewIfNeeded();
    await checkBothSizes(page, 'knowledge-crawl-capped');
  }, SYNC_BUDGET_MS + 60_000);

  it('opens the playground or the add form with a knowledge gap’s terms, as the Test page links them', async () => {
    await page.goto(`${stack.baseUrl}/knowledge?q=${encodeURIComponent('backflush filter')}#search`);
    await page.getByRole('heading', { name: 'Search playground', level: 2 }).waitFor();
    expect(await page.getByLabel('Question').inputValue()).toBe('backflush filter');
    await page.locator('.passage', { hasText: 'Backflush the hollow-fibre filter' }).waitFor();
    await page.goto(`${stack.baseUrl}/knowledge?q=${encodeURIComponent('gift card refunds')}#add-source`);
    await page.getByRole('heading', { name: 'Add a source', level: 2 }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('gift card refunds');
    await page.getByText('that answer questions about “gift card refunds”').waitFor();
    // The page lands on the form: it is in view (the list above it scrolled away) and its first field has the focus.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const form = document.getElementById('add-source');
          const top = form?.getBoundingClientRect().top ?? -1;
          return { isInView: top >= 0 && top < window.innerHeight / 2, hasFocus: form?.contains(document.activeElement) ?? false, isScrolled: window.scrollY > 0 };
        }),
      )
      .toEqual({ isInView: true, hasFocus: true, isScrolled: true });
    await checkBothSizes(page, 'knowledge-gap-add');
  });

  it('lets a viewer read the knowledge but offers no writes, and the server refuses each one with 403', async () => {
    const tenant = stack.tenant('zendesk');
    const viewerAccount = await member(stack.app, { id: tenant.id, slug: tenant.slug, apiKey: tenant.apiKey }, 'viewer', 'reader@northwind.test');
    const signedIn = await signInAs(stack.app, { id: tenant.id, slug: tenant.slug, apiKey: tenant.apiKey }, viewerAccount.email);
    const { context: other } = await isolatedContext(session.browser, [stack.baseUrl]);
    const [name, value] = signedIn.cookie.split('=') as [string, string];
    await other.addCookies([{ name, value, url: stack.baseUrl, httpOnly: true, sameSite: 'Strict' }]);
    const viewer = await other.newPage();
    const viewerErrors = collectErrors(viewer);
    await viewer.setViewportSize({ width: 1280, height: 800 });
    await viewer.goto(`${stack.baseUrl}/knowledge`);
    await viewer.getByText('Viewers can read the knowledge and search it; an admin or owner changes it.').waitFor();
    await viewer.locator('.source-card', { hasText: 'Trail manuals' }).waitFor();
    expect(await viewer.getByRole('heading', { name: 'Add a source' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /Sync now|Delete|Add files/ }).count()).toBe(0);
    await viewer.goto(`${stack.baseUrl}/knowledge?view=documents&document=${documentId}`);
    await viewer.locator('.chunk', { hasText: EXCLUDED_TEXT }).getByText('Excluded', { exact: true }).waitFor();
    expect(await viewer.getByRole('button', { name: /Exclude|Include/ }).count()).toBe(0);
    expect(await levelAViolations(viewer)).toEqual([]);

    const statuses = await viewer.evaluate(
      async ({ sourceId, chunkId, docId }) => {
        const { session: current } = await (await fetch('/v1/auth/session')).json();
        const write = async (method: string, url: string, body?: unknown, type = 'application/json') =>
          (await fetch(url, { method, headers: { 'content-type': type, 'x-csrf-token': current.csrfToken }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) })).status;
        return [
          await write('PATCH', `/v1/kb/chunks/${chunkId}`, { isExcluded: false }),
          await write('POST', `/v1/kb/sources/${sourceId}/sync`, {}),
          await write('POST', `/v1/kb/documents/${docId}/exclude`, {}),
          await write('PUT', `/v1/kb/sources/${sourceId}/files/extra.md`, '# Extra\n\nMore.', 'application/octet-stream'),
          await write('POST', '/v1/kb/sources', { kind: 'url', name: 'Sneaky', config: { urls: ['https://example.com/'] } }),
          await write('DELETE', `/v1/kb/sources/${sourceId}`),
          // Searching changes nothing: a viewer may use the playground.
          await write('POST', '/v1/kb/search', { query: 'tent' }),
        ];
      },
      { sourceId: fileSourceId, chunkId: excludedChunkId, docId: documentId },
    );
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403, 200]);
    expect((await api(`/v1/kb/documents?sourceId=${fileSourceId}`)).total).toBe(4);
    expect(viewerErrors.filter((line) => !line.includes('403'))).toEqual([]);
    await other.close();
  });

  it('shows another tenant’s admin none of it, and answers 404 to its reads and writes', async () => {
    const links = JSON.parse(readFileSync(join(stack.dataDir, 'demo.json'), 'utf8')) as Record<string, { signInUrl?: string }>;
    const { context: other } = await isolatedContext(session.browser, [stack.baseUrl]);
    const outsider = await other.newPage();
    await outsider.setViewportSize({ width: 1280, height: 800 });
    await outsider.goto(links[stack.tenant('freshdesk').slug]?.signInUrl ?? '');
    await outsider.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await outsider.goto(`${stack.baseUrl}/knowledge`);
    await outsider.locator('.source-card').first().waitFor();
    expect(await outsider.locator('.source-card', { hasText: 'Trail manuals' }).count()).toBe(0);
    expect(await outsider.locator('.source-card', { hasText: 'Trail guide site' }).count()).toBe(0);
    const statuses = await outsider.evaluate(
      async ({ chunkId, docId }) => {
        const { session } = await (await fetch('/v1/auth/session')).json();
        const read = (await fetch(`/v1/kb/documents/${docId}`)).status;
        const write = (await fetch(`/v1/kb/chunks/${chunkId}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ isExcluded: false }) })).status;
        const search = await (await fetch('/v1/kb/search', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ query: 'Backflush the hollow-fibre filter', mode: 'text' }) })).json();
        return { read, write, titles: search.passages.map((passage: { title: string }) => passage.title) };
      },
      { chunkId: excludedChunkId, docId: documentId },
    );
    expect(statuses).toEqual({ read: 404, write: 404, titles: [] });
    await other.close();
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});
