import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HttpExchange } from '@threadline/connector-core/http';
import type { EmbeddingCacheLookup } from '@threadline/knowledge';
import type { ModelCall } from '@threadline/knowledge/answer';
import type { Queryable } from '@threadline/platform/db';

/**
 * Operations metrics in Prometheus form, on a registry of their own (never prom-client's global
 * one, so several apps in one process do not share counters). Every label is a bounded vocabulary
 * (helpdesk kind, queue, status, stage, provider, model): no tenant ids, no ticket ids, nothing a
 * customer wrote. The recorders run on the request and pipeline paths, so each is a label lookup
 * and an add; the job queue is read once per scrape.
 *
 * @example
 * const metrics = createOperationsMetrics({ queues: queueNames });
 * metrics.webhookReceived('zendesk');
 * const text = await metrics.scrape({ db: app.db, onQueueError: (err) => app.log.warn({ err }, 'queue metrics unavailable') });
 */
export interface OperationsMetrics {
  readonly registry: Registry;
  webhookReceived(helpdesk: string): void;
  /** An exact redelivery (`duplicate`) or a nudge folded into its ticket's queued job (`coalesced`). */
  webhookDeduped(helpdesk: string, reason: 'duplicate' | 'coalesced'): void;
  /** A delivery refused or lost: `unauthenticated` (bad signature, unknown tenant), `rejected` (other 4xx), `error`. */
  webhookFailed(helpdesk: string, reason: 'unauthenticated' | 'rejected' | 'error'): void;
  /** A pipeline stage's duration in milliseconds (`sync`, `retrieve`, `answer`, `write`, `total`). */
  stageDuration(stage: PipelineStage, ms: number): void;
  /** For the connectors' HTTP observer. */
  helpdeskExchange(exchange: HttpExchange): void;
  /** For the answer engine's model-call observer. */
  modelCall(call: ModelCall): void;
  /** For ingestion's embedding-cache observer. */
  embeddingCache(lookup: EmbeddingCacheLookup): void;
  /**
   * Reads the job queue (one query) and renders every family in the text exposition format. When
   * the database does not answer, the queue gauges are left out (not shown stale) and `onQueueError`
   * hears why; the other families are still served.
   */
  scrape(input: { db: Queryable; onQueueError: (error: unknown) => void }): Promise<string>;
}

export type PipelineStage = 'sync' | 'retrieve' | 'answer' | 'write' | 'total';

/** The statuses a job waits or lingers in; `succeeded` jobs are history, not queue. */
const OPEN_STATUSES = ['queued', 'running', 'failed'] as const;

/** Seconds, from 5 ms to 2 min: a helpdesk round trip to a slow local model. */
const STAGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

function statusClass(status: number | null): string {
  return status === null ? 'none' : `${Math.floor(status / 100)}xx`;
}

