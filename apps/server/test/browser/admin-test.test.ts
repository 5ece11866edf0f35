import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_DIST } from '../../src/plugins/external/admin-static.js';
import { levelAViolations } from './axe.js';
import { tenantScope } from '@threadline/platform';
import { insertUser } from '../../src/accounts/console-users-repository.js';
import { hashPassword } from '../../src/accounts/password.js';
import { consoleShotsDir as outputDir, isolatedContext, openBrowserSession, screenshot, sidewaysOverflow, type BrowserSession } from './harness.js';

/** A budget for twenty tickets through retrieval and the offline engine on a busy two-core machine, not a speed check. */
const REPLAY_BUDGET_MS = 600_000;

describe('the admin console: the Test page replays solved tickets and compares policies against the demo', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowserSession({ build: 'admin', viewport: { width: 1280, height: 800 } });
    expect(existsSync(join(ADMIN_DIST, 'index.html'))).toBe(true);
    page = session.page;
    const links = JSON.parse(readFileSync(join(session.stack.dataDir, 'demo.json'), 'utf8')) as Record<string, { signInUrl?: string }>;
    await page.goto(links[session.stack.tenant('zendesk').slug]?.signInUrl ?? '');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  }, 900_000);

  afterAll(async () => {
    await session?.close();
  });

  it('runs a replay of 20 solved tickets: progress, then the per-channel figures, the gaps and the tickets', async () => {
    await page.getByRole('link', { name: 'Test' }).click();
    await page.getByRole('heading', { name: 'Test', level: 1 }).waitFor();
    await page.getByText('No replay yet.').waitFor();
    // The first look at the new replay is answered as if it were a third of the way: the progress is
    // drawn from what the server says, however fast the real replay runs.
    let isHeld = false;
    await page.route(/\/v1\/replays\/[0-9a-f-]{36}$/, async (route) => {
      if (isHeld || route.request().method() !== 'GET') return route.fallback();
      isHeld = true;
      const real = await route.fetch();
      await route.fulfill({ response: real, json: { ...(await real.json()), status: 'running', progress: { done: 7, total: 20 }, report: null, finishedAt: null } });
    });
    await page.getByLabel('Latest solved tickets to replay').fill('20');
    await page.getByRole('button', { name: 'Run replay' }).click();
    await page.getByText('Replaying ticket 8 of 20…').waitFor();
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('7');
    await page.getByTestId('replay-report').waitFor({ timeout: REPLAY_BUDGET_MS });
    expect(page.url()).toMatch(/\/test\?replay=[0-9a-f-]{36}$/);

    const rows = page.getByTestId('replay-channels').locator('tbody tr');
    const channels = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-channel')));
    expect(channels).toContain('chat');
    expect(channels.at(-1)).toBe('all');
    const total = page.getByTestId('replay-channels').locator('tr[data-channel="all"]');
    expect(await total.locator('td').first().innerText()).toBe('20');
    // Each share is a percentage, and the three add up to the whole.
    const shares = (await total.locator('td').evaluateAll((tds) => tds.slice(1, 4).map((td) => td.textContent ?? ''))).map((text) => Number(text.replace('%', '')));
    expect(shares.every((share) => Number.isFinite(share))).toBe(true);
    expect(Math.abs(shares.reduce((sum, share) => sum + share, 0) - 100)).toBeLessThanOrEqual(2);

    const gaps = page.getByTestId('replay-gaps').locator(':scope > li');
    expect(await gaps.count()).toBeGreaterThan(0);
    const firstGap = gaps.first();
    expect(await firstGap.locator('.gap-questions li').count()).toBeGreaterThan(0);
    expect(await firstGap.getByRole('link', { name: /^Add a source/ }).getAttribute('href')).toMatch(/^\/knowledge\?q=[^#]+#add-source$/);
    expect(await firstGap.getByRole('link', { name: /^Find in knowledge/ }).getAttribute('href')).toMatch(/^\/knowledge\?q=[^#]+#search$/);

    expect(await page.getByTestId('replay-tickets').locator(':scope > li').count()).toBe(20);
    const ticket = page.locator('.replay-ticket').first();
    await ticket.locator('summary').click();
    await ticket.getByText('The human sent').waitFor();
    await ticket.getByText('The customer asked').waitFor();

    expect(await levelAViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'test-1280x800', { dir: outputDir });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'test-390x844', { dir: outputDir });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('compares the same replay with chat at another threshold: before and after per channel, and the tickets that change', async () => {
    const threshold = page.getByRole('spinbutton', { name: 'Threshold to try for Chat' });
    // The demo replies on chat from 55%, in percent like every figure beside it; the what-if is a looser 40%.
    expect(await threshold.inputValue()).toBe('55');
    await page.locator('[data-channel="chat"]').getByText('Replayed with: reply automatically, threshold 55%').waitFor();
    await threshold.fill('40');
    await page.getByRole('button', { name: 'Compare' }).click();
    const result = page.getByTestId('replay-comparison');
    await result.waitFor();
    const chat = result.getByRole('row', { name: /^Chat/ });
    expect(await chat.innerText()).toContain('→');
    expect(await chat.locator('td').count()).toBe(4);
    // Either the tickets that change are listed, each with its action before and after, or it says none does.
    const changed = result.locator('.changed-list li');
    // Only chat's setting changed, so only chat tickets can change.
    for (const line of await changed.allInnerTexts()) expect(line).toMatch(/\(Chat, (knowledge answers it|confidence) \d+%( · (hand-off below|replies from) \d+%)?\): (Reply|Draft|Escalate) → (Reply|Draft|Escalate)$/);
    if ((await changed.count()) === 0) await result.getByText('No ticket would be handled differently.').waitFor();
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'test-compare-1280x800', { dir: outputDir });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'test-compare-390x844', { dir: outputDir });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(session.refused).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('lets a viewer read the replay and compare, but not run one: the button is off and the server answers 403', async () => {
    const zendesk = session.stack.tenant('zendesk');
    const password = 'a viewer password that is long';
    await insertUser(session.stack.app.db, tenantScope(zendesk.id), { email: 'viewer@northwind.test', name: null, role: 'viewer', passwordHash: await hashPassword(password) });
    const { context } = await isolatedContext(session.browser, [session.stack.baseUrl]);
    const viewer = await context.newPage();
    await viewer.setViewportSize({ width: 1280, height: 800 });
    await viewer.goto(`${session.stack.baseUrl}/test`);
    await viewer.getByLabel('Workspace').fill(zendesk.slug);
    await viewer.getByLabel('Email').fill('viewer@northwind.test');
    await viewer.getByLabel('Password').fill(password);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByRole('link', { name: 'Test' }).click();
    await viewer.getByTestId('replay-report').waitFor();
    await viewer.getByText('Viewers can read replays and compare policies; an admin or owner runs a replay.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Run replay' }).isDisabled()).toBe(true);
    await viewer.getByRole('button', { name: 'Compare' }).click();
    await viewer.getByTestId('replay-comparison').waitFor();
    const status = await viewer.evaluate(async () => {
      const { session: current } = await (await fetch('/v1/auth/session')).json();
      const response = await fetch('/v1/replays', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': current.csrfToken }, body: JSON.stringify({ limit: 5 }) });
      return response.status;
    });
    expect(status).toBe(403);
    expect(await levelAViolations(viewer)).toEqual([]);
    await context.close();
  });
});
