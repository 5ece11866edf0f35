/**
 * The base of every error Threadline raises on purpose.
 *
 * Each package keeps its own catalogue of codes (UPPER_SNAKE with a package prefix) and raises
 * `ThreadlineError`s with them. Only the server's edge turns a `category` into an HTTP status:
 * `user` → 4xx with the reason, `upstream` → 502/503 with a retry hint, `system` → 500 with a generic message.
 *
 * @example
 * throw new ThreadlineError({
 *   code: 'DB_PGVECTOR_MISSING',
 *   category: 'system',
 *   message: 'The database has no pgvector extension',
 *   details: { host: '127.0.0.1' },
 * });
 */
export type ErrorCategory = 'user' | 'upstream' | 'system';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ThreadlineErrorOptions {
  code: string;
  category: ErrorCategory;
  message: string;
  /** JSON-safe facts about the failure; never secrets. */
  details?: Record<string, JsonValue>;
  /** HTTP status the edge should use for a `user` error (defaults to 400). */
  status?: number;
  /**
   * Whether the same work may succeed if tried again, decided where the error is made (as vercel/ai's
   * `APICallError.isRetryable`). Defaults from the category: `upstream` → true, `user` and `system` → false.
   */
  retryable?: boolean;
  cause?: unknown;
}

export class ThreadlineError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, JsonValue>;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(options: ThreadlineErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ThreadlineError';
    this.code = options.code;
    this.category = options.category;
    this.details = options.details ?? {};
    this.status = options.status;
    this.retryable = options.retryable ?? options.category === 'upstream';
  }

  toJSON(): { code: string; category: ErrorCategory; message: string; details: Record<string, JsonValue> } {
    return { code: this.code, category: this.category, message: this.message, details: this.details };
  }
}

export function isThreadlineError(error: unknown): error is ThreadlineError {
  return error instanceof ThreadlineError;
}
