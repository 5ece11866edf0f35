import type { FastifyBaseLogger } from 'fastify';
import { handle, type QueueHandler } from '@threadline/platform/queue';
import type { AgentPipeline, PipelineOutcome } from '../../agent/agent-pipeline.js';
import type { OperationsMetrics, PipelineStage } from '../../metrics/operations-metrics.js';
import { ticketEventQueue } from '../queues.js';

/** The pipeline's timing keys and the stage each measures. */
const STAGE_OF_TIMING: Readonly<Record<string, PipelineStage>> = { syncMs: 'sync', retrieveMs: 'retrieve', answerMs: 'answer', writeMs: 'write' };

/**
 * Feeds the stage histogram from the timings the pipeline already takes. An answer written by an
 * earlier attempt reports that attempt's timings, observed then, so only the total counts. (An
 * answer stored by an earlier attempt whose write failed reports its retrieve and answer timings
 * once more when it is written: rare, and it only follows a failed write.)
 */
function observeStages(metrics: OperationsMetrics, outcome: PipelineOutcome, totalMs: number): void {
  metrics.stageDuration('total', totalMs);
  if (outcome.status !== 'written' || outcome.wasAlreadyWritten) return;
  for (const [key, ms] of Object.entries(outcome.timings)) {
    const stage = STAGE_OF_TIMING[key];
    if (stage) metrics.stageDuration(stage, ms);
  }
}

/** A webhook's ticket event: the agent pipeline looks at the ticket and answers its latest message. */
export function ticketEventHandler(deps: { agent: AgentPipeline; metrics: OperationsMetrics; log: FastifyBaseLogger }): QueueHandler {
  return handle(ticketEventQueue, async (job) => {
    const { ticketId, trigger } = job.payload;
    if (!ticketId) return { status: 'skipped', reason: 'the event names no ticket' };
    const started = performance.now();
    const outcome = await deps.agent.handleTicketEvent({ tenantId: job.tenantId, ticketExternalId: ticketId, trigger: trigger ?? 'webhook' });
    observeStages(deps.metrics, outcome, performance.now() - started);
    const context = { tenantId: job.tenantId, ticket: ticketId };
    if (outcome.status === 'handed_off') {
      deps.log.info({ ...context, handoffId: outcome.handoffId, followUp: outcome.ticketId }, `agent handed ticket ${ticketId} to ${outcome.channel}`);
    } else if (outcome.status === 'written') {
      const verb = { draft: 'wrote a draft note', reply: 'replied publicly', escalate: 'escalated' }[outcome.action];
      deps.log.info({ ...context, answerId: outcome.answerId, timings: outcome.timings }, `agent ${verb} on ticket ${ticketId}`);
    } else {
      deps.log.info({ ...context, reason: outcome.reason }, `agent left ticket ${ticketId} alone`);
    }
    return outcome;
  });
}
