import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKED_TOPICS, findAmounts, keywordPattern, matchBlockedTopics, matchRefundOverLimit, parseAmount } from './blocked-topics.js';

describe('blocked topics', () => {
  it('matches keywords as whole words, case-insensitively', () => {
    expect(matchBlockedTopics('My LAWYER will call you', DEFAULT_BLOCKED_TOPICS).map((match) => match.topic)).toEqual(['legal']);
    expect(matchBlockedTopics('I am a law student asking about shipping', DEFAULT_BLOCKED_TOPICS)).toEqual([]);
    // "court" must not fire inside "courtesy".
    expect(matchBlockedTopics('Thanks for the courtesy call', DEFAULT_BLOCKED_TOPICS)).toEqual([]);
  });

  it('supports phrases with flexible spacing, prefixes and regular expressions', () => {
    expect(keywordPattern('legal action').test('we will take legal\n action')).toBe(true);
    expect(keywordPattern('hack*').test('my account got hacked')).toBe(true);
    expect(keywordPattern('/\\bsu(?:e|ing)\\b/').test('I am suing you')).toBe(true);
    expect(keywordPattern('/\\bsu(?:e|ing)\\b/').test('I am sure')).toBe(false);
    // A broken expression is matched literally rather than throwing.
    expect(keywordPattern('/[unclosed/').test('text with /[unclosed/ inside')).toBe(true);
  });

  it('returns the routing of every matching topic in policy order', () => {
    const matches = matchBlockedTopics('Someone hacked my account and my attorney knows', DEFAULT_BLOCKED_TOPICS);
    expect(matches.map((match) => [match.topic, match.matched, match.routing?.group])).toEqual([
      ['legal', 'attorney', 'Legal'],
      ['security', 'hacked', 'Security'],
    ]);
  });

  it('parses amounts in both decimal conventions', () => {
    expect(parseAmount('1,299.00')).toBe(1299);
    expect(parseAmount('1.299,00')).toBe(1299);
    expect(parseAmount('49,90')).toBe(49.9);
    expect(parseAmount('1 299')).toBe(1299);
    expect(parseAmount('250')).toBe(250);
    expect(findAmounts('I paid $1,299.00 and then 80 EUR, order 123456').map((found) => found.amount)).toEqual([1299, 80]);
  });

  it('fires refund-over-limit only for a refund request above the limit', () => {
    expect(matchRefundOverLimit('I want a refund of $250 for order 12345', 100)?.matched).toBe('$250');
    expect(matchRefundOverLimit('Quiero el reembolso de 300 €', 100)?.topic).toBe('refund-over-limit');
    expect(matchRefundOverLimit('I want a refund of $40', 100)).toBeUndefined();
    // An amount without a refund request, or a number without a currency, is not a refund over the limit.
    expect(matchRefundOverLimit('The jacket cost $250, does it come in blue?', 100)).toBeUndefined();
    expect(matchRefundOverLimit('Refund order 982734 please', 100)).toBeUndefined();
    expect(matchRefundOverLimit('I want a refund of $250', undefined)).toBeUndefined();
  });
});
