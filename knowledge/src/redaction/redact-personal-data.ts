import { findEmails } from './detectors/email.js';
import { findIbans } from './detectors/iban.js';
import { findPaymentCards } from './detectors/payment-card.js';
import { findPersonNames } from './detectors/person-names.js';
import { countryOfLocale, findPhoneNumbers } from './detectors/phone.js';
import type { PersonalDataSpan, PersonalDataType } from './detectors/span.js';
import { findSocialSecurityNumbers } from './detectors/ssn.js';
import { findStreetAddresses } from './detectors/street-address.js';
import type { NameRecognizer } from './name-recognizer.js';

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
  /**
   * What the name recogniser found, by text, found ahead off the calling thread (`withRecognizedNames`).
   * A text not in it runs the recogniser here, as without it: the findings are the same either way.
   */
  recognizedNames?: ReadonlyMap<string, readonly string[]>;
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
type ResolvedOptions = Required<Pick<RedactionOptions, 'names' | 'defaultCountry' | 'detectNames'>> & { recognized: readonly string[] | undefined };

const DETECTORS: ((text: string, options: ResolvedOptions) => PersonalDataSpan[])[] = [
  (text) => findEmails(text),
  (text) => findIbans(text),
  (text) => findPaymentCards(text),
  (text) => findSocialSecurityNumbers(text),
  (text, options) => findPhoneNumbers(text, { defaultCountry: options.defaultCountry }),
  (text) => findStreetAddresses(text),
  (text, options) => findPersonNames(text, { names: options.names, useRecognizer: options.detectNames, recognized: options.recognized }),
];

/**
 * Where personal data sits in `text`: non-overlapping spans in text order.
 *
 * @example
 * findPersonalData('Mail jane@example.com'); // [{ type: 'email', start: 5, end: 21 }]
 */
export function findPersonalData(text: string, options: RedactionOptions = {}): PersonalDataSpan[] {
  if (!options.cache) return detectPersonalData(text, options);
  const key = cacheKey(text, options);
  const cached = options.cache.get(key);
  if (cached) return cached;
  const spans = detectPersonalData(text, options);
  options.cache.set(key, spans);
  return spans;
}

// The recogniser's findings are not part of the key: they are the same wherever it ran.
function cacheKey(text: string, options: RedactionOptions): string {
  return [options.locale ?? '', options.defaultCountry ?? '', String(options.detectNames ?? ''), (options.names ?? []).join('\u0002'), text].join('\u0001');
}

function isRecognizerOn(options: RedactionOptions): boolean {
  return options.detectNames ?? (options.locale ?? 'en').toLowerCase().startsWith('en');
}

function detectPersonalData(text: string, options: RedactionOptions): PersonalDataSpan[] {
  const locale = (options.locale ?? 'en').toLowerCase();
  const resolved: ResolvedOptions = {
    names: options.names ?? [],
    defaultCountry: options.defaultCountry?.toUpperCase() ?? countryOfLocale(locale),
    detectNames: isRecognizerOn(options),
    recognized: options.recognizedNames?.get(text),
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
 * `options` with the name recogniser's findings for `texts` (`recognizedNames`), found by
 * `recognizer` (in its worker thread) in one call: the texts the recogniser would run on, that is
 * when it is on for the locale, not already in the cache, and with an upper-case letter (it keeps
 * only capitalised names). Redacting those texts with the options returned then finds exactly what
 * it finds without them, with the recogniser's cost off the calling thread.
 *
 * @example
 * const ready = await withRecognizedNames([subject, message], { names: ['Jane Cooper'], cache }, recognizer);
 * redactPersonalData(message, ready); // the recogniser does not run here
 */
export async function withRecognizedNames(texts: readonly string[], options: RedactionOptions, recognizer: NameRecognizer): Promise<RedactionOptions> {
  if (!isRecognizerOn(options)) return options;
  const wanted = [...new Set(texts)].filter((text) => /\p{Lu}/u.test(text) && !options.recognizedNames?.has(text) && !options.cache?.get(cacheKey(text, options)));
  if (wanted.length === 0) return options;
  const found = await recognizer.recognize(wanted);
  const recognizedNames = new Map(options.recognizedNames);
  wanted.forEach((text, index) => recognizedNames.set(text, found[index] ?? []));
  return { ...options, recognizedNames };
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
