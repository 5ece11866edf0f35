import { phrasesFor } from '../../text/phrases.js';
import { coverage, splitSentences, stripMarkdown, termSet } from '../../text/text-tools.js';
import { findLinks } from './reply-links.js';

/**
 * Grounding of an outgoing reply: every sentence must be supported by one cited passage. A
 * sentence is supported when at least `GROUNDING_MIN_OVERLAP` of its content terms (folded,
 * stemmed, stop words dropped) occur in the passage, and every number it states occurs in one of
 * the cited passages. Deterministic and explainable: the finding names the sentence, its best
 * overlap and the numbers no passage has. Links are left to the link check.
 */

/** Share of a sentence's content terms one cited passage must contain. */
export const GROUNDING_MIN_OVERLAP = 0.6;

/** Content terms a sentence around a link may have and still count as introducing it. */
const LINK_INTRO_TERMS = 2;

export interface GroundingPassage {
  title: string;
  sectionPath: readonly string[];
  content: string;
}

export interface UngroundedSentence {
  sentence: string;
  /** Best share of the sentence's terms found in one cited passage (0..1). */
  overlap: number;
  /** Numbers of the sentence no cited passage contains. */
  missingNumbers: string[];
}

// Courtesy sentences carry no claim. Only whole sentences match: "Thanks! We'll refund you" is two
// sentences, and the second one is checked.
const COURTESY =
  /^(?:(?:many |thank you|thanks|thank you so much|thanks so much)(?: (?:again|for (?:your|the) \p{L}+(?:\s\p{L}+){0,2}|for (?:reaching out|getting in touch|contacting us|your patience|waiting)))?|(?:i |we )?hope (?:this|that) helps|(?:please )?(?:let (?:us|me) know|feel free to (?:reach out|ask|contact us)|don['’]t hesitate to (?:reach out|ask|contact us))(?: if \p{L}+(?:[\s'’]\p{L}+){0,7})?|(?:i'm |we're |i am |we are )?(?:happy|glad) to help|have a (?:great|nice|good|lovely) (?:day|week|weekend|evening)|(?:i'm |we're |i am |we are )?sorry (?:for|about) (?:the|that|this|any) \p{L}+(?:\s\p{L}+){0,2}|(?:we |i )?apologi[sz]e for (?:the|any) \p{L}+(?:\s\p{L}+){0,2}|gracias(?: por \p{L}+(?:\s\p{L}+){0,2})?|merci(?: pour \p{L}+(?:\s\p{L}+){0,2})?|danke(?: für \p{L}+(?:\s\p{L}+){0,2})?|obrigad[oa](?: por \p{L}+(?:\s\p{L}+){0,2})?|grazie(?: per \p{L}+(?:\s\p{L}+){0,2})?|bedankt(?: voor \p{L}+(?:\s\p{L}+){0,2})?)[\s.!…]*$/iu;

// A greeting the model wrote despite being told not to ("Hi Jane!"): a greeting word, then at most
// three capitalised names, so "Hi refund approved" is not one.
const GREETING_WORD = /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenos d[ií]as|bonjour|hallo|guten tag|ol[áa]|oi|ciao|buongiorno|goedendag)(?![\p{L}])/iu;
const NAMES = /^(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}\s*[,!.:]*$/u;

function isGreeting(sentence: string): boolean {
  const word = GREETING_WORD.exec(sentence);
  return word !== null && NAMES.test(sentence.slice(word[0].length));
}

const NUMBER = /\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?/g;

/** Numbers in `text`, digits only ("5,000" and "5.000" both → "5000"; "1.5" → "15"), so formatting does not matter. */
export function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).map((raw) => raw.replace(/[.,]/g, '').replace(/^0+(?=\d)/, ''));
}

function isCourtesy(sentence: string, language: string): boolean {
  const phrases = phrasesFor(language);
  const fixed = [phrases.thanks, phrases.moreInfo, phrases.dmInvite, phrases.holding, phrases.signOff];
  const bare = sentence.replace(/^[-*•]\s*/, '').replace(/\s+/g, ' ').trim();
  return fixed.includes(bare) || COURTESY.test(bare) || isGreeting(bare);
}

/**
 * The sentences of `reply` the cited passages do not support (empty when all are supported).
 *
 * @example
 * ungroundedSentences('Returns are free. We also give you a free phone.', [returnsPassage], 'en');
 * // [{ sentence: 'We also give you a free phone.', overlap: 0.33, missingNumbers: [] }]
 */
export function ungroundedSentences(reply: string, cited: readonly GroundingPassage[], language: string): UngroundedSentence[] {
  const supports = cited.map((passage) => termSet(`${passage.title}\n${passage.sectionPath.join('\n')}\n${passage.content}`));
  const knownNumbers = new Set(cited.flatMap((passage) => numbersIn(`${passage.title}\n${passage.content}`)));
  const found: UngroundedSentence[] = [];
  // Markdown is layout, not claims: list numbers ("1. Open Orders") are not facts to find in a passage.
  for (const sentence of splitSentences(stripMarkdown(reply))) {
    let claim = sentence;
    const links = findLinks(sentence);
    for (const link of links) claim = claim.replace(link, ' ');
    if (isCourtesy(claim, language)) continue;
    const terms = termSet(claim);
    // "Details: <link>" introduces a link, which the link check judges; it makes no claim of its own.
    if (links.length > 0 && terms.size <= LINK_INTRO_TERMS && numbersIn(claim).length === 0) continue;
    const missingNumbers = numbersIn(claim).filter((number) => !knownNumbers.has(number));
    if (terms.size === 0 && missingNumbers.length === 0) continue;
    const overlap = terms.size === 0 ? 1 : Math.max(0, ...supports.map((support) => coverage(terms, support)));
    if (overlap < GROUNDING_MIN_OVERLAP || missingNumbers.length > 0) {
      found.push({ sentence, overlap: Math.round(overlap * 100) / 100, missingNumbers });
    }
  }
  return found;
}
