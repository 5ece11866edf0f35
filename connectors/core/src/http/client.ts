import { ConnectorError, type ConnectorErrorKind, type FieldError } from '../errors.js';
import type { HelpdeskKind } from '../model.js';
import { abortableSleep, currentAbortSignal } from './abort-scope.js';
import { createRatePacer, type RateLimitMapping, type RatePacer, type RateTicket } from './rate-pacer.js';
import { Semaphore } from './semaphore.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a vendor says about a failed response: the message to show and any field errors. */
export interface ParsedVendorError {
  message: string;
  fieldErrors?: FieldError[];
}

/** One attempt on the wire, as an observer sees it (metrics, traces); never the URL or a body. */
export interface HttpExchange {
  vendor: HelpdeskKind;
  method: HttpMethod;
  /** The answer's status, or null when none came (timeout, dropped connection). */
  status: number | null;
  durationMs: number;
}

export interface HttpClientOptions {
  vendor: HelpdeskKind;
  /** API root, e.g. `https://acme.zendesk.com/api/v2` (or a sandbox's URL). */
  apiBaseUrl: string;
  /** Authentication (and any other) headers for every request. */
  headers: () => Record<string, string>;
  /** Reads the vendor's error body shapes. */
  parseError: (status: number, body: unknown, text: string) => ParsedVendorError;
  /** Per attempt; a request that takes longer is aborted. Default 15 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and dropped connections. Default 4. */
  maxRetries?: number;
  /** Requests in flight at once from this client. Default 8. */
  maxConcurrency?: number;
  /** First backoff step; later steps double, with full jitter. Default 200 ms. */
  retryBaseMs?: number;
  /** A `Retry-After` longer than this is not waited out but surfaced as `rate_limited`. Default 60 s. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The clock pacing reads (tests inject one that their `sleep` advances). Default `Date.now`. */
  now?: () => number;
  /** How the vendor reports its budgets; without it the client only reacts to 429s. */
  rateLimits?: RateLimitMapping;
  /**
   * Whether to slow down before the helpdesk's budget runs out. Default true (when `rateLimits`
   * is given). The pacer belongs to this client, so every caller of one connector shares it.
   */
  pacing?: boolean;
  /**
   * Told about every attempt, retries included, once it has an answer or has failed. Called inline
   * on the request path: keep it to counting. A throwing observer does not fail the request.
   */
  observer?: (exchange: HttpExchange) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  body?: unknown;
  /**
   * Whether repeating the request is harmless. GET/PUT/DELETE are; a POST is retried only after a 429
   * (the helpdesk did not process it) unless this says it is safe.
   */
  idempotent?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Budget units the requests cost as the vendor counts them (Freshdesk credits; one per request elsewhere). */
  credits: number;
}

