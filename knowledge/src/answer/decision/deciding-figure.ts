import type { AnswerChannel, AnswerPath, DecisionFigureResult } from '../types.js';
import type { DecisionBasis } from '@threadline/vocabulary';
import { escalateBelow } from './calibration.js';

/** What `enforcePolicy` knew when it held the figures against their cuts. */
export interface DecidingFigureInput {
  path: AnswerPath;
  channel: AnswerChannel;
  /** The tenant's confidence threshold for the channel. */
  threshold: number;
  /** 0..1, already clamped. */
  confidence: number;
  /** The offline path's calibrated answerability (0..1), when it decided the hand-off. */
  answerability?: number;
  /** The hand-off figure was below its cut (or there was no knowledge at all). */
  isBelowHandOff: boolean;
  /** Why the hand-off needed no figure, if it did not (kept on a hand-off only). */
  basis?: DecisionBasis;
}

/**
 * The figure a person should read for this outcome, with the cut it was held against.
 *
 * - Below the hand-off cut: the hand-off figure (the answerability offline, else the confidence)
 *   and that cut (`escalateBelow`).
 * - Else below the tenant's threshold: the confidence and the threshold, which held a reply back as a
 *   draft (not on a call, which is never answered on its own: there a rule made the draft).
 * - Else the hand-off figure, which passed; whatever else happened came from a rule or the mode.
 *
 * @example
 * decidingFigure({ path: 'offline', channel: 'email', threshold: 0.7, confidence: 0.37, answerability: 0.18, isBelowHandOff: true });
 * // { measure: 'answerability', value: 0.18, cut: 0.52, outcome: 'escalate' } (the cut is the calibrated one)
 */
export function decidingFigure(input: DecidingFigureInput): DecisionFigureResult {
  const handOffCut = escalateBelow(input.path, input.threshold, input.channel);
  const handOff =
    input.answerability !== undefined ? { measure: 'answerability' as const, value: input.answerability, cut: handOffCut } : { measure: 'confidence' as const, value: input.confidence, cut: handOffCut };
  if (input.isBelowHandOff || input.basis) return { ...handOff, outcome: 'escalate', ...(input.basis ? { basis: input.basis } : {}) };
  // A call is never answered on its own, whatever the confidence: the threshold decides nothing there.
  if (input.channel !== 'voice' && input.confidence < input.threshold) return { measure: 'confidence', value: input.confidence, cut: input.threshold, outcome: 'draft' };
  // A confidence that passed the threshold is shown against it; on a call it passed only the hand-off cut.
  return { ...handOff, ...(handOff.measure === 'confidence' && input.channel !== 'voice' ? { cut: input.threshold } : {}), outcome: null };
}

/**
 * The escalation reason of a hand-off the figure decided: what it means. The figure and its cut
 * travel in the result's `decision`, which every screen and the escalation note show beside it.
 */
export const HAND_OFF_REASON = 'The knowledge found does not answer the question.';
