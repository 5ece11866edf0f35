/**
 * Lexical answer metrics, deliberately independent of the answer engine's own text helpers so the
 * measurement does not share the code it measures: tokens, content words, ROUGE-L F and lexical
 * grounding of reply sentences in the passages they cite.
 */

// English function words; content words are what is left. Kept short on purpose: the metrics
// compare texts with each other, they do not need a full stop list.
const STOP_WORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into about as is are was were be been being am do does did ' +
    'have has had i me my we us our you your he him his she her it its they them their this that these those there here what which ' +
    'who whom when where why how can could should would will shall may might must not no yes also just very too than only own same ' +
    'such both each any all some more most other again once up down out off over under please thanks thank hi hello hey ok okay ' +
    'let lets get got im its dont cant'
  ).split(' '),
);

/** Lower-cased word tokens (letters and digits; apostrophes dropped). */
export function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Strips a plural or verb ending so "rooms"/"room" and "parked"/"park" compare equal. */
function normalizeWord(word: string): string {
  if (word.length <= 4 || /^\d+$/.test(word)) return word;
  for (const suffix of ['ing', 'ed', 'es', 's']) if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  return word;
}

/** Content words: tokens without stop words, lightly normalised. */
export function contentWords(text: string): string[] {
  return tokens(text)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map(normalizeWord);
}

/** Sentences of a reply: split at line breaks and at . ! ? followed by a space. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) current[j] = x === b[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, current[j - 1] as number);
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * ROUGE-L F1 between a candidate and a reference: the longest common subsequence of their tokens,
 * as precision (over the candidate) and recall (over the reference), combined by the harmonic mean.
 * 0 when either text has no tokens.
 *
 * @example
 * rougeL('free parking is available', 'yes parking is free and available'); // ≈ 0.6
 */
export function rougeL(candidate: string, reference: string): number {
  const a = tokens(candidate);
  const b = tokens(reference);
  if (a.length === 0 || b.length === 0) return 0;
  const lcs = lcsLength(a, b);
  if (lcs === 0) return 0;
  const precision = lcs / a.length;
  const recall = lcs / b.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface GroundingOptions {
  /** A sentence is supported when at least this share of its content words occur in one cited passage. Default 0.6. */
  threshold?: number;
  /** Sentences with fewer content words (greetings, "Thanks!") are not graded. Default 3. */
  minContentWords?: number;
}

export interface Grounding {
  /** Sentences graded (enough content words). */
  graded: number;
  /** Graded sentences supported by a cited passage. */
  supported: number;
}

/**
 * Lexical grounding of one reply: which of its statements (not its questions) have their content
 * words in a passage the reply cites. A reply with no citation has every graded sentence unsupported.
 *
 * @example
 * grounding('Parking is free on site. We love you all very much indeed.', ['Free parking is available on site.']);
 * // { graded: 2, supported: 1 }
 */
export function grounding(reply: string, citedPassages: readonly string[], options: GroundingOptions = {}): Grounding {
  const threshold = options.threshold ?? 0.6;
  const minContentWords = options.minContentWords ?? 3;
  const passageWords = citedPassages.map((passage) => new Set(contentWords(passage)));
  let graded = 0;
  let supported = 0;
  for (const sentence of sentences(reply)) {
    // A question ("Would you like to know anything else?") states no fact to ground.
    if (/[?？]$/u.test(sentence)) continue;
    const words = [...new Set(contentWords(sentence))];
    if (words.length < minContentWords) continue;
    graded += 1;
    const isSupported = passageWords.some((set) => words.filter((word) => set.has(word)).length / words.length >= threshold);
    if (isSupported) supported += 1;
  }
  return { graded, supported };
}
