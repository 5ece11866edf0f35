import { measured, type Measured } from './aggregate.js';

/**
 * The p-th percentile (0–100) by the nearest-rank method: the smallest value with at least p % of
 * the values at or below it.
 *
 * @example
 * percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95); // 10
 * percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50); // 5
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export interface LatencySummary {
  p50: Measured;
  p95: Measured;
  mean: Measured;
}

/** p50, p95 and mean of one stage's timings in ms; throws `EVAL_METRIC_EMPTY` on no samples. */
export function summarizeLatency(stage: string, samplesMs: readonly number[]): LatencySummary {
  const n = samplesMs.length;
  return {
    p50: measured(`${stage} p50`, percentile(samplesMs, 50), n),
    p95: measured(`${stage} p95`, percentile(samplesMs, 95), n),
    mean: measured(`${stage} mean`, samplesMs.reduce((sum, value) => sum + value, 0) / n, n),
  };
}

/** Records timings per stage name. */
export class StageTimer {
  readonly samples = new Map<string, number[]>();

  /** Runs `fn`, records its duration under `stage`, and returns its result. */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.record(stage, performance.now() - started);
    }
  }

  record(stage: string, ms: number): void {
    const list = this.samples.get(stage) ?? [];
    list.push(ms);
    this.samples.set(stage, list);
  }

  summary(): Record<string, LatencySummary> {
    return Object.fromEntries([...this.samples].map(([stage, values]) => [stage, summarizeLatency(stage, values)]));
  }
}
