import { describe, expect, it } from 'vitest';
import { contentWords, grounding, rougeL, sentences, tokens } from './text.js';

describe('text metrics', () => {
  it('tokenizes and drops stop words', () => {
    expect(tokens("Café isn't OPEN")).toEqual(['cafe', 'isnt', 'open']);
    expect(contentWords('Is there free parking at the hotel?')).toEqual(['free', 'park', 'hotel']);
  });

  it('splits reply sentences at line breaks and sentence ends', () => {
    expect(sentences('Hi there,\nParking is free. Breakfast costs 10 GBP!')).toEqual(['Hi there,', 'Parking is free.', 'Breakfast costs 10 GBP!']);
  });

  it('scores ROUGE-L F on hand-made pairs', () => {
    expect(rougeL('the cat sat', 'the cat sat')).toBe(1);
    // LCS "parking is available" = 3; P = 3/4, R = 3/6 → F = 0.6.
    expect(rougeL('free parking is available', 'yes parking is free and available')).toBeCloseTo(0.6);
    expect(rougeL('', 'anything')).toBe(0);
    expect(rougeL('alpha beta', 'gamma delta')).toBe(0);
  });

  it('grades only sentences with enough content words against the cited passages', () => {
    const result = grounding('Hello! Parking is free on site. We love you all very much indeed.', ['Free parking is available on site.']);
    expect(result).toEqual({ graded: 2, supported: 1 });
  });

  it('does not grade a question: it states no fact', () => {
    expect(grounding('Parking is free on site. Would you like to know anything else?', ['Free parking is available on site.'])).toEqual({ graded: 1, supported: 1 });
  });

  it('counts nothing as supported without a cited passage', () => {
    expect(grounding('Parking is free on site.', [])).toEqual({ graded: 1, supported: 0 });
  });

  it('applies the overlap threshold', () => {
    const reply = 'Rooms have free wifi and parking.';
    expect(grounding(reply, ['Rooms have free wifi.'], { threshold: 0.5 }).supported).toBe(1);
    expect(grounding(reply, ['Rooms have free wifi.'], { threshold: 0.9 }).supported).toBe(0);
  });
});
