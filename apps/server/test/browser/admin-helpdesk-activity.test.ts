import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitingTicketKeys } from '../../src/demo/demo-stream.js';
import { levelAViolations } from './axe.js';
import { openBrowserSession, repoRoot, screenshot, type BrowserSession, type Stack } from './harness.js';

/** Screenshots of the console, for people to look at (git-ignored). */
const outputDir = join(repoRoot, 'test-results', 'admin');

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** A budget, not a speed check: the pipeline answers on a busy two-core machine. */
async function waitFor<T>(what: string, check: () => Promise<T | null>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the admin console: the helpdesk connection and the activity pages against the demo', () => {
  let session: BrowserSession;
  let stack: Stack;
  let page: Page;
  let refused: string[];
  let errors: string[];
  let signInUrl: string;
  /** Two waiting tickets on different channels, answered before the pages are opened. */
  let answered: Array<{ ticketId: string; channel: string }>;
  const api = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.tenant('zendesk').apiKey}`, ...init.headers } });

  /** Both views at 1280×800 and on a phone: no level A violations, nothing scrolls sideways. */
  async function checkBothWidths(name: string): Promise<void> {
    expect(await levelAViolations(page)).toEqual([]);
    await screenshot(page, `${name}-1280x800`, { dir: outputDir });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await screenshot(page, `${name}-390x844`, { dir: outputDir });
      expect(await scrollsSideways(page)).toBe(false);
      expect(await levelAViolations(page)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }

  beforeAll(async () => {
    session = await openBrowserSession({ build: 'admin', viewport: { width: 1280, height: 800 } });
    ({ stack, page, refused, errors } = session);
    const links = JSON.parse(readFileSync(join(stack.dataDir, 'demo.json'), 'utf8')) as Record<string, { signInUrl?: string }>;
    signInUrl = links[stack.tenant('zendesk').slug]?.signInUrl ?? '';
    // Two waiting customers' tickets on two channels arrive as Zendesk webhooks: the agent answers both.
    const { zendesk } = stack.demo;
    const waiting = waitingTicketKeys(zendesk.dataset).map((key) => zendesk.dataset.tickets.find((ticket) => ticket.key === key)!);
    const first = waiting[0]!;
    const second = waiting.find((ticket) => ticket.channel !== first.channel)!;
    answered = [first, second].map((ticket) => ({ ticketId: zendesk.ids.ticket(ticket.key), channel: ticket.channel }));
    for (const { ticketId } of answered) {
      const sent = await zendesk.sendWebhook(`${stack.baseUrl}/v1/webhooks/zendesk/${stack.tenant('zendesk').slug}`, ticketId, 'ticket.created');
      expect(sent.status).toBe(202);
    }
    await waitFor('two answers', async () => {
      const { answers } = (await (await api('/v1/answers')).json()) as { answers: unknown[] };
      return answers.length >= 2 ? answers : null;
    });
    await page.goto(signInUrl);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  }, 900_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the connection, whether webhooks arrive and the setup to copy, at 1280×800 and on a phone', async () => {
    await page.getByRole('link', { name: 'Helpdesk', exact: true }).click();
    await page.getByRole('heading', { name: 'Helpdesk', level: 1 }).waitFor();
    await page.getByText(/Last webhook from Zendesk: .*; 2 in the last 24 hours\./).waitFor();
    const setup = await page.locator('#setup-steps').innerText();
    expect(setup).toContain(`Endpoint URL: ${stack.baseUrl}/v1/webhooks/zendesk/${stack.tenant('zendesk').slug}`);
    expect(await page.getByLabel(/^API token/).getAttribute('placeholder')).toMatch(/^Saved \(•+\w{4}\); leave blank to keep it$/);
    // The token itself is nowhere on the page.
    expect(await page.content()).not.toContain(stack.demo.zendesk.credentials.apiToken);
    await checkBothWidths('helpdesk');
  });

  it('refuses a wrong API token with Zendesk\'s answer, and keeps the saved connection', async () => {
    const before = await (await api('/v1/connection')).json();
    await page.getByLabel(/^API token/).fill('a-wrong-token');
    await page.getByRole('button', { name: 'Save connection' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/^Not saved: Zendesk refused the API token for .+ \(401\): Couldn't authenticate you$/).waitFor();
    expect(await (await api('/v1/connection')).json()).toEqual(before);
    await screenshot(page, 'helpdesk-refused-1280x800', { dir: outputDir });
  });

  it('lists the answers with their ticket links and feedback, filtered by channel, at 1280×800 and on a phone', async () => {
    const [target] = answered;
    const [answer] = ((await (await api(`/v1/answers?channel=${target!.channel}`)).json()) as { answers: Array<{ id: string }> }).answers;
    expect((await api(`/v1/answers/${answer?.id}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verdict: 'helpful' }) })).status).toBe(201);
    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const rows = page.locator('tr[data-answer]');
    await rows.nth(1).waitFor();
    const link = page.getByRole('link', { name: `#${target!.ticketId} (opens in the helpdesk)` });
    expect(await link.getAttribute('href')).toBe(`${stack.demo.zendesk.url}/agent/tickets/${target!.ticketId}`);
    // An offline escalation shows the figure it was decided on and the cut it fell under, not the confidence.
    type Decided = { id: string; confidence: number; decision: { measure: string; value: number; cut: number; outcome: string | null } | null };
    const all = ((await (await api('/v1/answers')).json()) as { answers: Array<Decided & { action: string; path: string }> }).answers;
    const escalated = all.find((answer) => answer.action === 'escalate' && answer.path === 'offline' && answer.decision?.measure === 'answerability');
    expect(escalated, 'one of the demo answers is an offline hand-off on answerability').toBeDefined();
    const { value, cut } = escalated!.decision!;
    expect(value).not.toBe(escalated!.confidence);
    const actionCell = page.locator(`tr[data-answer="${escalated!.id}"] td[data-label="Action"]`);
    expect((await actionCell.innerText()).replace(/\s+/g, ' ').trim()).toBe(
      `Escalated · knowledge answers it ${Math.round(value * 100)}% · hand-off below ${Math.round(cut * 100)}%`,
    );
    // The answer cell says what the hand-off means; the figure is said once, in the action cell.
    expect((await page.locator(`tr[data-answer="${escalated!.id}"] td[data-label="Answer"]`).innerText()).trim()).toBe('The knowledge found does not answer the question.');
    await checkBothWidths('activity-answers');
    await page.getByLabel('Channel').selectOption(target!.channel);
    await page.waitForURL(new RegExp(`channel=${target!.channel}`));
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(1);
    await rows.first().getByText('Helpful').waitFor();
    expect(await rows.first().innerText()).toContain(`#${target!.ticketId}`);
  });

  it('retries a dead letter from the jobs view, and the job leaves the dead letters', async () => {
    const { rows } = await stack.app.db.query<{ id: string }>(
      `update queue_jobs set status = 'failed', last_error = 'zendesk did not answer GET /api/v2/tickets within 15000 ms', error_code = 'ZENDESK_TIMEOUT', finished_at = now()
        where id = (select id from queue_jobs where tenant_id = $1 and queue = 'webhook.received' order by created_at limit 1) returning id`,
      [stack.tenant('zendesk').id],
    );
    const jobId = rows[0]?.id as string;
    await page.getByRole('button', { name: 'Jobs and dead letters' }).click();
    await page.getByLabel('Status').selectOption('failed');
    await page.waitForURL(/status=failed/);
    const row = page.locator(`tr[data-job="${jobId}"]`);
    await row.getByText('ZENDESK_TIMEOUT').waitFor();
    await checkBothWidths('activity-jobs');
    await row.getByRole('button', { name: /^Retry/ }).click();
    await page.getByText(/^Sent round again: the job is (queued|running|succeeded)\.$/).waitFor();
    await row.waitFor({ state: 'detached' });
    const job = (await (await api(`/v1/jobs/${jobId}`)).json()) as { status: string };
    expect(job.status).not.toBe('failed');
  });

  it('saves a token Zendesk accepts, and lists the change with who made it', async () => {
    await page.getByRole('link', { name: 'Helpdesk', exact: true }).click();
    await page.getByRole('heading', { name: 'Helpdesk', level: 1 }).waitFor();
    await page.getByLabel(/^Agent email/).fill('sam@northwind.example');
    await page.getByLabel(/^API token/).fill(stack.demo.zendesk.credentials.apiToken);
    await page.getByRole('button', { name: 'Check credentials' }).click();
    await page.getByText(/acts as Sam Rivera <sam@northwind\.example> \(\w+\)\. Nothing was saved yet\.$/).waitFor();
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText(/^Saved\. Zendesk accepted the credentials: Threadline acts as Sam Rivera/).waitFor();
    const connection = (await (await api('/v1/connection')).json()) as { credentials: { email: string } };
    expect(connection.credentials.email).toBe('sam@northwind.example');
    const change = page.locator('.audit-list > li').first();
    await change.getByText('email').waitFor();
    expect(await change.innerText()).toContain(`owner@${stack.tenant('zendesk').slug}.example.com`);
    expect(await change.innerText()).not.toContain(stack.demo.zendesk.credentials.apiToken);
    expect(refused).toEqual([]);
    // Chromium logs the refused save's answer (422) as a failed resource; nothing else may be logged.
    expect(errors.filter((error) => !error.includes('the server responded with a status of 422'))).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('switches Zendesk to an OAuth access token: no email asked, the token checked and saved, the change listed', async () => {
    await page.getByRole('group', { name: 'Sign in with' }).getByLabel('An OAuth access token').check();
    expect(await page.getByLabel(/^Agent email/).count()).toBe(0);
    const tokenField = page.getByLabel(/^OAuth access token, read and write scope/);
    // The saved secret is an API token: a blank field cannot keep it as an OAuth token.
    expect((await tokenField.getAttribute('placeholder')) ?? '').toBe('');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('alert').getByText('Enter the OAuth access token.').waitFor();
    await tokenField.fill(stack.demo.zendesk.credentials.oauthToken);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText(/^Saved\. Zendesk accepted the credentials: Threadline acts as /).waitFor();
    const connection = (await (await api('/v1/connection')).json()) as { credentials: { type: string; email: string | null } };
    expect(connection.credentials).toMatchObject({ type: 'oauth', email: null });
    await page.locator('.audit-list > li').first().getByText('oauthToken').waitFor();
    expect(await page.content()).not.toContain(stack.demo.zendesk.credentials.oauthToken);
    // Reloaded, the form shows the saved sign-in, and a blank token now keeps it.
    await page.reload();
    await page.getByRole('heading', { name: 'Helpdesk', level: 1 }).waitFor();
    expect(await page.getByRole('group', { name: 'Sign in with' }).getByLabel('An OAuth access token').isChecked()).toBe(true);
    expect(await page.getByLabel(/^OAuth access token, read and write scope/).getAttribute('placeholder')).toMatch(/^Saved \(•+\w{4}\); leave blank to keep it$/);
    await checkBothWidths('helpdesk-oauth');
    expect(refused).toEqual([]);
  });

  it('pages through more answers than one page holds: Show older answers appends the next page until none is left', async () => {
    // 100 more answers on the tenant's first-answered ticket, each a day older than the last.
    const tenantId = stack.tenant('zendesk').id;
    await stack.app.db.query(
      `insert into answers (tenant_id, ticket_external_id, trigger, path, model, action, reply_text, language, citations, confidence, summary, escalation, guardrails, writeback_status, created_at)
       select tenant_id, ticket_external_id, trigger, path, model, action, reply_text, language, citations, confidence, summary, escalation, guardrails, 'skipped', created_at - make_interval(days => g)
         from (select * from answers where tenant_id = $1 order by created_at limit 1) first, generate_series(1, 100) g`,
      [tenantId],
    );
    const total = ((await stack.app.db.query<{ n: number }>('select count(*)::int as n from answers where tenant_id = $1', [tenantId])).rows[0]?.n ?? 0);
    expect(total).toBeGreaterThan(100);
    await page.goto(`${stack.baseUrl}/activity`);
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const rows = page.locator('tr[data-answer]');
    await page.getByRole('status').getByText('The newest 100 answers; older ones follow').waitFor();
    expect(await rows.count()).toBe(100);
    // The copies were stored without a deciding figure, as answers from before it was kept: they show their confidence.
    const copied = ((await stack.app.db.query<{ id: string; confidence: number }>('select id, confidence from answers where tenant_id = $1 and decision is null limit 1', [tenantId])).rows[0])!;
    expect(await page.locator(`tr[data-answer="${copied.id}"] td[data-label="Action"] .flags`).innerText()).toBe(` · confidence ${Math.round(Number(copied.confidence) * 100)}%`);
    await screenshot(page, 'activity-older-1280x800', { dir: outputDir, fullPage: false });
    await page.getByRole('button', { name: 'Show older answers' }).click();
    await page.getByRole('status').getByText(`${total} answers`).waitFor();
    expect(await rows.count()).toBe(total);
    expect(await page.getByRole('button', { name: 'Show older answers' }).count()).toBe(0);
    expect(refused).toEqual([]);
  });
});
