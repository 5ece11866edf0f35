import type { PersonalDataSpan } from './span.js';

/**
 * US Social Security numbers written `123-45-6789`. Area 000, 666 and 9xx, group 00 and serial 0000
 * are never issued, so they are not matched.
 */
const SSN = /(?<![\p{L}\p{N}-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\p{L}\p{N}-])/gu;

export function findSocialSecurityNumbers(text: string): PersonalDataSpan[] {
  return Array.from(text.matchAll(SSN), (match) => ({ type: 'ssn' as const, start: match.index, end: match.index + match[0].length }));
}
