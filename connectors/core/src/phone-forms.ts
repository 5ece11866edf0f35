import { DEFAULT_PHONE_REGION, parsePhone, phoneKey } from './identity-key.js';

/**
 * The number without country code or punctuation (`4155550134`), which Zendesk's user search
 * matches in any formatting with a leading `*`. Unparseable numbers give their digits.
 */
export function nationalDigits(value: string, region: string = DEFAULT_PHONE_REGION): string {
  return parsePhone(value, region)?.nationalNumber ?? value.replace(/\D/g, '');
}

/**
 * The ways people commonly type `value` (`+14155550134`, `+1 415 555 0134`, `(415) 555-0134`,
 * `415-555-0134`, …), for helpdesks whose filters compare a stored number as typed, character for
 * character (Freshdesk). Best effort by nature: a number typed some other way is not found by
 * such a filter, which is why the mirror matches on `phoneKey`, not on a vendor lookup.
 */
export function phoneSearchForms(value: string, region: string = DEFAULT_PHONE_REGION): string[] {
  const typed = value.trim();
  const parsed = parsePhone(typed, region);
  if (!parsed) return typed === '' ? [] : [typed];
  const national = parsed.nationalNumber;
  const forms = [parsed.number, parsed.formatInternational(), parsed.formatNational(), national, typed];
  // North American numbers: the layouts agents and phone systems use.
  const nanp = /^(\d{3})(\d{3})(\d{4})$/.exec(national);
  if (parsed.countryCallingCode === '1' && nanp) {
    const [, area, exchange, line] = nanp;
    forms.push(`${area}-${exchange}-${line}`, `+1 (${area}) ${exchange}-${line}`, `+1 ${area}-${exchange}-${line}`, `1-${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `1${national}`);
  }
  const key = phoneKey(typed, region);
  return [...new Set(forms)].filter((form) => phoneKey(form, region) === key);
}
