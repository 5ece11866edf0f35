import type { PersonalDataSpan } from './span.js';

/** Suffixes that only ever end a street name. */
const STRONG_SUFFIX = '(?:Street|Avenue|Road|Boulevard|Lane|Terrace|Parkway|Highway|Crescent|Alley|Expressway|Turnpike)\\b|(?:St|Ave|Rd|Blvd|Ln|Ter|Pkwy|Hwy|Cres)\\b\\.?';
/** Suffixes that are also ordinary words ("2 Google Drive accounts"): need more evidence of an address. */
const WEAK_SUFFIX = '(?:Drive|Way|Court|Place|Square|Circle|Close|Row|Walk|Plaza|Trail)\\b|(?:Dr|Ct|Pl|Sq|Cir|Trl)\\b\\.?';
const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';

const WORD = "[\\p{Lu}\\d][\\p{L}\\d.'’-]*";
const UNIT = "(?:,?\\s*(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Floor|Fl\\.?|#)\\s*[\\p{L}\\d-]+)?";
const CITY_STATE_ZIP = `(?:,?\\s+\\p{Lu}[\\p{L}.'-]*(?:\\s\\p{Lu}[\\p{L}.'-]*){0,2},?\\s+(?:${STATES})\\s+\\d{5}(?:-\\d{4})?)?`;

/** 221B Baker Street · 1600 Amphitheatre Parkway, Mountain View, CA 94043 · 12 W. 34th St., Apt 5C */
const US_STYLE = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,6}[A-Za-z]?\\s+(?:[NSEW]\\.?\\s+)?(?:${WORD}\\s+){0,3}(?:${STRONG_SUFFIX}|(?:${WEAK_SUFFIX})(?=\\s*(?:,|$|\\n|\\.\\s|\\s+(?:Apt|Suite|Ste|Unit|#)|\\s+\\p{Lu})))${UNIT}${CITY_STATE_ZIP}`,
  'gmu',
);
/** Springfield, IL 62704 on its own. */
const CITY_STATE_ZIP_ONLY = new RegExp(`(?<![\\p{L}\\p{N}])\\p{Lu}[\\p{L}.'-]*(?:\\s\\p{Lu}[\\p{L}.'-]*){0,2},\\s+(?:${STATES})\\s+\\d{5}(?:-\\d{4})?(?!\\d)`, 'gu');
/** Hauptstraße 5 · Kirchweg 12a · Marienplatz 8 (German, Dutch, Scandinavian suffix-glued names). */
const GLUED_SUFFIX = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|straat|laan|gracht|gatan|vägen|gade|vej)\s+\d{1,4}\s?[a-z]?(?![\p{L}\p{N}])/gu;
/** 12 rue de la Paix · 5 avenue Foch · Calle Mayor 10 · Via Roma 1 · Rua Augusta 274 */
const ROMANCE = /(?<![\p{L}\p{N}])(?:\d{1,4},?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|chemin|impasse|quai)\s+(?:[\p{L}'’-]+\s){0,4}[\p{L}'’-]+|(?:Calle|C\/|Avenida|Avda\.|Via|Viale|Piazza|Rua|Praça)\s+(?:[\p{L}'’-]+\s){0,3}\d{1,4})(?![\p{L}\p{N}])/gu;
/** P.O. Box 1234 */
const PO_BOX = /(?<![\p{L}\p{N}])P\.?\s?O\.?\s+Box\s+\d+(?![\p{L}\p{N}])/giu;

/**
 * Street addresses: house number + street name + street suffix (US/UK style, with unit and
 * "City, ST 12345" when they follow), "City, ST 12345" alone, German/Dutch/Nordic names with a glued
 * suffix and a number, French/Spanish/Italian/Portuguese street words, and P.O. boxes. Weak suffixes
 * that double as words (Drive, Way, Place…) count only when the text around looks like an address.
 */
export function findStreetAddresses(text: string): PersonalDataSpan[] {
  const spans: PersonalDataSpan[] = [];
  for (const pattern of [US_STYLE, CITY_STATE_ZIP_ONLY, GLUED_SUFFIX, ROMANCE, PO_BOX]) {
    for (const match of text.matchAll(pattern)) spans.push({ type: 'address', start: match.index, end: match.index + match[0].trimEnd().length });
  }
  return spans;
}
