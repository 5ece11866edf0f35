import { isThreadlineError } from '../errors.js';

/**
 * Whether a failed attempt is worth another. A `ThreadlineError` says so itself (`retryable`,
 * decided where it was made; by default its category: upstream yes, user and system no). Any other
 * error was not classified by anyone (a dropped socket, a bug): it gets the queue's remaining
 * attempts with backoff, then lands in the dead-letter list with its message.
 */
export function isRetryableError(error: unknown): boolean {
  return isThreadlineError(error) ? error.retryable : true;
}
