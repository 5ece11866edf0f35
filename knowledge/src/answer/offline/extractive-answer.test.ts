import { describe, expect, it } from 'vitest';
import type { AnswerPassage } from '../types.js';
import { askedAction, extractAnswer } from './extractive-answer.js';

/** A passage of a hotel's knowledge: FAQs and review sentences under the hotel's name. */
function hotelPassage(id: string, title: string, content: string, score: number): AnswerPassage {
  return { id, title, url: null, sectionPath: ['ALLENBELL HOTEL'], content, visibility: 'public', score };
}

const lead = (question: string, passages: AnswerPassage[]) => extractAnswer({ question, passages, maxSentences: 3, maxWords: 30 }).sentences[0];

describe('extractAnswer: which sentence leads', () => {
  it('answers with the sentence holding the asked fact, not one that only names the place asked about', () => {
    const passages = [
      hotelPassage('spa', 'Is there an onsite spa?', 'Allenbell Hotel does not have a spa onsite.', 0.62),
      hotelPassage('clean', 'Review by families', 'The bathrooms are always spotless.', 0.55),
    ];
    expect(lead('Are the bathrooms at the Allenbell Hotel clean?', passages)).toBe('The bathrooms are always spotless.');
  });

  it('keeps the name as the question when the name is all it asks about', () => {
    const passages = [
      hotelPassage('about', 'About Allenbell', 'Allenbell is a guesthouse in the east of town.', 0.7),
      hotelPassage('pool', 'Is there a pool?', 'There is no swimming pool on site.', 0.5),
    ];
    expect(lead('Allenbell?', passages)).toBe('Allenbell is a guesthouse in the east of town.');
  });

  it("prefers the statement of a fact to someone's account of their stay", () => {
    const passages = [
      hotelPassage('review', 'Review by families', 'During my stay I was impressed by the fast wifi in the room.', 0.6),
      hotelPassage('faq', 'Is there wifi?', 'Free wifi is available in every room.', 0.58),
    ];
    expect(lead('Is there wifi in the room?', passages)).toBe('Free wifi is available in every room.');
  });

  it("does not treat a customer's phrasing in the present as an account", () => {
    const passages = [
      hotelPassage('returns', 'Returns', 'I want to return my order.', 0.6),
      hotelPassage('orders', 'Orders', 'Orders ship within two days.', 0.6),
    ];
    expect(lead('How do I return my order?', passages)).toBe('I want to return my order.');
  });

  it('does not lead with a sentence that leans on the one before it', () => {
    const passages = [
      hotelPassage('besides', 'Review by couples', 'Besides, the outdoor seating was lovely.', 0.6),
      hotelPassage('faq', 'Outdoor seating', 'The hotel has outdoor seating on the terrace.', 0.58),
    ];
    expect(lead('Is there outdoor seating?', passages)).toBe('The hotel has outdoor seating on the terrace.');
  });
});

describe('extractAnswer: what follows the lead', () => {
  it('says the lead alone when the next sentence answers the question less well', () => {
    const passages = [
      hotelPassage('wine', 'Do they serve wine?', 'The hotel bar serves wine by the glass.', 0.62),
      // Every word asked, but in a passage retrieval ranked well below: it answers less well.
      hotelPassage('hours', 'Bar hours', 'Wine is served at the hotel bar from noon until late evening.', 0.45),
    ];
    expect(extractAnswer({ question: 'Does the hotel bar serve wine?', passages, maxSentences: 3, maxWords: 30 }).sentences).toEqual(['The hotel bar serves wine by the glass.']);
  });
});

describe('extractAnswer: whether the lead holds what was asked', () => {
  it("says the lead holds the question's most specific word only when it does", () => {
    const passages = [
      hotelPassage('access', 'Is the hotel accessible?', 'Allenbell Hotel has rooms with disability access.', 0.7),
      hotelPassage('room', 'How big are the rooms?', 'Every room has a desk and a kettle.', 0.6),
      hotelPassage('views', 'Review by couples', 'The views from our room were great.', 0.5),
    ];
    const holds = (question: string, only: AnswerPassage[]) => extractAnswer({ question, passages: only, maxSentences: 3, maxWords: 30 }).leadHoldsFocus;
    // "views" is in one sentence, "room" in all of them: a lead about rooms alone does not answer about views.
    expect(holds('Are there rooms with great views?', passages)).toBe(true);
    expect(holds('Are there rooms with great views?', passages.slice(0, 2))).toBe(false);
    expect(holds('Is the place quiet?', passages)).toBe(false);
  });
});

