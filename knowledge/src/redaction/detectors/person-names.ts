import { recognizePeople } from './recognize-people.js';
import { NOT_WORD_AFTER, NOT_WORD_BEFORE, escapeRegExp, type PersonalDataSpan } from './span.js';

/** A capitalised name token: José, O'Brien, Anne-Marie. */
const NAME = "\\p{Lu}[\\p{Ll}\\p{Lu}'’-]*\\p{Ll}[\\p{Ll}'’-]*|\\p{Lu}\\.?";
const NAMES = `(?:${NAME})(?:[ \\t]+(?:${NAME})){0,2}`;
const TITLE = '(?:(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam)\\.?[ \\t]+)?';

const GREETING = new RegExp(
  `^[ \\t]*(?:hi|hello|hey|dear|hiya|howdy|greetings|good (?:morning|afternoon|evening)|hallo|hola|bonjour|salut|ciao|olá|hej)[ \\t,]+${TITLE}(${NAMES})[ \\t]*(?=[,!.:;\\n—-]|$)`,
  'gimu',
);
const SIGN_OFF = new RegExp(
  `^[ \\t]*(?:thanks|thank you|many thanks|thanks again|thx|ty|cheers|best|best regards|kind regards|warm regards|warmly|regards|sincerely|yours truly|yours|all the best|take care|talk soon|br|viele grüße|grüße|gruß|saludos|cordialement|merci|groeten|mvh|hälsningar)(?:[ \\t]*[,!.—-]+[ \\t]*\\n?|[ \\t]*\\n)[ \\t]*(${NAMES})[ \\t]*$`,
  'gimu',
);
/** "my name is Jane Doe", "Name: Jane Doe", "From: Jane Doe <…>" */
const SELF_INTRODUCTION = new RegExp(`(?:my name is|my name's|(?:^|\\n)[ \\t]*(?:name|full name|from|to|cc|reply-to)[ \\t]*:)[ \\t]*${TITLE}(${NAMES})`, 'giu');

/** Capitalised words that follow "Hi" or "Thanks," without being names. */
const NOT_NAMES = new Set(
  [
    'there', 'team', 'all', 'everyone', 'everybody', 'folks', 'guys', 'support', 'again', 'friend', 'friends', 'sir', 'madam',
    'customer', 'both', 'you', 'agent', 'again', 'so', 'much', 'a', 'lot', 'for', 'in', 'advance', 'and', 'the', 'i', 'we',
    'mr', 'mrs', 'ms', 'dr', 'again', 'again!', 'ok', 'okay', 'yes', 'no', 'please', 'customer service', 'hello', 'hi', 'thanks',
  ].map((word) => word.toLowerCase()),
);
/** Name parts too short or too common to redact on their own wherever they appear. */
const PARTICLES = new Set(['de', 'da', 'di', 'del', 'della', 'der', 'den', 'van', 'von', 'la', 'le', 'du', 'bin', 'ibn', 'al', 'el', 'mc', 'st']);

export interface NameOptions {
  /** Customer and agent names known to the caller; each is redacted whole and by part. */
  names: string[];
  /** Run compromise's English person recogniser (only meaningful for English text). */
  useRecognizer: boolean;
  /**
   * What the recogniser found in this very text, found ahead (in a worker thread: `name-recognizer.ts`);
   * absent → it runs here, on the calling thread. Only read when `useRecognizer` is true.
   */
  recognized?: readonly string[] | undefined;
}

/**
 * Person names, from three evidence sources, then every occurrence of each name found:
 * 1. names the caller knows (ticket requester, agents), whole (case-insensitive) and by part
 *    (capitalised, so "Will" the name goes but "will" the verb stays);
 * 2. names in greetings and sign-offs ("Hi Jane,", "Thanks, Alex", "Best regards,\nSam Lee"),
 *    self-introductions ("my name is …") and mail headers ("From: Jane Doe <…>");
 * 3. for English text, `compromise`'s person recogniser ("my colleague John Smith will call"),
 *    which works offline from its lexicon and grammar rules.
 */
export function findPersonNames(text: string, options: NameOptions): PersonalDataSpan[] {
  const found = new Set<string>();
  for (const name of options.names) if (name.trim()) found.add(name.trim());
  for (const pattern of [GREETING, SIGN_OFF, SELF_INTRODUCTION]) {
    for (const match of text.matchAll(pattern)) {
      const name = cleanName(match[1] ?? '');
      if (name) found.add(name);
    }
  }
  if (options.useRecognizer) for (const name of keptPeople(options.recognized ?? recognizePeople(text))) found.add(name);

  const spans: PersonalDataSpan[] = [];
  for (const name of found) {
    const whole = new RegExp(`${NOT_WORD_BEFORE}${escapeRegExp(name).replace(/\s+/g, '\\s+')}${NOT_WORD_AFTER}`, 'giu');
    for (const match of text.matchAll(whole)) spans.push({ type: 'name', start: match.index, end: match.index + match[0].length });
    for (const part of name.split(/\s+/)) {
      const bare = part.replace(/[.,]$/, '');
      if (bare.length < 2 || PARTICLES.has(bare.toLowerCase()) || NOT_NAMES.has(bare.toLowerCase())) continue;
      const capitalised = bare[0]!.toUpperCase() + bare.slice(1);
      const byPart = new RegExp(`${NOT_WORD_BEFORE}${escapeRegExp(capitalised)}${NOT_WORD_AFTER}`, 'gu');
      for (const match of text.matchAll(byPart)) spans.push({ type: 'name', start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

/**
 * The leading run of real name words in a greeting match: capitalised (the patterns are
 * case-insensitive for "hi"/"HI", so case is checked here) and not a word like "Team" or "Again".
 * Null when nothing is left ("Hi there", "Thanks all").
 */
function cleanName(raw: string): string | null {
  const kept: string[] = [];
  for (const word of raw.split(/\s+/)) {
    const bare = word.replace(/[.!,]$/, '');
    if (!/^\p{Lu}/u.test(bare) || NOT_NAMES.has(bare.toLowerCase())) break;
    kept.push(bare);
  }
  const name = kept.join(' ');
  return name.replace(/\./g, '').length >= 2 ? name : null;
}

/**
 * The recogniser's names that are names here: not a word like "Team" or "Again". The recogniser
 * (recognize-people.js) keeps only capitalised ones, so a text without a single upper-case letter
 * skips the library, the costliest step of redaction; `name-recognizer.ts` runs it off the event loop.
 */
function keptPeople(people: readonly string[]): string[] {
  return people.filter((name) => !NOT_NAMES.has(name.toLowerCase()));
}
