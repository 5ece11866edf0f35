import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { retryAfterMs, sleep } from '../http/retry-timing.js';

/** How an API embedder talks HTTP; the defaults suit the public APIs. */
export interface EmbeddingHttpOptions {
  /** Per attempt, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx or a network failure. Default 3. */
  maxRetries?: number;
  /** First backoff in ms, doubled each retry unless the server sends Retry-After. Default 500. */
  retryBaseMs?: number;
  /** Injected for tests and proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}

interface PostJsonRequest {
  provider: string;
  model: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
}

/** The provider's error text, shortened, for the error details (never the request, which may hold customer text). */
async function errorSummary(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return text.slice(0, 300);
}

/**
 * POSTs JSON to an embedding API and returns the parsed 2xx body. Retries 429, 5xx and network
 * failures with backoff (honouring Retry-After, capped at 30 s); maps the rest to typed errors.
 */
export async function postEmbeddingRequest(request: PostJsonRequest, options: EmbeddingHttpOptions = {}): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 3;
  const baseMs = options.retryBaseMs ?? 500;
  const details = { provider: request.provider, model: request.model, url: request.url };
  for (let attempt = 0; ; attempt++) {
    request.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
        body: JSON.stringify(request.body),
        signal,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      if (attempt < maxRetries) {
        await sleep(baseMs * 2 ** attempt, request.signal);
        continue;
      }
      const reason = timeout.aborted ? 'timed out' : 'unreachable';
      throw new KnowledgeError(KnowledgeErrorCode.embedderUpstream, `${request.provider} embeddings API ${reason} (${request.url})`, { ...details, reason }, error);
    }
    if (response.ok) {
      try {
        return await response.json();
      } catch (error) {
        throw new KnowledgeError(KnowledgeErrorCode.embedderProtocol, `${request.provider} embeddings API answered with a body that is not JSON`, details, error);
      }
    }
    const status = response.status;
    const retryable = status === 429 || status >= 500;
    if (retryable && attempt < maxRetries) {
      await response.body?.cancel().catch(() => {});
      const wait = Math.min(30_000, retryAfterMs(response.headers) ?? baseMs * 2 ** attempt);
      await sleep(wait, request.signal);
      continue;
    }
    const summary = await errorSummary(response);
    const withStatus = { ...details, httpStatus: status, response: summary };
    if (status === 401 || status === 403) {
      throw new KnowledgeError(KnowledgeErrorCode.embedderAuth, `${request.provider} embeddings API refused the API key (HTTP ${status})`, withStatus);
    }
    if (status === 429) {
      throw new KnowledgeError(KnowledgeErrorCode.embedderRateLimited, `${request.provider} embeddings API is rate limiting (HTTP 429) after ${maxRetries} retries`, withStatus);
    }
    if (status >= 500) {
      throw new KnowledgeError(KnowledgeErrorCode.embedderUpstream, `${request.provider} embeddings API failed (HTTP ${status}) after ${maxRetries} retries`, withStatus);
    }
    throw new KnowledgeError(KnowledgeErrorCode.embedderRejected, `${request.provider} embeddings API rejected the request (HTTP ${status})`, withStatus);
  }
}

/**
 * Reads the `{ data: [{ embedding: number[], index }] }` shape that both OpenAI and Voyage answer
 * with, ordered by `index`; anything else is a protocol error.
 */
export function readEmbeddingList(provider: string, model: string, body: unknown, count: number): number[][] {
  const data = (body as { data?: unknown } | null)?.data;
  const bad = (why: string): KnowledgeError =>
    new KnowledgeError(KnowledgeErrorCode.embedderProtocol, `${provider} embeddings API answered with an unexpected body: ${why}`, { provider, model });
  if (!Array.isArray(data)) throw bad('no data array');
  if (data.length !== count) throw bad(`${data.length} embeddings for ${count} inputs`);
  const out: number[][] = new Array(count);
  data.forEach((item: unknown, position) => {
    const entry = item as { embedding?: unknown; index?: unknown };
    const index = typeof entry.index === 'number' ? entry.index : position;
    if (!Number.isInteger(index) || index < 0 || index >= count || out[index] !== undefined) throw bad(`bad index ${String(entry.index)}`);
    if (!Array.isArray(entry.embedding) || !entry.embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw bad('an embedding is not an array of numbers (was encoding_format base64?)');
    }
    out[index] = entry.embedding as number[];
  });
  return out;
}
