import { ThreadlineError, type JsonValue } from '../errors.js';

/** Error codes of the job queue. */
export const QueueErrorCode = {
  /** The job's lease ran out on every attempt (its workers died mid-run): given up. */
  attemptsExhausted: 'QUEUE_ATTEMPTS_EXHAUSTED',
} as const;

export function queueError(code: string, message: string, details: Record<string, JsonValue> = {}): ThreadlineError {
  return new ThreadlineError({ code, category: 'system', message, details });
}
