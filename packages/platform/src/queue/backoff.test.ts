import { describe, expect, it } from 'vitest';
import { ThreadlineError } from '../errors.js';
import { retryDelayMs } from './backoff.js';
import { isRetryableError } from './retryable.js';

describe('retry backoff', () => {
  const backoff = { baseMs: 1_000, maxMs: 10_000 };

  it('doubles with each attempt and stops at the cap', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, backoff, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('spreads each delay over ±25 % with the jitter source', () => {
    expect(retryDelayMs(3, backoff, () => 0)).toBe(3_000);
    expect(retryDelayMs(3, backoff, () => 0.999_999)).toBe(5_000);
  });
});

describe('retryable errors', () => {
  it('follows the category unless the error says otherwise', () => {
    expect(isRetryableError(new ThreadlineError({ code: 'X_UNAVAILABLE', category: 'upstream', message: '503' }))).toBe(true);
    expect(isRetryableError(new ThreadlineError({ code: 'X_REFUSED', category: 'user', message: '422' }))).toBe(false);
    expect(isRetryableError(new ThreadlineError({ code: 'X_BROKEN', category: 'system', message: 'bug' }))).toBe(false);
    expect(isRetryableError(new ThreadlineError({ code: 'X_BAD_GATEWAY', category: 'upstream', message: '400 from the vendor', retryable: false }))).toBe(false);
    expect(isRetryableError(new ThreadlineError({ code: 'X_CONFLICT', category: 'user', message: '409', retryable: true }))).toBe(true);
  });

  it('retries an error nobody classified', () => {
    expect(isRetryableError(new Error('socket hang up'))).toBe(true);
  });
});
