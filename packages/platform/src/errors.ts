/**
 * The base of every error Threadline raises on purpose.
 *
 * Each package keeps one catalogue of codes (`errors.ts`, UPPER_SNAKE with the package's prefix,
 * see `error-catalogue.ts`) and raises `ThreadlineError`s with them. A library package says what
 * went wrong (`category`, `problem`), never which HTTP status that is: only the server's edge turns
 * them into a status (`user` → 4xx by `problem`, `upstream` → 502/503/504, `system` → 500).
 *
 * @example
 * throw new ThreadlineError({
 *   code: 'PLATFORM_DB_PGVECTOR_MISSING',
 *   category: 'system',
 *   message: 'The database has no pgvector extension',
 *   details: { host: '127.0.0.1' },
 * });
 */
export type ErrorCategory = 'user' | 'upstream' | 'system';

/**
 * What kind of problem, finer than the category (the "type" of an RFC 9457 problem, without the
 * HTTP). The user problems say what the caller must change; the upstream ones what a dependency did.
 *
 * | problem | category | the caller |
 * | --- | --- | --- |
 * | `invalid` | user | sent something malformed or impossible (the default for `user`) |
 * | `unauthenticated` | user | is not signed in, or with credentials we do not accept |
 * | `forbidden` | user | is known but may not do this |
 * | `not_found` | user | named something that does not exist in its tenant |
 * | `conflict` | user | asked for something the current state does not allow |
 * | `unprocessable` | user | sent a well-formed request that cannot be carried out (a helpdesk's validation error) |
 * | `too_large` | user | sent or named something bigger than the limit |
 * | `unsupported_type` | user | sent or named content of a type we do not read |
 * | `failed` | upstream, system | — a dependency (or our own code) failed (the default for both) |
 * | `rate_limited` | upstream | — a dependency asked us to slow down |
 * | `unavailable` | upstream | — a dependency is down or not ready; try again later |
 * | `timeout` | upstream | — a dependency did not answer in time |
 */
export type ErrorProblem =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'unsupported_type'
  | 'failed'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ThreadlineErrorOptions {
  code: string;
  category: ErrorCategory;
  /** Defaults to `invalid` for a `user` error and `failed` otherwise. */
  problem?: ErrorProblem | undefined;
  message: string;
  /** JSON-safe facts about the failure; never secrets. */
  details?: Record<string, JsonValue>;
  /**
   * Whether the same work may succeed if tried again, decided where the error is made (as vercel/ai's
   * `APICallError.isRetryable`). Defaults from the category: `upstream` → true, `user` and `system` → false.
   */
  retryable?: boolean;
  cause?: unknown;
  /**
   * @deprecated Name the `problem` (a catalogue does); only the server's edge chooses statuses.
   * Still read, as the problem it stands for, so a throw not yet moved onto a catalogue keeps its answer.
   */
  status?: number | undefined;
}

/** The problem an old-style `status` stood for. */
const PROBLEM_OF_STATUS: Readonly<Record<number, ErrorProblem>> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
};

export class ThreadlineError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, JsonValue>;
  readonly problem: ErrorProblem;
  readonly retryable: boolean;

  constructor(options: ThreadlineErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ThreadlineError';
    this.code = options.code;
    this.category = options.category;
    this.details = options.details ?? {};
    this.problem = options.problem ?? (options.status === undefined ? undefined : PROBLEM_OF_STATUS[options.status]) ?? (options.category === 'user' ? 'invalid' : 'failed');
    this.retryable = options.retryable ?? options.category === 'upstream';
  }

  toJSON(): { code: string; category: ErrorCategory; message: string; details: Record<string, JsonValue> } {
    return { code: this.code, category: this.category, message: this.message, details: this.details };
  }
}

export function isThreadlineError(error: unknown): error is ThreadlineError {
  return error instanceof ThreadlineError;
}
