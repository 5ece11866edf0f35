import type { JsonValue } from '@threadline/platform';
import { retryAfterMs, sleep as defaultSleep } from '../../http/retry-timing.js';
import { AnswerError, AnswerErrorCode } from '../../errors.js';

/**
 * The HTTP side of an OpenAI-compatible chat model: one `POST {baseURL}/chat/completions` with
 * bearer auth, retried on 429 (after `retry-after-ms` / `retry-after`), 500/502/503, timeouts and
 * refused connections. Every failure becomes an `AnswerError` here, by status or by the kind of
 * failure, with `isRetryable` decided here and nowhere else.
 *
 * Wire format: https://platform.openai.com/docs/api-reference/chat/create — errors are
 * `{"error":{"message","type","param","code"}}`; Ollama (https://github.com/ollama/ollama/blob/main/docs/openai.md),
 * vLLM (https://docs.vllm.ai/en/stable/serving/openai_compatible_server/) and llama.cpp's
 * llama-server answer the same shape.
 */

export interface ChatHttpOptions {
  /** Up to and including `/v1`, e.g. `http://localhost:11434/v1`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; local servers usually need none. */
  apiKey?: string;
  model: string;
  /** Per attempt, in ms. */
  timeoutMs: number;
  maxRetries: number;
  /** First backoff in ms when the server gives no hint, doubled each retry, at most 8 s. */
  retryBaseMs: number;
  /** A server asking to wait longer than this (ms) is not waited for: the call fails as rate-limited. */
  maxRetryAfterMs: number;
  fetch: typeof fetch;
  /** Injected so tests can see the waits without spending them. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_CHAT_HTTP = { retryBaseMs: 500, maxRetryAfterMs: 60_000, fetch: (...args: Parameters<typeof fetch>) => fetch(...args), sleep: defaultSleep };

/** A failure, and how long the server asked us to wait before the next try. */
interface Failure {
  error: AnswerError;
  waitMs?: number;
}

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503]);

/** The `error` object of an OpenAI-style error body, reduced to its JSON-safe identifiers. */
async function errorFields(response: Response): Promise<Record<string, JsonValue>> {
  const body = (await response.json().catch(() => undefined)) as { error?: { type?: unknown; code?: unknown; param?: unknown } } | undefined;
  const fields: Record<string, JsonValue> = {};
  for (const key of ['type', 'code', 'param'] as const) {
    const value = body?.error?.[key];
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return fields;
}

/** Maps a non-2xx answer to an `AnswerError`, by status only (the message text varies by server). */
async function statusFailure(response: Response, model: string): Promise<Failure> {
  const status = response.status;
  const details = { model, status, ...(await errorFields(response)) };
  const isRetryable = RETRYABLE_STATUSES.has(status);
  const waitMs = retryAfterMs(response.headers);
  if (status === 401 || status === 403) {
    return { error: new AnswerError(AnswerErrorCode.modelAuth, `The model server refused the API key (HTTP ${status}); check ANSWER_MODEL_API_KEY`, details) };
  }
  if (status === 429) {
    return { error: new AnswerError(AnswerErrorCode.modelRateLimited, 'The model server kept rate-limiting after the retries', details, undefined, { isRetryable }), ...(waitMs === undefined ? {} : { waitMs }) };
  }
  if (status >= 400 && status < 500) {
    return { error: new AnswerError(AnswerErrorCode.modelRejected, `The model server rejected the request (HTTP ${status})`, details) };
  }
  return { error: new AnswerError(AnswerErrorCode.modelUpstream, `The model server failed (HTTP ${status})`, details, undefined, { isRetryable }), ...(waitMs === undefined ? {} : { waitMs }) };
}

/** Maps a request that got no answer: the caller's cancel, our timeout, or an unreachable server. */
function transportFailure(error: unknown, model: string, url: string, timeout: AbortSignal, caller?: AbortSignal): Failure {
  if (caller?.aborted) return { error: new AnswerError(AnswerErrorCode.modelUpstream, 'The model call was cancelled', { model }, error) };
  if (timeout.aborted) return { error: new AnswerError(AnswerErrorCode.modelTimeout, 'The model call timed out', { model }, error, { isRetryable: true }) };
  return { error: new AnswerError(AnswerErrorCode.modelUpstream, `The model server is unreachable (${url})`, { model, url }, error, { isRetryable: true }) };
}

/**
 * POSTs one chat-completions request and returns the parsed 2xx body, or throws the last
 * `AnswerError` once the retries are spent (or at once when it is not retryable).
 */
export async function postChatCompletion(body: unknown, options: ChatHttpOptions, signal?: AbortSignal): Promise<unknown> {
  const url = `${options.baseURL.replace(/\/+$/, '')}/chat/completions`;
  for (let attempt = 0; ; attempt++) {
    const failure = await attemptOnce(url, body, options, signal);
    if ('body' in failure) return failure.body;
    const { error, waitMs } = failure;
    if (!error.isRetryable || attempt >= options.maxRetries) throw error;
    if (waitMs !== undefined && waitMs > options.maxRetryAfterMs) throw error;
    const backoff = Math.min(8_000, options.retryBaseMs * 2 ** attempt);
    await options.sleep(waitMs ?? backoff, signal).catch((reason: unknown) => {
      throw new AnswerError(AnswerErrorCode.modelUpstream, 'The model call was cancelled', { model: options.model }, reason);
    });
  }
}

async function attemptOnce(url: string, body: unknown, options: ChatHttpOptions, signal?: AbortSignal): Promise<Failure | { body: unknown }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    return transportFailure(error, options.model, url, timeout, signal);
  }
  if (!response.ok) return statusFailure(response, options.model);
  try {
    return { body: await response.json() };
  } catch (error) {
    // A body cut off by our timeout is a timeout; otherwise the server spoke something other than JSON.
    if (timeout.aborted || signal?.aborted) return transportFailure(error, options.model, url, timeout, signal);
    return { error: new AnswerError(AnswerErrorCode.modelOutputInvalid, 'The model server answered with a body that is not JSON', { model: options.model }, error) };
  }
}
