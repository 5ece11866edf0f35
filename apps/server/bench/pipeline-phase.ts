/**
 * One load phase of the pipeline bench: signed webhooks for a set of tickets, open loop at a fixed
 * rate, drained, then measured from the jobs and answers the server stored: latency per event, and
 * what each event cost the server (CPU, event-loop time) and the helpdesk (requests).
 */
import { threadCpuMs } from '@threadline/knowledge/embeddings';
import { performance as nodePerformance } from 'node:perf_hooks';
import type { Db } from '@threadline/platform/db';
import type { HttpStats } from '@threadline/connector-core/http';
import { ticketEventQueue } from '../src/jobs/queues.js';

export const OVERHEAD_GOAL_MS = 500;
const STAGES = ['syncMs', 'retrieveMs', 'answerMs', 'writeMs'] as const;

export interface PhaseInput {
  db: Db;
  tenantId: string;
  /** The server's webhook URL for the tenant. */
  target: string;
  ticketIds: readonly string[];
  rate: number;
  modelMs: number;
  drainMs: number;
  /** The tenant's connector counters (requests made, 429s seen). */
  helpdeskStats: () => Readonly<HttpStats>;
  send: (targetUrl: string, ticketId: string) => Promise<{ status: number }>;
  /** The local embedder's counters (its worker thread's model time), when the server runs it. */
  embedderUsage?: () => { cpuMs: number; texts: number; modelCalls: number };
  log: (line: string) => void;
}

