import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { buildAppCopy } from './app-copies.js';
import { collectErrors, isolatedContext, launchChromium, screenshot, startStack, type Stack } from './harness.js';
import { installZafHost, ZAF_APP_ORIGIN, ZENDESK_ORIGIN, type ProxiedRequest } from './hosts/zaf-host.js';

describe('the Zendesk app (ZAF v2) in a Zendesk agent page', () => {
  let stack: Stack;
  let browser: Browser;
  let appDir: string;
  let context: BrowserContext;
  let page: Page;
  let app: FrameLocator;
  let proxied: ProxiedRequest[];
  let refused: string[];
  let errors: string[];
  let ticketRef: string;

  beforeAll(async () => {
    appDir = buildAppCopy('zendesk');
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    const tenant = stack.tenant('zendesk');
    ticketRef = stack.demo.zendesk.ids.ticket('jane-call');
    const { connector } = await stack.app.helpdesks.forTenant(tenant.id);
    const ticket = await connector.getTicket(ticketRef);
    const requester = await connector.getCustomer(ticket.requesterId);
    ({ context, refused } = await isolatedContext(browser, [ZENDESK_ORIGIN, ZAF_APP_ORIGIN]));
    ({ proxied } = await installZafHost(context, {
      appDir,
      ticket: {
        id: Number(ticketRef),
        subject: ticket.subject,
        requester: { id: Number(ticket.requesterId), name: requester.name, email: requester.identities.find((identity) => identity.type === 'email')?.value ?? '' },
      },
      currentUser: { id: 372718400001, name: 'Alex Agent', email: 'alex@northwind.test' },
      settings: { service_url: stack.baseUrl, tenant: tenant.slug, shared_secret: tenant.sidebarSecret },
      secureSettings: ['shared_secret'],
    }));
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${ZENDESK_ORIGIN}/agent/tickets/${ticketRef}`);
    app = page.frameLocator('#app');
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it("shows Jane Cooper's identities and a timeline across email, chat and voice, newest first", async () => {
    const items = app.getByTestId('timeline-item');
    await items.nth(2).waitFor();
    const card = app.getByTestId('customer');
    await card.getByText('jane.cooper@example.com').waitFor();
    expect(await card.textContent()).toContain('Jane Cooper');
    expect(await card.textContent()).toContain('+14155550134');

    const chips = await card.locator('.chip').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-channel')));
    expect(chips).toEqual(['voice', 'chat', 'email']);
    const channels = await items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-channel')));
    expect(channels).toEqual(expect.arrayContaining(['email', 'chat', 'voice']));
    expect(channels[0]).toBe('voice');
    const times = await app.locator('[data-testid=timeline-item] time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
    expect(times).toEqual([...times].sort().reverse());
    // Each interaction links to its own ticket in the helpdesk.
    const links = await app.locator('[data-testid=timeline-item] a.entry-ticket').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')));
    for (const key of ['jane-email', 'jane-chat', 'jane-call']) expect(links.some((href) => href?.endsWith(`/tickets/${stack.demo.zendesk.ids.ticket(key)}`))).toBe(true);

    await app.getByTestId('summary').getByText(/Jane Cooper contacted us/).waitFor();
    await app.getByTestId('draft-text').waitFor();
    const sources = app.getByRole('list', { name: 'Sources' }).first().getByRole('link');
    expect(await sources.count()).toBeGreaterThan(0);
    // The app asked Zendesk to size its frame to the content (invoke('resize')).
    const contentHeight = await app.locator('body').evaluate((body) => Math.ceil(body.getBoundingClientRect().height));
    await page.waitForFunction((height) => document.getElementById('app')!.getBoundingClientRect().height >= height, contentHeight);
    await screenshot(page, 'zendesk-sidebar');
  });

  it('signs every call as the Zendesk proxy does, and the browser never holds the shared secret', async () => {
    const tenant = stack.tenant('zendesk');
    expect(proxied.length).toBeGreaterThanOrEqual(4);
    for (const request of proxied) {
      expect(request.status).toBeLessThan(400);
      const claims = decodeJwt(request.headers.Authorization!.replace(/^Bearer /, ''));
      expect(claims).toMatchObject({ iss: tenant.slug, aud: 'threadline', sub: '372718400001', name: 'Alex Agent' });
      expect(claims.exp! - claims.iat!).toBe(600);
    }
    const seenByBrowser = JSON.stringify(await page.evaluate(() => (window as unknown as { __zaf: unknown }).__zaf));
    expect(seenByBrowser).toContain('{{setting.shared_secret}}');
    expect(seenByBrowser).not.toContain(tenant.sidebarSecret);
  });

  it('inserts the draft into the Zendesk reply editor (keyboard only) and records it as used', async () => {
    const draft = (await app.getByTestId('draft-text').innerText()).trim();
    const insert = app.getByRole('button', { name: 'Insert', exact: true });
    await insert.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.getElementById('editor') as HTMLTextAreaElement).value.length > 0);
    const editor = await page.inputValue('#editor');
    // The panel shows [n] markers; the editor gets the reply alone.
    expect(editor.replace(/\s+/g, ' ')).toContain(draft.split('\n')[0]!.replace(/ ?\[\d{1,2}\]/g, '').trim());
    expect(editor).not.toMatch(/\[\d{1,2}\]|Sources:|Suggested answer for the call/);
    await app.getByTestId('announcer').getByText(/Draft inserted/).waitFor();
    await expect.poll(async () => (await stack.app.db.query(`select verdict from answer_feedback where verdict = 'used'`)).rows.length).toBeGreaterThan(0);
    await screenshot(page, 'zendesk-inserted');
  });

  it('answers a free question from the knowledge base with its sources', async () => {
    await app.getByLabel('Question').fill('How do I return an item?');
    await app.getByRole('button', { name: 'Ask', exact: true }).click();
    const result = app.getByTestId('ask-result');
    await result.getByRole('list', { name: 'Sources' }).waitFor();
    expect(await result.innerText()).toMatch(/return/i);
  });

  it('escalates: the sandbox ticket moves to the Escalations group and gets the internal note', async () => {
    await app.getByRole('button', { name: 'Escalate…' }).click();
    await app.getByLabel('Reason').fill('Customer needs a replacement tent before Saturday');
    await app.getByLabel('Priority (optional)').selectOption('high');
    await app.getByRole('button', { name: 'Escalate ticket' }).click();
    await app.getByTestId('escalated').waitFor();
    await screenshot(page, 'zendesk-escalated');

    const zendesk = stack.demo.zendesk;
    const ticket = zendesk.state.tickets.get(Number(ticketRef))!;
    expect(String(ticket.group_id)).toBe(zendesk.ids.group('escalations'));
    expect(ticket.priority).toBe('high');
    const notes = (zendesk.state.comments.get(Number(ticketRef)) ?? []).filter((comment) => !comment.public);
    expect(notes.some((note) => note.body.includes('Escalated by Threadline: Customer needs a replacement tent before Saturday'))).toBe(true);
  });

  it('reached nothing but the helpdesk and Threadline, without a script error', () => {
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});
