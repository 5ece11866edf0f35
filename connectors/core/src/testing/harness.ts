import type { HelpdeskConnector } from '../connector.js';
import type { DemoDataset } from '../demo/types.js';
import type { HttpStats } from '../http/client.js';
import type { ExternalId } from '../model.js';
import type { FaultInjector } from '../sandbox/faults.js';
import type { WebhookRequest, WebhookVerifier } from '../webhooks.js';

/**
 * What a vendor package hands the shared contract suite: a connector pointed at a freshly seeded
 * sandbox, plus the sandbox's controls. Build the connector with `timeoutMs: TEST_TIMEOUT_MS`, `maxRetries: 2`,
 * `pageSize: 25` and the recording `sleep` below so fault tests are fast and deterministic.
 */
export interface ConnectorHarness {
  connector: HelpdeskConnector;
  /**
   * Another connector on the same sandbox whose attempts give up after `timeoutMs`: the test of a
   * helpdesk that never answers waits for the timeouts it causes, so it takes a short one.
   */
  connectorTimingOutAfter(timeoutMs: number): HelpdeskConnector;
  dataset: DemoDataset;
  faults: FaultInjector;
  /** The sandbox id of a dataset ticket / customer key. */
  ticketId(key: string): ExternalId;
  customerId(key: string): ExternalId;
  /**
   * Whether the helpdesk leaves archived tickets out of its ticket lists and change feed, serving
   * them only by id (Freshdesk), rather than keeping them readable like any other (Zendesk).
   */
  hidesArchivedTickets: boolean;
  /** Counters of the connector's HTTP client. */
  stats(): HttpStats;
  /** Every backoff / Retry-After wait the connector asked for, in ms. */
  sleeps: number[];
  webhook: {
    verifier: WebhookVerifier;
    secret: string;
    /** Whether deliveries carry a signed timestamp that can go stale (Zendesk yes, Freshdesk no). */
    hasTimestamp: boolean;
    /** A delivery exactly as the helpdesk would send it for this ticket. */
    delivery(ticketId: ExternalId, options?: { timestamp?: Date; secret?: string }): WebhookRequest;
  };
  close(): Promise<void>;
}

/** A `sleep` that records the wait and resolves at once. */
/**
 * Per-attempt timeout for connectors under test: long enough that a sandbox answering slowly on a
 * busy machine is never mistaken for one that does not answer (the timeout tests use a sandbox that
 * never answers, so they only wait longer, they do not change outcome).
 */
export const TEST_TIMEOUT_MS = 5_000;

export function recordingSleep(into: number[]): (ms: number) => Promise<void> {
  return async (ms) => {
    into.push(ms);
  };
}

/**
 * A recording `sleep` with the clock it moves: pacing after a 429 computes its wait from `now`, so
 * with the wall clock a busy machine's millisecond between the 429 and the wait shows up as
 * `Retry-After - 1`. With this clock the wait is exactly what the helpdesk asked for.
 */
export function recordingClock(into: number[], start = Date.now()): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      into.push(ms);
      t += ms;
    },
  };
}