export interface PhaseResult {
  rate: number;
  sent: number;
  sendSeconds: number;
  accepted: number;
  jobs: number;
  written: number;
  failed: number;
  lost: number;
  /** Tickets answered more than once (each ticket had one customer message to answer). */
  doubleAnswers: number;
  /** From the first webhook sent to the last answer written. */
  wallSeconds: number;
  /** The server process only (helpdesk and model run in another). */
  cpuMsPerEvent: number;
  /** Time the event loop was busy, per event: what bounds one process's rate. */
  eventLoopMsPerEvent: number;
  eventLoopUtilization: number;
  /**
   * CPU time of the server's main thread alone, per event (Linux; null elsewhere): what its event
   * loop ran, without the time it waited for a core. On a busy machine `eventLoopMsPerEvent` is wall
   * time and counts the neighbours; this does not. It excludes the worker threads (PGlite, the
   * embedder, the name recogniser) that `cpuMsPerEvent` includes.
   */
  mainThreadCpuMsPerEvent: number | null;
  /**
   * The query embedding alone: the local model's CPU time in its worker thread per event (part of
   * `cpuMsPerEvent`, none of `eventLoopMsPerEvent`), and texts per model call (micro-batching).
   * Null with an embedder that has no worker (the hash embedder costs microseconds).
   */
  queryEmbedding: { msPerEvent: number; textsPerModelCall: number } | null;
  /** The server's CPU per event beside the query embedding. */
  cpuMsBesideEmbeddingPerEvent: number;
  helpdesk: { requests: number; requestsPerEvent: number; creditsPerEvent: number; rateLimited: number; retries: number };
  e2eMs: { p50: number; p95: number; max: number };
  overheadMs: { p50: number; p95: number };
  stagesMs: Record<string, { p50: number; p95: number }>;
  actions: Record<string, number>;
  noneLost: boolean;
  isOverheadMet: boolean;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runPhase(input: PhaseInput): Promise<PhaseResult> {
  const { db, tenantId, ticketIds, rate } = input;
  const total = ticketIds.length;
  const statsAtStart = { ...input.helpdeskStats() };
  const start = performance.now();
  const startedAt = Date.now();
  const cpuAtStart = process.cpuUsage();
  const loopAtStart = nodePerformance.eventLoopUtilization();
  const mainCpuAtStart = threadCpuMs();
  const embedderAtStart = input.embedderUsage?.();
  // Open loop: webhook i leaves at start + i / rate whatever happened to the earlier ones.
  const sends: Array<Promise<{ status: number }>> = [];
  for (let index = 0; index < total; index++) {
    const wait = start + (index * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(input.send(input.target, ticketIds[index] as string));
  }
  const responses = await Promise.all(sends);
  const sendSeconds = (performance.now() - start) / 1000;
  const accepted = responses.filter((response) => response.status === 202).length;
  // What the refused deliveries were answered (0: no answer at all), so a shortfall says why.
  const refused = Object.entries(
    responses.filter((response) => response.status !== 202).reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {}),
  ).map(([status, count]) => `${count}× ${status}`);
  input.log(`sent ${total} at ${rate}/s in ${sendSeconds.toFixed(1)} s, ${accepted} accepted${refused.length > 0 ? ` (refused: ${refused.join(', ')})` : ''}; draining…`);

  const deadline = Date.now() + input.drainMs;
  for (;;) {
    const { rows } = await db.query<{ open: number }>(`select count(*)::int as open from queue_jobs where tenant_id = $1 and status in ('queued', 'running')`, [tenantId]);
    if ((rows[0]?.open ?? 1) === 0 || Date.now() > deadline) break;
    await sleep(250);
  }
  const cpu = process.cpuUsage(cpuAtStart);
  const loop = nodePerformance.eventLoopUtilization(loopAtStart);
  const mainCpuAtEnd = threadCpuMs();
  const stats = input.helpdeskStats();
  const embedderAtEnd = input.embedderUsage?.();

  const { rows } = await db.query<{ status: string; e2e_ms: number | null; timings: Record<string, number> | null; action: string | null; result: unknown; last_error: string | null; ticket_id: string; written_at: Date | null }>(
    `select j.status, extract(epoch from (a.written_at - j.created_at)) * 1000 as e2e_ms, a.timings, a.action, j.result, j.last_error, j.payload->>'ticketId' as ticket_id, a.written_at
       from queue_jobs j
       left join answers a on a.tenant_id = j.tenant_id and a.ticket_external_id = j.payload->>'ticketId' and a.trigger = 'webhook' and a.writeback_status = 'written'
      where j.tenant_id = $1 and j.queue = $2 and j.payload->>'ticketId' = any($3::text[])`,
    [tenantId, ticketEventQueue.name, ticketIds],
  );
  const unwritten = rows.filter((row) => row.e2e_ms === null);
  for (const row of unwritten.slice(0, 5)) input.log(`not written: ticket ${row.ticket_id}, job ${row.status}, result ${JSON.stringify(row.result)}, error ${row.last_error ?? '—'}`);
  const e2e = rows.flatMap((row) => (row.e2e_ms === null ? [] : [Number(row.e2e_ms)]));
  // Answers written once per ticket: a second one for a ticket would be a double answer.
  const written = new Set(rows.filter((row) => row.e2e_ms !== null).map((row) => row.ticket_id)).size;
  const failed = rows.filter((row) => row.status === 'failed').length;
  const lost = total - written;
  const stage = (name: string) => rows.flatMap((row) => (row.timings && typeof row.timings[name] === 'number' ? [row.timings[name] as number] : []));
  const other = rows.flatMap((row) => (row.e2e_ms === null || !row.timings ? [] : [Number(row.e2e_ms) - STAGES.reduce((sum, name) => sum + (row.timings?.[name] ?? 0), 0)]));
  const lastWrite = Math.max(...rows.map((row) => row.written_at?.getTime() ?? 0));
  const wallSeconds = lastWrite > 0 ? (lastWrite - startedAt) / 1000 : Number.NaN;
  const doubleAnswers = e2e.length - written;
  const p95 = percentile(e2e, 95);
  const events = Math.max(1, written);
  const requests = stats.requests - statsAtStart.requests;
  const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / events;
  const embedding =
    embedderAtStart && embedderAtEnd
      ? {
          msPerEvent: (embedderAtEnd.cpuMs - embedderAtStart.cpuMs) / events,
          textsPerModelCall: (embedderAtEnd.texts - embedderAtStart.texts) / Math.max(1, embedderAtEnd.modelCalls - embedderAtStart.modelCalls),
        }
      : null;
  return {
    rate,
    sent: total,
    sendSeconds,
    accepted,
    jobs: rows.length,
    written,
    failed,
    lost,
    doubleAnswers,
    wallSeconds,
    cpuMsPerEvent,
    eventLoopMsPerEvent: loop.active / events,
    eventLoopUtilization: loop.utilization,
    mainThreadCpuMsPerEvent: mainCpuAtStart === null || mainCpuAtEnd === null ? null : (mainCpuAtEnd - mainCpuAtStart) / events,
    queryEmbedding: embedding,
    cpuMsBesideEmbeddingPerEvent: cpuMsPerEvent - (embedding?.msPerEvent ?? 0),
    helpdesk: { requests, requestsPerEvent: requests / events, creditsPerEvent: (stats.credits - statsAtStart.credits) / events, rateLimited: stats.rateLimited - statsAtStart.rateLimited, retries: stats.retries - statsAtStart.retries },
    e2eMs: { p50: percentile(e2e, 50), p95, max: Math.max(...e2e) },
    overheadMs: { p50: percentile(e2e, 50) - input.modelMs, p95: p95 - input.modelMs },
    stagesMs: {
      ...Object.fromEntries(STAGES.map((name) => [name, { p50: percentile(stage(name), 50), p95: percentile(stage(name), 95) }])),
      // Queued until a worker claimed it, plus the bookkeeping between stages.
      otherMs: { p50: percentile(other, 50), p95: percentile(other, 95) },
    },
    actions: rows.reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.action ?? 'none']: (counts[row.action ?? 'none'] ?? 0) + 1 }), {}),
    noneLost: lost === 0 && failed === 0 && doubleAnswers === 0 && accepted === total,
    isOverheadMet: p95 - input.modelMs <= OVERHEAD_GOAL_MS,
  };
}

