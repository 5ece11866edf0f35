import type { HelpdeskConnector, Message } from '@threadline/connector-core';
import type { AnswerResult } from '@threadline/knowledge/answer';
import type { TicketContext } from './answer-context.js';
import { draftNote, escalationNote, escalationUpdate } from './write-back-notes.js';

export interface WriteBackOutcome {
  messageId: string;
  /** The message as the helpdesk holds it, for the mirror (absent where only its id is known). */
  message?: Message;
  /** True when an earlier attempt had already written it (found by its idempotency key). */
  wasAlreadyWritten: boolean;
}

/**
 * A public reply written earlier under this key: by its idempotency marker, or (helpdesks that keep
 * customer-facing text marker-free) by an identical public reply of ours written since `since`.
 */
export async function findEarlierReply(connector: HelpdeskConnector, ticketId: string, key: string, text: string, since: Date): Promise<Message | null> {
  const marked = await connector.findMessageByIdempotencyKey(ticketId, key);
  if (marked) return marked;
  const normalize = (value: string) => value.replace(/\s+/g, ' ').trim();
  const expected = normalize(text);
  const thread = await connector.listMessages(ticketId);
  return (
    thread.find(
      (message) =>
        message.isPublic &&
        message.authorRole !== 'customer' &&
        Date.parse(message.createdAt) >= since.getTime() - 1000 &&
        normalize(message.bodyText).startsWith(expected.slice(0, 200)),
    ) ?? null
  );
}

/** Finds an earlier write of this answer (a note by its marker, a public reply as `findEarlierReply` does). */
async function findEarlierWrite(connector: HelpdeskConnector, ticketId: string, key: string, result: AnswerResult, answeredAt: Date): Promise<Message | null> {
  if (result.action === 'reply') return findEarlierReply(connector, ticketId, key, result.replyText, answeredAt);
  return connector.findMessageByIdempotencyKey(ticketId, key);
}

/**
 * Writes an answer into the helpdesk exactly once. The note or reply carries the idempotency key,
 * so a retry after a crash between "written" and "recorded" finds it instead of writing again. An
 * escalation's ticket update travels with its note (one request on Zendesk; on Freshdesk the update
 * goes first), so a found note means both are in and a missing one re-applies both.
 */
export async function writeBack(input: {
  connector: HelpdeskConnector;
  context: TicketContext;
  result: AnswerResult;
  idempotencyKey: string;
  /** When the answer was stored: an earlier public reply of it can only be newer. */
  answeredAt: Date;
  /**
   * The answer was stored by this very attempt, so nothing can carry its key yet: the look-up for
   * an earlier write (one or two helpdesk requests) is skipped.
   */
  isFirstAttempt?: boolean;
  now?: Date;
}): Promise<WriteBackOutcome> {
  const { connector, context, result, idempotencyKey } = input;
  const ticketId = context.ticket.externalId;
  const existing = input.isFirstAttempt === true ? null : await findEarlierWrite(connector, ticketId, idempotencyKey, result, input.answeredAt);
  // An escalation's note and its ticket update are one outcome: a note found means the update went with it.
  if (existing) return { messageId: existing.id, message: existing, wasAlreadyWritten: true };
  let message: Message;
  if (result.action === 'reply') {
    message = await connector.replyPublic(ticketId, { bodyText: result.replyText, idempotencyKey });
  } else if (result.action === 'escalate') {
    const note = { bodyText: escalationNote(result, context, input.now), idempotencyKey };
    message = result.escalation ? await connector.updateTicketWithNote(ticketId, escalationUpdate(result.escalation), note) : await connector.addInternalNote(ticketId, note);
  } else {
    message = await connector.addInternalNote(ticketId, { bodyText: draftNote(result, context, input.now), idempotencyKey });
  }
  return { messageId: message.id, message, wasAlreadyWritten: false };
}
