import { REDACTION_PLACEHOLDERS, replacePersonalData, withRecognizedNames, type NameRecognizer, type RedactionOptions } from '../../redaction/index.js';

/**
 * Redaction of personal data before any text leaves for a model: the package's one redaction
 * (`knowledge/src/redaction`: detectors, placeholders, the optional cache) plus what a model needs:
 * - the customer's own name becomes `[CUSTOMER]` (other names `[NAME]`), so the engine can put the
 *   first name back into what the model wrote;
 * - reversible `[[PII_n]]` masking for drafts sent to be rewritten.
 */

/** `names` are hidden wherever they occur (each part of 2+ letters too); the first is taken as the customer. */
export type RedactOptions = Pick<RedactionOptions, 'names' | 'locale' | 'cache' | 'recognizedNames'>;

/** The customer's name, told apart from other people's so the engine can restore it. */
export const CUSTOMER_PLACEHOLDER = '[CUSTOMER]';

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

/** Replaces personal data in `text` with placeholders such as `[EMAIL]` and `[CUSTOMER]`. */
export function redactText(text: string, options: RedactOptions = {}): string {
  const customer = nameParts(options.names ?? []);
  const isCustomer = (original: string): boolean => original.toLowerCase().split(/\s+/).every((part) => customer.has(part));
  return replacePersonalData(text, options, (span, original) => (span.type === 'name' && isCustomer(original) ? CUSTOMER_PLACEHOLDER : REDACTION_PLACEHOLDERS[span.type]));
}

/**
 * What `build` returns when each text it redacts goes through `redactText`, with the name
 * recogniser run for all of them ahead, in one call to `recognizer` (its worker thread), instead of
 * on the calling thread text by text. `build` runs twice: once to collect the texts, once to redact
 * them, so it must be a pure function of its inputs. Without a recogniser it runs once, as before.
 *
 * @example
 * const [subject, body] = await redactEach((redact) => [redact(ticket.subject), redact(message)], { names }, recognizer);
 */
export async function redactEach<T>(build: (redact: (text: string) => string) => T, options: RedactOptions, recognizer?: NameRecognizer): Promise<T> {
  if (!recognizer) return build((text) => redactText(text, options));
  const texts: string[] = [];
  build((text) => {
    texts.push(text);
    return text;
  });
  const ready = await withRecognizedNames(texts, options, recognizer);
  return build((text) => redactText(text, ready));
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
  const masked = replacePersonalData(text, options, (_span, original) => {
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
