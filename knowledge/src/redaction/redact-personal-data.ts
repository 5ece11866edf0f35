import { findEmails } from './detectors/email.js';
import { findIbans } from './detectors/iban.js';
import { findPaymentCards } from './detectors/payment-card.js';
import { findPersonNames } from './detectors/person-names.js';
import { countryOfLocale, findPhoneNumbers } from './detectors/phone.js';
import type { PersonalDataSpan, PersonalDataType } from './detectors/span.js';
import { findSocialSecurityNumbers } from './detectors/ssn.js';
import { findStreetAddresses } from './detectors/street-address.js';

export type { PersonalDataSpan, PersonalDataType };

/**
 * What each kind of personal data is replaced with: one upper-case style everywhere (the index,
 * model input, guardrails), so the model's system prompt can name every placeholder it may meet.
 */
export const REDACTION_PLACEHOLDERS: Readonly<Record<PersonalDataType, string>> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  card: '[CARD]',
  iban: '[IBAN]',
  ssn: '[SSN]',
  address: '[ADDRESS]',
  name: '[NAME]',
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
  /**
   * Remembers findings for texts seen before (a customer's history is redacted again on every new
   * event). Owned by the caller, e.g. one per answer engine: never shared module state.
   */
  cache?: PersonalDataCache;
}

/** A bounded, least-recently-used memory of `findPersonalData` results; see `createPersonalDataCache`. */
export interface PersonalDataCache {
  get(key: string): PersonalDataSpan[] | undefined;
  set(key: string, spans: PersonalDataSpan[]): void;
}

/**
 * A cache for `RedactionOptions.cache`, holding at most `limit` texts' findings.
 *
 * @example
 * const cache = createPersonalDataCache();
 * redactPersonalData(text, { names: ['Jane Cooper'], cache }); // a second call with the same text detects nothing again
 */
export function createPersonalDataCache(limit = 5000): PersonalDataCache {
  const entries = new Map<string, PersonalDataSpan[]>();
  return {
    get(key) {
      const spans = entries.get(key);
      if (spans) {
        // Refresh its place so the least recently used entry is the one evicted.
        entries.delete(key);
        entries.set(key, spans);
      }
      return spans;
    },
    set(key, spans) {
      entries.set(key, spans);
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
  };
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
  if (!options.cache) return detectPersonalData(text, options);
  const key = [options.locale ?? '', options.defaultCountry ?? '', String(options.detectNames ?? ''), (options.names ?? []).join('\u0002'), text].join('\u0001');
  const cached = options.cache.get(key);
  if (cached) return cached;
  const spans = detectPersonalData(text, options);
  options.cache.set(key, spans);
  return spans;
}

function detectPersonalData(text: string, options: RedactionOptions): PersonalDataSpan[] {
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
 * street addresses and person names replaced by typed placeholders (`[EMAIL]`, `[PHONE]`, `[CARD]`,
 * `[IBAN]`, `[SSN]`, `[ADDRESS]`, `[NAME]`). Order numbers, dates, prices and product names are left
 * alone. Runs offline; deterministic for a given input.
 *
 * Redaction is best effort for names (a name nobody passed in, in an unusual position, can slip
 * through); the structured kinds are matched by their formats and checksums.
 *
 * @example
 * redactPersonalData('Hi Jane, call me at (555) 123-4567 or write to jane@example.com', { names: ['Jane Doe'] });
 * // 'Hi [NAME], call me at [PHONE] or write to [EMAIL]'
 */
export function redactPersonalData(text: string, options: RedactionOptions = {}): string {
  return replacePersonalData(text, options, (span) => REDACTION_PLACEHOLDERS[span.type]);
}

/**
 * `text` with each finding replaced by what `replace` returns for it (a placeholder, a reversible
 * token); a name found as two adjacent parts ("Jane Doe") is replaced once.
 */
export function replacePersonalData(text: string, options: RedactionOptions, replace: (span: PersonalDataSpan, original: string) => string): string {
  let result = '';
  let cursor = 0;
  let previous: PersonalDataSpan | null = null;
  for (const span of findPersonalData(text, options)) {
    const between = text.slice(cursor, span.start);
    const isSecondPart = previous?.type === 'name' && span.type === 'name' && /^[ \t]+$/.test(between);
    if (!isSecondPart) result += between + replace(span, text.slice(span.start, span.end));
    cursor = span.end;
    previous = span;
  }
  return result + text.slice(cursor);
}
