import { describe, expect, it } from 'vitest';
import { nationalDigits, phoneSearchForms } from './phone-forms.js';

describe('phoneSearchForms', () => {
  it('lists the common layouts of a North American number, each the same number', () => {
    const forms = phoneSearchForms('+1 (415) 555-0134');
    expect(forms).toEqual(expect.arrayContaining(['+14155550134', '(415) 555-0134', '415-555-0134', '4155550134', '+1 415 555 0134']));
    expect(forms).toHaveLength(new Set(forms).size);
  });

  it('keeps only the forms that read as the same number in the region', () => {
    expect(phoneSearchForms('0034612345678')).toEqual(['+34612345678', '+34 612 34 56 78', '0034612345678']);
    expect(phoneSearchForms('612 34 56 78', 'ES')).toEqual(expect.arrayContaining(['+34612345678', '612 34 56 78']));
  });

  it('searches an unparseable number only as typed, and nothing for an empty one', () => {
    expect(phoneSearchForms(' 555-0134 ')).toEqual(['555-0134']);
    expect(phoneSearchForms('  ')).toEqual([]);
  });
});

describe('nationalDigits', () => {
  it('drops the country code and punctuation', () => {
    expect(nationalDigits('+1 (415) 555-0134')).toBe('4155550134');
    expect(nationalDigits('+34 612 345 678')).toBe('612345678');
    expect(nationalDigits('555-0134')).toBe('5550134');
  });
});
