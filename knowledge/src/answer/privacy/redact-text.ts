import { findPersonalData, type PersonalDataSpan, type PersonalDataType } from '../../redaction/index.js';

/**
 * Redaction of personal data before any text leaves for a model, on top of the package's shared
 * detectors (`knowledge/src/redaction`: e-mails, phones, payment cards, IBANs, SSNs, street
 * addresses, person names). What this layer adds:
 * - the customer's own name becomes `[CUSTOMER]` (other names `[NAME]`), so the engine can put the
 *   first name back into what the model wrote;
 * - upper-case placeholders (`[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`, `[SSN]`, `[ADDRESS]`) the
 *   system prompt explains, and reversible `[[PII_n]]` masking for drafts sent to be rewritten;
 * - a small cache, because the same history items are redacted again on every new event.
 */

export interface RedactOptions {
  /** Names to hide wherever they occur, e.g. the customer's display name. Each part of 2+ letters is hidden too. */
  knownNames?: string[];
  /** BCP 47 locale of the text: the phone region and whether the English name recogniser runs. */
  locale?: string;
}

/** The kinds of personal data recognized, as placeholders name them. */
export type PersonalDataKind = 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'SSN' | 'ADDRESS' | 'NAME' | 'CUSTOMER';

/** Decides what replaces one piece of personal data. */
export type Replacer = (kind: PersonalDataKind, original: string) => string;

const KIND: Record<PersonalDataType, PersonalDataKind> = {
  email: 'EMAIL',
  phone: 'PHONE',
  card: 'CARD',
  iban: 'IBAN',
  ssn: 'SSN',
  address: 'ADDRESS',
  name: 'NAME',
};

const CACHE_LIMIT = 5000;
const spanCache = new Map<string, PersonalDataSpan[]>();

function spansOf(text: string, options: RedactOptions): PersonalDataSpan[] {
  const key = `${options.locale ?? ''}\u0001${(options.knownNames ?? []).join('\u0002')}\u0001${text}`;
  const cached = spanCache.get(key);
  if (cached) {
    // Refresh its place so the cache evicts the least recently used entry.
    spanCache.delete(key);
    spanCache.set(key, cached);
    return cached;
  }
  const spans = findPersonalData(text, { names: options.knownNames ?? [], ...(options.locale ? { locale: options.locale } : {}) });
  spanCache.set(key, spans);
  if (spanCache.size > CACHE_LIMIT) spanCache.delete(spanCache.keys().next().value as string);
  return spans;
}

function nameParts(names: readonly string[]): Set<string> {
  const parts = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed.length < 2 || trimmed.includes('@')) continue;
    parts.add(trimmed);
    for (const part of trimmed.split(/\s+/)) if (part.length > 1) parts.add(part);
  }
  return parts;
}

/** Like `redactText`, with the replacement chosen by `replace` (used for reversible masking). */
export function redactWith(text: string, options: RedactOptions, replace: Replacer): string {
  const customer = nameParts(options.knownNames ?? []);
  const isCustomer = (original: string): boolean => original.toLowerCase().split(/\s+/).every((part) => customer.has(part));
  let result = '';
  let cursor = 0;
  let previous: PersonalDataSpan | null = null;
  for (const span of spansOf(text, options)) {
    const between = text.slice(cursor, span.start);
    // "Jane Cooper" found as two parts reads as one placeholder.
    if (previous?.type === 'name' && span.type === 'name' && /^[ \t]+$/.test(between)) {
      cursor = span.end;
      previous = span;
      continue;
    }
    const original = text.slice(span.start, span.end);
    const kind = span.type === 'name' && isCustomer(original) ? 'CUSTOMER' : KIND[span.type];
    result += between + replace(kind, original);
    cursor = span.end;
    previous = span;
  }
  return result + text.slice(cursor);
}

/** Replaces personal data in `text` with placeholders such as `[EMAIL]` and `[CUSTOMER]`. */
export function redactText(text: string, options: RedactOptions = {}): string {
  return redactWith(text, options, (kind) => `[${kind}]`);
}

/** Text with personal data swapped for numbered tokens, and the way back. */
export interface MaskedText {
  masked: string;
  /** Puts the originals back; tokens the model dropped are simply absent. */
  unmask(text: string): string;
  /** Tokens in `masked` that are missing from `text`. */
  missingTokens(text: string): string[];
}

/**
 * Reversible redaction for agent drafts sent to a model for rewriting: each piece of personal
 * data becomes `[[PII_n]]`, restored afterwards, so the model never sees it and the rewrite keeps it.
 */
export function maskPersonalData(text: string, options: RedactOptions = {}): MaskedText {
  const originals: string[] = [];
  const masked = redactWith(text, options, (_kind, original) => {
    originals.push(original);
    return `[[PII_${originals.length}]]`;
  });
  const tokens = originals.map((_original, index) => `[[PII_${index + 1}]]`);
  return {
    masked,
    unmask: (output) => output.replace(/\[\[PII_(\d+)\]\]/g, (match, index: string) => originals[Number(index) - 1] ?? match),
    missingTokens: (output) => tokens.filter((token) => !output.includes(token)),
  };
}
