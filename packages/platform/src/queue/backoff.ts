/** How long a queue waits before retrying a failed attempt. */
export interface Backoff {
  /** The wait after the first failed attempt; it doubles with each attempt. */
  baseMs: number;
  /** The longest wait, whatever the attempt. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 15 * 60_000 };

/**
 * Exponential backoff with jitter: `baseMs × 2^(attempt-1)`, capped at `maxMs`, then spread over
 * ±25 % so that jobs failing together (an outage) do not all come back in the same instant.
 *
 * @example
 * retryDelayMs(3, { baseMs: 1_000, maxMs: 60_000 }, () => 0.5); // 4 000
 */
export function retryDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}
