import { createHash } from 'node:crypto';
import { ThreadlineError, classify, isThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import type { Customer, HandoffChannel, HelpdeskConnector, Ticket } from '@threadline/connector-core';
import type { AnswerEngine } from '@threadline/knowledge/answer';
import type { HelpdeskRegistry } from '../helpdesk/helpdesk-registry.js';
import type { MirrorSync } from '../mirror/mirror-sync.js';
import { customerStory, type TicketContext } from './answer-context.js';
import { loadTicketContext } from '../tickets/load-ticket-context.js';
import { requestedChannel } from './channel-request.js';
import { findHandoffByKey, insertHandoff, markHandoff, recordHandoffTicket, type StoredHandoff } from './handoffs-repository.js';
import { handoffAcknowledgment, handoffLinkNote, handoffSubject, handoffTicketBody } from './handoff-text.js';
import { findEarlierReply } from './write-back.js';
import { describeWritebackFailure } from './write-back-attempt.js';
import { markTicketsStale } from '../reports/stale-facts.js';
import { ServerError, ServerErrors } from '../errors.js';

export interface HandoffDeps {
  db: Db;
  helpdesks: HelpdeskRegistry;
  mirror: MirrorSync;
  engine: AnswerEngine;
}

export interface HandoffRequest {
  tenantId: string;
  ticketExternalId: string;
  channel: HandoffChannel;
  requestedBy: 'customer' | 'agent';
  /** One hand-off per key: `message:<id>` for a customer's request, the client's key for an agent's. */
  idempotencyKey: string;
  /** What the customer still needs answered; by default their latest question on the ticket. */
  question?: string | undefined;
}

export interface HandoffOutcome {
  handoff: StoredHandoff;
  ticket: { id: string; url: string; channel: HandoffChannel };
  acknowledgment: string;
  /** True when an earlier request had already finished this hand-off. */
  wasAlreadyDone: boolean;
}

/** The tag that finds a follow-up ticket again after a crash between "created" and "recorded". */
export const handoffTag = (handoffId: string) => `threadline_handoff_${handoffId.replace(/-/g, '')}`;

function fingerprint(request: HandoffRequest): string {
  return createHash('sha256').update(JSON.stringify([request.channel, request.question ?? null])).digest('hex');
}

/**
 * The customer's latest message on the ticket that is not itself the request to move ("call me
 * instead?" carries no question; the message before it does).
 */
function openQuestion(context: TicketContext): string {
  const theirs = context.history.filter((item) => item.ticketRef === context.ticket.externalId && item.authorRole === 'customer' && item.isPublic);
  const question = [...theirs].reverse().find((item) => requestedChannel(item.text, context.ticket.channel) === null) ?? theirs.at(-1);
  return question?.text ?? context.ticket.subject;
}

function handoffError(error: unknown, handoffId: string): ThreadlineError {
  const failure = describeWritebackFailure(error);
  const isRefused = isThreadlineError(error) && error.category === 'user';
  return new ThreadlineError({
    ...classify(ServerErrors, isRefused ? 'SERVER_HANDOFF_REFUSED' : 'SERVER_HANDOFF_FAILED'),
    ...(isThreadlineError(error) ? { problem: error.problem } : {}),
    message: isRefused ? `The helpdesk refused the hand-off: ${failure.reason}` : `Handing off in the helpdesk failed: ${failure.reason}`,
    details: { handoffId, helpdeskCode: failure.code },
    cause: error,
  });
}

/**
 * Hands a conversation to another channel in the helpdesk, exactly once per key: a follow-up
 * ticket on the target channel for the same customer (the summary and the open question in its
 * first, internal message), an internal note on the original linking to it, and a public reply on
 * the customer's channel saying what happens next. Both tickets are then mirrored, so the new one
 * shows in the customer's one timeline.
 *
 * Why linked by notes: a private note with the other ticket's link works on every plan of both
 * helpdesks. Zendesk's `problem_id` makes the original an incident of a problem (wrong meaning, and
 * solving one solves the other), side conversations need the Collaboration add-on; Freshdesk's
 * parent/child tickets need the feature enabled on the account. The follow-up's first message links
 * back, the original's note links forward: both ways.
 *
 * Every step can be repeated: the hand-off is stored first under its key; the new ticket's id is
 * recorded as soon as the helpdesk returns it, and a retry after a crash before that finds the
 * ticket by its tag; the note is found by its marker and the reply by its marker or its text.
 */
export function createHandoffs(deps: HandoffDeps) {
  const { db } = deps;

  async function ensureTicket(connector: HelpdeskConnector, handoff: StoredHandoff, context: TicketContext, source: Ticket): Promise<{ id: string; url: string }> {
    if (handoff.newTicketExternalId && handoff.newTicketUrl) return { id: handoff.newTicketExternalId, url: handoff.newTicketUrl };
    const tag = handoffTag(handoff.id);
    let ticket = (await connector.listCustomerTickets(source.requesterId)).find((each) => each.tags.includes(tag));
    if (!ticket) {
      const customer: Customer | null = await connector.getCustomer(source.requesterId).catch(() => null);
      ticket = await connector.createTicket({
        requesterId: source.requesterId,
        subject: handoffSubject(handoff.targetChannel, context),
        channel: handoff.targetChannel,
        bodyText: handoffTicketBody({ channel: handoff.targetChannel, context, requestedBy: handoff.requestedBy, question: handoff.question, summary: handoff.summary, customer }),
        tags: ['threadline_handoff', `handoff_${handoff.targetChannel}`, tag],
        ...(source.groupId ? { groupId: source.groupId } : {}),
      });
    }
    await recordHandoffTicket(db, { tenantId: handoff.tenantId, id: handoff.id, ticketExternalId: ticket.id, url: ticket.url });
    return { id: ticket.id, url: ticket.url };
  }

  return {
    async handOff(request: HandoffRequest): Promise<HandoffOutcome> {
      const { tenantId, ticketExternalId } = request;
      let handoff = await findHandoffByKey(db, tenantId, request.idempotencyKey);
      if (handoff && request.requestedBy === 'agent' && handoff.requestFingerprint !== fingerprint(request)) throw keyReused();

      const context = await loadTicketContext(deps, { tenantId, ticketRef: ticketExternalId, refresh: 'always' });
      const { connector } = context;
      const acknowledgment = handoffAcknowledgment(handoff?.targetChannel ?? request.channel, context);
      if (handoff?.status === 'done' && handoff.newTicketExternalId && handoff.newTicketUrl) {
        return { handoff, ticket: { id: handoff.newTicketExternalId, url: handoff.newTicketUrl, channel: handoff.targetChannel }, acknowledgment, wasAlreadyDone: true };
      }
      if (!handoff) {
        const summary = await deps.engine.summarize(customerStory(context.history), { customerName: context.customer.name });
        handoff = await insertHandoff(db, {
          tenantId,
          ticketExternalId,
          idempotencyKey: request.idempotencyKey,
          requestFingerprint: fingerprint(request),
          requestedBy: request.requestedBy,
          targetChannel: request.channel,
          question: request.question ?? openQuestion(context),
          summary: summary.text,
        });
      }
      const stored = handoff;
      try {
        const source = await connector.getTicket(ticketExternalId);
        const ticket = await ensureTicket(connector, stored, context, source);
        const noteKey = `${stored.id}:link`;
        if (!(await connector.findMessageByIdempotencyKey(ticketExternalId, noteKey))) {
          await connector.addInternalNote(ticketExternalId, { bodyText: handoffLinkNote({ channel: stored.targetChannel, ticketId: ticket.id, ticketUrl: ticket.url, acknowledgment }), idempotencyKey: noteKey });
        }
        const replyKey = `${stored.id}:reply`;
        if (!(await findEarlierReply(connector, ticketExternalId, replyKey, acknowledgment, stored.createdAt))) {
          await connector.replyPublic(ticketExternalId, { bodyText: acknowledgment, idempotencyKey: replyKey });
        }
        // The follow-up joins the customer's one timeline; the original shows the note and the reply.
        await deps.mirror.refreshTicket(tenantId, connector, ticket.id);
        await deps.mirror.refreshTicket(tenantId, connector, ticketExternalId);
        await markHandoff(db, { tenantId, id: stored.id, status: 'done' });
        // A finished hand-off counts the original as handed off in the reports (the mirror's refresh
        // above ran before it was marked done).
        await markTicketsStale(db, tenantId, [ticketExternalId]);
        const done = (await findHandoffByKey(db, tenantId, request.idempotencyKey)) as StoredHandoff;
        return { handoff: done, ticket: { ...ticket, channel: stored.targetChannel }, acknowledgment, wasAlreadyDone: false };
      } catch (error) {
        const failure = describeWritebackFailure(error);
        await markHandoff(db, { tenantId, id: stored.id, status: 'failed', failure });
        throw handoffError(error, stored.id);
      }
    },
  };
}

export type Handoffs = ReturnType<typeof createHandoffs>;

function keyReused(): ThreadlineError {
  return new ServerError(
    'SERVER_IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different hand-off of this ticket; send a new key for a new request',
  );
}
