import { describe, expect, it } from 'vitest';
import { groupGaps, lacksKnowledge, topicTerms } from './replay-gaps.js';

const question = (ticketExternalId: string, subject: string, text: string) => ({ ticketExternalId, subject, channel: 'chat', question: text });

describe('grouping knowledge gaps by topic', () => {
  it('puts questions about the same thing together and names the topic by the terms they share', () => {
    const topics = groupGaps([
      question('1', 'Gift card', 'Do gift cards expire after a year?'),
      question('2', 'Question about my order', 'Hi, when does a gift card expire?'),
      question('3', 'Tent poles', 'Can I buy replacement poles for the Ridge tent?'),
      question('4', 'Gift cards abroad', 'Can I use my gift card in Canada?'),
    ]);
    expect(topics.map((topic) => topic.questions.map((item) => item.ticketExternalId))).toEqual([['1', '2', '4'], ['3']]);
    expect([...(topics[0]?.terms.slice(0, 2) ?? [])].sort()).toEqual(['card', 'gift']);
    expect(topics[0]?.topic).toMatch(/^(gift · card|card · gift)/);
    expect(topics[0]?.query).toBe(topics[0]?.terms.join(' '));
    expect(topics[1]?.terms).toContain('pole');
  });

  it('leaves unrelated questions apart, and has no topic for no questions', () => {
    expect(groupGaps([question('1', 'Warranty', 'How long is the warranty on boots?'), question('2', 'Store hours', 'When does the Seattle store open?')])).toHaveLength(2);
    expect(groupGaps([])).toEqual([]);
  });

  it('names a topic first by the words its questions share, then by the words their subjects use', () => {
    const [topic] = groupGaps([
      question('1', 'Where is my order?', 'My order NW-1 was supposed to arrive by now and tracking has not moved for days.'),
      question('2', 'Where is my order?', 'My order NW-2 was supposed to arrive by now and tracking has not moved for days.'),
    ]);
    expect(topic?.terms[0]).toBe('order');
  });

  it('counts content words only, singular and plural as one', () => {
    expect([...topicTerms('Can you please help me with my refunds? The refund is late').keys()]).toEqual(['refund', 'late']);
  });
});

describe('what counts as a knowledge gap', () => {
  it('is a question with nothing retrieved, or handed off because the knowledge does not answer it; not a held-back draft', () => {
    expect(lacksKnowledge({ passages: 0, guardrails: [] })).toBe(true);
    expect(lacksKnowledge({ passages: 6, guardrails: ['low-confidence', 'very-low-confidence'] })).toBe(true);
    expect(lacksKnowledge({ passages: 6, guardrails: ['no-citation', 'no-knowledge'] })).toBe(true);
    // Found, but not surely enough to send on its own: a draft for an agent, not a gap.
    expect(lacksKnowledge({ passages: 6, guardrails: ['low-confidence'] })).toBe(false);
    expect(lacksKnowledge({ passages: 6, guardrails: ['human-requested'] })).toBe(false);
  });
});
