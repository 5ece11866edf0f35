import { isWordChar, type PersonalDataSpan } from './span.js';

/** Digit groups joined by single spaces or dashes, the way card numbers are written. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
/** Masked numbers such as `**** **** **** 4242` or `XXXX-XXXX-XXXX-4242`. */
const MASKED = /(?<![\p{L}\p{N}])(?:[*xX•]{4}[ -]?){2,3}\d{4}(?![\p{L}\p{N}])/gu;

/**
 * Payment card numbers: 13–19 digits, optionally grouped with spaces or dashes, starting 2–6 (the
 * issuer ranges in use: Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay/Maestro 6), that
 * pass the Luhn check. Digits glued to letters (tracking numbers such as `1Z999AA1…`) are not cards.
 * Masked numbers are redacted too: the last four digits plus a name identify a card holder.
 */
export function findPaymentCards(text: string): PersonalDataSpan[] {
  const spans: PersonalDataSpan[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (isWordChar(text[match.index - 1]) || isWordChar(text[match.index + match[0].length])) continue;
    spans.push(...cardsInRun(match[0], match.index));
  }
  for (const match of text.matchAll(MASKED)) spans.push({ type: 'card', start: match.index, end: match.index + match[0].length });
  return spans;
}

/** The longest windows of whole digit groups in a run that form a valid card number. */
function cardsInRun(run: string, offset: number): PersonalDataSpan[] {
  const groups = Array.from(run.matchAll(/\d+/g), (match) => ({ start: match.index, end: match.index + match[0].length, digits: match[0] }));
  const spans: PersonalDataSpan[] = [];
  let first = 0;
  while (first < groups.length) {
    let found = -1;
    let digits = '';
    for (let last = first; last < groups.length; last += 1) {
      digits += groups[last]!.digits;
      if (digits.length > 19) break;
      if (digits.length >= 13 && /^[2-6]/.test(digits) && isLuhnValid(digits)) found = last;
    }
    if (found >= 0) {
      spans.push({ type: 'card', start: offset + groups[first]!.start, end: offset + groups[found]!.end });
      first = found + 1;
    } else {
      first += 1;
    }
  }
  return spans;
}

/** The Luhn (mod 10) checksum every payment card number carries. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}
