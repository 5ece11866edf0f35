/**
 * A connective that ties a sentence to the one before it in its text ("Besides, …", "Furthermore,
 * …"): lifted into a reply, it points at a sentence the reply does not hold ("About Allenbell:
 * Besides, there was no elevator."), so the reply drops it and starts at the claim.
 */
const CONNECTIVE = /^(?:besides|furthermore|moreover|additionally|also|however|plus|in addition|that said|anyway|overall|all in all|in fact|actually|still),\s+/iu;

/**
 * The sentence without a leading connective, its first letter raised. English connectives only;
 * other text is returned unchanged.
 *
 * @example
 * withoutConnective('Besides, the outdoor seating was lovely.'); // 'The outdoor seating was lovely.'
 */
export function withoutConnective(sentence: string): string {
  const rest = sentence.replace(CONNECTIVE, '');
  if (rest === sentence || rest.length === 0) return sentence;
  return `${rest[0]?.toUpperCase() ?? ''}${rest.slice(1)}`;
}
