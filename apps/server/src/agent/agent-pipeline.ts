import { createHash } from 'node:crypto';
import type { Db } from '@threadline/platform/db';
import { createEntityFinder, loadEntityNames, type Embedder } from '@threadline/knowledge';
import type { AnswerEngine, AnswerResult } from '@threadline/knowledge/answer';
import type { HelpdeskRegistry } from '../helpdesk/helpdesk-registry.js';
import type { MirrorSync } from '../mirror/mirror-sync.js';
import { answerPolicyFor, buildAnswerRequest, conversationOf, customerStory, knowledgeHosts, retrievePassages, type TicketContext } from './answer-context.js';
import { loadTicketContext } from '../tickets/load-ticket-context.js';
import { claimFailedWriteback, findAnswerByKey, getAnswer, insertAnswer, markWriteback, storeAnswer, type AnswerTrigger, type StoredAnswer } from './answers-repository.js';
import { effectiveMode, getPolicy, type TenantPolicy } from './policy-repository.js';
import { latestCustomerMessage, messageAnswerKey } from './message-to-answer.js';
import { perTenantCache } from './tenant-cache.js';
import { writeBack } from './write-back.js';
import { requestedChannel, topicChannel } from './channel-request.js';
import { createHandoffs, type HandoffRequest } from './handoff.js';
import { findHandoffByKey } from './handoffs-repository.js';
import { attemptWriteBack } from './write-back-attempt.js';
import { ServerError, isServerError } from '../errors.js';

export interface AgentPipelineDeps {
  db: Db;
  helpdesks: HelpdeskRegistry;
  mirror: MirrorSync;
  embedder: Embedder;
  engine: AnswerEngine;
  /**
   * Sends the latest failed job of a ticket's webhook nudges round again (the dead-letter retry);
   * the job's id, or null when none is failed (still running or retrying on its own).
   */
  retryTicketJob: (tenantId: string, ticketExternalId: string) => Promise<string | null>;
  /** Test seams for crash-recovery tests: run between the pipeline's durable steps. */
  hooks?: { afterAnswerStored?: (answer: StoredAnswer) => Promise<void>; afterWritten?: (answer: StoredAnswer) => Promise<void> };
}

export type WritebackRetry = { status: 'queued'; jobId: string } | { status: 'written'; messageId: string };

/**
 * An answer to a customer message is written by its ticket's webhook job (`message:` keys; `event:`
 * keys are answers stored before messages were the key); sidebar answers are written directly.
 */
export function isWrittenByTicketJob(answer: StoredAnswer): boolean {
  return answer.idempotencyKey?.startsWith(messageAnswerKey('')) === true || answer.idempotencyKey?.startsWith('event:') === true;
}

const answerNotFound = () => new ServerError('SERVER_ANSWER_NOT_FOUND', 'No answer with that id in this tenant');
const notFailed = (status: string) =>
  new ServerError('SERVER_ANSWER_NOT_FAILED', `Only a failed write-back can be retried; this one is ${status}`, { writeback: status });

export type PipelineOutcome =
  | { status: 'skipped'; reason: string; answerId?: string }
  | { status: 'handed_off'; handoffId: string; channel: HandoffRequest['channel']; ticketId: string; wasAlreadyDone: boolean }
  | { status: 'written'; answerId: string; action: AnswerResult['action']; messageId: string; wasAlreadyWritten: boolean; timings: Record<string, number> };

/** How long the knowledge hosts and entity names of a tenant are reused by the pipeline. */
const KNOWLEDGE_TTL_MS = 60_000;

const since = (start: number) => Math.round((performance.now() - start) * 10) / 10;

/**
 * From an incoming ticket event to one write-back: refresh the mirror → read the customer's whole
 * history → retrieve → answer → write the draft, reply or escalation into the helpdesk.
 *
 * Exactly once per customer message: an event only nudges the pipeline to look at the ticket. After
 * the refresh, the latest customer message is the one to answer, and its answer is stored under the
 * message's helpdesk id before anything is written, so another nudge or a retry reuses it instead
 * of asking the model again; the write carries the answer's id, so a retry after a crash finds it
 * in the helpdesk instead of writing twice.
 */
