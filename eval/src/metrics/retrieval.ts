/**
 * Ranking metrics with binary relevance. `ranked` is the list of retrieved keys, best first,
 * already de-duplicated; `gold` the keys that answer the query. Each function scores one query;
 * average them with `mean` from `aggregate.ts`.
 */

/** Keys in rank order with repeats removed (several chunks of one document count once, at its best rank). */
export function dedupe(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

function assertGold(gold: ReadonlySet<string>): void {
  if (gold.size === 0) throw new RangeError('a retrieval query needs at least one gold key');
}

/**
 * Share of the gold keys found in the top k.
 *
 * @example
 * recallAtK(['a', 'x', 'b'], new Set(['a', 'b', 'c']), 2); // 1/3
 */
export function recallAtK(ranked: readonly string[], gold: ReadonlySet<string>, k: number): number {
  assertGold(gold);
  let found = 0;
  for (const key of ranked.slice(0, k)) if (gold.has(key)) found += 1;
  return found / gold.size;
}

/** 1 when any gold key is in the top k, else 0 ("success@k"). */
export function hitAtK(ranked: readonly string[], gold: ReadonlySet<string>, k: number): number {
  assertGold(gold);
  return ranked.slice(0, k).some((key) => gold.has(key)) ? 1 : 0;
}

/**
 * 1 / rank of the first gold key within the top `k` (default 10), 0 when none is there.
 *
 * @example
 * reciprocalRank(['x', 'a'], new Set(['a'])); // 0.5
 */
export function reciprocalRank(ranked: readonly string[], gold: ReadonlySet<string>, k = 10): number {
  assertGold(gold);
  const index = ranked.slice(0, k).findIndex((key) => gold.has(key));
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Normalised discounted cumulative gain at k with binary gains: Σ rel_i / log2(i + 1) over the top
 * k, divided by the same sum for an ideal ranking of min(|gold|, k) relevant keys.
 *
 * @example
 * ndcgAtK(['a', 'x'], new Set(['a']), 10); // 1
 * ndcgAtK(['x', 'a'], new Set(['a']), 10); // 1 / log2(3) ≈ 0.631
 */
export function ndcgAtK(ranked: readonly string[], gold: ReadonlySet<string>, k = 10): number {
  assertGold(gold);
  let dcg = 0;
  ranked.slice(0, k).forEach((key, index) => {
    if (gold.has(key)) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(gold.size, k); index++) ideal += 1 / Math.log2(index + 2);
  return dcg / ideal;
}