describe('extractAnswer: lists and procedures', () => {
  // The demo help center's return policy, read whole (expandPassages), and its warranty's list of what is covered.
  const article = (id: string, title: string, sectionPath: string[], content: string, score: number): AnswerPassage => ({
    id: `${id}-2`,
    documentId: id,
    title,
    url: `https://help.example.com/articles/${id}`,
    sectionPath: ['Returns & Refunds', ...sectionPath],
    content,
    visibility: 'public',
    score,
  });
  const returns = article(
    'returns',
    'Our 60-day return policy',
    ['Returns', 'Our 60-day return policy', "What can't be returned"],
    [
      'You can return unused items in their original packaging within **60 days** of delivery for a full refund or an exchange.',
      "## What can't be returned",
      '- Used camp stoves and fuel canisters',
      '- Personalised or engraved items',
      '- Gift cards',
      '## How to return',
      '1. Go to **Account → Orders** and choose _Start a return_.',
      '2. Print the prepaid label (free for exchanges; $7.50 is deducted from refunds).',
      '3. Drop the parcel at any UPS location within 14 days.',
    ].join('\n'),
    0.5,
  );
  const warranty = article(
    'warranty',
    'Lifetime warranty on Northwind gear',
    ['Warranty', 'Lifetime warranty on Northwind gear', 'Covered'],
    '- Broken zippers, buckles and seams\n- Delaminating boots and jackets\n- Tent poles that snap in normal use',
    0.51,
  );
  const answer = (question: string) => extractAnswer({ question, passages: [warranty, returns], maxSentences: 3, maxWords: 30 });

  it('says list fragments together under their heading, never one fragment alone', () => {
    const result = answer('Can I return a gift card?');
    expect(result.sentences[0]).toBe("What can't be returned: used camp stoves and fuel canisters; personalised or engraved items; gift cards.");
    const covered = answer('Are broken zippers covered?');
    expect(covered.sentences[0]).toBe('Covered: broken zippers, buckles and seams; delaminating boots and jackets; tent poles that snap in normal use.');
    expect(covered.sentences).not.toContain('Delaminating boots and jackets.');
    // A list too long to say in a reply is read item by item.
    const parts = ['burner', 'valve', 'igniter', 'hose', 'regulator', 'pot support', 'windscreen', 'fuel pump', 'lid', 'handle', 'base', 'seal'];
    const items = parts.map((part) => `- A spare ${part} for the camp stove`).join('\n');
    const long = extractAnswer({ question: 'Is a spare igniter covered?', passages: [{ ...warranty, content: items }], maxSentences: 3, maxWords: 30 });
    expect(long.sentences[0]).toBe('A spare igniter for the camp stove.');
  });

  it('answers a how-to question with the steps that hold its action, in order, not with a sentence about the object', () => {
    const result = answer('How do I return a jacket?');
    expect(result.sentences).toEqual([
      'Go to Account → Orders and choose Start a return.',
      'Print the prepaid label (free for exchanges; $7.50 is deducted from refunds).',
      'Drop the parcel at any UPS location within 14 days.',
    ]);
    expect(result.used.map((passage) => passage.id)).toEqual(['returns-2']);
    // In everyday words the action is still the return, not "send".
    expect(askedAction('The jacket does not fit. How do I send it back?')).toBe('return');
    expect(askedAction('How can I reset my password?')).toBe('reset');
    expect(answer('The jacket does not fit. How do I send it back?').sentences[0]).toBe('Go to Account → Orders and choose Start a return.');
  });
});

describe('extractAnswer: names the customer writes', () => {
  it('weighs a brand the customer names below what they ask about it', () => {
    const payments: AnswerPassage = {
      id: 'payments-1',
      documentId: 'payments',
      title: 'Payment methods and declined cards',
      url: 'https://help.example.com/articles/payments',
      sectionPath: ['Payments', 'Paying', 'Payment methods and declined cards'],
      content: [
        'We accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay and Northwind gift cards.',
        '## My card was declined',
        '- Check the billing ZIP code matches your card statement.',
        "- Some banks block first purchases from a new shop: approve it in your bank's app and try again.",
        '- A declined payment is never charged; any pending amount disappears within 3 days.',
      ].join('\n'),
      visibility: 'public',
      score: 0.6,
    };
    const result = extractAnswer({ question: 'My Visa keeps getting declined at checkout but it works everywhere else.', passages: [payments], maxSentences: 3, maxWords: 30 });
    expect(result.sentences).toContain('A declined payment is never charged; any pending amount disappears within 3 days.');
  });
});

describe('extractAnswer: tables', () => {
  it('says a table row with its columns and never answers with the header row', () => {
    const shipping: AnswerPassage = {
      id: 'shipping-2',
      documentId: 'shipping',
      title: 'Shipping times and costs',
      url: 'https://help.example.com/articles/shipping',
      sectionPath: ['Orders & Shipping', 'Shipping times and costs', 'Delivery options'],
      content: ['| Option | Delivery time | Cost |', '| --- | --- | --- |', '| Standard | 3–5 business days | $6.95, free over $75 |', '| Overnight | 1 business day | $29.95 |'].join('\n'),
      visibility: 'public',
      score: 0.6,
    };
    const result = extractAnswer({ question: 'What does overnight delivery cost?', passages: [shipping], maxSentences: 3, maxWords: 30 });
    expect(result.sentences[0]).toBe('Overnight: delivery time 1 business day; cost $29.95.');
    const options = extractAnswer({ question: 'Which delivery option is the cheapest?', passages: [shipping], maxSentences: 3, maxWords: 30 });
    expect(options.evidenceSentences.join(' ')).not.toMatch(/Option — Delivery time|Option: delivery time Delivery/);
  });
});
