import { ThreadlineError, type ErrorCategory, type JsonValue } from '@threadline/platform';

/**
 * Error codes of the answer engine. Callers branch on `code`, never on the message.
 * `answer()` recovers from every model error by falling back to the offline path (unless told not
 * to); these reach callers of `rewrite()`, `summarize()` with a model, or `answer()` with
 * `fallbackOnModelError: false`.
 */
export const AnswerErrorCode = {
  /** The request does not match the `AnswerRequest` / `RewriteRequest` schema. */
  invalidRequest: 'ANSWER_INVALID_REQUEST',
  /** The model API refused the key (401/403). */
  modelAuth: 'ANSWER_MODEL_AUTH',
  /** The model API kept answering 429 after the retries. */
  modelRateLimited: 'ANSWER_MODEL_RATE_LIMITED',
  /** The model API was overloaded (529), answered 5xx, or was unreachable after the retries. */
  modelUpstream: 'ANSWER_MODEL_UPSTREAM',
  /** The model call exceeded its timeout after the retries. */
  modelTimeout: 'ANSWER_MODEL_TIMEOUT',
  /** The model API rejected the request (4xx other than auth and rate limit). */
  modelRejected: 'ANSWER_MODEL_REJECTED',
  /** The model answered, but not with a tool call matching the schema. */
  modelOutputInvalid: 'ANSWER_MODEL_OUTPUT_INVALID',
  /** The engine built a result that breaks its own schema: a bug, never the caller's fault. */
  resultInvalid: 'ANSWER_RESULT_INVALID',
} as const;

export type AnswerErrorCodeValue = (typeof AnswerErrorCode)[keyof typeof AnswerErrorCode];

const CATEGORY: Record<AnswerErrorCodeValue, ErrorCategory> = {
  ANSWER_INVALID_REQUEST: 'user',
  ANSWER_MODEL_AUTH: 'upstream',
  ANSWER_MODEL_RATE_LIMITED: 'upstream',
  ANSWER_MODEL_UPSTREAM: 'upstream',
  ANSWER_MODEL_TIMEOUT: 'upstream',
  ANSWER_MODEL_REJECTED: 'upstream',
  ANSWER_MODEL_OUTPUT_INVALID: 'upstream',
  ANSWER_RESULT_INVALID: 'system',
};

export interface AnswerErrorOptions {
  /**
   * Whether the same request may succeed if sent again (a 429, a 5xx, a timeout). Decided where
   * the error is made, from the status or the failure, so retry loops never re-derive it.
   * Default false.
   */
  isRetryable?: boolean;
}

/** An error of the answer engine; its category follows from its code. */
export class AnswerError extends ThreadlineError {
  override readonly code: AnswerErrorCodeValue;
  readonly isRetryable: boolean;

  constructor(code: AnswerErrorCodeValue, message: string, details: Record<string, JsonValue> = {}, cause?: unknown, options: AnswerErrorOptions = {}) {
    super({ code, category: CATEGORY[code], status: code === 'ANSWER_INVALID_REQUEST' ? 422 : undefined, message, details, cause });
    this.name = 'AnswerError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
  }
}

/** True for an `AnswerError`, optionally of one code. */
export function isAnswerError(error: unknown, code?: AnswerErrorCodeValue): error is AnswerError {
  return error instanceof AnswerError && (code === undefined || error.code === code);
}