export function createAgentPipeline(deps: AgentPipelineDeps) {
  const { db } = deps;
  const handoffs = createHandoffs(deps);
  // The hosts an automatic reply may link to change only when sources do: read them once a
  // minute per tenant, not with every event (the query scans the tenant's public documents). A
  // source added meanwhile only holds a reply linking to it as a draft, the safe side.
  const hostsFor = perTenantCache((tenantId) => knowledgeHosts(db, tenantId), KNOWLEDGE_TTL_MS);
  // The names the knowledge is organised by, for conversation-aware retrieval; a document added
  // meanwhile is still found by its words, only not yet by a name mentioned earlier.
  const entitiesFor = perTenantCache(async (tenantId) => createEntityFinder(await loadEntityNames(db, tenantId)), KNOWLEDGE_TTL_MS);

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
    const passages = await retrievePassages({ db, tenantId, embedder: deps.embedder, conversation: conversationOf(context, latestMessage), entities: await entitiesFor(tenantId), visibility });
    const retrieveMs = since(start);
    start = performance.now();
    const hosts = await hostsFor(tenantId);
    const result = await deps.engine.answer(buildAnswerRequest(context, latestMessage, passages, answerPolicyFor(policy, context.ticket.channel, hosts)));
    return { result, timings: { retrieveMs, answerMs: since(start) } };
  }

  return {
    /** Looks at a ticket a helpdesk event (webhook or demo) named, and answers its new customer message. */
    async handleTicketEvent(input: { tenantId: string; ticketExternalId: string; trigger: AnswerTrigger }): Promise<PipelineOutcome> {
      const { tenantId, ticketExternalId } = input;
      const timings: Record<string, number> = {};

      // The refresh comes first: which message to answer is known only from the ticket as it is now.
      let start = performance.now();
      const context = await loadTicketContext(deps, { tenantId, ticketRef: ticketExternalId, refresh: 'always' });
      timings.syncMs = since(start);
      const { connector, connection } = context;
      const message = await latestCustomerMessage(db, tenantId, context.ticket.id);
      if (!message) return { status: 'skipped', reason: 'the customer has written nothing on the ticket' };
      const idempotencyKey = messageAnswerKey(message.externalId);
      // Read only when the message's read found them: a first attempt has neither.
      let answer = message.hasAnswer ? await findAnswerByKey(db, tenantId, idempotencyKey) : null;
      // A message asking to move channel is handed off, not answered; a retry finishes that hand-off.
      const handoff = answer || !message.hasHandoff ? null : await findHandoffByKey(db, tenantId, idempotencyKey);
      if (handoff?.status === 'done') {
        return { status: 'handed_off', handoffId: handoff.id, channel: handoff.targetChannel, ticketId: handoff.newTicketExternalId ?? '', wasAlreadyDone: true };
      }
      let isFirstAttempt = false;
      if (!answer) {
        if (!message.isAwaitingAnswer && !handoff) return { status: 'skipped', reason: 'the last message on the ticket is not from the customer' };
        const cutoff = connection.answerMessagesSince;
        if (cutoff && message.createdAt < cutoff) return { status: 'skipped', reason: `message ${message.externalId} predates the connection; history is never answered` };
        const policy = await getPolicy(db, tenantId);
        if (effectiveMode(policy, context.ticket.channel).mode === 'off') return { status: 'skipped', reason: 'the agent is off for this channel' };
        // The customer asks to move, or the tenant's policy puts the topic on another channel.
        const channel = handoff?.targetChannel ?? requestedChannel(message.text, context.ticket.channel) ?? topicChannel(message.text, policy.blockedTopics, context.ticket.channel);
        if (channel) {
          const outcome = await handoffs.handOff({ tenantId, ticketExternalId, channel, requestedBy: 'customer', idempotencyKey });
          return { status: 'handed_off', handoffId: outcome.handoff.id, channel, ticketId: outcome.ticket.id, wasAlreadyDone: outcome.wasAlreadyDone };
        }
        const answered = await answerTicket(tenantId, context, message.text, policy);
        Object.assign(timings, answered.timings);
        ({ answer, isNew: isFirstAttempt } = await storeAnswer(db, { tenantId, ticketExternalId, trigger: input.trigger, idempotencyKey, result: answered.result, timings }));
        await deps.hooks?.afterAnswerStored?.(answer);
      }
      if (answer.writebackStatus === 'written' && answer.writebackMessageId) {
        return { status: 'written', answerId: answer.id, action: answer.result.action, messageId: answer.writebackMessageId, wasAlreadyWritten: true, timings: answer.timings };
      }
      start = performance.now();
      const stored = answer;
      const ticketContext = context;
      // A refusal marks the answer failed with the helpdesk's reason and fails the job for good.
      const outcome = await attemptWriteBack({
        db,
        tenantId,
        answerId: stored.id,
        write: async () => {
          const written = await writeBack({ connector, context: ticketContext, result: stored.result, idempotencyKey: stored.id, answeredAt: stored.createdAt, isFirstAttempt });
          timings.writeMs = since(start);
          return written;
        },
        afterWritten: async () => deps.hooks?.afterWritten?.(stored),
        timings,
        mirrorTicketId: ticketContext.ticket.id,
      });
      return { status: 'written', answerId: answer.id, action: answer.result.action, messageId: outcome.messageId, wasAlreadyWritten: outcome.wasAlreadyWritten, timings: { ...answer.timings, ...timings } };
    },

    /** Answers a ticket for the sidebar: a suggestion stored for feedback, nothing written to the helpdesk. */
    async suggest(tenantId: string, ticketExternalId: string): Promise<{ answer: StoredAnswer; context: TicketContext }> {
      const context = await loadTicketContext(deps, { tenantId, ticketRef: ticketExternalId, refresh: 'always' });
      const question = context.latestCustomerMessage ?? [...context.history].reverse().find((item) => item.ticketRef === ticketExternalId && item.authorRole === 'customer')?.text ?? context.ticket.subject;
      const { result, timings } = await answerTicket(tenantId, context, question);
      const answer = await insertAnswer(db, { tenantId, ticketExternalId, trigger: 'sidebar', idempotencyKey: null, result, timings });
      await markWriteback(db, { tenantId, answerId: answer.id, status: 'skipped', markFactsStale: true });
      return { answer, context };
    },

    /**
     * Escalates on an agent's request: the same note and routing as an automatic escalation.
     *
     * With an `Idempotency-Key`, a retried request returns the first escalation of *this* ticket
     * instead of writing a second note; the key is scoped to the tenant, the route and the ticket, so
     * it never matches another ticket's answer, and a key reused with a different request is refused
     * (Stripe's rule). Without a key nothing is reused: each request is a new escalation.
     */
    async escalate(tenantId: string, ticketExternalId: string, request: EscalationRequest, clientKey: string | null) {
      const idempotencyKey = clientKey === null ? null : `escalate:${ticketExternalId}:${clientKey}`;
      const fingerprint = requestFingerprint(request);
      let answer = idempotencyKey ? await findAnswerByKey(db, tenantId, idempotencyKey) : null;
      if (answer) assertSameRequest(answer, fingerprint);
      if (answer?.writebackStatus === 'written' && answer.writebackMessageId) return { answer, messageId: answer.writebackMessageId };

      const context = await loadTicketContext(deps, { tenantId, ticketRef: ticketExternalId, refresh: 'always' });
      const { connector } = context;
      if (!answer) {
        const policy = await getPolicy(db, tenantId);
        const summary = await deps.engine.summarize(customerStory(context.history), { customerName: context.customer.name });
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
        answer = await insertAnswer(db, { tenantId, ticketExternalId, trigger: 'sidebar', idempotencyKey, requestFingerprint: fingerprint, result, timings: {} });
        // A concurrent request with the same key may have stored its answer first.
        assertSameRequest(answer, fingerprint);
      }
      const stored = answer;
      // A refusal leaves the answer failed with the helpdesk's reason and reaches the agent as a 4xx.
      const outcome = await attemptWriteBack({
        db,
        tenantId,
        answerId: stored.id,
        write: () => writeBack({ connector, context, result: stored.result, idempotencyKey: stored.id, answeredAt: stored.createdAt }),
        mirrorTicketId: context.ticket.id,
      });
      return { answer, messageId: outcome.messageId };
    },

    /** Hands the conversation to another channel (see `createHandoffs`); the sidebar's "Hand off to…". */
    handOff: handoffs.handOff,

    /**
     * Tries a failed write-back again. An answer made for a helpdesk event is written by that
     * event's job, so its dead-lettered job is sent round again; any other answer is written now,
     * after taking it from `failed` to `pending` (one caller wins). Either way the write carries the
     * answer's idempotency key, so one that did reach the helpdesk is found, not written twice.
     */
    async retryWriteBack(tenantId: string, answerId: string): Promise<WritebackRetry> {
      const answer = await getAnswer(db, tenantId, answerId);
      if (!answer) throw answerNotFound();
      if (answer.writebackStatus !== 'failed') throw notFailed(answer.writebackStatus);
      if (isWrittenByTicketJob(answer)) {
        const jobId = await deps.retryTicketJob(tenantId, answer.ticketExternalId);
        if (jobId === null) {
          throw new ServerError('SERVER_ANSWER_JOB_NOT_FAILED', 'The job writing this answer is still running or retrying on its own; see GET /v1/jobs');
        }
        return { status: 'queued', jobId };
      }
      const context = await loadTicketContext(deps, { tenantId, ticketRef: answer.ticketExternalId, refresh: 'always' }).catch((error: unknown) => {
        // For a retry the ticket is not what the caller named: the answer's ticket went away since.
        if (isServerError(error, 'SERVER_TICKET_NOT_FOUND')) throw new ServerError('SERVER_ANSWER_TICKET_GONE', `Ticket ${answer.ticketExternalId} is no longer in the helpdesk`, {}, error);
        throw error;
      });
      const { connector } = context;
      if (!(await claimFailedWriteback(db, { tenantId, answerId }))) throw notFailed('being retried');
      const outcome = await attemptWriteBack({
        db,
        tenantId,
        answerId,
        write: () => writeBack({ connector, context, result: answer.result, idempotencyKey: answer.id, answeredAt: answer.createdAt }),
        mirrorTicketId: context.ticket.id,
      });
      return { status: 'written', messageId: outcome.messageId };
    },
  };
}

export type AgentPipeline = ReturnType<typeof createAgentPipeline>;

/** What an agent asks for when escalating from the sidebar. */
export interface EscalationRequest {
  reason: string;
  groupId?: string | undefined;
  priority?: 'low' | 'normal' | 'high' | 'urgent' | undefined;
  tags?: string[] | undefined;
}

/** A stable hash of the request's meaning (key order and absent-vs-undefined do not matter). */
function requestFingerprint(request: EscalationRequest): string {
  const canonical = JSON.stringify([request.reason, request.groupId ?? null, request.priority ?? null, request.tags ?? []]);
  return createHash('sha256').update(canonical).digest('hex');
}

function assertSameRequest(answer: StoredAnswer, fingerprint: string): void {
  if (answer.requestFingerprint !== fingerprint) {
    throw new ServerError(
      'SERVER_IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different escalation of this ticket; send a new key for a new request',
    );
  }
}
