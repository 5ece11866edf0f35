import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../answer-engine.js';
import { normalizedSentence, splitSentences } from '../text/text-tools.js';
import { FIXTURE_NOW, FIXTURE_PASSAGES, fixtureRequest } from '../testing/fixtures.js';
import { AnswerResultSchema, type AnswerPassage } from '../types.js';
import { extractAnswer, OFFLINE_CONFIDENCE_CAP } from './extractive-answer.js';
import { replySubject } from './offline-answer.js';

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

  it('lists an article without a URL once when the reply quotes two of its chunks (one source, several chunks)', async () => {
    // An intent article of a support bot: no public URL, cut into chunks that retrieval returns apart.
    const chunk = (id: string, content: string, score: number): AnswerPassage => ({ id, documentId: 'doc-delivery', title: 'Delivery time', url: null, sectionPath: ['bot'], content, visibility: 'public', score });
    const passages = [
      chunk('delivery-1', 'Mattress delivery takes 5 to 7 days to any city.', 0.71),
      chunk('delivery-2', 'Mattress delivery is free of charge in every city.', 0.69),
    ];
    const result = await engine.answer(fixtureRequest({ channel: 'chat', latestMessage: 'How many days does mattress delivery take, and is delivery free of charge in my city?', passages }));
    expect(result.action).not.toBe('escalate');
    expect(result.replyText).toMatch(/5 to 7 days[^]*free of charge|free of charge[^]*5 to 7 days/);
    expect(result.citations).toHaveLength(1);
    expect([...(result.citations[0]?.passageIds ?? [])].sort()).toEqual(['delivery-1', 'delivery-2']);
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

  it('answers a chat in at most three sentences plus a link, greeting the customer by first name only and asking what else', async () => {
    const result = await engine.answer(fixtureRequest({ channel: 'chat' }));
    expect(result.action).toBe('reply');
    expect(result.replyText).toMatch(/^Hi Jane! \S/);
    expect(result.replyText).not.toMatch(/Best regards|Hi Jane!.*Hi Jane/s);
    const prose = result.replyText.replace(/^Hi Jane! /, '').split(' More details: ');
    expect(splitSentences(prose[0] ?? '').length).toBeLessThanOrEqual(3);
    expect(prose[1]).toBe('https://help.example.com/articles/returns Would you like to know anything else?');
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

  it('answers in the customer language when short knowledge only looks foreign for the names in it', async () => {
    const faq = (id: string, title: string, content: string): AnswerPassage => ({ id, documentId: id, title, url: null, sectionPath: ['Meze Bar'], content, visibility: 'public', score: 0.7 });
    const result = await engine.answer(
      fixtureRequest({
        channel: 'chat',
        latestMessage: 'Does the Meze bar serve beer?',
        subject: 'Chat with Jane Cooper',
        passages: [faq('meze-1', 'Does Meze Bar offer alcohol?', 'Meze Bar serves alcohol.'), faq('meze-2', 'Is there outdoor seating?', 'Meze Bar has no outdoor seating.')],
      }),
    );
    expect(result.guardrails).not.toContain('language-mismatch');
    expect(result.language).toBe('en');
    expect(result.replyText).toContain('Meze Bar serves alcohol.');
    expect(result.replyText).toContain('Would you like to know anything else?');
  });

  it('drafts instead of replying when the passages are not in the customer language', async () => {
    const result = await engine.answer(
      fixtureRequest({ channel: 'chat', latestMessage: 'Hola, quiero devolver unos zapatos. ¿Cómo empiezo la devolución y cuándo recibo el reembolso?' }),
    );
    expect(result.action).toBe('draft');
    expect(result.guardrails).toContain('language-mismatch');
  });
});

describe("Jane's call with the passages the local sentence encoder retrieves", () => {
  // What the Universal Sentence Encoder's hybrid search returned for the demo's call (expanded with
  // section neighbours, scores as toAnswerPassage makes them), so the composer is pinned without loading the model.
  const article = (id: string, documentId: string, title: string, content: string, score: number): AnswerPassage => ({
    id,
    documentId,
    title,
    url: `https://help.example.com/articles/${documentId}`,
    sectionPath: [title],
    content,
    visibility: 'public',
    score,
  });
  const passages = [
    article('change-1', 'change', 'Changing or cancelling an order', 'You can change the address, size or colour, or cancel, within **1 hour** of placing the order from **Account → Orders → Edit**.\nAfter that the order is being packed. Contact us as soon as possible: if it has not shipped we can usually still change the address. Once shipped, refuse the delivery or return it for a refund.', 0.653),
    article('track-3', 'track', 'How to track your order', "Check with neighbours and your building's mail room, and wait until the end of the next business day: carriers sometimes mark parcels delivered early.\nIf it still has not arrived, tell us within 14 days of the delivery date and we will open a carrier claim and send a replacement or refund once the claim is filed.", 0.617),
    article('lost-1', 'lost', 'My package is late or lost', 'Most late parcels arrive within 5 business days of the estimated date.', 0.62),
    article('lost-3', 'lost', 'My package is late or lost', "We open a trace with the carrier and ship a free replacement by expedited delivery, or refund you in full if the item is out of stock.\nYou do not need to wait for the carrier's investigation to finish.", 0.615),
    article('lost-2', 'lost', 'My package is late or lost', "We open a trace with the carrier and ship a free replacement by expedited delivery, or refund you in full if the item is out of stock.\nYou do not need to wait for the carrier's investigation to finish.", 0.585),
    article('shipping-1', 'shipping', 'Shipping times and costs', 'We ship every order from our warehouse in Reno, Nevada. Orders placed before 2 pm Pacific on a business day leave the same day.', 0.62),
  ];
  const request = fixtureRequest({
    channel: 'voice',
    subject: 'Call from +1 415-555-0134',
    latestMessage: 'Call transcript: customer says her tent order still has not arrived after two weeks and she needs it for a trip on Saturday. She wants a replacement or her money back.',
    history: [
      { at: '2025-06-03T09:00:00Z', channel: 'email', authorRole: 'customer', isPublic: true, ticketSubject: 'Order NW-10482 has not arrived', ticketRef: '1', text: 'Hi, my order NW-10482 (a Ridgeline tent) was due on Monday but tracking has not moved since it left Reno. Can you check?' },
      { at: '2025-06-09T09:00:00Z', channel: 'chat', authorRole: 'customer', isPublic: true, ticketSubject: 'Chat with Jane Cooper', ticketRef: '2', text: 'Any news on my tent? Still nothing on the tracking page.' },
    ],
    passages,
    policy: { confidenceThreshold: 0.55 },
  });

  it('drafts the carrier claim and replacement first, without the sentences that only share a word with the call', async () => {
    const result = await engine.answer(request);
    expect(result.action).toBe('draft');
    const [first] = splitSentences(result.replyText);
    expect(first).toMatch(/carrier claim/);
    expect(first).toMatch(/replacement/);
    expect(result.replyText).not.toMatch(/warehouse in Reno|change the address/);
    expect(result.citations[0]?.title).toBe('How to track your order');
    // Each article is one source, whichever of its chunks the sentences came from.
    const documents = result.citations.map((citation) => citation.url);
    expect(new Set(documents).size).toBe(documents.length);
  });
});

describe('the subject a reply names', () => {
  const review = (sectionPath: string[]): AnswerPassage => ({
    id: 'review-1',
    documentId: 'review-1',
    title: 'Review by a couple',
    url: null,
    sectionPath,
    content: 'The facilities, especially the bathroom, were super-clean and sanitary.',
    visibility: 'public',
    score: 0.66,
  });
  const history = [
    { at: '2025-06-03T09:00:00Z', channel: 'chat' as const, authorRole: 'customer' as const, isPublic: true, ticketSubject: 'Chat with Visitor 12', ticketRef: '7', text: 'I need a guesthouse in the north.' },
    { at: '2025-06-03T09:01:00Z', channel: 'chat' as const, authorRole: 'agent' as const, isPublic: true, ticketSubject: 'Chat with Visitor 12', ticketRef: '7', text: 'The Allenbell is a guesthouse in the north with free parking.' },
  ];

  it('names the place a review sentence is about when the conversation named it', async () => {
    const result = await engine.answer(
      fixtureRequest({ channel: 'chat', customerName: '', subject: 'Chat with Visitor 12', latestMessage: 'Are the bathrooms clean and sanitary?', history, passages: [review(['Allenbell'])] }),
    );
    expect(result.action).not.toBe('escalate');
    expect(result.replyText).toMatch(/^About Allenbell: Yes, the facilities, especially the bathroom, were super-clean and sanitary\. Would you like to know anything else\?$/);
  });

  it('adds nothing when the reply names it already or the conversation never named the section', () => {
    const conversation = history.map((item) => item.text).join('\n');
    expect(replySubject({ lead: review(['Allenbell']), reply: 'The bathroom at the Allenbell was clean.', conversation })).toBeUndefined();
    expect(replySubject({ lead: review(['Shipping']), reply: 'Orders leave the same day.', conversation })).toBeUndefined();
    expect(replySubject({ lead: undefined, reply: 'Orders leave the same day.', conversation })).toBeUndefined();
    expect(replySubject({ lead: review(['Allenbell']), reply: 'The bathroom was clean.', conversation: 'Is the allenbell quiet?' })).toBeUndefined();
    expect(replySubject({ lead: review(['Returns']), reply: 'Open Orders and select Return items.', conversation: 'Returns: how do I start one?' })).toBeUndefined();
    expect(replySubject({ lead: review(['Allenbell']), reply: 'The bathroom was clean.', conversation: 'Is the Allenbell quiet?' })).toBe('Allenbell');
    // Said as the conversation wrote it, not in the knowledge's capitals.
    expect(replySubject({ lead: review(['THE MISSING SOCK']), reply: 'The portions were huge.', conversation: 'There is no free WiFi at The Missing Sock.' })).toBe('The Missing Sock');
  });
});
