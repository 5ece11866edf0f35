import { EvalError, EvalErrorCode } from '../errors.js';

/**
 * A metric's value together with how many items it was computed on. Every figure the eval prints
 * is one of these, so a metric over zero items (or a NaN) cannot slip into a report: `mean` and
 * `ratio` throw `EVAL_METRIC_EMPTY` instead.
 */
export interface Measured {
  value: number;
  /** Items (queries, messages, replies) the value was computed on; always ≥ 1. */
  n: number;
}

function check(name: string, value: number, n: number): Measured {
  if (n === 0) throw new EvalError(EvalErrorCode.metricEmpty, `The metric “${name}” was computed on zero items`, { metric: name });
  if (!Number.isFinite(value)) throw new EvalError(EvalErrorCode.metricEmpty, `The metric “${name}” is ${value} on ${n} items`, { metric: name, n });
  return { value, n };
}

/**
 * Mean of per-item scores.
 *
 * @example
 * mean('recall@5', [1, 0, 0.5]); // { value: 0.5, n: 3 }
 * mean('recall@5', []);          // throws EVAL_METRIC_EMPTY
 */
export function mean(name: string, values: readonly number[]): Measured {
  let sum = 0;
  for (const value of values) sum += value;
  return check(name, sum / values.length, values.length);
}

/**
 * `numerator / denominator` as a metric over `denominator` items (precision, rates).
 *
 * @example
 * ratio('precision', 3, 4); // { value: 0.75, n: 4 }
 */
export function ratio(name: string, numerator: number, denominator: number): Measured {
  return check(name, denominator === 0 ? Number.NaN : numerator / denominator, denominator);
}

/** Checks a value computed elsewhere (F1, nDCG means) and attaches its item count. */
export function measured(name: string, value: number, n: number): Measured {
  return check(name, value, n);
}
