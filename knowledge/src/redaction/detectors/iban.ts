import type { PersonalDataSpan } from './span.js';

/** Country code, check digits, then 11–30 alphanumerics, written whole or in groups of four. */
const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![\p{L}\p{N}])/gu;

/**
 * IBANs that pass the ISO 13616 mod-97 check, compact (`DE89370400440532013000`) or grouped
 * (`DE89 3704 0044 0532 0130 00`). A trailing group that breaks the checksum (a following word or
 * number) is left out of the match.
 */
export function findIbans(text: string): PersonalDataSpan[] {
  const spans: PersonalDataSpan[] = [];
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    let candidate = match[0];
    for (;;) {
      const compact = candidate.replace(/ /g, '');
      if (compact.length >= 15 && compact.length <= 34 && isIbanValid(compact)) {
        spans.push({ type: 'iban', start: match.index, end: match.index + candidate.length });
        break;
      }
      const lastSpace = candidate.lastIndexOf(' ');
      if (lastSpace < 0 || compact.length < 15) break;
      candidate = candidate.slice(0, lastSpace);
    }
  }
  return spans;
}

/** ISO 13616: move the first four characters to the end, letters to numbers (A=10…), mod 97 must be 1. */
export function isIbanValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
