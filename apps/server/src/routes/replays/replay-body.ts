import type { Job } from '@threadline/platform/queue';
import type { ReplayBody, ReplayReportBody, ReplaySummaryBody } from '../../contract/replays.js';
import type { ReplayReport } from '../../agent/replay.js';
import { channelFigures, channelSettings, figuresOf, knowledgeGaps } from '../../agent/replay-report.js';
import { decisionBody } from '../../agent/decision-body.js';

type ReplayJob = Job<{ limit: number; requestedBy?: string }>;

function progressOf(job: ReplayJob): ReplaySummaryBody['progress'] {
  const progress = job.progress as { done?: unknown; total?: unknown } | null;
  if (!progress || typeof progress.done !== 'number' || typeof progress.total !== 'number') return null;
  return { done: progress.done, total: progress.total };
}

/** A replay job as the list shows it: when, who, how many, how far. */
export function toReplaySummary(job: ReplayJob): ReplaySummaryBody {
  const report = job.status === 'succeeded' ? (job.result as ReplayReport | null) : null;
  return {
    id: job.id,
    status: job.status,
    limit: job.payload.limit,
    requestedBy: job.payload.requestedBy ?? null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: progressOf(job),
    error: job.lastError,
    tickets: report ? report.tickets : null,
  };
}

/** The report a finished replay's result makes: per ticket, per channel, and the knowledge gaps by topic. */
export function toReplayReport(report: ReplayReport): ReplayReportBody {
  return {
    totals: figuresOf(report.items),
    channels: channelFigures(report.items),
    tickets: report.items.map((item) => ({
      ticketExternalId: item.ticketExternalId,
      subject: item.subject,
      channel: item.channel,
      question: item.question,
      humanAnswer: item.humanAnswer,
      agent: { action: item.action, confidence: item.confidence, decision: decisionBody({ decision: item.figure }), replyText: item.agentAnswer, citations: item.sources ?? [], guardrails: item.guardrails },
      similarity: item.overlap,
      lackedKnowledge: item.lackedKnowledge,
    })),
    gaps: knowledgeGaps(report.items),
    settings: report.policy ? channelSettings(report.policy) : null,
    isComparable: report.policy !== undefined && report.items.every((item) => item.decision !== undefined),
  };
}

export function toReplayBody(job: ReplayJob): ReplayBody {
  const report = job.status === 'succeeded' && job.result ? toReplayReport(job.result as ReplayReport) : null;
  return { ...toReplaySummary(job), report };
}
