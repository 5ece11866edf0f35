/**
 * Everyday phrasings of what a help center names with one word: "how do I send it back?" is a
 * return, "I want my money back" a refund, "I can't log in" a sign-in. Neither full-text search
 * nor the local sentence encoder joins "send it back" to an article titled "Our 60-day return
 * policy", so the word the knowledge uses is added to the query. English only; a query that
 * already holds the word is left as it is.
 */
const PHRASES: ReadonlyArray<readonly [phrase: RegExp, word: string]> = [
  [/\b(?:send|sending|sends|sent|ship|shipping|ships|shipped|post|posting|posted|mail|mailing|mailed|take|taking|took|bring|bringing|brought)\s+(?:(?:it|them|this|that|these|those|everything|(?:the|my|our|this|that)\s+[\p{L}-]+)\s+)?back\b/iu, 'return'],
  [/\bmoney\s+back\b|\breimburse/iu, 'refund'],
  [/\b(?:log|logging|logged)\s*(?:in|on)\b|\blogin\b/iu, 'sign-in'],
];

/** Each word with the pattern that finds it already said ("return" in "returned"), built once. */
const SAID = new Map(PHRASES.map(([, word]) => [word, new RegExp(`\\b${word}`, 'iu')]));

/**
 * The query with the knowledge's word for each everyday phrasing it holds, on a line of its own.
 *
 * @example
 * withKnowledgeWords('The jacket does not fit. How do I send it back?'); // '…send it back?\nreturn'
 */
export function withKnowledgeWords(query: string): string {
  const added = PHRASES.filter(([phrase, word]) => phrase.test(query) && !SAID.get(word)?.test(query)).map(([, word]) => word);
  return added.length > 0 ? `${query}\n${[...new Set(added)].join(' ')}` : query;
}

/**
 * The knowledge's word for the everyday phrasing `text` opens with, if any ("send it back" →
 * "return"): the action a how-to question asks about when its verb is part of such a phrase.
 */
export function knowledgeWordAt(text: string): string | undefined {
  return PHRASES.find(([phrase]) => phrase.exec(text)?.index === 0)?.[1];
}
