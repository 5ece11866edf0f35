import type { Channel } from '@threadline/connector-core';
import { citedPassageIds, citeDocuments, enforcePolicy, type AnswerAction, type AnswerPassage, type AnswerProposal, type AnswerRequest, type AnswerResult, type OutgoingCheckOptions } from '@threadline/knowledge/answer';
import { answerPolicyFor } from './answer-context.js';
import type { TenantPolicy } from './policy-repository.js';

/**
 * What one answer's decision was made from: the request without its history (the rules read the
 * subject, the message, the passages and the policy), the path's proposal, and the outgoing checks'
 * inputs. Kept with a replay so a compare decides again under another policy without the model.
 */
export interface KeptDecision {
  request: Pick<AnswerRequest, 'ticket' | 'latestMessage' | 'passages'>;
  proposal: AnswerProposal;
  checks: OutgoingCheckOptions;
}

/**
 * The decision's inputs, made small enough to keep: the offline path's per-sentence quotes go (they
 * only place citation marks), and a passage the proposal does not cite keeps what the rules read of
 * it (id, document, title, URL, visibility) but not its text; the cited ones keep theirs, which the
 * grounding check reads.
 */
export function keptDecision(request: AnswerRequest, proposal: AnswerProposal, checks: OutgoingCheckOptions): KeptDecision {
  const { quotes: _quotes, ...rest } = proposal as AnswerProposal & { quotes?: unknown };
  const cited = new Set(citeDocuments(proposal.citationIds, request.passages).citations.flatMap(citedPassageIds));
  const passages: AnswerPassage[] = request.passages.map((passage) => (cited.has(passage.id) ? passage : { ...passage, content: '' }));
  return { request: { ticket: request.ticket, latestMessage: request.latestMessage, passages }, proposal: rest, checks };
}

/**
 * The action the agent takes on a kept decision under `policy`: the engine's own rules
 * (`enforcePolicy`), the one place an answer's action is decided, live or replayed.
 */
export function decideAgain(
  decision: KeptDecision,
  policy: TenantPolicy,
  knowledgeHosts: readonly string[],
): { action: AnswerAction; replyText: string; guardrails: string[]; figure?: AnswerResult['decision'] } {
  const channel = decision.request.ticket.channel as Channel;
  const request: AnswerRequest = { ...decision.request, history: [], policy: answerPolicyFor(policy, channel, knowledgeHosts) };
  const result = enforcePolicy(request, decision.proposal, decision.checks);
  return { action: result.action, replyText: result.replyText, guardrails: result.guardrails, ...(result.decision ? { figure: result.decision } : {}) };
}
