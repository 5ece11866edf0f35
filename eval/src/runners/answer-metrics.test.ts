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
});
