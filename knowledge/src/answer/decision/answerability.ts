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
/**
 * Signals weighed separately for questions: in a booking chat a question ("is the wifi reliable?")
 * is what the knowledge answers, while a statement with the same words is a search or a request;
 * in a support bot's traffic the same retrieval match means less when the message is a question
 * about a specific case. The model gets `question×<signal>` beside each signal for that.
 */
const QUESTION_WEIGHED = ['topScore', 'margin', 'coverage', 'knownShare', 'bestSentenceSimilarity'] as const satisfies ReadonlyArray<(typeof SIGNAL_NAMES)[number]>;

/** The model's inputs, in the order of its weights: every signal, then the question-weighed ones. */
export const FEATURE_NAMES: readonly string[] = [...SIGNAL_NAMES, ...QUESTION_WEIGHED.map((name) => `question×${name}`)];

/** The model's inputs of a message, in `FEATURE_NAMES` order. */
export function modelFeatures(signals: DecisionSignals): number[] {
  return [...SIGNAL_NAMES.map((name) => signals[name]), ...QUESTION_WEIGHED.map((name) => signals.isQuestion * signals[name])];
}

export interface AnswerabilityModel {
  bias: number;
  /** One weight per `FEATURE_NAMES` entry. */
  weights: Record<string, number>;
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
    FEATURE_NAMES.every((name) => typeof (model.weights as Record<string, unknown>)[name] === 'number')
  );
}

/**
 * The checked-in model. A file that lacks a signal's weight is a build mistake (the refit script
 * and the signal list disagree), so it fails at import rather than scoring with a missing term.
 */
export const ANSWERABILITY_MODEL: AnswerabilityModel = (() => {
  if (!isModel(fitted)) throw new TypeError('answerability-weights.json does not hold a weight for every feature of the model');
  return Object.freeze({ bias: fitted.bias, weights: Object.freeze({ ...fitted.weights }), escalateBelow: fitted.escalateBelow });
})();

/** The model's linear score before the logistic: bias + Σ weight × feature. */
export function answerabilityLogit(signals: DecisionSignals, model: AnswerabilityModel = ANSWERABILITY_MODEL): number {
  const features = modelFeatures(signals);
  return FEATURE_NAMES.reduce((sum, name, index) => sum + (model.weights[name] ?? 0) * (features[index] ?? 0), model.bias);
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
