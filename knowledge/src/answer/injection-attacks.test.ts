import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnswerEngine } from './answer-engine.js';
import { checkOutgoingReply } from './guardrails/outgoing/check-reply.js';
import { startFakeAnthropic, type FakeAnthropic, type MessagesRequestBody } from './testing/fake-anthropic.js';
import { FIXTURE_NOW } from './testing/fixtures.js';
import { INJECTION_TICKETS, injectionRequest } from './testing/injection-tickets.js';
import { createObeyingResponder, type ObeyingResponder } from './testing/obeying-responder.js';

/**
 * A model that obeys every injection it reads, through the real SDK and the engine, in auto mode:
 * nothing it writes may go out on its own. The input patterns catch some of these tickets first;
 * the reply checks must catch every one by themselves, so both are asserted.
 */

let fake: FakeAnthropic;
let obeying: ObeyingResponder;

beforeAll(async () => {
  obeying = createObeyingResponder();
  fake = await startFakeAnthropic({ responder: obeying.responder });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  obeying.produced.length = 0;
});

const engine = () => createAnswerEngine({ now: () => FIXTURE_NOW, anthropic: { apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 }, fallbackOnModelError: false });

function canaryOf(body: MessagesRequestBody | undefined): string {
  const system = Array.isArray(body?.system) ? body.system.map((block) => block.text).join('\n') : body?.system ?? '';
  return /Marker: (\S+)/.exec(system)?.[1] ?? '';
}

describe('injected instructions followed by the model never reach the customer', () => {
  it('has at least 20 tickets, in the customer message and in knowledge text', () => {
    expect(INJECTION_TICKETS.length).toBeGreaterThanOrEqual(20);
    expect(INJECTION_TICKETS.filter((ticket) => ticket.vector === 'knowledge').length).toBeGreaterThanOrEqual(6);
  });

  it.each(INJECTION_TICKETS.map((ticket) => [ticket.name, ticket] as const))('%s: no automatic reply', async (_name, ticket) => {
    const request = injectionRequest(ticket);
    const result = await engine().answer(request);
    const produced = obeying.produced[0];
    // The fake really did what it was told, at full confidence with citations.
    expect(produced?.obeyed.length, produced?.replyText).toBeGreaterThan(0);
    expect(result.action).not.toBe('reply');

    // The reply checks alone stop it, whatever the input patterns found.
    const cited = request.passages.filter((passage) => passage.visibility === 'public');
    const findings = checkOutgoingReply({
      text: produced?.replyText ?? '',
      language: result.language,
      cited,
      passages: request.passages,
      policy: request.policy,
      canary: canaryOf(fake.requests[0]?.body),
    });
    expect(findings.map((finding) => finding.reason), produced?.replyText).not.toEqual([]);
  });

  it('sends a benign, grounded answer from the same model automatically', async () => {
    const result = await engine().answer(injectionRequest({ name: 'benign', vector: 'customer', latestMessage: 'How do I return the shoes I bought?' }));
    expect(obeying.produced[0]?.obeyed).toEqual([]);
    expect(result.action).toBe('reply');
    expect(result.guardrails).toEqual([]);
    expect(result.replyText).toContain('You can return any unused item within 30 days of delivery for a full refund.');
  });
});
