import { findEmails } from './detectors/email.js';
import { findIbans } from './detectors/iban.js';
import { findPaymentCards } from './detectors/payment-card.js';
import { findPersonNames } from './detectors/person-names.js';
import { countryOfLocale, findPhoneNumbers } from './detectors/phone.js';
import type { PersonalDataSpan, PersonalDataType } from './detectors/span.js';
import { findSocialSecurityNumbers } from './detectors/ssn.js';
import { findStreetAddresses } from './detectors/street-address.js';

export type { PersonalDataSpan, PersonalDataType };

/** What each kind of personal data is replaced with. */
export const REDACTION_PLACEHOLDERS: Readonly<Record<PersonalDataType, string>> = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  iban: '[iban]',
  ssn: '[ssn]',
  address: '[address]',
  name: '[name]',
};

export interface RedactionOptions {
  /** Names known to belong to people in the text (requester, agents, CCs); redacted whole and by part. */
  names?: string[];
  /** BCP 47 locale of the text. Picks the phone region (`en-GB` → GB) and whether the English name recogniser runs. Default `en`. */
  locale?: string;
  /** Region for phone numbers without a country code; overrides the locale's region. ISO 3166 alpha-2. */
  defaultCountry?: string;
  /** Run the English person-name recogniser (compromise). Default: true for `en*` locales. */
  detectNames?: boolean;
}

/**
 * Detector order is priority: where two findings overlap, the earlier detector wins (an email's digits
 * are not a phone; a card number is not a phone; a street name is not a person).
 */
const DETECTORS: ((text: string, options: Required<Pick<RedactionOptions, 'names' | 'defaultCountry' | 'detectNames'>>) => PersonalDataSpan[])[] = [
  (text) => findEmails(text),
  (text) => findIbans(text),
  (text) => findPaymentCards(text),
  (text) => findSocialSecurityNumbers(text),
  (text, options) => findPhoneNumbers(text, { defaultCountry: options.defaultCountry }),
  (text) => findStreetAddresses(text),
  (text, options) => findPersonNames(text, { names: options.names, useRecognizer: options.detectNames }),
];

/**
 * Where personal data sits in `text`: non-overlapping spans in text order.
 *
 * @example
 * findPersonalData('Mail jane@example.com'); // [{ type: 'email', start: 5, end: 21 }]
 */
export function findPersonalData(text: string, options: RedactionOptions = {}): PersonalDataSpan[] {
  const locale = (options.locale ?? 'en').toLowerCase();
  const resolved = {
    names: options.names ?? [],
    defaultCountry: options.defaultCountry?.toUpperCase() ?? countryOfLocale(locale),
    detectNames: options.detectNames ?? locale.startsWith('en'),
  };
  const accepted: PersonalDataSpan[] = [];
  for (const detect of DETECTORS) {
    const found = detect(text, resolved).sort((a, b) => a.start - b.start || b.end - a.end);
    for (const span of found) {
      if (span.end <= span.start) continue;
      if (accepted.some((other) => span.start < other.end && other.start < span.end)) continue;
      accepted.push(span);
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/**
 * `text` with emails, phone numbers, payment cards (Luhn-checked), IBANs (mod-97-checked), US SSNs,
 * street addresses and person names replaced by typed placeholders (`[email]`, `[phone]`, `[card]`,
 * `[iban]`, `[ssn]`, `[address]`, `[name]`). Order numbers, dates, prices and product names are left
 * alone. Runs offline; deterministic for a given input.
 *
 * Redaction is best effort for names (a name nobody passed in, in an unusual position, can slip
 * through); the structured kinds are matched by their formats and checksums.
 *
 * @example
 * redactPersonalData('Hi Jane, call me at (555) 123-4567 or write to jane@example.com', { names: ['Jane Doe'] });
 * // 'Hi [name], call me at [phone] or write to [email]'
 */
export function redactPersonalData(text: string, options: RedactionOptions = {}): string {
  const spans = findPersonalData(text, options);
  let result = '';
  let cursor = 0;
  let previous: PersonalDataSpan | null = null;
  for (const span of spans) {
    const between = text.slice(cursor, span.start);
    // "Jane Doe" found as two parts reads as one placeholder.
    if (previous && previous.type === span.type && /^[ \t]+$/.test(between) && span.type === 'name') {
      cursor = span.end;
      previous = span;
      continue;
    }
    result += between + REDACTION_PLACEHOLDERS[span.type];
    cursor = span.end;
    previous = span;
  }
  return result + text.slice(cursor);
}
