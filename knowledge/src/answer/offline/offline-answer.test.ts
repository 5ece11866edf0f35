import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../answer-engine.js';
import { splitSentences } from '../text/text-tools.js';
import { FIXTURE_NOW, FIXTURE_PASSAGES, fixtureRequest } from '../testing/fixtures.js';
import { AnswerResultSchema } from '../types.js';
import { extractAnswer, OFFLINE_CONFIDENCE_CAP } from './extractive-answer.js';

const engine = createAnswerEngine({ now: () => FIXTURE_NOW });

describe('extractAnswer', () => {
  it('picks the sentences that overlap the question, in passage order, and cites their passages', () => {
    const answer = extractAnswer({ question: 'How do I start a return and when is my refund issued?', passages: FIXTURE_PASSAGES, maxSentences: 2 });
    expect(answer.used.map((passage) => passage.id)).toEqual(['kb-returns-1']);
    expect(answer.sentences).toEqual([
      'To start a return, open Orders in your account, choose the order and select Return items.',
      'Refunds are issued to the original payment method within 5 business days after we receive the parcel.',
    ]);
    expect(answer.evidence.topScore).toBe(0.82);
    expect(answer.confidence).toBeCloseTo(Math.min(OFFLINE_CONFIDENCE_CAP, 0.5 * answer.evidence.topScore + 0.5 * answer.evidence.coverage), 2);
  });

  it('has zero confidence without passages and never exceeds the offline cap', () => {
    expect(extractAnswer({ question: 'anything', passages: [], maxSentences: 3 }).confidence).toBe(0);
    const perfect = extractAnswer({
      question: 'reset password link',
      passages: [{ ...FIXTURE_PASSAGES[2]!, score: 1 }],
      maxSentences: 3,
    });
    expect(perfect.confidence).toBe(OFFLINE_CONFIDENCE_CAP);
  });

  it('falls back to the opening of the best passage when no sentence shares a word with the question', () => {
    const answer = extractAnswer({ question: 'Qué tal', passages: FIXTURE_PASSAGES, maxSentences: 1 });
    expect(answer.sentences).toEqual(['You can return any unused item within 30 days of delivery for a full refund.']);
    expect(answer.evidence.coverage).toBe(0);
  });
});

describe('offline answers through the engine', () => {
  it('answers an email with a complete, cited letter', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'email' }));
    expect(Value.Check(AnswerResultSchema, result)).toBe(true);
    expect(result.path).toBe('offline');
    expect(result.model).toBeUndefined();
    expect(result.action).toBe('reply');
    expect(result.citations.map((citation) => citation.passageId)).toEqual(['kb-returns-1']);
    expect(result.replyText).toMatch(/^Hi Jane,\n\nThanks for getting in touch\.\n\n/);
    expect(result.replyText).toContain('To start a return, open Orders in your account');
    expect(result.replyText).toContain('- Returns and refunds: https://help.example.com/articles/returns');
    expect(result.replyText).toMatch(/Best regards,\nSam\nThe Acme team$/);
    expect(result.summary).toContain('by email (7 days ago)');
  });

  it('answers a chat in at most three sentences plus a link, without greeting', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'chat' }));
    expect(result.action).toBe('reply');
    expect(result.replyText).not.toMatch(/^Hi|Best regards/);
    const prose = result.replyText.split(' More details: ');
    expect(splitSentences(prose[0] ?? '').length).toBeLessThanOrEqual(3);
    expect(prose[1]).toBe('https://help.example.com/articles/returns');
  });

  it('answers on social with two sentences and a DM invite', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'social_x' }));
    expect(result.replyText).toMatch(/send us a direct message\.$/);
    expect(result.replyText.length).toBeLessThanOrEqual(400);
  });

  it('writes talking points, never a reply, for a voice ticket', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'voice' }));
    expect(result.action).toBe('draft');
    expect(result.replyText).toMatch(/^Suggested answer for the call:\n- /);
    expect(result.guardrails).toContain('voice-never-auto');
  });

  it('escalates conservatively when retrieval found nothing relevant', async () => {
    const weak = FIXTURE_PASSAGES.map((passage) => ({ ...passage, score: 0.05 }));
    const result = await engine.answer(fixtureRequest({ latestMessage: 'Do you sell gift cards for the Berlin store?', subject: 'Gift cards', passages: weak }));
    expect(result.action).toBe('escalate');
    expect(result.guardrails).toEqual(expect.arrayContaining(['low-confidence', 'very-low-confidence']));
    expect(result.escalation?.summary).toBe(result.summary);

    const none = await engine.answer(fixtureRequest({ passages: [] }));
    expect(none.action).toBe('escalate');
    expect(none.citations).toEqual([]);
    expect(none.guardrails).toEqual(expect.arrayContaining(['no-citation', 'low-confidence', 'no-knowledge']));
  });

  it('drafts instead of replying when the passages are not in the customer language', async () => {
    const result = await engine.answer(
      fixtureRequest({ channel: 'chat', latestMessage: 'Hola, quiero devolver unos zapatos. ¿Cómo empiezo la devolución y cuándo recibo el reembolso?' }),
    );
    expect(result.action).toBe('draft');
    expect(result.guardrails).toContain('language-mismatch');
  });
});
