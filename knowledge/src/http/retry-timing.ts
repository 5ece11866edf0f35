/**
 * Timing helpers shared by the HTTP adapters of this package (embedding APIs, OpenAI-compatible
 * chat models): an abortable sleep and the server's own retry hint.
 */

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * How long the server asked us to wait, in ms; undefined when it did not say. `retry-after-ms` is
 * the finer hint OpenAI (and proxies copying it) send beside the standard `retry-after`, which is
 * seconds or an HTTP date (RFC 9110 §10.2.3). The official openai-node client prefers the former too.
 */
export function retryAfterMs(headers: Pick<Headers, 'get'>, now: () => number = Date.now): number | undefined {
  const precise = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(precise) && precise >= 0) return precise;
  const header = headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
