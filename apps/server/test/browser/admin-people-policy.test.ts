import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { waitingTicketKeys } from '../../src/demo/demo-stream.js';
import { levelAViolations } from './axe.js';
import { isolatedContext, openBrowserSession, repoRoot, screenshot, type BrowserSession, type Stack } from './harness.js';

/** Screenshots of the console, for people to look at (git-ignored). */
const outputDir = join(repoRoot, 'test-results', 'admin');

/** The page fits its width: nothing scrolls sideways but the tables' own scrollers. */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('the admin console: sign-in link, policy and people against the demo', () => {
  let stack: Stack;
  let session: BrowserSession;
  let context: BrowserContext;
  let page: Page;
  let refused: string[];
  let errors: string[];
  let signInUrl: string;
  let inviteLink: string;

  beforeAll(async () => {
    session = await openBrowserSession({ build: 'admin', viewport: { width: 1280, height: 800 } });
    ({ stack, page, context, refused, errors } = session);
    const links = JSON.parse(readFileSync(join(stack.dataDir, 'demo.json'), 'utf8')) as Record<string, { signInUrl?: string }>;
    signInUrl = links[stack.tenant('zendesk').slug]?.signInUrl ?? '';
  }, 900_000);

  afterAll(async () => {
    await session?.close();
  });

  it('signs in at once with the one-time link the demo printed, as the workspace owner, and the link is spent', async () => {
    expect(signInUrl).toMatch(new RegExp(`^${stack.baseUrl}/sign-in/link#token=[\\w-]{43}$`));
    await page.goto(signInUrl);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(page.url()).not.toContain('token');
    const cookies = await context.cookies(stack.baseUrl);
    expect(cookies.find((cookie) => cookie.name === 'tl_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const again = await fetch(`${stack.baseUrl}/v1/auth/links/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: signInUrl.split('#token=')[1] }) });
    expect(again.status).toBe(400);
  });

  it('shows the policy page with no level A violations, at 1280×800 and on a phone', async () => {
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Mode for Chat' }).waitFor();
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'policy-1280x800', { dir: outputDir });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await scrollsSideways(page)).toBe(false);
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'policy-390x844', { dir: outputDir });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('sets chat to auto at 60% (typed in percent, kept as 0.6): the API then serves it, and the change is listed with who made it', async () => {
    await page.getByRole('combobox', { name: 'Mode for Chat' }).selectOption('auto');
    const threshold = page.getByRole('spinbutton', { name: 'Threshold for Chat' });
    expect(await threshold.inputValue()).toBe('55');
    await threshold.fill('60');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Saved. The next message on each channel follows this policy.').waitFor();
    const policy = await (await fetch(`${stack.baseUrl}/v1/policy`, { headers: { authorization: `Bearer ${stack.tenant('zendesk').apiKey}` } })).json();
    expect(policy.channels.chat).toEqual({ mode: 'auto', confidenceThreshold: 0.6 });
    const changes = page.locator('.audit-list > li').first();
    // In words and in percent, as the page shows the threshold, not as the field is stored.
    await changes.getByText('Chat, threshold: 55% → 60%').waitFor();
    expect(await changes.innerText()).toContain(`owner@${stack.tenant('zendesk').slug}.example.com`);
  });

  it('the next chat webhook obeys it: below 0.6 the reply is held as a draft, from 0.6 it may go out on its own', async () => {
    const { zendesk } = stack.demo;
    const chat = waitingTicketKeys(zendesk.dataset)
      .map((key) => zendesk.dataset.tickets.find((ticket) => ticket.key === key)!)
      .find((ticket) => ticket.channel === 'chat');
    expect(chat, 'the demo has a chat waiting for an answer').toBeDefined();
    const ticketId = zendesk.ids.ticket(chat!.key);
    const headers = { authorization: `Bearer ${stack.tenant('zendesk').apiKey}` };
    const sent = await zendesk.sendWebhook(`${stack.baseUrl}/v1/webhooks/zendesk/${stack.tenant('zendesk').slug}`, ticketId, 'ticket.created');
    expect(sent.status).toBe(202);
    type Answer = { ticketExternalId: string; action: string; confidence: number; guardrails: string[]; writeback: string };
    let answer: Answer | undefined;
    // A budget, not a speed check: the pipeline answers on a busy two-core machine.
    for (let i = 0; i < 1200 && !answer; i++) {
      const { answers } = (await (await fetch(`${stack.baseUrl}/v1/answers?channel=chat`, { headers })).json()) as { answers: Answer[] };
      answer = answers.find((candidate) => candidate.ticketExternalId === ticketId && candidate.writeback !== 'pending');
      if (!answer) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answer, 'the chat was answered').toBeDefined();
    // The threshold the admin set, not the demo's 0.55, decides whether the confidence holds a reply back.
    expect(answer!.guardrails.includes('low-confidence')).toBe(answer!.confidence < 0.6);
    if (answer!.action === 'reply') expect(answer!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(answer!.guardrails).not.toContain('mode-draft');
  });

  it('shows the people page with no level A violations, at 1280×800 and on a phone', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByRole('cell', { name: `owner@${stack.tenant('zendesk').slug}.example.com`, exact: true }).waitFor();
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'people-1280x800', { dir: outputDir });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await scrollsSideways(page)).toBe(false);
    // Each member is a card on a phone: the role, the date and Remove are on screen, not off to the right of a table.
    for (const control of [page.getByRole('button', { name: /^Remove / }).first(), page.getByRole('combobox', { name: /^Role of / }).first()]) {
      const box = await control.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, 'people-390x844', { dir: outputDir });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('invites a viewer as the owner; the link is shown once and the invitation is listed', async () => {
    await page.getByLabel('Email').fill('viewer@northwind.test');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = page.getByRole('textbox', { name: 'Invitation link' });
    await link.waitFor();
    inviteLink = await link.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${stack.baseUrl}/invite#token=[\\w-]{43}$`));
    await page.getByText('viewer@northwind.test as viewer').waitFor();
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lets the invited viewer join with a password and read the policy, but not change it', async () => {
    const { context: other } = await isolatedContext(session.browser, [stack.baseUrl]);
    const viewer = await other.newPage();
    await viewer.setViewportSize({ width: 1280, height: 800 });
    await viewer.goto(inviteLink);
    await viewer.getByRole('heading', { name: 'Join Threadline' }).waitFor();
    await viewer.getByText('viewer@northwind.test').waitFor();
    expect(await levelAViolations(viewer)).toEqual([]);
    await screenshot(viewer, 'invite-1280x800', { dir: outputDir });
    await viewer.setViewportSize({ width: 390, height: 844 });
    expect(await levelAViolations(viewer)).toEqual([]);
    expect(await scrollsSideways(viewer)).toBe(false);
    await screenshot(viewer, 'invite-390x844', { dir: outputDir });
    await viewer.setViewportSize({ width: 1280, height: 800 });
    await viewer.getByLabel('Choose a password').fill('a viewer password that is long');
    await viewer.getByRole('button', { name: 'Accept and sign in' }).click();
    await viewer.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await viewer.getByRole('link', { name: 'Policy' }).click();
    await viewer.getByText('Viewers can read the policy; an admin or owner changes it.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Save policy' }).isDisabled()).toBe(true);
    // The server refuses the write whatever the page shows.
    const status = await viewer.evaluate(async () => {
      const { session } = await (await fetch('/v1/auth/session')).json();
      const policy = await (await fetch('/v1/policy')).json();
      const response = await fetch('/v1/policy', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify(policy) });
      return response.status;
    });
    expect(status).toBe(403);
    await other.close();
  });

  it('signs out: the session ends and the sign-in form comes back', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Threadline' }).waitFor();
    expect(await levelAViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/policy`);
    await page.getByRole('heading', { name: 'Sign in to Threadline' }).waitFor();
    expect(errors).toEqual([]);
  });
});
