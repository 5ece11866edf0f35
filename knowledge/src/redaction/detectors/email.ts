import type { PersonalDataSpan } from './span.js';

// Local part and domain as people write them, Unicode included; the TLD is letters only, which keeps
// `user@10.0.0.1`-style strings and version tags like `pkg@1.2.3` out.
const EMAIL = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}-])/gu;

export function findEmails(text: string): PersonalDataSpan[] {
  return Array.from(text.matchAll(EMAIL), (match) => ({ type: 'email' as const, start: match.index, end: match.index + match[0].length }));
}
