import { describe, expect, it } from 'vitest';
import { createNameRecognizer } from '../../redaction/index.js';
import { createAnswerEngine, type AnswerEngine } from '../answer-engine.js';
import type { AnswerModel, ModelAnswerInput, ModelRewriteInput, ModelSummaryInput } from '../answer-model.js';
import { FIXTURE_HISTORY, FIXTURE_NOW, fixtureRequest } from '../testing/fixtures.js';
import type { HistoryItem } from '../types.js';

/** A model that records everything it is sent and answers the same every time. */
function recordingModel(): AnswerModel & { sent: Array<ModelAnswerInput | ModelRewriteInput | ModelSummaryInput> } {
  const sent: Array<ModelAnswerInput | ModelRewriteInput | ModelSummaryInput> = [];
  return {
    name: 'recording-model',
    path: 'claude',
    sent,
    async answer(input) {
      sent.push(input);
      return { action: 'reply', replyText: 'Hi [CUSTOMER], open Orders and select Return items.', language: 'en', citationIds: ['kb-returns-1'], confidence: 0.9, summary: '' };
    },
    async rewrite(input) {
      sent.push(input);
      return { text: input.text, language: 'en' };
    },
    async summarize(input) {
      sent.push(input);
      return '[CUSTOMER] wrote twice.';
    },
  };
}

const NAMED_HISTORY: HistoryItem[] = [
  ...FIXTURE_HISTORY,
  {
    at: '2025-06-09T15:00:00.000Z',
    channel: 'chat',
    authorRole: 'customer',
    isPublic: true,
    text: 'My colleague John Smith will call you. Mary-Jane Watson from accounting has the invoice.',
    ticketSubject: 'Call from John Smith',
    ticketRef: 'ZD-118',
  },
];

async function everythingSent(engine: AnswerEngine, model: ReturnType<typeof recordingModel>): Promise<unknown[]> {
  const latestMessage = 'Thanks, Jane here again. Peter Parker at the front desk says the parcel never came. Call +1 415 555 0199.';
  const results = [
    await engine.answer(fixtureRequest({ latestMessage, history: NAMED_HISTORY })),
    await engine.answer(fixtureRequest({ latestMessage, history: NAMED_HISTORY, subject: 'Lost parcel, ask for Dr. Watson' })),
    await engine.rewrite({ text: 'Hi Jane, my colleague John Smith will call you on +44 20 7946 0958.', style: 'friendlier', customerName: 'Jane Cooper' }),
    await engine.summarize(NAMED_HISTORY, { customerName: 'Jane Cooper' }),
  ];
  return [model.sent, results];
}

describe('redaction with the name recogniser in a worker thread', () => {
  it('sends a model exactly what the calling-thread recogniser sends, and the same results come back', async () => {
    const inWorker = recordingModel();
    const onMain = recordingModel();
    const nameRecognizer = createNameRecognizer();
    const worker = createAnswerEngine({ model: inWorker, now: () => FIXTURE_NOW, createCanary: () => 'canary', nameRecognizer });
    const main = createAnswerEngine({ model: onMain, now: () => FIXTURE_NOW, createCanary: () => 'canary' });
    try {
      const [fromWorker, fromMain] = [await everythingSent(worker, inWorker), await everythingSent(main, onMain)];
      expect(fromWorker).toEqual(fromMain);
      // Each call's texts went to the thread in one request, and none ran on the calling thread.
      expect(nameRecognizer.usage()).toMatchObject({ thread: 'worker', textsOnCallingThread: 0, workersStarted: 1 });
      expect(nameRecognizer.usage().texts).toBeGreaterThan(4);
      const answered = inWorker.sent[0] as ModelAnswerInput;
      expect(answered.latestMessage).toBe('Thanks, [CUSTOMER] here again. [NAME] at the front desk says the parcel never came. Call [PHONE].');
      expect(answered.history.at(-1)?.text).toBe('My colleague [NAME] will call you. [NAME] from accounting has the invoice.');
      expect((inWorker.sent[2] as ModelRewriteInput).text).toBe('Hi [[PII_1]], my colleague [[PII_2]] will call you on [[PII_3]].');
    } finally {
      await nameRecognizer.close();
    }
  });

  it('still answers after the recogniser is closed, with it on the calling thread', async () => {
    const model = recordingModel();
    const nameRecognizer = createNameRecognizer();
    const engine = createAnswerEngine({ model, now: () => FIXTURE_NOW, nameRecognizer });
    await nameRecognizer.close();
    const result = await engine.answer(fixtureRequest({ latestMessage: 'My colleague John Smith will call you.', history: NAMED_HISTORY }));
    expect(result.action).toBe('reply');
    expect((model.sent[0] as ModelAnswerInput).latestMessage).toBe('My colleague [NAME] will call you.');
  });
});
