import { createAnswerEngine, type AnswerRequest } from '@threadline/knowledge/answer';
import { describe, expect, it } from 'vitest';
import { answerMetrics } from './answer-runner.js';

const request: AnswerRequest = {
  ticket: { subject: 'Chat with Visitor 40301', channel: 'chat', locale: 'en' },
  latestMessage: 'Are the portions big?',
  history: [
    { at: '2025-06-03T09:00:00Z', channel: 'chat', authorRole: 'agent', isPublic: true, ticketSubject: 'Chat with Visitor 40301', ticketRef: '40301', text: 'There is no free WiFi at The Missing Sock.' },
  ],
  passages: [
    { id: 'review-1', documentId: 'review-1', title: 'Review by a family', url: null, sectionPath: ['THE MISSING SOCK'], content: 'The portions are big.', visibility: 'public', score: 0.7 },
  ],
  policy: { mode: 'auto', confidenceThreshold: 0.7, blockedTopics: [] },
};

describe('answer metrics', () => {
  it('grounds a reply naming the place it speaks of on the section the cited passage sits in', async () => {
    const result = await createAnswerEngine({}).answer(request);
    expect(result.replyText).toMatch(/^About The Missing Sock: /);
    const metrics = answerMetrics([{ request, result, reference: 'The portions at the Missing Sock are big.' }]);
    expect(metrics.grounding).toMatchObject({ value: 1, n: 1 });
    expect(metrics.repeatedSources).toBe(0);
  });

  it('measures the reply against the reference beside the best one sentence of its passages could reach', async () => {
    const passages = [
      ...request.passages,
      { id: 'review-2', documentId: 'review-2', title: 'Review by a couple', url: null, sectionPath: ['THE MISSING SOCK'], content: 'We waited long. The portions at the Missing Sock are huge.', visibility: 'public' as const, score: 0.4 },
    ];
    const wider = { ...request, passages };
    const result = await createAnswerEngine({}).answer(wider);
    const reference = 'The portions at the Missing Sock are big.';
    const metrics = answerMetrics([{ request: wider, result, reference }]);
    // "The portions at the Missing Sock are huge." shares 7 of its 8 tokens, in order, with the 8-token reference.
    expect(metrics.overlapCeiling?.value).toBeCloseTo(0.875, 5);
    expect(metrics.overlap?.value).toBeLessThan(metrics.overlapCeiling?.value as number);
  });
});
