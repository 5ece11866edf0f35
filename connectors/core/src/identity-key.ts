import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { IdentityType } from './model.js';

/**
 * How a tenant wants identities compared. Both helpdesks keep values as they were typed
 * (`+1 (415) 555-0134`, `415-555-0134`), so the match key is derived, never stored by the vendor.
 */
export interface IdentityKeyOptions {
  /** ISO 3166-1 region for numbers typed without a country code (`(415) 555-0134`). Default `US`. */
  defaultRegion?: string;
  /**
   * Treats `jane+orders@x.com` as `jane@x.com`, and `j.a.n.e@gmail.com` as `jane@gmail.com`.
   * Off by default: on most mail servers those are different mailboxes, possibly different people.
   */
  canMergeEmailAliases?: boolean;
}

export const DEFAULT_PHONE_REGION = 'US';

/** Whether `region` is an ISO 3166-1 region the phone metadata knows (`US`, `GB`, `ES`). */
export function isSupportedPhoneRegion(region: string): boolean {
  return isSupportedCountry(region.toUpperCase());
}

/** Gmail ignores dots in the local part and answers at both domains. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The match key of a phone number: E.164 (`+14155550134`) when the number parses as possible in
 * `region` or internationally, with `;ext=12` when it carries an extension (people behind one
 * switchboard are different people). A number that does not parse keeps its digits (`5550134`)
 * rather than being dropped, so the same unparseable value still finds itself; such keys never
 * start with `+`, so they cannot collide with a parsed number. No digits at all (`anonymous`) → `''`,
 * which matches no one.
 *
 * @example
 * phoneKey('(415) 555-0134', 'US') // '+14155550134'
 * phoneKey('020 7946 0018', 'GB')  // '+442079460018'
 */
export function phoneKey(value: string, region: string = DEFAULT_PHONE_REGION): string {
  const digits = value.replace(/\D/g, '');
  if (digits === '') return '';
  const parsed = parsePhone(value, region);
  if (!parsed) return digits;
  return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
}

/** `value` as a possible phone number in `region` (or international), else undefined. */
export function parsePhone(value: string, region: string = DEFAULT_PHONE_REGION): PhoneNumber | undefined {
  const trimmed = value.trim();
  const country = isSupportedPhoneRegion(region) ? (region.toUpperCase() as CountryCode) : undefined;
  // `00` is the international prefix in most of the world but not in the default region's dialling plan (US: 011).
  const candidates = /^00/.test(trimmed) ? [trimmed, `+${trimmed.slice(2)}`] : [trimmed];
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, country ? { defaultCountry: country } : {});
    if (parsed?.isPossible()) return parsed;
  }
  return undefined;
}

/**
 * The match key of an email: always lower-cased (domains are case-insensitive, and no mail
 * system in practice treats local parts differently). With `canMergeEmailAliases`, a `+tag` is
 * dropped and Gmail's dots are ignored.
 */
export function emailKey(value: string, canMergeEmailAliases = false): string {
  const lower = value.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (!canMergeEmailAliases || at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** A social handle: `@JaneC` and `janec` are one account on a platform (the type keeps platforms apart). */
export function handleKey(value: string): string {
  return value.trim().replace(/^@+/, '').toLowerCase();
}

/**
 * The value two identities of one type must share to be the same person. Emails, phones (and
 * WhatsApp numbers) and X/Instagram/Facebook handles are normalised; other ids are opaque and only
 * trimmed.
 *
 * @example
 * normalizeIdentityValue('phone', '415-555-0134')                       // '+14155550134'
 * normalizeIdentityValue('email', 'Jane+Orders@X.com', { canMergeEmailAliases: true }) // 'jane@x.com'
 * normalizeIdentityValue('twitter', '@JaneC')                          // 'janec'
 */
export function normalizeIdentityValue(type: IdentityType, value: string, options: IdentityKeyOptions = {}): string {
  switch (type) {
    case 'email':
      return emailKey(value, options.canMergeEmailAliases);
    case 'phone':
    case 'whatsapp':
      return phoneKey(value, options.defaultRegion);
    case 'twitter':
    case 'instagram':
    case 'facebook':
      return handleKey(value);
    default:
      return value.trim();
  }
}
