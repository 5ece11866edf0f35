import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { buildAppCopy } from './app-copies.js';
import { expectClosestAnswerOnHandOff } from './closest-answer.js';
import { collectErrors, isolatedContext, launchChromium, screenshot, screenshotFrame, startStack, type Stack } from './harness.js';
import { installZafHost, ZAF_APP_ORIGIN, ZENDESK_ORIGIN, type ProxiedRequest, type ZafHostOptions } from './hosts/zaf-host.js';

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
    ticketRef = stack.demo.zendesk.ids.ticket('jane-call');
    ({ context, refused } = await isolatedContext(browser, [ZENDESK_ORIGIN, ZAF_APP_ORIGIN]));
    ({ proxied } = await installZafHost(context, await hostFor(ticketRef)));
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${ZENDESK_ORIGIN}/agent/tickets/${ticketRef}`);
    app = page.frameLocator('#app');
  }, 900_000);

  /** The agent page of one demo ticket, as Zendesk frames the app for it. */
  async function hostFor(ref: string): Promise<ZafHostOptions> {
    const tenant = stack.tenant('zendesk');
    const { connector } = await stack.app.helpdesks.forTenant(tenant.id);
    const ticket = await connector.getTicket(ref);
    const requester = await connector.getCustomer(ticket.requesterId);
    return {
      appDir,
      ticket: {
        id: Number(ref),
        subject: ticket.subject,
        requester: { id: Number(ticket.requesterId), name: requester.name, email: requester.identities.find((identity) => identity.type === 'email')?.value ?? '' },
      },
      currentUser: { id: 372718400001, name: 'Alex Agent', email: 'alex@northwind.test' },
      settings: { service_url: stack.baseUrl, tenant: tenant.slug, shared_secret: tenant.sidebarSecret },
      secureSettings: ['shared_secret'],
    };
  }

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it('sizes its frame to the sidebar: sections collapse, and the frame follows the content up to 800 px, never all of it', async () => {
    await app.getByTestId('draft-text').waitFor();
    await app.getByTestId('summary').getByText(/Jane Cooper contacted us/).waitFor();
    for (const name of ['Timeline', 'Ask the knowledge base', 'Escalate', 'Hand off to another channel']) {
      expect(await app.getByRole('button', { name, exact: true }).getAttribute('aria-expanded')).toBe('false');
    }
    const frameHeight = () => page.evaluate(() => Math.round(document.getElementById('app')!.getBoundingClientRect().height));
    const contentHeight = () => app.locator('body').evaluate((body) => Math.ceil(body.getBoundingClientRect().height));
    // As it opens: the frame is the content's height, up to a sidebar's worth (800 px), never all of it.
    await expect.poll(async () => (await frameHeight()) === Math.min(800, Math.max(120, await contentHeight()))).toBe(true);
    await screenshot(page, 'zendesk-sidebar-opened');
    // Every section open: far taller than a sidebar, and the frame stops at 800 px (the app scrolls inside).
    for (const name of ['Timeline', 'Ask the knowledge base', 'Escalate', 'Hand off to another channel']) await app.getByRole('button', { name, exact: true }).click();
    await app.getByTestId('timeline-item').nth(2).waitFor();
    expect(await contentHeight()).toBeGreaterThan(1200);
    await expect.poll(frameHeight).toBe(800);
    await screenshot(page, 'zendesk-sidebar-expanded');
    // Collapsed to their headings, the sections fit, and the frame shrinks to the content.
    for (const name of ['Customer', 'Summary', 'Suggested reply', 'Timeline', 'Ask the knowledge base', 'Escalate', 'Hand off to another channel']) {
      await app.getByRole('button', { name, exact: true }).click();
    }
    const collapsed = await contentHeight();
    expect(collapsed).toBeLessThan(400);
    await expect.poll(frameHeight).toBe(Math.max(120, collapsed));
    await screenshot(page, 'zendesk-sidebar-collapsed');
    // Back to the working view for the next tests: the customer, summary, draft and timeline open.
    for (const name of ['Customer', 'Summary', 'Suggested reply', 'Timeline']) await app.getByRole('button', { name, exact: true }).click();
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
    // The suggestion names the figure its action was decided on (the offline path's answerability, or the confidence).
    expect(await app.getByTestId('decision').innerText()).toMatch(/^(Knowledge answers it|Confidence) \d+%( · (hand-off below|replies from) \d+%)?$/);
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

  it('confirms a thumbs-down and asks why; the reason is stored with the feedback', async () => {
    await app.getByRole('button', { name: 'Not helpful' }).click();
    const form = app.getByTestId('feedback-reason');
    await form.getByLabel('What was wrong with this draft?').selectOption("Doesn't answer the question");
    await form.getByLabel('Details (optional)').fill('She wants a replacement, not a refund');
    await screenshotFrame(page, '#app', 'zendesk-feedback-reason', form);
    await form.getByRole('button', { name: 'Send' }).click();
    await app.getByTestId('feedback-confirmation').getByText(/recorded as not helpful, with your reason/).waitFor();
    await screenshotFrame(page, '#app', 'zendesk-feedback-confirmed', app.getByTestId('feedback-confirmation'));
    await expect
      .poll(async () => (await stack.app.db.query<{ reason: string }>(`select reason from answer_feedback where verdict = 'unhelpful'`)).rows.map((row) => row.reason))
      .toEqual(["Doesn't answer the question: She wants a replacement, not a refund"]);
    expect(await app.getByTestId('feedback-reason').count()).toBe(0);
  });

  it('answers a free question from the knowledge base with its sources', async () => {
    await app.getByRole('button', { name: 'Ask the knowledge base', exact: true }).click();
    await app.getByLabel('Question', { exact: true }).fill('How do I return an item?');
    await app.getByRole('button', { name: 'Ask', exact: true }).click();
    const result = app.getByTestId('ask-result');
    await result.getByRole('list', { name: 'Sources' }).waitFor();
    expect(await result.innerText()).toMatch(/return/i);
  });

  it("escalates to a group the agent picks from the helpdesk's groups, and says where the ticket went", async () => {
    const zendesk = stack.demo.zendesk;
    const escalations = zendesk.dataset.groups.find((group) => group.key === 'escalations')!;
    await app.getByRole('button', { name: 'Escalate', exact: true }).click();
    await app.getByRole('button', { name: 'Escalate…' }).click();
    await app.getByLabel('Reason').fill('Customer needs a replacement tent before Saturday');
    const groups = app.getByLabel('Send to group');
    await expect.poll(async () => groups.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(zendesk.dataset.groups.map((group) => group.name)));
    await groups.selectOption({ label: escalations.name });
    await screenshotFrame(page, '#app', 'zendesk-escalate-form', app.getByRole('button', { name: 'Escalate ticket' }));
    await app.getByLabel('Priority (optional)').selectOption('high');
    await app.getByRole('button', { name: 'Escalate ticket' }).click();
    await app.getByTestId('escalated').getByText(`Escalated to ${escalations.name}.`).waitFor();
    await screenshotFrame(page, '#app', 'zendesk-escalated', app.getByTestId('escalated'));

    const ticket = zendesk.state.tickets.get(Number(ticketRef))!;
    expect(String(ticket.group_id)).toBe(zendesk.ids.group('escalations'));
    expect(ticket.priority).toBe('high');
    const notes = (zendesk.state.comments.get(Number(ticketRef)) ?? []).filter((comment) => !comment.public);
    expect(notes.some((note) => note.body.includes('Escalated by Threadline: Customer needs a replacement tent before Saturday'))).toBe(true);
  });

  it('hands the conversation to the phone channel: a callback ticket for Jane, linked, and the customer told', async () => {
    const zendesk = stack.demo.zendesk;
    await app.getByRole('button', { name: 'Hand off to another channel', exact: true }).click();
    await app.getByLabel('Continue on').selectOption('email');
    await app.getByRole('button', { name: 'Hand off', exact: true }).click();
    const done = app.getByTestId('handed-off');
    await done.waitFor();
    await screenshotFrame(page, '#app', 'zendesk-handed-off', done);
    const created = [...zendesk.state.tickets.values()].filter((ticket) => ticket.tags.includes('threadline_handoff'));
    expect(created).toHaveLength(1);
    expect(created[0]!.via.channel).toBe('mail');
    expect(await done.getByRole('link').getAttribute('href')).toMatch(new RegExp(`/tickets/${created[0]!.id}$`));
    expect(await done.innerText()).toMatch(/We'll follow up by email/);
    const thread = zendesk.state.comments.get(Number(ticketRef)) ?? [];
    expect(thread.filter((comment) => !comment.public && comment.body.includes(`#${created[0]!.id}`))).toHaveLength(1);
    expect(thread.filter((comment) => comment.public && comment.body.includes("We'll follow up by email"))).toHaveLength(1);
  });

  it('starts the agent from the closest answer, cited, when Threadline would hand the ticket off below the cut; Insert puts that answer in, not the holding reply', async () => {
    await expectClosestAnswerOnHandOff({
      stack,
      browser,
      vendor: 'zendesk',
      origins: [ZENDESK_ORIGIN, ZAF_APP_ORIGIN],
      openHost: async (handOffContext, ref) => (await installZafHost(handOffContext, await hostFor(ref))).pageUrl,
    });
  });

  it('says once, in words an agent understands, when the helpdesk is down for every section', async () => {
    // A Threadline whose helpdesk fails: every sidebar call answers as the server does then.
    const raw = 'zendesk answered 503: upstream connect error or disconnect/reset before headers; try again shortly';
    const down = createServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'ZENDESK_UNAVAILABLE', message: raw, requestId: 'req-1' }));
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const { port } = down.address() as AddressInfo;
    const failing = await isolatedContext(browser, [ZENDESK_ORIGIN, ZAF_APP_ORIGIN]);
    try {
      const tenant = stack.tenant('zendesk');
      await installZafHost(failing.context, {
        appDir,
        ticket: { id: Number(ticketRef), subject: 'Call from Jane', requester: { id: 1, name: 'Jane Cooper', email: 'jane.cooper@example.com' } },
        currentUser: { id: 372718400001, name: 'Alex Agent', email: 'alex@northwind.test' },
        settings: { service_url: `http://127.0.0.1:${port}`, tenant: tenant.slug, shared_secret: tenant.sidebarSecret },
        secureSettings: ['shared_secret'],
      });
      const downPage = await failing.context.newPage();
      await downPage.goto(`${ZENDESK_ORIGIN}/agent/tickets/${ticketRef}`);
      const downApp = downPage.frameLocator('#app');
      await downApp.getByTestId('shared-failure').waitFor();
      await expect.poll(async () => downApp.locator('[role=alert]').count()).toBe(1);
      const message = await downApp.getByTestId('shared-failure').innerText();
      expect(message).toMatch(/could not get an answer from Zendesk just now/);
      expect(message).not.toContain('upstream connect error');
      expect(await downApp.locator('body').innerText()).not.toContain('upstream connect error');
      await screenshot(downPage, 'zendesk-helpdesk-down');
    } finally {
      await failing.context.close();
      await new Promise((resolve) => down.close(resolve));
    }
  });

  it('reached nothing but the helpdesk and Threadline, without a script error', () => {
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});
