import { findPhoneNumbersInText, isPossiblePhoneNumber, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { isWordChar, type PersonalDataSpan } from './span.js';

/** Digits with the separators people put in phone numbers. */
const CANDIDATE = /(?:\+|(?<!\d)00)?\(?\d[\d\u00a0 ().\-/]{4,}\d/g;
/** US/NANP as written: (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567, 1-800-555-0199. */
const NANP = /(?<![\p{L}\p{N}+])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\p{L}\p{N}])/gu;
/** `+` or `00`, then digit groups; not when `00` continues a run of digit groups. */
const INTERNATIONAL = /(?<![\p{L}\p{N}+]|\p{N}[ .-])(?:\+|00)\d[\d\u00a0 ().-]{5,}\d(?![\p{L}\p{N}])/gu;
/** Dates and times look like phone numbers to a digit counter. */
const DATE_LIKE = /^(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
/**
 * A word that announces a phone number, then only filler ("call me on", "phone number:", "mobile #"),
 * right before the digits. "Order number" is deliberately not one: order ids must survive.
 */
const PHONE_CONTEXT = /\b(phone|tel|telephone|call|mobile|cell|cellphone|whats ?app|sms|text|fax|reach me|ring|contact)\b(?:\s*(?:me|us|back|him|her|them|at|on|is|was|number|no\.?|nr\.?|[:#(-]))*\s*$/i;

export interface PhoneOptions {
  /** Region for numbers written without a country code (`0791 123456`, `(415) 555-2671`). */
  defaultCountry: string;
}

/**
 * Phone numbers, three ways:
 * 1. `libphonenumber-js` (Google's metadata): any number valid for its country, international or in
 *    the default country's national format;
 * 2. formatted numbers the metadata calls invalid but people still use (US `555` numbers, made-up test
 *    numbers): NANP layouts, and `+`/`00` international numbers of a possible length;
 * 3. any 7–15 digit number right after a word such as "phone", "call me on" or "mobile".
 * Bare digit strings without any of these (order numbers, amounts) and dates are left alone.
 */
export function findPhoneNumbers(text: string, options: PhoneOptions): PersonalDataSpan[] {
  const country: CountryCode | undefined = isSupportedCountry(options.defaultCountry) ? options.defaultCountry : undefined;
  const spans: PersonalDataSpan[] = [];
  for (const found of findPhoneNumbersInText(text, country ? { defaultCountry: country } : {})) {
    if (isWordChar(text[found.startsAt - 1]) || isWordChar(text[found.endsAt])) continue;
    spans.push({ type: 'phone', start: found.startsAt, end: found.endsAt });
  }
  for (const match of text.matchAll(NANP)) spans.push({ type: 'phone', start: match.index, end: match.index + match[0].length });
  for (const match of text.matchAll(INTERNATIONAL)) {
    const digits = match[0].replace(/\D/g, '').replace(/^00/, '');
    if (isPossiblePhoneNumber(`+${digits}`)) spans.push({ type: 'phone', start: match.index, end: match.index + match[0].length });
  }
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = match[0].replace(/[\s(.\-/]+$/, '');
    const start = match.index;
    const end = start + candidate.length;
    if (isWordChar(text[start - 1]) || isWordChar(text[end]) || DATE_LIKE.test(candidate)) continue;
    const digitCount = candidate.replace(/\D/g, '').length;
    if (digitCount < 7 || digitCount > 15) continue;
    if (PHONE_CONTEXT.test(text.slice(Math.max(0, start - 40), start))) spans.push({ type: 'phone', start, end });
  }
  return spans;
}

/** The phone region implied by a BCP 47 locale (`en-GB` → `GB`), or `US`. */
export function countryOfLocale(locale: string | undefined): string {
  const region = locale?.split(/[-_]/)[1]?.toUpperCase();
  return region && isSupportedCountry(region) ? region : 'US';
}
