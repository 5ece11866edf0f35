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
 * The offline path escalates below this confidence when the tenant keeps the default threshold.
 *
 * Where it comes from: the eval's what-if tables on the dev data (`pnpm eval`, eval/results),
 * hint3 escalation and the dstc11 route decision, with the local embedder. F1 of "escalate when
 * confidence < t" peaked at t = 0.5–0.7 on hint3 (77.4–77.6 %) and at t = 0.6 on dstc11 (70.2 %);
 * 0.6 is the best cut for both together (77.0 % and 70.2 %, against 60.9 % and 11.9 % for the
 * old cut min(0.25, threshold / 2)). The eval re-checks it on every run on a tune and a check
 * half of the dev data (split by a fixed seed) and prints the cut the tune half would pick.
 */
export const OFFLINE_ESCALATE_AT_DEFAULT = 0.6;

/**
 * Below this confidence an answer is escalated rather than drafted.
 *
 * Per tenant, the admin's confidence threshold moves the cut along the curve the eval measured:
 * the cut scales with the threshold (0.6 × threshold / 0.7 offline), so the default 0.7 is the
 * measured best point, a stricter threshold (0.9 → 0.77) escalates more (higher recall, lower
 * precision in the what-if table's row for that t) and a looser one (0.5 → 0.43) drafts more.
 * The cut never exceeds the threshold itself, so there is always a band of drafts between them.
 * A model's self-reported confidence is on another scale: its path keeps `veryLowConfidence`
 * until the eval has measured a model's curve. So does a call: the customer is already talking to
 * a person, who is better served by a draft to read from than by a hand-off, and the curve was
 * measured on chat messages, not on the long transcripts whose words a few sentences cover.
 *
 * @example
 * escalateBelow('offline', 0.7); // 0.6
 * escalateBelow('offline', 0.9); // ≈ 0.771
 * escalateBelow('offline', 0.7, 'voice'); // 0.25
 */
export function escalateBelow(path: AnswerPath, threshold: number, channel?: AnswerChannel): number {
  if (path !== 'offline' || channel === 'voice') return veryLowConfidence(threshold);
  return Math.min(threshold, (OFFLINE_ESCALATE_AT_DEFAULT * threshold) / DEFAULT_CONFIDENCE_THRESHOLD);
}
