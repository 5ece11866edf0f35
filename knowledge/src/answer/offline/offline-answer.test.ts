import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../answer-engine.js';
import { normalizedSentence, splitSentences } from '../text/text-tools.js';
import { FIXTURE_NOW, FIXTURE_PASSAGES, fixtureRequest } from '../testing/fixtures.js';
import { AnswerResultSchema, type AnswerPassage } from '../types.js';
import { extractAnswer, OFFLINE_CONFIDENCE_CAP } from './extractive-answer.js';

const engine = createAnswerEngine({ now: () => FIXTURE_NOW });

describe('extractAnswer', () => {
  it('picks the sentences that overlap the question, best first, and cites their passages', () => {
    const answer = extractAnswer({ question: 'How do I start a return and when is my refund issued?', passages: FIXTURE_PASSAGES, maxSentences: 2 });
    expect(answer.used.map((passage) => passage.id)).toEqual(['kb-returns-1']);
    expect([...answer.sentences].sort()).toEqual([
      'Refunds are issued to the original payment method within 5 business days after we receive the parcel.',
      'To start a return, open Orders in your account, choose the order and select Return items.',
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

describe('extractAnswer on overlapping chunks', () => {
  const lost: AnswerPassage = {
    id: 'lost-1',
    title: 'My package is late or lost',
    url: 'https://help.example.com/articles/lost',
    sectionPath: [],
    content: 'Most late parcels arrive within 5 business days of the estimated date. If it still has not arrived after 10 days, we open a carrier claim and send a replacement.',
    visibility: 'public',
    score: 0.4,
  };
  const change: AnswerPassage = {
    id: 'change-1',
    title: 'Changing an order',
    url: 'https://help.example.com/articles/change',
    sectionPath: [],
    content: 'You can change or cancel an order within 1 hour of placing it. After that the order is being packed.',
    visibility: 'public',
    score: 0.55,
  };

  it('leads with the sentence that answers the latest message, even from a lower-ranked passage or later in it', () => {
    const answer = extractAnswer({
      question: 'My tent order still has not arrived after two weeks. I want a replacement.',
      conversation: 'Order has not arrived',
      passages: [change, lost],
      maxSentences: 3,
    });
    expect(answer.sentences[0]).toBe('If it still has not arrived after 10 days, we open a carrier claim and send a replacement.');
  });

  it('never repeats a sentence that two chunks of one article share, and cites the article once', () => {
    const overlap: AnswerPassage = { ...lost, id: 'lost-2', content: `${lost.content} You do not need to wait for the investigation to finish.`, score: 0.38 };
    const answer = extractAnswer({ question: 'Parcel not arrived, replacement? Do I need to wait for the investigation?', passages: [lost, overlap], maxSentences: 4 });
    const keys = answer.sentences.map(normalizedSentence);
    expect(new Set(keys).size).toBe(keys.length);
    expect(answer.sentences).toContain('You do not need to wait for the investigation to finish.');
    expect(answer.used.map((passage) => passage.id)).toEqual(expect.arrayContaining(['lost-1']));
    expect(new Set(answer.used.map((passage) => passage.id)).size).toBe(answer.used.length);
  });

  it("ignores an order reference's prefix: the article explaining reference numbers is not the answer", () => {
    const reference: AnswerPassage = { ...lost, id: 'track-1', title: 'Tracking', url: 'https://help.example.com/articles/track', content: 'Contact us with your order number (it starts with NW-) if tracking stalls.', score: 0.55 };
    const answer = extractAnswer({ question: 'Can I still change the colour of NW-10420?', passages: [change, reference], maxSentences: 3 });
    expect(answer.sentences).toEqual(['You can change or cancel an order within 1 hour of placing it.']);
  });

  it('counts a short question as answered when the sentences cover most words the knowledge uses', () => {
    const tracking: AnswerPassage = { ...lost, id: 'track-2', content: 'As soon as your order leaves the warehouse we email you a tracking link.', score: 0.3 };
    const answer = extractAnswer({ question: 'Any news? Still nothing on the tracking page, mate, honestly frustrating, weekend plans ruined.', passages: [tracking], maxSentences: 2 });
    expect(answer.evidence.isRelevant).toBe(true);
    expect(answer.sentences).toEqual(['As soon as your order leaves the warehouse we email you a tracking link.']);
  });

  it('finds nothing relevant when no sentence shares a word with the question and retrieval found no strong match', () => {
    const answer = extractAnswer({ question: 'asdf qwerty', passages: [change, lost], maxSentences: 3 });
    expect(answer).toMatchObject({ sentences: [], used: [], confidence: 0, evidence: { isRelevant: false } });
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

  it('answers a chat in at most three sentences plus a link, greeting the customer by first name only', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'chat' }));
    expect(result.action).toBe('reply');
    expect(result.replyText).toMatch(/^Hi Jane! \S/);
    expect(result.replyText).not.toMatch(/Best regards|Hi Jane!.*Hi Jane/s);
    const prose = result.replyText.replace(/^Hi Jane! /, '').split(' More details: ');
    expect(splitSentences(prose[0] ?? '').length).toBeLessThanOrEqual(3);
    expect(prose[1]).toBe('https://help.example.com/articles/returns');
  });

  it('answers on social with two sentences and a DM invite', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'social_x' }));
    expect(result.replyText).toMatch(/send us a direct message\.$/);
    expect(result.replyText.length).toBeLessThanOrEqual(400);
  });

  it('drafts the reply alone for a voice ticket, never a reply, with no note header or source line', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'voice' }));
    expect(result.action).toBe('draft');
    expect(result.replyText).not.toMatch(/Suggested answer|Sources:|\[\d\]/);
    expect(result.replyText).toContain('To start a return, open Orders in your account');
    expect(result.guardrails).toContain('voice-never-auto');
  });

  it('says which reply sentences each cited passage carries', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'chat' }));
    const quotes = result.citations.flatMap((citation) => citation.quotes ?? []);
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(result.replyText).toContain(quote);
  });

  it('cites nothing and proposes no reply when the knowledge has nothing relevant', async () => {
    const weak = FIXTURE_PASSAGES.map((passage) => ({ ...passage, score: 0.3 }));
    for (const question of ['asdf qwerty', 'What is the capital of France?']) {
      const result = await engine.answer(fixtureRequest({ channel: 'chat', latestMessage: question, subject: question, passages: weak }));
      expect(result.citations).toEqual([]);
      expect(result.action).toBe('escalate');
    }
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
