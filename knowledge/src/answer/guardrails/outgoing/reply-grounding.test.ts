import { describe, expect, it } from 'vitest';
import { FIXTURE_PASSAGES } from '../../testing/fixtures.js';
import { numbersIn, ungroundedSentences } from './reply-grounding.js';

const returns = FIXTURE_PASSAGES.filter((passage) => passage.id === 'kb-returns-1');

describe('ungroundedSentences', () => {
  it('accepts paraphrases of the cited passage, with courtesy and greeting left aside', () => {
    const reply =
      'Hi Jane! Thanks for reaching out. You can return unused items within 30 days of delivery. Refunds reach your original payment method within 5 business days. Hope this helps!';
    expect(ungroundedSentences(reply, returns, 'en')).toEqual([]);
  });

  it('reads steps written as a Markdown list without taking list numbers for facts', () => {
    const reply = 'To start a return:\n\n1. Open **Orders** in your account.\n2. Choose the order and select *Return items*.\n3. Refunds are issued within 5 business days.';
    expect(ungroundedSentences(reply, returns, 'en')).toEqual([]);
  });

  it('names the sentence no cited passage supports, with its overlap', () => {
    const found = ungroundedSentences('Returns are free in the EU. We also give every customer a free phone case and lifetime warranty.', returns, 'en');
    expect(found).toHaveLength(1);
    expect(found[0]?.sentence).toBe('We also give every customer a free phone case and lifetime warranty.');
    expect(found[0]?.overlap).toBeLessThan(0.5);
  });

  it('fails a supported-looking sentence whose number is in no cited passage', () => {
    const found = ungroundedSentences('Refunds are issued to the original payment method within 60 business days.', returns, 'en');
    expect(found).toEqual([expect.objectContaining({ missingNumbers: ['60'] })]);
  });

  it('supports nothing without a cited passage', () => {
    expect(ungroundedSentences('You can return any unused item within 30 days.', [], 'en')).toHaveLength(1);
  });

  it('does not let a courtesy opener or a greeting carry a claim', () => {
    expect(ungroundedSentences('Thanks for your patience, we have upgraded you to premium for free', returns, 'en')).toHaveLength(1);
    expect(ungroundedSentences('Sorry for the delay we upgraded you to premium', returns, 'en')).toHaveLength(1);
    expect(ungroundedSentences('Hi premium upgrade granted!', returns, 'en')).toHaveLength(1);
    expect(ungroundedSentences('Hi Jane Cooper! Sorry for the delay. Let us know if you have any other questions.', returns, 'en')).toEqual([]);
  });
});

describe('numbersIn', () => {
  it('compares numbers whatever their separators', () => {
    expect(numbersIn('$5,000 or 5.000 € or 5000')).toEqual(['5000', '5000', '5000']);
  });
});
