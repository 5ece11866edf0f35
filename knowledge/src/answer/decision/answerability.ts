import fitted from './answerability-weights.json' with { type: 'json' };
import { SIGNAL_NAMES, type DecisionSignals } from './decision-signals.js';

/**
 * A logistic model of "the knowledge answers this message" over the decision signals.
 *
 * The weights, the bias and the cut come from `answerability-weights.json`, written by
 * `pnpm --filter @threadline/eval fit-decision` from the dev split of the eval's datasets only
 * (hint3 escalation and the dstc11 route decision, the tune half of each by a fixed seed; the
 * check half is what the file reports as not in-sample). The file says how and when it was fit.
 */
export interface AnswerabilityModel {
  bias: number;
  weights: Record<(typeof SIGNAL_NAMES)[number], number>;
  /** Below this probability the offline path escalates at the default confidence threshold. */
  escalateBelow: number;
}

function isModel(value: unknown): value is AnswerabilityModel {
  if (typeof value !== 'object' || value === null) return false;
  const model = value as Partial<AnswerabilityModel>;
  return (
    typeof model.bias === 'number' &&
    typeof model.escalateBelow === 'number' &&
    typeof model.weights === 'object' &&
    model.weights !== null &&
    SIGNAL_NAMES.every((name) => typeof (model.weights as Record<string, unknown>)[name] === 'number')
  );
}

/**
 * The checked-in model. A file that lacks a signal's weight is a build mistake (the refit script
 * and the signal list disagree), so it fails at import rather than scoring with a missing term.
 */
export const ANSWERABILITY_MODEL: AnswerabilityModel = (() => {
  if (!isModel(fitted)) throw new TypeError('answerability-weights.json does not hold a weight for every decision signal');
  return Object.freeze({ bias: fitted.bias, weights: Object.freeze({ ...fitted.weights }), escalateBelow: fitted.escalateBelow });
})();

/** The model's linear score before the logistic: bias + Σ weight × signal. */
export function answerabilityLogit(signals: DecisionSignals, model: AnswerabilityModel = ANSWERABILITY_MODEL): number {
  return SIGNAL_NAMES.reduce((sum, name) => sum + model.weights[name] * signals[name], model.bias);
}

/**
 * Probability (0..1) that the retrieved knowledge answers the message.
 *
 * @example
 * answerability(decisionSignals({ message, passages, sentences, isLanguageMismatch: false })); // 0.83
 */
export function answerability(signals: DecisionSignals, model: AnswerabilityModel = ANSWERABILITY_MODEL): number {
  const logit = answerabilityLogit(signals, model);
  return Math.round((1 / (1 + Math.exp(-logit))) * 1000) / 1000;
}
