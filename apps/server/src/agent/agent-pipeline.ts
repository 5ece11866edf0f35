import type { Db } from '@threadline/platform/db';
import type { Embedder } from '@threadline/knowledge';
import type { AnswerEngine, AnswerResult } from '@threadline/knowledge/answer';
import type { HelpdeskRegistry } from '../helpdesk/helpdesk-registry.js';
import type { MirrorSync } from '../mirror/mirror-sync.js';
import { answerPolicyFor, buildAnswerRequest, knowledgeHosts, loadTicketContext, retrievePassages, type TicketContext } from './answer-context.js';
import { findAnswerByKey, insertAnswer, markWriteback, type AnswerTrigger, type StoredAnswer } from './answers-repository.js';
import { effectiveMode, getPolicy, type TenantPolicy } from './policy-repository.js';
import { writeBack } from './write-back.js';

export interface AgentPipelineDeps {
  db: Db;
  helpdesks: HelpdeskRegistry;
  mirror: MirrorSync;
  embedder: Embedder;
  engine: AnswerEngine;
  /** Test seams for crash-recovery tests: run between the pipeline's durable steps. */
  hooks?: { afterAnswerStored?: (answer: StoredAnswer) => Promise<void>; afterWritten?: (answer: StoredAnswer) => Promise<void> };
}

export type PipelineOutcome =
  | { status: 'skipped'; reason: string; answerId?: string }
  | { status: 'written'; answerId: string; action: AnswerResult['action']; messageId: string; wasAlreadyWritten: boolean; timings: Record<string, number> };

const since = (start: number) => Math.round((performance.now() - start) * 10) / 10;

/**
 * From an incoming ticket event to one write-back: refresh the mirror → read the customer's whole
 * history → retrieve → answer → write the draft, reply or escalation into the helpdesk.
 *
 * Exactly once per event: the answer is stored under the event's idempotency key before anything
 * is written, so a retry reuses it instead of asking the model again; the write carries the key, so a
 * retry after a crash finds it in the helpdesk instead of writing twice.
 */