export interface HttpClient {
  request<T>(method: HttpMethod, pathOrUrl: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  /** Counters since creation (benchmarks report requests made). */
  readonly stats: Readonly<HttpStats>;
}


/** `Retry-After` as seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindForStatus(status: number): ConnectorErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 422) return 'validation';
  if (status >= 500) return 'unavailable';
  return 'protocol';
}

function buildUrl(base: string, pathOrUrl: string, query: RequestOptions['query']): string {
  const url = /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(base.replace(/\/$/, '') + pathOrUrl);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return url.toString();
}

class AttemptTimeout extends Error {}

/**
 * The HTTP machinery both vendor connectors share: auth headers, per-attempt timeouts, bounded
 * concurrency, `Retry-After` on 429, jittered exponential backoff on 5xx / timeouts / dropped
 * connections, and typed `ConnectorError`s for everything that still fails.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const fetchImpl = options.fetch ?? fetch;
  // Every wait (the pacer's, a backoff) ends early when the work around the request is stopped.
  const sleep = (ms: number) => abortableSleep(ms, currentAbortSignal(), options.sleep);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetries = options.maxRetries ?? 4;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const semaphore = new Semaphore(options.maxConcurrency ?? 8);
  const rateLimits = options.rateLimits;
  const pacer: RatePacer | undefined =
    rateLimits && options.pacing !== false ? createRatePacer({ sleep, ...(options.now ? { now: options.now } : {}) }) : undefined;
  const stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0, credits: 0 };

  const backoff = (attempt: number) => {
    const ceiling = Math.min(10_000, retryBaseMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  };

  const observe = (method: HttpMethod, status: number | null, started: number) => {
    try {
      options.observer?.({ vendor: options.vendor, method, status, durationMs: performance.now() - started });
    } catch {
      // Instrumentation never changes what a request does.
    }
  };

  async function attemptOnce(
    method: HttpMethod,
    url: string,
    body: string | undefined,
    stop: AbortSignal | undefined,
  ): Promise<{ response: Response; text: string }> {
    stop?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    try {
      stats.requests++;
      const response = await fetchImpl(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers() },
        body,
        signal: stop ? AbortSignal.any([controller.signal, stop]) : controller.signal,
      });
      status = response.status;
      const text = await response.text();
      return { response, text };
    } finally {
      clearTimeout(timer);
      if (options.observer) observe(method, status, started);
    }
  }

  async function request<T>(method: HttpMethod, pathOrUrl: string, requestOptions: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = buildUrl(options.apiBaseUrl, pathOrUrl, requestOptions.query);
    const parsedUrl = new URL(url);
    const path = parsedUrl.pathname;
    const body = requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body);
    const idempotent = requestOptions.idempotent ?? method !== 'POST';
    const buckets = rateLimits?.bucketsOf?.(method, parsedUrl) ?? [];
    const cost = rateLimits?.costOf?.(method, parsedUrl) ?? 1;
    const stop = currentAbortSignal();
    for (let attempt = 0; ; attempt++) {
      stop?.throwIfAborted();
      const canRetry = attempt < maxRetries;
      let outcome: { response: Response; text: string };
      let ticket: RateTicket | undefined;
      try {
        // Budget is claimed once a slot is free, right before sending: a claim made while queued
        // behind the semaphore could be spent in a later window than the one it was counted in.
        outcome = await semaphore.run(async () => {
          ticket = await pacer?.acquire(buckets, cost);
          stats.credits += cost;
          return attemptOnce(method, url, body, stop);
        });
      } catch (error) {
        // No answer, no news about the budget; the claim's bookkeeping is released.
        if (pacer && ticket) pacer.observe(ticket, {});
        // Stopped (a shutdown): not the helpdesk's failure, and nothing to retry.
        if (stop?.aborted) throw stop.reason;
        const isTimeout = error instanceof AttemptTimeout || (error as Error).name === 'TimeoutError' || error === undefined;
        if (canRetry && idempotent) {
          stats.retries++;
          await sleep(backoff(attempt));
          continue;
        }
        throw new ConnectorError({
          vendor: options.vendor,
          kind: isTimeout ? 'timeout' : 'network',
          message: isTimeout
            ? `${options.vendor} did not answer ${method} ${path} within ${timeoutMs} ms (${attempt + 1} attempts)`
            : `${options.vendor} connection failed on ${method} ${path}: ${(error as Error).message} (${attempt + 1} attempts)`,
          details: { method, path, attempts: attempt + 1 },
          cause: error,
        });
      }
      const { response, text } = outcome;
      // A 429's Retry-After, not its zero remaining, says how long to wait (see the pause below).
      if (pacer && ticket && rateLimits) pacer.observe(ticket, response.status === 429 ? {} : rateLimits.read(response.headers));
      if (response.ok) {
        let parsed: unknown = undefined;
        if (text.length > 0) {
          try {
            parsed = JSON.parse(text);
          } catch (error) {
            throw new ConnectorError({
              vendor: options.vendor,
              kind: 'protocol',
              message: `${options.vendor} answered ${method} ${path} with a body that is not JSON`,
              httpStatus: response.status,
              cause: error,
            });
          }
        }
        return { status: response.status, headers: response.headers, body: parsed as T };
      }
      const status = response.status;
      if (status === 429) {
        stats.rateLimited++;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        if (canRetry && (retryAfterMs === undefined || retryAfterMs <= maxRetryAfterMs)) {
          stats.retries++;
          // With pacing, the pause holds every caller on this account, and the next acquire waits it out.
          if (pacer && ticket) pacer.pause(ticket, retryAfterMs ?? backoff(attempt));
          else await sleep(retryAfterMs ?? backoff(attempt));
          continue;
        }
        throw new ConnectorError({
          vendor: options.vendor,
          kind: 'rate_limited',
          message: `${options.vendor} rate limit reached on ${method} ${path}`,
          httpStatus: status,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          details: { method, path, attempts: attempt + 1 },
        });
      }
      if (status >= 500 && canRetry && idempotent) {
        stats.retries++;
        await sleep(backoff(attempt));
        continue;
      }
      let parsedBody: unknown = text;
      try {
        parsedBody = JSON.parse(text);
      } catch {
        // Plain-text error bodies happen (Zendesk's 429, proxies' 5xx); keep the text.
      }
      const vendorError = options.parseError(status, parsedBody, text);
      throw new ConnectorError({
        vendor: options.vendor,
        kind: kindForStatus(status),
        message: `${options.vendor} ${method} ${path} failed with ${status}: ${vendorError.message}`,
        httpStatus: status,
        ...(vendorError.fieldErrors ? { fieldErrors: vendorError.fieldErrors } : {}),
        // The helpdesk's own words alone, for a person (the connection check quotes them).
        details: { method, path, attempts: attempt + 1, helpdeskMessage: vendorError.message },
      });
    }
  }

  return { request, stats };
}
