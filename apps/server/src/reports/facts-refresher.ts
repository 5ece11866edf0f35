import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '@threadline/platform/db';
import { flushStaleFacts, tenantsWithStaleFacts } from './stale-facts.js';

export interface FactsRefresher {
  start(): void;
  /** Stops the timer and waits for a round in progress. */
  stop(): Promise<void>;
  /** Rewrites the tenant's marked facts now (before a report read), one flush at a time per process. */
  flush(tenantId: string): Promise<number>;
}

/**
 * Rewrites marked report facts (stale-facts.ts) every `intervalMs`: a burst of events on one
 * customer within the interval costs one rewrite. Rounds and report-read flushes of this process
 * run one after the other, so two of them never rewrite the same customer at once; a failed round
 * leaves the marks for the next one.
 */
export function createFactsRefresher(options: { db: Db; log: FastifyBaseLogger; intervalMs?: number }): FactsRefresher {
  const intervalMs = options.intervalMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => {});
    return run;
  };
  const round = () =>
    serial(async () => {
      for (const tenantId of await tenantsWithStaleFacts(options.db)) await flushStaleFacts(options.db, tenantId);
    }).catch((error: unknown) => options.log.warn({ err: error }, 'report facts refresh failed; the marked customers stay marked for the next round'));
  const schedule = () => {
    timer = setTimeout(() => void round().finally(() => timer && schedule()), intervalMs);
    // Background work never keeps the process alive on its own.
    timer.unref();
  };
  return {
    start() {
      if (!timer) schedule();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
    },
    flush: (tenantId) => serial(() => flushStaleFacts(options.db, tenantId)),
  };
}
