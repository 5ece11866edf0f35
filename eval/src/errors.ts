import { defineErrorCatalogue, errorClassFor } from '@threadline/platform';

/** The eval's error codes (the run exits non-zero on any of them). */
export const EvalErrorCode = {
  configInvalid: 'EVAL_CONFIG_INVALID',
  datasetInvalid: 'EVAL_DATASET_INVALID',
  metricEmpty: 'EVAL_METRIC_EMPTY',
  benchFailed: 'EVAL_BENCH_FAILED',
  internal: 'EVAL_INTERNAL',
} as const;

export type EvalErrorCodeValue = (typeof EvalErrorCode)[keyof typeof EvalErrorCode];

/** The eval's catalogue: `user` for bad input, `system` for a run that cannot be trusted. */
export const EvalErrors = defineErrorCatalogue<EvalErrorCodeValue>({
  package: '@threadline/eval',
  prefixes: ['EVAL_'],
  codes: {
    EVAL_CONFIG_INVALID: { category: 'user', description: 'A flag or environment variable of `pnpm eval` / `pnpm bench` is invalid.' },
    EVAL_DATASET_INVALID: { category: 'user', description: 'A dataset file is missing or not in the documented shape.' },
    EVAL_METRIC_EMPTY: { category: 'system', description: 'A metric came out NaN or was averaged over zero items: the run is not trustworthy.' },
    EVAL_BENCH_FAILED: { category: 'system', description: 'A benchmark missed a correctness condition (lost webhooks, incomplete history).' },
    EVAL_INTERNAL: { category: 'system', description: 'A bug in the harness itself (a case names a view that was never indexed).' },
  },
});

/** Raised by the eval; its category follows from its code. */
export class EvalError extends errorClassFor(EvalErrors, 'EvalError') {}