export function createAgentPipeline(deps: AgentPipelineDeps) {
  const { db } = deps;

  async function answerTicket(
    tenantId: string,
    context: TicketContext,
    latestMessage: string,
    known?: TenantPolicy,
  ): Promise<{ result: AnswerResult; timings: Record<string, number> }> {
    const policy = known ?? (await getPolicy(db, tenantId));
    let start = performance.now();
    // Where the agent may answer on its own, it answers only from what a customer may be shown.
    const visibility = effectiveMode(policy, context.ticket.channel).mode === 'auto' ? 'public' : 'any';
    const passages = await retrievePassages({ db, tenantId, embedder: deps.embedder, query: `${context.ticket.subject}\n${latestMessage}`, visibility });
    const retrieveMs = since(start);
    start = performance.now();
    const hosts = await knowledgeHosts(db, tenantId);
    const result = await deps.engine.answer(buildAnswerRequest(context, latestMessage, passages, answerPolicyFor(policy, context.ticket.channel, hosts)));
    return { result, timings: { retrieveMs, answerMs: since(start) } };
  }

  return {
    /** Handles one helpdesk event for a ticket (webhook or demo). */
    async handleTicketEvent(input: { tenantId: string; ticketExternalId: string; eventId: string; trigger: AnswerTrigger }): Promise<PipelineOutcome> {
      const { tenantId, ticketExternalId } = input;
      const idempotencyKey = `event:${input.eventId}`;
      const { connector } = await deps.helpdesks.forTenant(tenantId);
      const timings: Record<string, number> = {};

      let answer = await findAnswerByKey(db, tenantId, idempotencyKey);
      let context: TicketContext | null;
      let start = performance.now();
      if (!answer) {
        const synced = await deps.mirror.refreshTicket(tenantId, connector, ticketExternalId);
        timings.syncMs = since(start);
        context = await loadTicketContext(db, tenantId, ticketExternalId);
        if (!context) return { status: 'skipped', reason: `ticket ${ticketExternalId} is not in the mirror after a sync (customer ${synced.customerId})` };
        if (!context.latestCustomerMessage) return { status: 'skipped', reason: 'the last message on the ticket is not from the customer' };
        const policy = await getPolicy(db, tenantId);
        if (effectiveMode(policy, context.ticket.channel).mode === 'off') return { status: 'skipped', reason: 'the agent is off for this channel' };
        const answered = await answerTicket(tenantId, context, context.latestCustomerMessage, policy);
        Object.assign(timings, answered.timings);
        answer = await insertAnswer(db, { tenantId, ticketExternalId, trigger: input.trigger, idempotencyKey, result: answered.result, timings });
        await deps.hooks?.afterAnswerStored?.(answer);
      } else {
        context = await loadTicketContext(db, tenantId, ticketExternalId);
        if (!context) return { status: 'skipped', reason: `ticket ${ticketExternalId} left the mirror`, answerId: answer.id };
      }
      if (answer.writebackStatus === 'written' && answer.writebackMessageId) {
        return { status: 'written', answerId: answer.id, action: answer.result.action, messageId: answer.writebackMessageId, wasAlreadyWritten: true, timings: answer.timings };
      }
      start = performance.now();
      const outcome = await writeBack({ connector, context, result: answer.result, idempotencyKey: answer.id, answeredAt: answer.createdAt });
      timings.writeMs = since(start);
      await deps.hooks?.afterWritten?.(answer);
      await markWriteback(db, { tenantId, answerId: answer.id, status: 'written', messageId: outcome.messageId, timings });
      return { status: 'written', answerId: answer.id, action: answer.result.action, messageId: outcome.messageId, wasAlreadyWritten: outcome.wasAlreadyWritten, timings: { ...answer.timings, ...timings } };
    },

    /** Answers a ticket for the sidebar: a suggestion stored for feedback, nothing written to the helpdesk. */
    async suggest(tenantId: string, ticketExternalId: string): Promise<{ answer: StoredAnswer; context: TicketContext }> {
      const { connector } = await deps.helpdesks.forTenant(tenantId);
      await deps.mirror.refreshTicket(tenantId, connector, ticketExternalId);
      const context = (await loadTicketContext(db, tenantId, ticketExternalId)) as TicketContext;
      const question = context.latestCustomerMessage ?? [...context.history].reverse().find((item) => item.ticketRef === ticketExternalId && item.authorRole === 'customer')?.text ?? context.ticket.subject;
      const { result, timings } = await answerTicket(tenantId, context, question);
      const answer = await insertAnswer(db, { tenantId, ticketExternalId, trigger: 'sidebar', idempotencyKey: null, result, timings });
      await markWriteback(db, { tenantId, answerId: answer.id, status: 'skipped' });
      return { answer, context };
    },

    /** Escalates on an agent's request: the same note and routing as an automatic escalation. */
    async escalate(tenantId: string, ticketExternalId: string, request: { reason: string; groupId?: string; priority?: 'low' | 'normal' | 'high' | 'urgent'; tags?: string[] }, requestId: string) {
      const { connector } = await deps.helpdesks.forTenant(tenantId);
      await deps.mirror.refreshTicket(tenantId, connector, ticketExternalId);
      const context = (await loadTicketContext(db, tenantId, ticketExternalId)) as TicketContext;
      const policy = await getPolicy(db, tenantId);
      const summary = await deps.engine.summarize(context.history, { customerName: context.customer.name });
      const groupId = request.groupId ?? policy.escalationGroupId ?? undefined;
      const result: AnswerResult = {
        path: summary.path,
        action: 'escalate',
        replyText: `Thanks for your patience — a specialist is looking into this and will get back to you shortly.`,
        language: 'en',
        citations: [],
        confidence: 1,
        summary: summary.text,
        escalation: { reason: request.reason, summary: summary.text, ...(groupId ? { group: groupId } : {}), ...(request.priority ? { priority: request.priority } : {}), tags: request.tags ?? [] },
        guardrails: ['agent-requested'],
      };
      const answer = await insertAnswer(db, { tenantId, ticketExternalId, trigger: 'sidebar', idempotencyKey: `escalate:${requestId}`, result, timings: {} });
      const outcome = await writeBack({ connector, context, result: answer.result, idempotencyKey: answer.id, answeredAt: answer.createdAt });
      await markWriteback(db, { tenantId, answerId: answer.id, status: 'written', messageId: outcome.messageId });
      return { answer, messageId: outcome.messageId };
    },
  };
}

export type AgentPipeline = ReturnType<typeof createAgentPipeline>;
