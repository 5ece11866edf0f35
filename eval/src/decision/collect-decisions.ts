import { expandPassages } from '@threadline/knowledge';
import { answerOffline, enforcePolicy, type DecisionSignals } from '@threadline/knowledge/answer';
import type { EscalationView } from '../datasets/types.js';
import { EvalError, EvalErrorCode } from '../errors.js';
import { answerRequest } from '../runners/answer-runner.js';
import { ANSWER_PASSAGES, type RunContext } from '../runners/context.js';
import { hybridSearch } from '../runners/retrieval-runner.js';

/** One offline decision with what it looked at: the input of the answerability fit and of its report. */
export interface DecisionRecord {
  id: string;
  /** The escalation view (`hint3-escalation`, `dstc11-route`). */
  view: string;
  /** The knowledge base the message was answered from (a hint3 bot): one tenant, with its own threshold. */
  tenant?: string;
  /** Gold: a person should take it. */
  gold: boolean;
  category: string;
  message: string;
  /** The offline proposal's confidence (the old rule escalated below 0.6 of it). */
  confidence: number;
  /**
   * The rule that escalates whatever the answerability: `blocked-topic:…`, `human-requested`,
   * `no-knowledge-needed:<reason>`, `nothing-relevant` (no sentence of the knowledge relates to
   * the message), `no-knowledge` (nothing retrieved). Undefined: the answerability decides.
   */
  forcedBy?: string;
  /** Present when the answerability decides. */
  signals?: DecisionSignals;
  answerability?: number;
}

function forcingRule(input: { guardrails: readonly string[]; proposalTags: readonly string[] | undefined; passages: number }): string | undefined {
  const rule = input.guardrails.find((name) => name.startsWith('blocked-topic:') || name === 'human-requested');
  if (rule) return rule;
  if (input.passages === 0) return 'no-knowledge';
  if (input.proposalTags?.[0] === 'no-knowledge-needed') return `no-knowledge-needed:${input.proposalTags[1] ?? ''}`;
  if (input.proposalTags) return 'nothing-relevant';
  return undefined;
}

/**
 * Runs the offline path (hybrid retrieval as the pipeline runs it, then the offline proposal and the
 * guardrails) on every message of an escalation view and records the decision with its signals.
 */
export async function collectDecisions(context: RunContext, view: EscalationView): Promise<DecisionRecord[]> {
  const records: DecisionRecord[] = [];
  const bar = context.progress.start(`${view.id} · signals`, view.cases.length);
  for (const item of view.cases) {
    const indexed = context.indexed.get(item.viewId);
    if (!indexed) throw new EvalError(EvalErrorCode.internal, `escalation case ${item.id} names view ${item.viewId}, which was not indexed`, { id: item.id });
    const passages = await expandPassages(context.db, indexed.tenantId, await hybridSearch(context, indexed, item, ANSWER_PASSAGES));
    const request = answerRequest(item, passages);
    const proposal = answerOffline(request, '');
    const result = enforcePolicy(request, proposal);
    const forcedBy = forcingRule({
      guardrails: result.guardrails,
      proposalTags: proposal.action === 'escalate' ? proposal.escalation?.tags ?? [] : undefined,
      passages: request.passages.length,
    });
    records.push({
      id: item.id,
      view: view.id,
      tenant: item.viewId,
      gold: item.shouldEscalate,
      category: item.category,
      message: item.latestMessage,
      confidence: proposal.confidence,
      ...(forcedBy ? { forcedBy } : {}),
      ...(!forcedBy && proposal.signals ? { signals: proposal.signals, answerability: proposal.answerability } : {}),
    });
    bar.increment();
  }
  bar.stop();
  return records;
}
