import { detect } from 'tinyld';

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

/** "pt-BR" → "pt"; undefined for an empty or malformed locale. */
export function primaryTag(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const match = /^([a-zA-Z]{2,3})(?:[-_]|$)/.exec(locale.trim());
  return match?.[1]?.toLowerCase();
}
