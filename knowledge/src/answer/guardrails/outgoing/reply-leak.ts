import { randomBytes } from 'node:crypto';
import { words } from '../../text/text-tools.js';

/**
 * Leakage of the instructions. Every answer request carries a fresh random canary in the system
 * prompt with the order never to reveal it: a reply that contains it (however spaced or cased)
 * shows the model printed its instructions. Long verbatim spans of the system prompt count too,
 * for a model that quotes the prompt but not the canary.
 */

/** Consecutive words shared with the system prompt that count as quoting it. */
export const PROMPT_SPAN_WORDS = 8;

/** A fresh canary: letters and digits only, so spacing or punctuation inserted by a model cannot hide it. */
export function createCanary(): string {
  return `cnry${randomBytes(10).toString('hex')}`;
}

const compact = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** True when `reply` contains the canary, ignoring case, spaces and punctuation. */
export function containsCanary(reply: string, canary: string): boolean {
  return canary.length > 0 && compact(reply).includes(compact(canary));
}

function shingles(text: string, size: number): Set<string> {
  const list = words(text);
  const result = new Set<string>();
  for (let i = 0; i + size <= list.length; i++) result.add(list.slice(i, i + size).join(' '));
  return result;
}

const promptShingles = new Map<string, Set<string>>();

/**
 * The first span of `PROMPT_SPAN_WORDS` consecutive words `reply` shares with one of `prompts`,
 * or undefined. Words are folded, so case and accents do not hide a quote.
 */
export function quotedPromptSpan(reply: string, prompts: readonly string[]): string | undefined {
  const spans = shingles(reply, PROMPT_SPAN_WORDS);
  if (spans.size === 0) return undefined;
  for (const prompt of prompts) {
    let known = promptShingles.get(prompt);
    if (!known) {
      known = shingles(prompt, PROMPT_SPAN_WORDS);
      // The prompts are a handful of constants; never let a caller's varying text grow the cache.
      if (promptShingles.size < 8) promptShingles.set(prompt, known);
    }
    for (const span of spans) if (known.has(span)) return span;
  }
  return undefined;
}
