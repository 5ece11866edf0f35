import type { Db } from '@threadline/platform/db';
import { createEntityFinder, loadEntityNames, type Embedder } from '@threadline/knowledge';
import type { AnswerEngine, AnswerResult } from '@threadline/knowledge/answer';
import { answerPolicyFor, buildAnswerRequest, conversationOf, knowledgeHosts, readTicketContext, retrievePassages } from './answer-context.js';
import { effectiveMode, getPolicy, type TenantPolicy } from './policy-repository.js';
import { keptDecision, type KeptDecision } from './replay-decision.js';
import { lacksKnowledge } from './replay-gaps.js';

export interface ReplayItem {
  ticketExternalId: string;
  subject: string;
  channel: string;
  question: string;
  humanAnswer: string;
  agentAnswer: string;
  action: AnswerResult['action'];
  confidence: number;
  /** Word-overlap F1 between the agent's reply and the human's (0..1). */
  overlap: number;
  citations: number;
  /** The cited documents, as a reader opens them. */
  sources: Array<{ title: string; url: string | null }>;
  /** No passage, or the agent escalated for want of knowledge: where the knowledge base has a gap. */
  lackedKnowledge: boolean;
  guardrails: string[];
  /** The figure the action was decided on, with its cut; absent in replays run before it was kept. */
  figure?: AnswerResult['decision'];
  /** What the decision was made from, kept so a compare can decide again under another policy. */
  decision?: KeptDecision;
}

/** A replay job's result. Replays stored before `policy` and `decision` were kept cannot be compared. */
export interface ReplayReport {
  tickets: number;
  actions: Record<AnswerResult['action'], number>;
  meanOverlap: number;
  citationRate: number;
  knowledgeGaps: number;
  items: ReplayItem[];
  /** The policy the replay decided under, and the hosts links could point to. */
  policy?: TenantPolicy;
  knowledgeHosts?: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'for', 'is', 'it', 'you', 'your', 'we', 'i', 'my', 'our', 'be', 'this', 'that', 'with', 'have', 'has', 'are', 'was', 'at', 'as', 'by', 'if', 'can']);

function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((word) => !STOP.has(word));
}

/** Unigram F1 of content words: how much of the human answer the agent's reply says, and vice versa. */
export function wordOverlap(candidate: string, reference: string): number {
  const a = words(candidate);
  const b = words(reference);
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const word of b) counts.set(word, (counts.get(word) ?? 0) + 1);
  let common = 0;
  for (const word of a) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      common++;
      counts.set(word, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / a.length;
  const recall = common / b.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Runs the agent on past solved tickets as if each had just arrived — the customer's first question,
 * with only the history from before that ticket — and compares what it would have done with what
 * the human agent did. Nothing is written to the helpdesk.
 */
export async function replaySolvedTickets(input: {
  db: Db;
  tenantId: string;
  engine: AnswerEngine;
  embedder: Embedder;
  limit: number;
  /** Told after each ticket, for a progress bar. */
  onProgress?: (progress: { done: number; total: number }) => Promise<void>;
  /** Stops it between tickets (a shutdown); the queue runs the replay again from the start. */
  signal?: AbortSignal;
}): Promise<ReplayReport> {
  const { db, tenantId } = input;
  const policy = await getPolicy(db, tenantId);
  const hosts = await knowledgeHosts(db, tenantId);
  const entities = createEntityFinder(await loadEntityNames(db, tenantId));
  const { rows } = await db.query<{ external_id: string; created_at: Date }>(
    `select t.external_id, t.created_at from tickets t
      where t.tenant_id = $1 and t.status in ('solved', 'closed')
        and exists (select 1 from messages m where m.tenant_id = t.tenant_id and m.ticket_id = t.id and m.author_role = 'customer')
        and exists (select 1 from messages m where m.tenant_id = t.tenant_id and m.ticket_id = t.id and m.author_role = 'agent' and m.is_public)
      order by t.updated_at desc limit $2`,
    [tenantId, input.limit],
  );
  const items: ReplayItem[] = [];
  for (const [index, row] of rows.entries()) {
    input.signal?.throwIfAborted();
    await input.onProgress?.({ done: index, total: rows.length });
    const context = await readTicketContext(db, tenantId, row.external_id);
    if (!context) continue;
    const thread = context.history.filter((item) => item.ticketRef === row.external_id);
    const questionIndex = thread.findIndex((item) => item.authorRole === 'customer');
    const answerItem = thread.slice(questionIndex + 1).find((item) => item.authorRole === 'agent' && item.isPublic);
    const question = thread[questionIndex];
    if (!question || !answerItem) continue;
    // As if it had just arrived: nothing said after the question, on any ticket, is known yet.
    const before = { ...context, history: context.history.filter((item) => item.at <= question.at) };
    const visibility = effectiveMode(policy, context.ticket.channel).mode === 'auto' ? 'public' : 'any';
    const passages = await retrievePassages({ db, tenantId, embedder: input.embedder, conversation: conversationOf(before, question.text), entities, visibility });
    const request = buildAnswerRequest(before, question.text, passages, answerPolicyFor(policy, context.ticket.channel, hosts));
    let decision: KeptDecision | undefined;
    const result = await input.engine.answer(request, { onProposal: (proposal, checks) => (decision = keptDecision(request, proposal, checks)) });
    items.push({
      ticketExternalId: row.external_id,
      subject: context.ticket.subject,
      channel: context.ticket.channel,
      question: question.text,
      humanAnswer: answerItem.text,
      agentAnswer: result.replyText,
      action: result.action,
      confidence: result.confidence,
      ...(result.decision ? { figure: result.decision } : {}),
      overlap: Math.round(wordOverlap(result.replyText, answerItem.text) * 1000) / 1000,
      citations: result.citations.length,
      sources: result.citations.map((citation) => ({ title: citation.title, url: citation.url })),
      lackedKnowledge: lacksKnowledge({ passages: passages.length, guardrails: result.guardrails }),
      guardrails: result.guardrails,
      ...(decision ? { decision } : {}),
    });
  }
  await input.onProgress?.({ done: rows.length, total: rows.length });
  const count = (action: AnswerResult['action']) => items.filter((item) => item.action === action).length;
  return {
    tickets: items.length,
    actions: { reply: count('reply'), draft: count('draft'), escalate: count('escalate') },
    meanOverlap: items.length ? Math.round((items.reduce((sum, item) => sum + item.overlap, 0) / items.length) * 1000) / 1000 : 0,
    citationRate: items.length ? Math.round((items.filter((item) => item.citations > 0).length / items.length) * 1000) / 1000 : 0,
    knowledgeGaps: items.filter((item) => item.lackedKnowledge).length,
    items,
    policy,
    knowledgeHosts: hosts,
  };
}
