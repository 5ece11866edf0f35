import type { AnswerPassage } from '../types.js';
import { isName } from './polar-answer.js';

/**
 * A review's sentence said as an agent says it. A review is a customer's opinion, not the
 * business's statement: "The bathroom was super-clean." lifted alone reads as a fact the business
 * vouches for, and "I found the Internet extremely swift" as the agent's own experience. An agent
 * says whose words they are ("According to one review, the bathroom was super-clean."; "One
 * review says: "I found …""), and names the place when the customer did ("… one review of the
 * Allenbell, …"). English only, as the yes/no opening is.
 */

/** A passage whose document or section is a review: "Review", "Review by couples", "Customer reviews". */
const REVIEW_LABEL = /^(?:customer |guest |user )?reviews?\b/iu;

export function isReview(passage: Pick<AnswerPassage, 'title' | 'sectionPath'> | undefined): boolean {
  if (!passage) return false;
  return [passage.title, ...passage.sectionPath].some((label) => REVIEW_LABEL.test(label.trim()));
}

/**
 * A connective that ties a sentence to the one before it in its text ("Besides, …", "Furthermore,
 * …"): out of that text it points at nothing, so the reply drops it and starts at the claim.
 */
const CONNECTIVE = /^(?:besides|furthermore|moreover|additionally|also|however|plus|in addition|that said|anyway|overall|all in all|in fact|actually|still),\s+/iu;

/**
 * The sentence without a leading connective, its first letter raised.
 *
 * @example
 * withoutConnective('Besides, the outdoor seating was lovely.'); // 'The outdoor seating was lovely.'
 */
export function withoutConnective(sentence: string): string {
  const rest = sentence.replace(CONNECTIVE, '');
  if (rest === sentence || rest.length === 0) return sentence;
  return `${rest[0]?.toUpperCase() ?? ''}${rest.slice(1)}`;
}

/** Words that open a sentence and are never a name by themselves, wherever else they are capitalised ("at The Allenbell"). */
const OPENING_WORD = /^(?:the|a|an|this|that|these|those|it|they|there|its|their)$/iu;

/** Someone telling their own experience: the first person anywhere in the sentence. */
const FIRST_PERSON = /\b(?:I|I'm|I've|I'd)\b|\b(?:my|me|we|we're|we've|our|us)\b/iu;

/**
 * A review sentence with its source said: in reported form when it states something, quoted when
 * it is told in the first person. `subject` is the place it is about when the reply should name it.
 * `texts` (the question, the passages) tell a name, which keeps its capital, from a sentence opening.
 * `isAnother`: a review sentence already came before it in the reply ("According to another review, …").
 *
 * @example
 * attributeReview({ sentence: 'The staff were friendly.', subject: 'Allenbell', texts: [] });
 * // 'According to one review of Allenbell, the staff were friendly.'
 */
export function attributeReview(input: { sentence: string; subject: string | undefined; texts: readonly string[]; isAnother?: boolean }): string {
  const one = input.isAnother ? 'another review' : 'one review';
  const source = input.subject ? `${one} of ${input.subject}` : one;
  const { sentence } = input;
  if (FIRST_PERSON.test(sentence)) return `${source[0]?.toUpperCase() ?? ''}${source.slice(1)} says: "${sentence}"`;
  const [first = ''] = sentence.split(/\s+/, 1);
  const word = first.replace(/[^\p{L}\p{N}'’-]+$/u, '');
  const opening = !OPENING_WORD.test(word) && isName(word, input.texts) ? sentence : `${sentence[0]?.toLowerCase() ?? ''}${sentence.slice(1)}`;
  return `According to ${source}, ${opening}`;
}
