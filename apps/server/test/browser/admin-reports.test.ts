import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { levelAViolations } from './axe.js';
import { openBrowserSession, repoRoot, screenshot, type BrowserSession, type Stack } from './harness.js';

/** Screenshots of the console, for people to look at (git-ignored). */
const outputDir = join(repoRoot, 'test-results', 'admin');

/** Pixels of a colour (±24 per channel) on each chart's canvas: proof that data was drawn, not only axes. */
async function pixelsOfColour(page: Page, rgb: [number, number, number]): Promise<number[]> {
  return page.locator('figure.chart canvas').evaluateAll((canvases, [r, g, b]) => {
    return (canvases as HTMLCanvasElement[]).map((canvas) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; data && i < data.length; i += 4) {
        if (Math.abs(data[i]! - r) < 24 && Math.abs(data[i + 1]! - g) < 24 && Math.abs(data[i + 2]! - b) < 24 && data[i + 3]! > 200) count++;
      }
      return count;
    });
  }, rgb);
}

describe('the admin console: the reports page against the demo', () => {
  let stack: Stack;
  let session: BrowserSession;
  let page: Page;
  let refused: string[];
  let errors: string[];
  let consoleUrl: string;

  beforeAll(async () => {
    session = await openBrowserSession({ build: 'admin', viewport: { width: 1280, height: 800 } });
    ({ stack, page, refused, errors } = session);
    const links = JSON.parse(readFileSync(join(stack.dataDir, 'demo.json'), 'utf8')) as Record<string, { consoleUrl?: string }>;
    consoleUrl = links[stack.tenant('zendesk').slug]?.consoleUrl ?? '';
  }, 900_000);

  afterAll(async () => {
    await session?.close();
  });

  it('asks for a key at / when none is known, with no level A accessibility violations', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.getByRole('heading', { name: 'Sign in to Threadline' }).waitFor();
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-1280x800', { dir: outputDir });
  });

  it('signs in with the link the demo wrote, and takes the key out of the address bar', async () => {
    expect(consoleUrl).toBe(`${stack.baseUrl}/#key=${stack.tenant('zendesk').apiKey}`);
    await page.goto(consoleUrl);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
    expect(page.url()).not.toContain('#key');
    expect(await page.evaluate(() => sessionStorage.getItem('threadline.console.apiKey'))).toBe(stack.tenant('zendesk').apiKey);
    expect(await page.getByRole('link', { name: 'Reports' }).getAttribute('aria-current')).toBe('page');
  });

  it('shows the headline figures with their definitions, and charts that draw the data', async () => {
    const tickets = page.getByRole('button', { name: /^Tickets: [\d,]+\. Show the tickets$/ });
    await tickets.waitFor();
    expect(Number((await tickets.innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
    for (const metric of ['tickets', 'firstResponse', 'resolution', 'csat', 'automatedResolution', 'repeatContact']) {
      const definition = await page.locator(`[data-metric="${metric}"] .card-definition`).innerText();
      expect(definition, metric).toMatch(/^What is counted: .{20,}/);
      expect(definition, metric).not.toContain('No definition');
    }
    // The volume chart has a point per day; its bars are drawn in its series colour.
    await expect.poll(async () => Number(await page.locator('figure.chart').first().getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await page.locator('figure.chart canvas').count()).toBe(3);
    await expect.poll(async () => (await pixelsOfColour(page, [0, 114, 178]))[0]).toBeGreaterThan(50);
    expect(await page.locator('[data-testid="channel-table"] tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'reports-1280x800', { dir: outputDir });
    expect(await levelAViolations(page)).toEqual([]);
  });

  it('lists the tickets behind a figure, each linked to the helpdesk', async () => {
    await page.getByRole('button', { name: /^Tickets: [\d,]+\. Show the tickets$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Tickets' });
    await dialog.waitFor();
    const rows = dialog.locator('[data-testid="drill-tickets"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    const hrefs = await dialog.locator('[data-testid="drill-tickets"] tbody a').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith(stack.demo.zendesk.url)).toBe(true);
    await screenshot(page, 'reports-drill-down-1280x800', { dir: outputDir, fullPage: false });
    expect(await levelAViolations(page)).toEqual([]);
    // More than a page of tickets: the next 50 come after the first, none twice.
    const total = Number((await page.getByRole('button', { name: /^Tickets: [\d,]+\. Show the tickets$/ }).innerText()).replace(/,/g, ''));
    expect(total, 'the demo has more than a page of tickets in 30 days').toBeGreaterThan(50);
    await dialog.getByRole('button', { name: 'Show 50 more' }).click();
    await expect.poll(() => rows.count()).toBe(Math.min(total, 100));
    const ids = await dialog.locator('[data-testid="drill-tickets"] tbody th').allInnerTexts();
    expect(new Set(ids).size).toBe(ids.length);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('drills into one channel from the breakdown', async () => {
    const firstRow = page.locator('[data-testid="channel-table"] tbody tr').first();
    const channel = await firstRow.getAttribute('data-channel');
    await firstRow.getByRole('button', { name: /^Tickets, / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-testid="drill-tickets"] tbody tr').first().waitFor();
    const heading = await dialog.getByRole('heading').first().innerText();
    expect(heading).toMatch(/^Tickets, /);
    expect(channel).toBeTruthy();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('compares with the previous period by week, keeping the filters in the address', async () => {
    await page.getByLabel('Group by').selectOption('week');
    await page.getByLabel('Compare with the previous period').check();
    await page.getByText(/^Compared with /).waitFor();
    expect(await page.locator('[data-metric="tickets"] .card-change').innerText()).toMatch(/^Previous period [\d,]+/);
    const search = new URL(page.url()).searchParams;
    expect(search.get('interval')).toBe('week');
    expect(search.get('compare')).toBe('1');
    // A reload shows the same view.
    await page.reload();
    await page.getByText(/^Compared with /).waitFor();
    expect(await page.getByLabel('Group by').inputValue()).toBe('week');
  });

  it('reports a custom range the user picks', async () => {
    const day = (daysAgo: number) => {
      const date = new Date(Date.now() - daysAgo * 86_400_000);
      return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    };
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From', { exact: true }).fill(day(20));
    await page.getByLabel('To', { exact: true }).fill(day(6));
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(day(20));
    expect(new URL(page.url()).searchParams.get('to')).toBe(day(6));
    const fortnight = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    const shown = (iso: string) => fortnight.format(new Date(`${iso}T00:00:00Z`));
    await page.getByText(`${shown(day(20))} – ${shown(day(6))}`, { exact: false }).first().waitFor();
    // A start after the end is refused in words, and the report keeps the last valid range.
    await page.getByLabel('From', { exact: true }).fill(day(2));
    expect(await page.getByRole('alert').innerText()).toBe('The start date is after the end date.');
    expect(new URL(page.url()).searchParams.get('from')).toBe(day(20));
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBeNull();
  });

  it('exports the report as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^threadline-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toMatch(/period/);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'reports-390x844', { dir: outputDir });
    expect(await levelAViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('signs out, and sends a refused key back to sign-in saying why', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Threadline' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('threadline.console.apiKey'))).toBeNull();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'sign-in-390x844', { dir: outputDir });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Tenant API key').fill('tl_not_a_key_of_any_tenant');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/did not accept this API key/);
    // The refused call is expected console noise for this case only.
    errors.length = 0;
  });
});
