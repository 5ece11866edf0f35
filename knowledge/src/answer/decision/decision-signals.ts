import { contentTerms, coverage, splitSentences, stripMarkdown, termSet, words } from '../text/text-tools.js';
import type { AnswerPassage } from '../types.js';

/**
 * What the decision to answer or hand off looks at, for one message and the knowledge retrieved
 * for it. Every value is a number in 0..1 (flags are 0 or 1) so the answerability model
 * (`answerability.ts`) can weigh them and the eval can print them per decision.
 */
export interface DecisionSignals {
  /** The best passage's retrieval score (clamped to 0..1). */
  topScore: number;
  /**
   * How far the best document stands above the next one (score difference, 0..1). A question
   * the knowledge answers usually has one clear article; an unrelated one gets a flat list.
   */
  margin: number;
  /** Share of the message's content words found in the sentences the answer would send. */
  coverage: number;
  /**
   * Share of the message's content words found anywhere in the retrieved passages. Words the
   * knowledge never uses (another language, a product it does not sell, gibberish) lower it.
   */
  knownShare: number;
  /**
   * The most of the message's content words one sentence of the knowledge holds: a message the
   * knowledge answers is usually close to one sentence of it (an FAQ's question, an example phrasing).
   */
  bestSentenceCoverage: number;
  /**
   * The closest sentence of the knowledge by letter trigrams (Dice): robust to the typos and
   * run-together words of chat messages that defeat word matching.
   */
  bestSentenceSimilarity: number;
  /** The message's content words, log-scaled: 0 for none, 1 for 20 or more. */
  length: number;
  /** A question (question mark or an interrogative opening). */
  isQuestion: number;
  /** Asks for something to be done or found (book, reserve, find me, looking for, recommend). */
  isActionRequest: number;
  /** Asks for the details of a record (address, phone number, postcode, reference number). */
  asksForDetails: number;
  /** Carries booking details: a party size, a number of nights, a weekday or a clock time. */
  hasBookingDetails: number;
  /** The answer's sentences are in another language than the message (nothing offline translates). */
  isLanguageMismatch: number;
  /**
   * States what the customer wants rather than asking ("I'd like it in the centre", "cheap would be
   * fine", "internet is not important"), or names what a search filters on (a price band, a part of
   * town, a star rating): criteria for a search or an order, which a person or the booking flow
   * acts on; an article does not answer them.
   */
  statesCriteria: number;
  /**
   * Asks for everything about a thing ("what can you tell me about the Bridge Guest House?",
   * "information on gonville hotel"): an overview the sentences of an FAQ rarely give.
   */
  asksOverview: number;
  /**
   * Asks how good something is (clean, quiet, comfortable, worth it, the view, the service): what
   * reviews and experience answer, and what a record of facts does not hold.
   */
  asksQuality: number;
  /** Thanks or a goodbye somewhere in the message, beside whatever else it says. */
  hasThanks: number;
}

/** The signal names, in the order the model's weights list them. */
export const SIGNAL_NAMES = [
  'topScore',
  'margin',
  'coverage',
  'knownShare',
  'bestSentenceCoverage',
  'bestSentenceSimilarity',
  'length',
  'isQuestion',
  'isActionRequest',
  'asksForDetails',
  'hasBookingDetails',
  'isLanguageMismatch',
  'statesCriteria',
  'asksOverview',
  'asksQuality',
  'hasThanks',
] as const satisfies ReadonlyArray<keyof DecisionSignals>;

/**
 * An interrogative or an auxiliary among the first words, not after its subject: "could you",
 * "ok, is it", but not "I would like" or "it is".
 */
