import { confusion } from './classification.js';

/** The seed of the tune / check split: fixed, so every run splits the dev data the same way. */
export const SPLIT_SEED = 17;

/** A recorded decision: what the engine's confidence was, whether a rule escalated regardless, and the gold label. */
export interface ScoredDecision {
  id: string;
  confidence: number;
  /** Escalated whatever the confidence: blocked topic, nothing retrieved, a person asked for, no knowledge needed. */
  isForced: boolean;
  gold: boolean;
}

/**
 * FNV-1a of the seed and the id, then murmur3's 32-bit finaliser, and the top bit: a stable coin per
 * item, independent of the order items come in. FNV-1a's own low bit is only the parity of the
 * characters' low bits (multiplying by an odd prime keeps the low bit), so ids differing in one digit
 * would split by that digit's parity; the finaliser spreads every input bit over the top one.
 */
function coin(seed: number, id: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of id) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 31;
}

/**
 * Splits items into a tune half (thresholds are chosen on it) and a check half (the figure reported
 * beside it, so it is not only in-sample), by a fixed seed.
 *
 * @example
 * const { tune, check } = splitHalves(decisions, SPLIT_SEED);
 */
export function splitHalves<T extends { id: string }>(items: readonly T[], seed: number = SPLIT_SEED): { tune: T[]; check: T[] } {
  const tune: T[] = [];
  const check: T[] = [];
  for (const item of items) (coin(seed, item.id) === 0 ? tune : check).push(item);
  return { tune, check };
}

export interface CutScore {
  escalated: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of predicted-vs-gold pairs, 0 (not an error) where a denominator is empty: what-if rows may escalate nothing. */
export function scorePairs(pairs: Iterable<{ predicted: boolean; gold: boolean }>): CutScore {
  const counts = confusion(pairs);
  const escalated = counts.truePositive + counts.falsePositive;
  const positives = counts.truePositive + counts.falseNegative;
  const precision = escalated === 0 ? 0 : counts.truePositive / escalated;
  const recall = positives === 0 ? 0 : counts.truePositive / positives;
  return { escalated, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Precision, recall and F1 of "escalate when forced or confidence < cut". */
export function scoreCut(decisions: readonly ScoredDecision[], cut: number): CutScore {
  return scorePairs(decisions.map((decision) => ({ predicted: decision.isForced || decision.confidence < cut, gold: decision.gold })));
}

/** Cuts tried when tuning: 0.05 … 0.90 by 0.05. */
export const CUTS = Array.from({ length: 18 }, (_, index) => Math.round((index + 1) * 5) / 100);

/**
 * The cut with the best F1 on `decisions` (ties: the lower cut, which escalates less).
 *
 * @example
 * bestCut(tune).cut; // 0.6
 */
export function bestCut(decisions: readonly ScoredDecision[], cuts: readonly number[] = CUTS): { cut: number; f1: number } {
  let best = { cut: cuts[0] ?? 0, f1: -1 };
  for (const cut of cuts) {
    const { f1 } = scoreCut(decisions, cut);
    if (f1 > best.f1) best = { cut, f1 };
  }
  return best;
}

/**
 * Each group's (tenant's) best cut on its tune items, and the F1 of the tune, check and all items
 * when every group escalates below its own cut. `cuts` are the ones a group can set (a tenant's
 * policy threshold reaches only part of the range).
 *
 * @example
 * const { cuts, check } = bestCutPerGroup({ tune, check, all }, (decision) => decision.tenant, CUTS);
 */
export function bestCutPerGroup<T extends ScoredDecision>(
  halves: { tune: readonly T[]; check: readonly T[]; all: readonly T[] },
  groupOf: (item: T) => string,
  cuts: readonly number[] = CUTS,
): { cuts: Record<string, number>; tune: CutScore; check: CutScore; all: CutScore } {
  const byGroup: Record<string, number> = {};
  for (const group of [...new Set(halves.all.map(groupOf))].sort()) {
    byGroup[group] = bestCut(halves.tune.filter((item) => groupOf(item) === group), cuts).cut;
  }
  const scoreOf = (items: readonly T[]) =>
    scorePairs(items.map((item) => ({ predicted: item.isForced || item.confidence < (byGroup[groupOf(item)] ?? 0), gold: item.gold })));
  return { cuts: byGroup, tune: scoreOf(halves.tune), check: scoreOf(halves.check), all: scoreOf(halves.all) };
}
