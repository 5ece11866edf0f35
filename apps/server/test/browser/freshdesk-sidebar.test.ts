import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { buildAppCopy } from './app-copies.js';
import { expectClosestAnswerOnHandOff } from './closest-answer.js';
import { collectErrors, isolatedContext, launchChromium, screenshot, screenshotFrame, startStack, type Stack } from './harness.js';
import { FDK_APP_ORIGIN, FRESHDESK_ORIGIN, installFdkHost, type FdkHostOptions, type TemplateCall } from './hosts/fdk-host.js';

/** Freshdesk priorities: 1 low, 2 medium, 3 high, 4 urgent. */
const FRESHDESK_HIGH = 3;

describe('the Freshdesk app (FDK platform 3.0) in a Freshdesk ticket page', () => {
  let stack: Stack;
  let browser: Browser;
  let appDir: string;
  let context: BrowserContext;
  let page: Page;
  let app: FrameLocator;
  let templateCalls: TemplateCall[];
  let invocations: string[];
  let refused: string[];
  let errors: string[];
  let ticketRef: string;

  beforeAll(async () => {
    appDir = buildAppCopy('freshdesk');
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    ticketRef = stack.demo.freshdesk.ids.ticket('jane-call');
    ({ context, refused } = await isolatedContext(browser, [FRESHDESK_ORIGIN, FDK_APP_ORIGIN]));
    ({ templateCalls, invocations } = await installFdkHost(context, await hostFor(ticketRef)));
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${FRESHDESK_ORIGIN}/a/tickets/${ticketRef}`);
    app = page.frameLocator('#app');
  }, 900_000);

  /** The ticket page of one demo ticket, as Freshdesk frames the app for it. */
  async function hostFor(ref: string): Promise<FdkHostOptions> {
    const tenant = stack.tenant('freshdesk');
    const { connector } = await stack.app.helpdesks.forTenant(tenant.id);
    const ticket = await connector.getTicket(ref);
    const requester = await connector.getCustomer(ticket.requesterId);
    return {
      appDir,
      ticket: { id: Number(ref), subject: ticket.subject },
      contact: { name: requester.name, email: requester.identities.find((identity) => identity.type === 'email')?.value ?? '' },
      loggedInUser: { id: 43000000777, name: 'Sam Agent', email: 'sam@northwind.test' },
      // The template host is the server's host:port (the platform emulation reaches loopback over HTTP).
      iparams: { service_url: new URL(stack.baseUrl).host, tenant: tenant.slug, shared_secret: tenant.sidebarSecret },
    };
  }

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it('shows the timeline across email, chat and phone for Jane Cooper', async () => {
    await app.getByRole('button', { name: 'Timeline', exact: true }).click();
    const items = app.getByTestId('timeline-item');
    await items.nth(2).waitFor();
    const card = app.getByTestId('customer');
    await card.getByText('jane.cooper@example.com').waitFor();
    const chips = await card.locator('.chip').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-channel')));
    expect(chips).toEqual(['voice', 'chat', 'email']);
    const channels = await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-channel')));
    expect(channels).toEqual(expect.arrayContaining(['email', 'chat', 'voice']));
    await app.getByTestId('draft-text').waitFor();
    await app.getByTestId('summary').getByText(/Jane Cooper contacted us/).waitFor();
    await screenshot(page, 'freshdesk-sidebar');
  });

  it('calls only through the request templates, with a token minted by the serverless method', async () => {
    const tenant = stack.tenant('freshdesk');
    expect(invocations[0]).toBe('mintToken');
    expect(new Set(templateCalls.map((call) => call.name))).toEqual(new Set(['threadlineCustomer', 'threadlineTimeline', 'threadlineSummary', 'threadlineSuggest']));
    for (const call of templateCalls) {
      expect(call.status).toBeLessThan(400);
      const claims = decodeJwt(call.headers.Authorization!.replace(/^Bearer /, ''));
      expect(claims).toMatchObject({ iss: tenant.slug, aud: 'threadline', sub: '43000000777', name: 'Sam Agent' });
    }
    const seenByBrowser = JSON.stringify(await page.evaluate(() => (window as unknown as { __fdk: unknown }).__fdk));
    expect(seenByBrowser).not.toContain(tenant.sidebarSecret);
  });

  it('inserts the draft into the Freshdesk reply editor', async () => {
    const draft = (await app.getByTestId('draft-text').innerText()).trim();
    await app.getByRole('button', { name: 'Insert', exact: true }).click();
    // The editor was closed: setValue fails, so the app opens the reply editor with the text.
    await page.locator('#editor').waitFor();
    // The panel shows [n] markers; the editor gets the reply alone.
    await expect.poll(() => page.inputValue('#editor')).toContain(draft.split('\n')[0]!.replace(/ ?\[\d{1,2}\]/g, '').trim());
    expect(await page.inputValue('#editor')).not.toMatch(/\[\d{1,2}\]|Sources:|Suggested answer for the call/);
    await app.getByTestId('announcer').getByText(/Draft inserted/).waitFor();
    await screenshot(page, 'freshdesk-inserted');
  });

  it('rates the draft and rewrites it through their templates', async () => {
    await app.getByRole('button', { name: 'Helpful', exact: true }).click();
    await app.locator('button[aria-pressed=true]').waitFor();
    await app.getByRole('button', { name: 'Rewrite' }).click();
    await app.getByLabel('Translate').check();
    await app.getByLabel('Language').selectOption('fr');
    await app.getByRole('button', { name: 'Apply rewrite' }).click();
    await app.getByTestId('announcer').getByText(/Rewrite not available|Draft rewritten/).waitFor();
    expect(templateCalls.map((call) => call.name)).toEqual(expect.arrayContaining(['threadlineFeedback', 'threadlineRewrite']));
  });

  it('escalates to a group picked from the helpdesk\'s groups: the sandbox ticket moves to Escalations and gets a private note', async () => {
    const freshdesk = stack.demo.freshdesk;
    const escalations = freshdesk.dataset.groups.find((group) => group.key === 'escalations')!;
    await app.getByRole('button', { name: 'Escalate', exact: true }).click();
    await app.getByRole('button', { name: 'Escalate…' }).click();
    await app.getByLabel('Reason').fill('Refund request needs a supervisor');
    const groups = app.getByLabel('Send to group');
    await expect.poll(async () => groups.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(freshdesk.dataset.groups.map((group) => group.name)));
    await groups.selectOption({ label: escalations.name });
    await app.getByLabel('Priority (optional)').selectOption('high');
    await app.getByRole('button', { name: 'Escalate ticket' }).click();
    await app.getByTestId('escalated').getByText(`Escalated to ${escalations.name}.`).waitFor();
    await screenshotFrame(page, '#app', 'freshdesk-escalated', app.getByTestId('escalated'));

    const ticket = freshdesk.state.tickets.get(Number(ticketRef))!;
    expect(String(ticket.group_id)).toBe(freshdesk.ids.group('escalations'));
    expect(ticket.priority).toBe(FRESHDESK_HIGH);
    const notes = (freshdesk.state.conversations.get(Number(ticketRef)) ?? []).filter((conversation) => conversation.private);
    expect(notes.some((note) => note.body_text.includes('Escalated by Threadline: Refund request needs a supervisor'))).toBe(true);
    const escalate = templateCalls.find((call) => call.name === 'threadlineEscalate');
    expect(escalate?.headers['Idempotency-Key']).toMatch(/\S{8,}/);
  });

  it('hands the call to an email follow-up ticket through its template, linked and acknowledged', async () => {
    const freshdesk = stack.demo.freshdesk;
    await app.getByRole('button', { name: 'Hand off to another channel', exact: true }).click();
    await app.getByLabel('Continue on').selectOption('email');
    await app.getByRole('button', { name: 'Hand off', exact: true }).click();
    const done = app.getByTestId('handed-off');
    await done.waitFor();
    await screenshotFrame(page, '#app', 'freshdesk-handed-off', done);
    const created = [...freshdesk.state.tickets.values()].filter((ticket) => ticket.tags.includes('threadline_handoff'));
    expect(created).toHaveLength(1);
    // Email (source 1) for the same requester, linked from the original by a private note.
    expect(created[0]).toMatchObject({ source: 1, requester_id: freshdesk.state.tickets.get(Number(ticketRef))!.requester_id });
    const thread = freshdesk.state.conversations.get(Number(ticketRef)) ?? [];
    expect(thread.filter((conversation) => conversation.private && conversation.body_text.includes(`#${created[0]!.id}`))).toHaveLength(1);
    const handoff = templateCalls.find((call) => call.name === 'threadlineHandoff');
    expect(handoff?.headers['Idempotency-Key']).toMatch(/\S{8,}/);
  });

  it('starts the agent from the closest answer, cited, when Threadline would hand the ticket off below the cut; Insert puts that answer in, not the holding reply', async () => {
    await expectClosestAnswerOnHandOff({
      stack,
      browser,
      vendor: 'freshdesk',
      origins: [FRESHDESK_ORIGIN, FDK_APP_ORIGIN],
      openHost: async (handOffContext, ref) => (await installFdkHost(handOffContext, await hostFor(ref))).pageUrl,
    });
  });

  it('reached nothing but the helpdesk and Threadline, without a script error', () => {
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});
