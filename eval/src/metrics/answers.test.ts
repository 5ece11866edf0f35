import { describe, expect, it } from 'vitest';
import { evidencePrecision, repeatedSentences, repeatedSources } from './answers.js';

describe('answer evidence metrics', () => {
  it('counts an answer as precise only when every cited sentence comes from a gold snippet', () => {
    const gold = new Set(['hotel/1/faq/2']);
    expect(
      evidencePrecision([
        { citedKeys: ['hotel/1/faq/2'], gold },
        { citedKeys: ['hotel/1/faq/2', 'hotel/1/faq/2'], gold },
        { citedKeys: ['hotel/1/faq/2', 'hotel/9/faq/2'], gold },
        { citedKeys: ['hotel/9/faq/2'], gold },
        { citedKeys: [], gold },
      ]),
    ).toEqual({ value: 0.5, n: 4 });
    expect(() => evidencePrecision([{ citedKeys: [], gold }])).toThrow(/zero items/);
  });

  it('counts repeated sentences, ignoring case, spacing and final punctuation', () => {
    expect(repeatedSentences('Refunds take five days. We ship daily. REFUNDS  take five days!')).toBe(1);
    expect(repeatedSentences('Refunds take five days. Refunds take five business days.')).toBe(0);
    expect(repeatedSentences('')).toBe(0);
  });

  it('counts each extra listing of a source already listed', () => {
    expect(repeatedSources(['a', 'b', 'a', 'a'])).toBe(2);
    expect(repeatedSources(['a', 'b'])).toBe(0);
  });
});
