import { measured, ratio, type Measured } from './aggregate.js';

/** Counts of a binary decision where "positive" is the event scored (here: escalate). */
export interface Confusion {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

/**
 * Tallies predictions against gold labels.
 *
 * @example
 * confusion([{ predicted: true, gold: true }, { predicted: true, gold: false }]); // tp 1, fp 1
 */
export function confusion(pairs: Iterable<{ predicted: boolean; gold: boolean }>): Confusion {
  const counts: Confusion = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  for (const { predicted, gold } of pairs) {
    if (predicted && gold) counts.truePositive += 1;
    else if (predicted) counts.falsePositive += 1;
    else if (gold) counts.falseNegative += 1;
    else counts.trueNegative += 1;
  }
  return counts;
}

export interface DecisionMetrics {
  /** Of the predicted positives, the share that were gold positives. */
  precision: Measured;
  /** Of the gold positives, the share predicted positive. */
  recall: Measured;
  /** Harmonic mean of precision and recall (0 when both are 0), over all items. */
  f1: Measured;
  /** Gold positive (should escalate) but predicted negative (answered): FN / (TP + FN). */
  falseAnswerRate: Measured;
  /** Gold negative (answerable) but predicted positive (escalated): FP / (FP + TN). */
  falseEscalationRate: Measured;
  accuracy: Measured;
}

/**
 * Precision, recall and F1 of the positive class plus the two error rates a support team feels:
 * the false-answer rate (escalation missed) and the false-escalation rate (answerable message
 * handed to a person). Throws `EVAL_METRIC_EMPTY` when a denominator is zero, e.g. nothing was
 * predicted positive, since a precision over zero predictions means nothing.
 *
 * @example
 * decisionMetrics({ truePositive: 8, falsePositive: 2, falseNegative: 2, trueNegative: 8 }).f1.value; // 0.8
 */
export function decisionMetrics(counts: Confusion, names: { positive: string } = { positive: 'escalate' }): DecisionMetrics {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn } = counts;
  const precision = ratio(`precision(${names.positive})`, tp, tp + fp);
  const recall = ratio(`recall(${names.positive})`, tp, tp + fn);
  const total = tp + fp + fn + tn;
  const f1 = precision.value + recall.value === 0 ? 0 : (2 * precision.value * recall.value) / (precision.value + recall.value);
  return {
    precision,
    recall,
    f1: measured(`f1(${names.positive})`, f1, total),
    falseAnswerRate: ratio('false-answer rate', fn, tp + fn),
    falseEscalationRate: ratio('false-escalation rate', fp, fp + tn),
    accuracy: ratio('accuracy', tp + tn, total),
  };
}
