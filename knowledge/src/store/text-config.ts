/**
 * The Postgres full-text configuration for a locale: stemming and stop words of the language when
 * Postgres ships them, `simple` (lower-casing only) otherwise. Every name here exists in a stock
 * Postgres 17 (and PGlite), so the value can be cast to `regconfig` safely.
 */
const CONFIG_BY_LANGUAGE: Record<string, string> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/** `en-US` → `en-us`; an empty or malformed locale becomes `und` (undetermined). */
export function normalizeLocale(locale: string | null | undefined): string {
  const clean = (locale ?? '').trim().replace(/_/g, '-').toLowerCase();
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(clean) ? clean : 'und';
}

/**
 * @example
 * textSearchConfig('es-MX') // 'spanish'
 * textSearchConfig('ja')    // 'simple'
 */
export function textSearchConfig(locale: string | null | undefined): string {
  const language = normalizeLocale(locale).split('-')[0] ?? '';
  return CONFIG_BY_LANGUAGE[language] ?? 'simple';
}
