/**
 * The number an answer's decision was taken on, in the words every screen, note and report uses.
 *
 * The offline path (no model) hands off on `answerability`, its calibrated probability that the
 * knowledge found answers the message; the tenant's confidence threshold decides between a reply
 * and a draft; a model's path decides both on its `confidence`. Whoever reads an outcome reads the
 * number that decided it, named for what it is, and the cut it was held against.
 */
export const DECISION_MEASURES = ['answerability', 'confidence'] as const;

export type DecisionMeasure = (typeof DECISION_MEASURES)[number];

/** What a measure is called where a person reads it, e.g. "knowledge answers it 18%". */
export const DECISION_MEASURE_LABELS: Record<DecisionMeasure, string> = {
  answerability: 'knowledge answers it',
  confidence: 'confidence',
};

/**
 * What the figure itself decided: `escalate` (below the hand-off cut), `draft` (below the tenant's
 * threshold, so not sent on its own), or `null` when it passed its cut and the outcome, if not a
 * reply, came from a rule or the channel's mode.
 */
export type DecisionOutcome = 'escalate' | 'draft' | null;

/**
 * A hand-off no figure decided, said instead of the figure: nothing in the knowledge matched the
 * message (`nothing-found`), or the message needs no knowledge answer (`no-answer-needed`: thanks,
 * a greeting, a booking ask). "confidence 0% · hand-off below 52%" read as if a weak answer had been found.
 */
export const DECISION_BASES = ['nothing-found', 'no-answer-needed'] as const;

export type DecisionBasis = (typeof DECISION_BASES)[number];

/** How a basis reads where a person reads it. */
export const DECISION_BASIS_LABELS: Record<DecisionBasis, string> = {
  'nothing-found': 'nothing found in the knowledge',
  'no-answer-needed': 'needs no knowledge answer',
};

/** The figure an answer was decided on and the cut it was compared against (all 0..1). */
export interface DecisionFigure {
  measure: DecisionMeasure;
  value: number;
  cut: number;
  outcome: DecisionOutcome;
  /** Set on a hand-off no figure decided; its words replace the figure's. */
  basis?: DecisionBasis;
}

/** A 0..1 figure as a whole percentage: 0.184 → "18%". */
export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * The figure in plain words; the cut is named when the figure made the outcome.
 *
 * @example
 * decisionWords({ measure: 'answerability', value: 0.18, cut: 0.52, outcome: 'escalate' }); // "knowledge answers it 18% · hand-off below 52%"
 * decisionWords({ measure: 'confidence', value: 0.55, cut: 0.7, outcome: 'draft' }); // "confidence 55% · replies from 70%"
 * decisionWords({ measure: 'answerability', value: 0.84, cut: 0.52, outcome: null }); // "knowledge answers it 84%"
 * decisionWords({ measure: 'confidence', value: 0, cut: 0.52, outcome: 'escalate', basis: 'nothing-found' }); // "nothing found in the knowledge"
 */
export function decisionWords(figure: DecisionFigure): string {
  if (figure.basis) return DECISION_BASIS_LABELS[figure.basis];
  const said = `${DECISION_MEASURE_LABELS[figure.measure]} ${formatPercent(figure.value)}`;
  if (figure.outcome === 'escalate') return `${said} · hand-off below ${formatPercent(figure.cut)}`;
  if (figure.outcome === 'draft') return `${said} · replies from ${formatPercent(figure.cut)}`;
  return said;
}

/**
 * The words for a stored answer: its deciding figure, or, for an answer stored before the figure
 * was kept, its confidence alone.
 *
 * @example
 * answerDecisionWords({ confidence: 0.37, decision: null }); // "confidence 37%"
 */
export function answerDecisionWords(answer: { confidence: number; decision?: DecisionFigure | null }): string {
  return answer.decision ? decisionWords(answer.decision) : `${DECISION_MEASURE_LABELS.confidence} ${formatPercent(answer.confidence)}`;
}
