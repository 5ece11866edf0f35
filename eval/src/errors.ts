import { ThreadlineError, type JsonValue } from '@threadline/platform';

/** The eval's error codes (the run exits non-zero on any of them). */
export const EvalErrorCode = {
  /** A flag or environment variable is invalid. */
  configInvalid: 'EVAL_CONFIG_INVALID',
  /** A dataset file is missing or not in the documented shape. */
  datasetInvalid: 'EVAL_DATASET_INVALID',
  /** A metric came out NaN or was averaged over zero items: the run is not trustworthy. */
  metricEmpty: 'EVAL_METRIC_EMPTY',
  /** A benchmark missed a correctness condition (lost webhooks, incomplete history). */
  benchFailed: 'EVAL_BENCH_FAILED',
  /** A bug in the harness itself (a case names a view that was never indexed). */
  internal: 'EVAL_INTERNAL',
} as const;

export type EvalErrorCodeValue = (typeof EvalErrorCode)[keyof typeof EvalErrorCode];

/** Raised by the eval; `category` is always `user` (bad input) or `system` (a broken run). */
export class EvalError extends ThreadlineError {
  constructor(code: EvalErrorCodeValue, message: string, details: Record<string, JsonValue> = {}, cause?: unknown) {
    super({ code, category: code === EvalErrorCode.configInvalid || code === EvalErrorCode.datasetInvalid ? 'user' : 'system', message, details, cause });
    this.name = 'EvalError';
  }
}
