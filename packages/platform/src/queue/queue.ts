import type { JsonValue } from '../errors.js';
import { DEFAULT_BACKOFF, type Backoff } from './backoff.js';
import type { Job } from './job.js';

/**
 * A named queue and the payload its jobs carry. Enqueue and handle through the definition, so the
 * payload is typed at both ends.
 *
 * @example
 * const replays = defineQueue<{ limit: number }>('agent.replay', { maxAttempts: 1 });
 * await enqueueJob(db, replays, { tenantId, payload: { limit: 50 } });
 * handle(replays, (job) => replay({ tenantId: job.tenantId, limit: job.payload.limit }));
 */
export interface QueueDefinition<Payload> {
  readonly name: string;
  /** Attempts a job gets unless its enqueue says otherwise. */
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  /** Type-only: never set. Carries `Payload` so a definition of one queue is not taken for another. */
  readonly payloadType?: (payload: Payload) => void;
}

export function defineQueue<Payload>(name: string, options: { maxAttempts?: number; backoff?: Partial<Backoff> } = {}): QueueDefinition<Payload> {
  return { name, maxAttempts: options.maxAttempts ?? 5, backoff: { ...DEFAULT_BACKOFF, ...options.backoff } };
}

/** What a running handler may do besides its work. */
export interface JobContext {
  /** Aborted when the worker stops or loses the job's lease: stop soon, the job runs again. */
  signal: AbortSignal;
  /** Saves counters a UI can poll and renews the lease (the worker also renews it on a timer). */
  reportProgress(progress: JsonValue): Promise<void>;
}

/** How an attempt ended when it threw. */
export interface JobFailure {
  error: unknown;
  /** True when the job is queued again (retryable error with attempts left, or the worker stopping). */
  willRetry: boolean;
}

/** A queue's handler as the worker holds it; built by `handle`. */
export interface QueueHandler {
  readonly queue: string;
  readonly backoff: Backoff;
  run(job: Job, context: JobContext): Promise<unknown>;
  onFailure(job: Job, failure: JobFailure): Promise<void>;
}

/**
 * Binds a handler to its queue. A handler is one call to a named service; `onFailure` lets it
 * record what the failure means outside the queue (a knowledge source marked failed).
 */
export function handle<Payload>(
  queue: QueueDefinition<Payload>,
  run: (job: Job<Payload>, context: JobContext) => Promise<unknown>,
  hooks: { onFailure?(job: Job<Payload>, failure: JobFailure): Promise<void> } = {},
): QueueHandler {
  // The one place a stored payload meets its type: rows of this queue were written only by
  // `enqueueJob` with this definition, which takes a `Payload`.
  const typed = (job: Job): Job<Payload> => job as Job<Payload>;
  return {
    queue: queue.name,
    backoff: queue.backoff,
    run: (job, context) => run(typed(job), context),
    onFailure: async (job, failure) => hooks.onFailure?.(typed(job), failure),
  };
}
