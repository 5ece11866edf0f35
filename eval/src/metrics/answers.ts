import { normalizedSentence, splitSentences } from '@threadline/knowledge/answer';
import { ratio, type Measured } from './aggregate.js';

/** One answered question as the evidence metrics see it. */
export interface AnsweredEvidence {
  /** Dataset keys of the documents the reply's sentences were cited from (one per quoted sentence, or per citation). */
  citedKeys: readonly string[];
  /** Keys of the gold documents. */
  gold: ReadonlySet<string>;
}

/**
 * Evidence precision: of the answered questions that cite something, the share whose cited
 * sentences all come from a gold snippet (the reply rests on what the dataset says answers it).
 *
 * @example
 * evidencePrecision([{ citedKeys: ['a'], gold: new Set(['a']) }, { citedKeys: ['a', 'b'], gold: new Set(['a']) }]); // { value: 0.5, n: 2 }
 */
export function evidencePrecision(answers: readonly AnsweredEvidence[]): Measured {
  const citing = answers.filter((answer) => answer.citedKeys.length > 0);
  return ratio('evidence precision', citing.filter((answer) => answer.citedKeys.every((key) => answer.gold.has(key))).length, citing.length);
}

/**
 * Sentences of a reply that repeat an earlier sentence of it (compared normalised: case, spacing
 * and final punctuation do not make a sentence new). Goal 0.
 *
 * @example
 * repeatedSentences('Refunds take 5 days. We ship daily. Refunds take 5 days!'); // 1
 */
export function repeatedSentences(reply: string): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const sentence of splitSentences(reply)) {
    const key = normalizedSentence(sentence);
    if (key.length === 0) continue;
    if (seen.has(key)) repeats += 1;
    seen.add(key);
  }
  return repeats;
}

/**
 * Sources listed more than once among a reply's citations: the same document (its key, or its
 * URL or title when it has no key) cited twice counts once per extra listing. Goal 0.
 *
 * @example
 * repeatedSources(['faq/1', 'faq/2', 'faq/1']); // 1
 */
export function repeatedSources(sourceKeys: readonly string[]): number {
  return sourceKeys.length - new Set(sourceKeys).size;
}
