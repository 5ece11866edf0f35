import { escapeRegExp, splitSentences } from '../text/text-tools.js';

/**
 * A yes/no question in English: its last sentence opens with an auxiliary ("Does the hotel have
 * parking?", "Is there a pool?", "Can I pay by card?").
 */
const POLAR_QUESTION = /^(?:do|does|did|is|are|was|were|can|could|has|have|had|will|would|should|may)\b[^?]*\?\s*$/iu;
const NEGATION = /\b(?:not|no|never|none|nothing|cannot|can't|cant|won't|isn't|aren't|doesn't|don't|didn't|hasn't|haven't)\b|n't\b/iu;
const ALREADY_POLAR = /^(?:yes|no|yeah|nope|sure|certainly|unfortunately)\b/iu;
/**
 * A sentence that answers only under a condition ("… if it has not shipped we can usually still
 * change the address"): neither a plain yes nor a plain no, and a negation inside the condition is
 * not the answer's.
 */
const CONDITIONAL = /\b(?:if|unless|provided|as long as|only when|only if)\b/iu;
/**
 * The lead sentence must hold at least this IDF-weighted share of the question's content words:
 * then it speaks to what was asked, and its polarity is the answer. Below it the sentence is only
 * on the topic ("Free WiFi is available" to "is the WiFi fast and reliable?"), and a "Yes" would
 * claim more than the knowledge says. Tuned on the eval's dev data.
 */
export const MIN_QUESTION_COVERAGE = 0.4;

/** The customer's question this reply answers: the last sentence of the latest message that asks one. */
function lastQuestion(message: string): string | undefined {
  return splitSentences(message)
    .filter((sentence) => sentence.trim().endsWith('?'))
    .at(-1);
}

const ARTICLE = /^(?:the|a|an|this|that|these|those|our|their|its)$/iu;

/**
 * A word that keeps its capital after "Yes, ": a name. It is capitalised somewhere other than at
 * the start of a sentence in the texts given (the passages, the question), is "I" or an acronym, or
 * opens a capitalised name ("Rice House", but not "The Cambridge Belfry", whose article is lowered).
 */
function isName(word: string, next: string, texts: readonly string[]): boolean {
  if (word === 'I' || /^\p{Lu}{2,}/u.test(word) || /\p{Ll}\p{Lu}/u.test(word)) return true;
  // The first word of a capitalised name ("Rice House does …"), unless it is an article.
  if (/^\p{Lu}\p{Ll}+$/u.test(next) && !ARTICLE.test(word)) return true;
  const inside = new RegExp(`[^.!?\\n]\\s+${escapeRegExp(word)}\\b`, 'u');
  return texts.some((text) => inside.test(text));
}

/**
 * Opens the lead sentence with "Yes, " or "No, " when it answers a yes/no question directly, as an
 * agent would write it: "Does the restaurant serve alcohol?" → "Yes, alcohol is served here."
 * `coverage` is how much of the question the sentence holds (`ExtractiveAnswer.leadCoverage`).
 * The polarity is the sentence's own (a negation makes it "No"); the words stay the knowledge's.
 * English only: elsewhere the sentence is returned unchanged.
 *
 * @example
 * polarAnswer({ question: 'Is there free parking?', sentence: 'There is free parking on site.', language: 'en', texts: [], coverage: 1 });
 * // 'Yes, there is free parking on site.'
 */
export function polarAnswer(input: { question: string; sentence: string; language: string; texts: readonly string[]; coverage: number }): string {
  const { sentence } = input;
  if (!input.language.toLowerCase().startsWith('en') || ALREADY_POLAR.test(sentence) || CONDITIONAL.test(sentence)) return sentence;
  const question = lastQuestion(input.question);
  if (!question || !POLAR_QUESTION.test(question.trim())) return sentence;
  if (input.coverage < MIN_QUESTION_COVERAGE) return sentence;
  const [first = '', next = ''] = sentence.split(/\s+/, 2);
  const opening = isName(first.replace(/[^\p{L}\p{N}'’-]+$/u, ''), next.replace(/[^\p{L}\p{N}'’-]+$/u, ''), input.texts) ? sentence : `${sentence[0]?.toLowerCase() ?? ''}${sentence.slice(1)}`;
  return `${NEGATION.test(sentence) ? 'No' : 'Yes'}, ${opening}`;
}