export function createOperationsMetrics(options: { queues: readonly string[] }): OperationsMetrics {
  const registry = new Registry();
  const registers = [registry];

  const webhooksReceived = new Counter({ name: 'threadline_webhooks_received_total', help: 'Helpdesk webhook deliveries received', labelNames: ['helpdesk'], registers });
  const webhooksDeduped = new Counter({
    name: 'threadline_webhooks_deduped_total',
    help: 'Deliveries that started no job: exact redeliveries and nudges joined to a queued job',
    labelNames: ['helpdesk', 'reason'],
    registers,
  });
  const webhooksFailed = new Counter({ name: 'threadline_webhooks_failed_total', help: 'Deliveries refused or not accepted', labelNames: ['helpdesk', 'reason'], registers });
  const queueDepth = new Gauge({ name: 'threadline_job_queue_depth', help: 'Jobs per queue and open status, read at scrape time', labelNames: ['queue', 'status'], registers });
  const queueOldest = new Gauge({
    name: 'threadline_job_queue_oldest_age_seconds',
    help: 'Age of the oldest job per queue and open status, read at scrape time (0 when empty)',
    labelNames: ['queue', 'status'],
    registers,
  });
  const stageSeconds = new Histogram({
    name: 'threadline_pipeline_stage_duration_seconds',
    help: 'Agent pipeline stage durations per ticket event',
    labelNames: ['stage'],
    buckets: STAGE_BUCKETS,
    registers,
  });
  const helpdeskRequests = new Counter({
    name: 'threadline_helpdesk_requests_total',
    help: 'HTTP attempts to helpdesk APIs, retries included, by answer status class (none: no answer)',
    labelNames: ['helpdesk', 'status_class'],
    registers,
  });
  const helpdeskRateLimited = new Counter({ name: 'threadline_helpdesk_rate_limited_total', help: 'Helpdesk answers with 429 Too Many Requests', labelNames: ['helpdesk'], registers });
  const modelCalls = new Counter({ name: 'threadline_model_calls_total', help: 'Language model API calls', labelNames: ['provider', 'model', 'operation', 'outcome'], registers });
  const modelSeconds = new Histogram({
    name: 'threadline_model_call_duration_seconds',
    help: 'Language model API call durations, the adapter’s retries included',
    labelNames: ['provider', 'model', 'operation'],
    buckets: STAGE_BUCKETS,
    registers,
  });
  const modelTokens = new Counter({ name: 'threadline_model_tokens_total', help: 'Tokens the model provider counted', labelNames: ['provider', 'model', 'kind'], registers });
  const cacheHits = new Counter({ name: 'threadline_embedding_cache_hits_total', help: 'Chunk texts whose vector came from the embedding cache', registers });
  const cacheMisses = new Counter({ name: 'threadline_embedding_cache_misses_total', help: 'Chunk texts that had to be embedded', registers });

  // The stages are few and fixed: bind them once instead of hashing labels per observation.
  const stages = new Map<PipelineStage, ReturnType<typeof stageSeconds.labels>>();
  const stage = (name: PipelineStage) => {
    let child = stages.get(name);
    if (!child) stages.set(name, (child = stageSeconds.labels(name)));
    return child;
  };

  async function readQueue(db: Queryable): Promise<void> {
    // One grouped read over the open jobs only (a partial index covers it), whatever the history holds.
    const { rows } = await db.query<{ queue: string; status: string; depth: number; oldest: number }>(
      `select queue, status, count(*)::int as depth, extract(epoch from now() - min(created_at))::float8 as oldest
         from queue_jobs where status in ('queued', 'running', 'failed') group by queue, status`,
    );
    queueDepth.reset();
    queueOldest.reset();
    // Known queues report 0 when empty, so a dashboard sees "nothing waiting", not "no data".
    for (const queue of options.queues) {
      for (const status of OPEN_STATUSES) {
        queueDepth.set({ queue, status }, 0);
        queueOldest.set({ queue, status }, 0);
      }
    }
    for (const row of rows) {
      queueDepth.set({ queue: row.queue, status: row.status }, row.depth);
      queueOldest.set({ queue: row.queue, status: row.status }, Math.max(0, row.oldest));
    }
  }

  return {
    registry,
    webhookReceived: (helpdesk) => webhooksReceived.inc({ helpdesk }),
    webhookDeduped: (helpdesk, reason) => webhooksDeduped.inc({ helpdesk, reason }),
    webhookFailed: (helpdesk, reason) => webhooksFailed.inc({ helpdesk, reason }),
    stageDuration: (name, ms) => stage(name).observe(ms / 1000),
    helpdeskExchange(exchange) {
      helpdeskRequests.inc({ helpdesk: exchange.vendor, status_class: statusClass(exchange.status) });
      if (exchange.status === 429) helpdeskRateLimited.inc({ helpdesk: exchange.vendor });
    },
    modelCall(call) {
      const labels = { provider: call.provider, model: call.model };
      modelCalls.inc({ ...labels, operation: call.operation, outcome: call.outcome });
      modelSeconds.observe({ ...labels, operation: call.operation }, call.durationMs / 1000);
      if (call.inputTokens > 0) modelTokens.inc({ ...labels, kind: 'input' }, call.inputTokens);
      if (call.outputTokens > 0) modelTokens.inc({ ...labels, kind: 'output' }, call.outputTokens);
    },
    embeddingCache(lookup) {
      if (lookup.hits > 0) cacheHits.inc(lookup.hits);
      if (lookup.misses > 0) cacheMisses.inc(lookup.misses);
    },
    async scrape({ db, onQueueError }) {
      try {
        await readQueue(db);
      } catch (error) {
        queueDepth.reset();
        queueOldest.reset();
        onQueueError(error);
      }
      return registry.metrics();
    },
  };
}
