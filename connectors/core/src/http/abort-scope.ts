import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A stop that reaches every helpdesk request made inside a piece of work, however deep in a
 * connector it is made. A queue job hands its signal to `withAbortSignal`; when the server shuts
 * down, requests waiting for the rate budget, a retry's backoff or an answer end at once with the
 * signal's reason instead of finishing the page in hand (which, paced to a plan's limits, can take
 * longer than the shutdown's grace period).
 */
const scope = new AsyncLocalStorage<AbortSignal>();

export function withAbortSignal<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return signal ? scope.run(signal, work) : work();
}

/** The signal of the innermost `withAbortSignal` around the caller, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/**
 * `sleep(ms)`, ended early with the signal's reason. The default timer is cleared on a stop, so a
 * stopped wait keeps no timer (and no process) alive; an injected sleep is raced instead.
 */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, sleep?: (ms: number) => Promise<void>): Promise<void> {
  if (!signal) return sleep ? sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (timer) clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    if (sleep) sleep(ms).then(done, (error: unknown) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    else timer = setTimeout(done, ms);
  });
}
