// compromise's English person recogniser, the costliest step of redaction (several ms per message).
// Shared by the calling thread and the recogniser's worker thread (name-recognizer-worker.js), so
// both find exactly the same names.
//
// Plain JavaScript on purpose: a worker file is started by Node itself, outside tsx and vitest's
// TypeScript transform, so it and what it imports must run as they are.
import nlp from 'compromise';

/**
 * Capitalised person names compromise tags in `text`, trimmed of surrounding punctuation, in text
 * order, duplicates kept. A text without a single upper-case letter cannot add any ("john smith" is
 * dropped either way), so it skips the library.
 *
 * @param {string} text
 * @returns {string[]}
 */
export function recognizePeople(text) {
  if (!/\p{Lu}/u.test(text)) return [];
  const people = nlp(text).people().json({ offset: true });
  const names = [];
  for (const person of people) {
    // compromise includes trailing punctuation ("Jane,") and sometimes lower-case pronoun-like tokens.
    const name = person.text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').trim();
    if (name.length >= 2 && /^\p{Lu}/u.test(name)) names.push(name);
  }
  return names;
}
