/** Small formatting helpers shared by the components; pure, so they are unit-tested. */

// Channel and role labels are the product vocabulary's, shared with the server and the console.
export { channelLabel, roleLabel } from '@threadline/vocabulary';

/** "5 min ago", "yesterday", "3 days ago", or a date for anything older than a month. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return then.toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function absoluteTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A piece of reply text: plain text, or a `[n]` citation marker. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'cite'; number: number };

/** Splits text on `[1]`, `[2]`… so each marker can link to its source. */
export function splitCitations(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,2})\]/g)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ kind: 'text', text: text.slice(last, index) });
    parts.push({ kind: 'cite', number: Number(match[1]) });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Removes `[n]` citation markers (and the space before them): a customer never sees them. */
export function withoutCitationMarkers(text: string): string {
  return text.replace(/[ \t]?\[\d{1,2}\]/g, '');
}

/**
 * What the draft panel shows and what Insert puts into the helpdesk's editor. The untouched draft
 * is shown with its [n] markers (`citedText`); a rewrite is shown as it is. Insert always gets the
 * reply alone: the server's `replyText` carries no note header and no source list, and markers are
 * stripped in case a rewrite kept some.
 */
export function draftTexts(suggestion: { replyText: string; citedText: string }, current: string): { shown: string; inserted: string } {
  const isOriginal = current === suggestion.replyText;
  return { shown: isOriginal ? suggestion.citedText : current, inserted: isOriginal ? suggestion.replyText : withoutCitationMarkers(current) };
}

/** A check the engine fired that a stronger one it also fired already says (the hand-off cut lies below the threshold). */
const IMPLIED_BY: Readonly<Record<string, string>> = { 'low-confidence': 'very-low-confidence' };

/**
 * Checks named for what they compare, in the words of the figure the badge shows beside them (which
 * may be the answerability, not the confidence): "very low confidence" beside "Knowledge answers it
 * 6%" read as another number.
 */
const CHECK_WORDS: Readonly<Record<string, string>> = {
  'low-confidence': 'below the reply threshold',
  'very-low-confidence': 'below the hand-off cut',
  'no-knowledge': 'nothing found in the knowledge',
};

/**
 * The checks that held a draft back, in words, each said once: below the hand-off cut the answer
 * is also below the threshold, and saying both tells the agent nothing more.
 *
 * @example
 * guardrailWords(['low-confidence', 'very-low-confidence', 'no-citation']); // ['below the hand-off cut', 'no citation']
 */
export function guardrailWords(guardrails: readonly string[]): string[] {
  const fired = new Set(guardrails);
  return [...fired].filter((guardrail) => !fired.has(IMPLIED_BY[guardrail] ?? '')).map((guardrail) => CHECK_WORDS[guardrail] ?? guardrail.replace(/[-_]+/g, ' '));
}

/** Languages offered for translation (BCP 47 tag → English name). */
export const TRANSLATE_LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['es', 'Spanish'],
  ['fr', 'French'],
  ['de', 'German'],
  ['it', 'Italian'],
  ['pt', 'Portuguese'],
  ['nl', 'Dutch'],
  ['pl', 'Polish'],
  ['sv', 'Swedish'],
  ['ja', 'Japanese'],
  ['zh', 'Chinese'],
  ['ko', 'Korean'],
  ['ar', 'Arabic'],
  ['hi', 'Hindi'],
  ['en', 'English'],
];

/** A fresh id for an Idempotency-Key (one per escalation attempt). */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
