import { ANSWERABILITY_MODEL } from './answerability.js';
import type { AnswerChannel, AnswerPath } from '../types.js';

/**
 * Below this confidence (or with no passages at all) a model's answer is escalated rather than
 * drafted: half the tenant's threshold, never above 0.25, so a strict threshold still leaves room
 * for drafts. The offline path's cut is calibrated on the eval (`escalateBelow`).
 */
export function veryLowConfidence(threshold: number): number {
  return Math.min(0.25, threshold / 2);
}

/** The server's default confidence threshold: the point of the curve the constants below refer to. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.7;

/**
 * The offline path escalates when its answerability (`answerability.ts`: the probability, from a
 * logistic model over the decision signals, that the knowledge answers the message) is below this,
 * at the default threshold.
 *
 * Where it comes from: `answerability-weights.json`, whose cut `pnpm --filter @threadline/eval
 * fit-decision` chooses on the tune half of the dev data (hint3 escalation and the dstc11 route
 * decision, seed 17) as the best escalation F1 of the worse of the two, and reports on the check half.
 * The eval's what-if table re-measures the curve on every run.
 */
export const OFFLINE_ESCALATE_AT_DEFAULT = ANSWERABILITY_MODEL.escalateBelow;

/**
 * Below this confidence an answer is escalated rather than drafted.
 *
 * Per tenant, the admin's confidence threshold moves the cut along the curve the eval measured:
 * the cut scales with the threshold (OFFLINE_ESCALATE_AT_DEFAULT × threshold / 0.7 offline), so
 * the default 0.7 is the measured best point, a stricter threshold escalates more (higher recall,
 * lower precision in the what-if table's row for that cut) and a looser one drafts more.
 * The cut never exceeds the threshold itself, so there is always a band of drafts between them.
 * A model's self-reported confidence is on another scale: its path keeps `veryLowConfidence`
 * until the eval has measured a model's curve. So does a call: the customer is already talking to
 * a person, who is better served by a draft to read from than by a hand-off, and the curve was
 * measured on chat messages, not on the long transcripts whose words a few sentences cover.
 *
 * @example
 * escalateBelow('offline', 0.7); // OFFLINE_ESCALATE_AT_DEFAULT
 * escalateBelow('offline', 0.9); // OFFLINE_ESCALATE_AT_DEFAULT × 0.9 / 0.7
 * escalateBelow('offline', 0.7, 'voice'); // 0.25
 */
export function escalateBelow(path: AnswerPath, threshold: number, channel?: AnswerChannel): number {
  if (path !== 'offline' || channel === 'voice') return veryLowConfidence(threshold);
  return Math.min(threshold, (OFFLINE_ESCALATE_AT_DEFAULT * threshold) / DEFAULT_CONFIDENCE_THRESHOLD);
}
