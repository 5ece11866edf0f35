/** Kinds of personal data the redactor finds, each replaced by its placeholder. */
export type PersonalDataType = 'email' | 'phone' | 'card' | 'iban' | 'ssn' | 'address' | 'name';

/** One occurrence of personal data in the original text: `text.slice(start, end)`. */
export interface PersonalDataSpan {
  type: PersonalDataType;
  start: number;
  end: number;
}

/** Letters or digits on either side mean the match is part of a larger token (an order id, a URL path). */
export const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
export const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}_])';

export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}

export { escapeRegExp } from '../../answer/text/text-tools.js';