const INTERROGATIVE =
  /^\s*(?:\S+\s+){0,3}?(?<!\b(?:i|we|you|it|they|he|she|that|this|there|i'd|we'd|i'm)\s+)(?:what|which|where|when|how|why|who|whose|does|do|did|is|are|was|were|can|could|will|would|should|may|might|has|have|had)\b/iu;

/** A question asked indirectly: "I wonder if", "I'd like to know whether", "tell me if". */
const INDIRECT_QUESTION = /\b(?:wonder(?:ing)? (?:if|whether|what|how|when|where)|(?:like|want|need) to know|(?:tell|let) me (?:know )?(?:if|whether)|(?:check|see) (?:if|whether))\b/iu;

/**
 * "Book it", "can you reserve a table", "find me a hotel", "I'm looking for a restaurant",
 * "recommend a guesthouse": a task for a person or a booking flow, not a question for an article.
 */
const ACTION_REQUEST =
  /\b(?:book|booking|reserve|reservation|find me|help me find|find (?:a|an|one|me|something|somewhere|us)|looking for|look for|search for|recommend|suggest|arrange)\b/iu;

/** The details a record holds rather than an article: where it is, how to reach it, its reference. */
const DETAILS =
  /\b(?:address|addresses|phone|telephone|postcode|post code|postal code|zip code|reference number|ref number|confirmation number|booking number|contact number|contact details|email address)\b/iu;

const WEEKDAY = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow)`;
const BOOKING_DETAILS = new RegExp(
  String.raw`\b(?:\d+|one|two|three|four|five|six|seven|eight)\s+(?:people|persons|guests|adults|nights?|days?|tickets?|rooms?)\b|\b${WEEKDAY}\b|\b\d{1,2}(?::\d{2})\s*(?:am|pm)?\b|\b\d{1,2}\s*(?:am|pm)\b`,
  'iu',
);

const CRITERIA =
  /\b(?:i(?:'d| would)? (?:like|want|need|prefer)(?: it| one| something| them)?|we(?:'d| would)? (?:like|want|need|prefer)|(?:would|will|should|that'?s?|is) (?:be )?(?:fine|ok(?:ay)?|good|great|perfect)|(?:does ?n[o']t|doesn'?t|does not|do ?n[o']t) (?:matter|care|mind)|(?:is|are) not important|no preference|any (?:\w+ )?(?:will|would|is) (?:do|be)|(?:price|price range|area|part of town|budget)\b)/iu;

/** What a search filters on, asked or stated: a price band, a part of town, a star rating. */
const SEARCH_CRITERIA =
  /\b(?:cheap|cheaper|cheapest|inexpensive|expensive|moderate(?:ly)?(?: priced)?|price range|\d+[- ]stars?|star rating|in the (?:north|south|east|west|centre|center|city cent(?:re|er))|part of town|same area)\b/iu;

const OVERVIEW =
  /\b(?:(?:what|anything) (?:can|could) you (?:tell|say)(?: me)?(?: about)?|tell me (?:more )?about|(?:any |some |more )?(?:information|info|details) (?:on|about|regarding)|what (?:is|are) (?:\w+ ){0,3}like\b|know (?:anything )?about)/iu;

const QUALITY =
  /\b(?:good|great|nice|best|better|bad|clean|dirty|quiet|noisy|loud|comfortable|comfy|friendly|helpful|worth|value|quality|reliable|stable|fast|slow|spacious|tasty|delicious|fresh|view|views|atmosphere|ambiance|ambience|service|staff|decor|decorated|sanitized|spotless|safe|crowded|cozy|cosy|rated|reviews?|recommend(?:ed)?|popular|experience|portions?)\b/iu;

const THANKS_ANYWHERE = /\b(?:thanks?|thank you|thx|cheers|goodbye|bye)\b/iu;

/** Words a message may hold before it counts as "long" for the length signal. */
const LONG_MESSAGE_TERMS = 20;

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

function flag(pattern: RegExp, text: string): number {
  return pattern.test(text) ? 1 : 0;
}

/** Best score per document (chunks of one article are one source), best first. */
function documentScores(passages: readonly AnswerPassage[]): number[] {
  const best = new Map<string, number>();
  for (const passage of passages) {
    const document = passage.url ?? passage.title ?? passage.id;
    best.set(document, Math.max(best.get(document) ?? 0, clamp(passage.score)));
  }
  return [...best.values()].sort((a, b) => b - a);
}

/** Letter trigrams of the folded words, padded so short words count. */
function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of words(text)) {
    const padded = ` ${word} `;
    for (let index = 0; index + 3 <= padded.length; index++) grams.add(padded.slice(index, index + 3));
  }
  return grams;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/** Best single-sentence word coverage and letter-trigram similarity of the message against the passages' sentences. */
function closestSentence(message: string, asked: ReadonlySet<string>, passages: readonly AnswerPassage[]): { coverage: number; similarity: number } {
  const messageGrams = trigrams(message);
  let best = { coverage: 0, similarity: 0 };
  for (const passage of passages) {
    for (const sentence of splitSentences(stripMarkdown(passage.content))) {
      best = {
        coverage: Math.max(best.coverage, coverage(asked, termSet(sentence))),
        similarity: Math.max(best.similarity, dice(messageGrams, trigrams(sentence))),
      };
    }
  }
  return best;
}

export interface SignalInput {
  /** The customer's message being answered. */
  message: string;
  /** The passages retrieved for it. */
  passages: readonly AnswerPassage[];
  /** The sentences the answer would send (empty when none was chosen). */
  sentences: readonly string[];
  /** The answer's language differs from the message's. */
  isLanguageMismatch: boolean;
}

/**
 * The decision signals of a message and its retrieved knowledge.
 *
 * @example
 * decisionSignals({ message: 'Can I return my tent?', passages, sentences: ['You can return any unused item within 30 days.'], isLanguageMismatch: false });
 * // { topScore: 0.82, margin: 0.31, coverage: 0.5, knownShare: 1, isQuestion: 1, isActionRequest: 0, ... }
 */
export function decisionSignals(input: SignalInput): DecisionSignals {
  const message = input.message.trim();
  const asked = termSet(message);
  const scores = documentScores(input.passages);
  const known = new Set(input.passages.flatMap((passage) => contentTerms(`${passage.title}\n${stripMarkdown(passage.content)}`)));
  const answered = new Set(input.sentences.flatMap((sentence) => splitSentences(sentence).flatMap((part) => contentTerms(part))));
  const closest = closestSentence(message, asked, input.passages);
  const isQuestion = message.includes('?') || INTERROGATIVE.test(message) || INDIRECT_QUESTION.test(message) ? 1 : 0;
  return {
    topScore: scores[0] ?? 0,
    margin: clamp((scores[0] ?? 0) - (scores[1] ?? 0)),
    coverage: clamp(coverage(asked, answered)),
    knownShare: clamp(coverage(asked, known)),
    bestSentenceCoverage: clamp(closest.coverage),
    bestSentenceSimilarity: clamp(closest.similarity),
    length: clamp(Math.log1p(asked.size) / Math.log1p(LONG_MESSAGE_TERMS)),
    isQuestion,
    isActionRequest: flag(ACTION_REQUEST, message),
    asksForDetails: flag(DETAILS, message),
    hasBookingDetails: flag(BOOKING_DETAILS, message),
    isLanguageMismatch: input.isLanguageMismatch ? 1 : 0,
    statesCriteria: (!isQuestion && CRITERIA.test(message)) || SEARCH_CRITERIA.test(message) ? 1 : 0,
    asksOverview: flag(OVERVIEW, message),
    asksQuality: flag(QUALITY, message),
    hasThanks: flag(THANKS_ANYWHERE, message),
  };
}
