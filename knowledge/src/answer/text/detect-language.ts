import { detect, detectAll } from 'tinyld';
import { escapeRegExp } from './text-tools.js';

/**
 * Language of a customer's text as a BCP 47 primary tag ("en", "es", …).
 *
 * tinyld is used because it stays right on the short sentences support messages are made of
 * (franc-min read "Bonjour, ma commande n'est pas arrivée" as Portuguese). Texts too short to
 * judge (under 12 letters, "hi", "refund pls") fall back to the ticket's locale, then to `en`.
 */
export function detectLanguage(text: string, fallbackLocale?: string): string {
  const fallback = primaryTag(fallbackLocale) ?? 'en';
  const letters = text.replace(/[^\p{L}]+/gu, '');
  if (letters.length < 12) return fallback;
  const detected = detect(text);
  return detected && /^[a-z]{2,3}$/.test(detected) ? detected : fallback;
}

/** Below this many letters a text's language is not told apart from the customer's. */
const MIN_LETTERS_TO_TELL = 40;

/**
 * The language knowledge text is written in when it is clearly not the customer's `language`;
 * otherwise `language`. Names are taken out first (`names`: what the passages are about, a hotel, a
 * product), since a name is no language's word and on a short text decides the guess: tinyld reads
 * "Kymmoy serves alcoholic beverage." as Finnish and "Meze Bar serves alcohol." as Italian. A text
 * shorter than MIN_LETTERS_TO_TELL, a weak guess, or one where the customer's language scores at
 * least half as high as the best, keeps the customer's language.
 *
 * @example
 * knowledgeLanguage('Kymmoy serves alcoholic beverage.', 'en', ['Kymmoy']); // 'en'
 * knowledgeLanguage('You can return any unused item within 30 days. Open Orders and select Return items.', 'es'); // 'en'
 */
export function knowledgeLanguage(text: string, language: string, names: readonly string[] = []): string {
  let plain = text;
  for (const name of names) {
    for (const word of name.split(/\s+/)) {
      if (word.length < 3) continue;
      plain = plain.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'giu'), ' ');
    }
  }
  if (plain.replace(/[^\p{L}]+/gu, '').length < MIN_LETTERS_TO_TELL) return language;
  const own = primaryTag(language) ?? language;
  const scores = detectAll(plain);
  const best = scores[0];
  if (!best || best.lang === own || best.accuracy < 0.3) return language;
  const ownScore = scores.find((score) => score.lang === own)?.accuracy ?? 0;
  return ownScore >= best.accuracy / 2 ? language : best.lang;
}

/** "pt-BR" → "pt"; undefined for an empty or malformed locale. */
export function primaryTag(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const match = /^([a-zA-Z]{2,3})(?:[-_]|$)/.exec(locale.trim());
  return match?.[1]?.toLowerCase();
}
