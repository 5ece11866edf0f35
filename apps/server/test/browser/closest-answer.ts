/**
 * What both helpdesk sidebars' browser tests check of a hand-off below the cut: the agent is given
 * the closest answer the knowledge base had, cited, under a notice, and never the holding reply
 * that would have gone to the customer.
 */
import type { Channel } from '@threadline/connector-core';
import type { HelpdeskKind } from '@threadline/vocabulary';
import { expect } from 'vitest';
import type { Browser, BrowserContext, FrameLocator } from 'playwright-core';
import { getPolicy, savePolicy } from '../../src/agent/policy-repository.js';
import { collectErrors, isolatedContext, screenshot, screenshotFrame, type Stack } from './harness.js';

/** The notice above the draft when the draft is the closest answer. */
const CLOSEST_ANSWER_NOTICE = 'The closest answer in the knowledge base is below: check that it answers the question before sending it.';

/**
 * Runs `run` with the tenant's threshold on `channel` at 99%, where the hand-off cut is far above
 * what any answer reaches, then puts the tenant's policy back as it was.
 */
async function withHandOffBelowTheCut<T>(stack: Stack, options: { tenantId: string; channel: Channel }, run: () => Promise<T>): Promise<T> {
  const before = await getPolicy(stack.app.db, options.tenantId);
  const override = { ...before.channelOverrides[options.channel], confidenceThreshold: 0.99 };
  await savePolicy(stack.app.db, options.tenantId, { ...before, channelOverrides: { ...before.channelOverrides, [options.channel]: override } });
  try {
    return await run();
  } finally {
    await savePolicy(stack.app.db, options.tenantId, before);
  }
}

interface StoredSuggestion {
  action: string;
  /** What the customer would have been sent: the holding reply on a hand-off. */
  replyText: string;
  closestAnswer: string;
}

/** The answer the sidebar's latest suggestion for the ticket stored: what the sidebar was given. */
async function latestSuggestion(stack: Stack, options: { tenantId: string; ticketRef: string }): Promise<StoredSuggestion> {
  const { rows } = await stack.app.db.query<{ action: string; reply_text: string; closest_answer: string | null }>(
    `select action, reply_text, closest_answer from answers where tenant_id = $1 and ticket_external_id = $2 and trigger = 'sidebar' order by created_at desc limit 1`,
    [options.tenantId, options.ticketRef],
  );
  const row = rows[0];
  if (!row) throw new Error(`no suggestion stored for ticket ${options.ticketRef}`);
  return { action: row.action, replyText: row.reply_text, closestAnswer: row.closest_answer ?? '' };
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim();
const withoutMarkers = (text: string) => text.replace(/ ?\[\d{1,2}\]/g, '');

/**
 * The sidebar shows the closest answer as the draft: under the notice, with `[n]` markers that
 * each name a listed source, and nothing of the holding reply.
 */
async function expectClosestAnswerShown(app: FrameLocator, answer: StoredSuggestion): Promise<void> {
  expect(answer.action).toBe('escalate');
  expect(answer.closestAnswer.length).toBeGreaterThan(20);
  expect(words(await app.locator('.suggestion .notice').first().innerText())).toContain(CLOSEST_ANSWER_NOTICE);
  // The checks are said once: the hand-off cut, not also the reply threshold above it.
  const checks = (await app.getByTestId('guardrails').innerText()).replace(/^[^:]*:\s*/, '').split(' · ').map(words);
  expect(checks).toContain('below the hand-off cut');
  expect(checks).not.toContain('below the reply threshold');
  expect(new Set(checks).size).toBe(checks.length);

  const shown = await app.getByTestId('draft-text').innerText();
  expect(words(withoutMarkers(shown))).toBe(words(answer.closestAnswer));
  const markers = [...shown.matchAll(/\[(\d{1,2})\]/g)].map((match) => Number(match[1]));
  expect(markers.length).toBeGreaterThan(0);
  const sources = app.getByRole('list', { name: 'Sources' }).first().getByRole('listitem');
  const listed = await sources.evaluateAll((items) => items.map((item) => Number(item.getAttribute('value'))));
  expect(listed.length).toBeGreaterThan(0);
  for (const number of markers) expect(listed).toContain(number);

  // The holding reply, meant for the customer while a person takes over, is not the agent's draft.
  const holdingLines = answer.replyText.split('\n').map(words).filter((line) => line.length > 30);
  expect(holdingLines.length).toBeGreaterThan(0);
  for (const line of holdingLines) expect(words(shown)).not.toContain(line);
}

/**
 * Opens the helpdesk page of Jane Cooper's email ticket with the tenant's email threshold at 99%,
 * in a context of its own (the other tests' page and policy are untouched), and checks the
 * closest answer is the draft and that Insert puts exactly its reply text into the reply box.
 * Screenshots: `<vendor>-closest-answer` (the page) and `<vendor>-closest-answer-draft` (the frame at the draft).
 */
export async function expectClosestAnswerOnHandOff(options: {
  stack: Stack;
  browser: Browser;
  vendor: HelpdeskKind;
  /** The helpdesk page's and the app's origins: all the page may reach. */
  origins: string[];
  /** Routes the helpdesk's page of the ticket in `context`; returns its address. */
  openHost: (context: BrowserContext, ticketRef: string) => Promise<string>;
}): Promise<void> {
  const { stack, vendor } = options;
  const tenantId = stack.tenant(vendor).id;
  const ticketRef = stack.demo[vendor].ids.ticket('jane-email');
  await withHandOffBelowTheCut(stack, { tenantId, channel: 'email' }, async () => {
    const { context, refused } = await isolatedContext(options.browser, options.origins);
    try {
      const pageUrl = await options.openHost(context, ticketRef);
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(pageUrl);
      const app = page.frameLocator('#app');
      await app.getByTestId('draft-text').waitFor();
      const answer = await latestSuggestion(stack, { tenantId, ticketRef });
      await expectClosestAnswerShown(app, answer);
      const insert = app.getByRole('button', { name: 'Insert', exact: true });
      await screenshot(page, `${vendor}-closest-answer`);
      await screenshotFrame(page, '#app', `${vendor}-closest-answer-draft`, insert);

      await insert.click();
      await app.getByTestId('announcer').getByText(/Draft inserted/).waitFor();
      // The reply box was empty: it now holds the closest answer alone, without its [n] markers.
      expect(await page.inputValue('#editor')).toBe(answer.closestAnswer);
      expect(refused).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
