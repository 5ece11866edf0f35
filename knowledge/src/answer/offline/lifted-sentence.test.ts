import { describe, expect, it } from 'vitest';
import { withoutConnective } from './lifted-sentence.js';

describe('a sentence lifted out of its text', () => {
  it('drops a connective that points at a sentence the reply does not hold', () => {
    expect(withoutConnective('Besides, the outdoor seating was lovely.')).toBe('The outdoor seating was lovely.');
    expect(withoutConnective('However, there was no elevator.')).toBe('There was no elevator.');
    expect(withoutConnective('In addition, breakfast is served until 11.')).toBe('Breakfast is served until 11.');
  });

  it('keeps a sentence that opens otherwise', () => {
    expect(withoutConnective('Also the pool is heated.')).toBe('Also the pool is heated.');
    expect(withoutConnective('Breakfast is included.')).toBe('Breakfast is included.');
    expect(withoutConnective('Still water is free.')).toBe('Still water is free.');
  });
});
