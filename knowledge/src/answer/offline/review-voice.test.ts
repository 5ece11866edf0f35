import { describe, expect, it } from 'vitest';
import { attributeReview, isReview, withoutConnective } from './review-voice.js';

describe('a review said as a review', () => {
  it('tells a review from the business own articles by its title or section', () => {
    expect(isReview({ title: 'Review by couples', sectionPath: ['Allenbell'] })).toBe(true);
    expect(isReview({ title: 'Everything about the Allenbell', sectionPath: ['Allenbell', 'Reviews'] })).toBe(true);
    expect(isReview({ title: 'Is there free parking?', sectionPath: ['Allenbell'] })).toBe(false);
    expect(isReview({ title: 'How to review your order', sectionPath: ['Orders'] })).toBe(false);
    expect(isReview(undefined)).toBe(false);
  });

  it('reports a statement with its source and quotes an account told in the first person', () => {
    expect(attributeReview({ sentence: 'The staff were friendly.', subject: undefined, texts: [] })).toBe('According to one review, the staff were friendly.');
    expect(attributeReview({ sentence: 'The staff were friendly.', subject: 'Allenbell', texts: [] })).toBe('According to one review of Allenbell, the staff were friendly.');
    expect(attributeReview({ sentence: 'The rooms are quiet.', subject: 'The Allenbell', texts: ['Is The Allenbell quiet?'] })).toBe('According to one review of The Allenbell, the rooms are quiet.');
    expect(attributeReview({ sentence: 'Meze Bar has great beer.', subject: undefined, texts: ['We went to the Meze Bar.'] })).toBe('According to one review, Meze Bar has great beer.');
    expect(attributeReview({ sentence: 'I found the Internet extremely swift.', subject: undefined, texts: [] })).toBe('One review says: "I found the Internet extremely swift."');
    expect(attributeReview({ sentence: 'Our table ordered fondue.', subject: undefined, texts: [], isAnother: true })).toBe('Another review says: "Our table ordered fondue."');
    expect(attributeReview({ sentence: 'The pool was warm.', subject: undefined, texts: [], isAnother: true })).toBe('According to another review, the pool was warm.');
  });

  it('drops a connective that points at a sentence the reply does not hold', () => {
    expect(withoutConnective('Besides, the outdoor seating was lovely.')).toBe('The outdoor seating was lovely.');
    expect(withoutConnective('However, there was no elevator.')).toBe('There was no elevator.');
    expect(withoutConnective('Also the pool is heated.')).toBe('Also the pool is heated.');
    expect(withoutConnective('Breakfast is included.')).toBe('Breakfast is included.');
  });
});
