import { describe, expect, it } from 'vitest';
import { confusion, decisionMetrics } from './classification.js';

describe('decision metrics', () => {
  it('computes precision, recall and F1 of escalate on a hand-made set', () => {
    // 10 messages: 4 should escalate (gold), the engine escalated 5 of which 3 were right.
    const pairs = [
      ...Array.from({ length: 3 }, () => ({ predicted: true, gold: true })),
      ...Array.from({ length: 2 }, () => ({ predicted: true, gold: false })),
      { predicted: false, gold: true },
      ...Array.from({ length: 4 }, () => ({ predicted: false, gold: false })),
    ];
    const counts = confusion(pairs);
    expect(counts).toEqual({ truePositive: 3, falsePositive: 2, falseNegative: 1, trueNegative: 4 });
    const metrics = decisionMetrics(counts);
    expect(metrics.precision).toEqual({ value: 0.6, n: 5 });
    expect(metrics.recall).toEqual({ value: 0.75, n: 4 });
    expect(metrics.f1.value).toBeCloseTo((2 * 0.6 * 0.75) / 1.35);
    expect(metrics.falseAnswerRate).toEqual({ value: 0.25, n: 4 });
    expect(metrics.falseEscalationRate).toEqual({ value: 2 / 6, n: 6 });
    expect(metrics.accuracy).toEqual({ value: 0.7, n: 10 });
  });

  it('gives F1 0 when precision and recall are both 0', () => {
    const metrics = decisionMetrics({ truePositive: 0, falsePositive: 2, falseNegative: 3, trueNegative: 1 });
    expect(metrics.f1.value).toBe(0);
  });

  it('fails rather than report a precision over zero predictions', () => {
    expect(() => decisionMetrics({ truePositive: 0, falsePositive: 0, falseNegative: 3, trueNegative: 5 })).toThrow(/zero items/);
  });

  it('fails when there is no gold positive to recall', () => {
    expect(() => decisionMetrics({ truePositive: 0, falsePositive: 2, falseNegative: 0, trueNegative: 5 })).toThrow(/recall\(escalate\)/);
  });
});
