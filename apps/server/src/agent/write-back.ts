import { channelLabel, type HelpdeskConnector, type Message, type TicketUpdate } from '@threadline/connector-core';
import { markCitations, numberCitations, type AnswerResult, type NumberedSource } from '@threadline/knowledge/answer';
import type { TicketContext } from './answer-context.js';

/** The note's source list: one numbered line per article (several chunks of one page are one source). */
function sourceList(sources: readonly NumberedSource[]): string {
  if (sources.length === 0) return 'Sources: none found in the knowledge base.';
  return ['Sources:', ...sources.map((source) => `[${source.number}] ${source.title}${source.url ? ` — ${source.url}` : ''}`)].join('\n');
}

/**
 * The draft as the note shows it: the reply with [n] markers, under a header for a call (the agent
 * reads it out; nothing is sent). Header and sources belong to the note only: the answer's
 * `replyText` never carries them, so Insert and public replies stay clean.
 */
function draftBody(result: AnswerResult, context: TicketContext, sources: readonly NumberedSource[]): string {
  const reply = markCitations(result.replyText, sources);
  return context.ticket.channel === 'voice' ? `Suggested answer for the call:\n${reply}` : reply;
}

function ago(iso: string, now: Date): string {
  const days = Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

function earlierContacts(context: TicketContext, now: Date): string {
  if (context.otherTickets.length === 0) return 'Earlier contacts: none on other tickets.';
  return [
    'Earlier contacts:',
    ...context.otherTickets.map(
      (ticket) => `- ${channelLabel(ticket.channel)}, ${ago(ticket.createdAt, now)}: "${ticket.subject}" (#${ticket.externalId}) ${ticket.url}`,
    ),
  ].join('\n');
}

/** The internal note carrying a draft for the agent: the reply, its sources and the customer's story. */
export function draftNote(result: AnswerResult, context: TicketContext, now = new Date()): string {
  const why = result.guardrails.length > 0 ? ` · held for review: ${result.guardrails.join(', ')}` : '';
  const sources = numberCitations(result.citations);
  return [
    `Threadline draft (confidence ${Math.round(result.confidence * 100)}%, ${result.path} answer${why})`,
    '',
    draftBody(result, context, sources),
    '',
    sourceList(sources),
    '',
    `Customer history: ${result.summary}`,
    earlierContacts(context, now),
  ].join('\n');
}

/** The internal note of an escalation: why, the whole story, links to the other channels' tickets, and a holding reply. */
export function escalationNote(result: AnswerResult, context: TicketContext, now = new Date()): string {
  const escalation = result.escalation;
  return [
    `Escalated by Threadline: ${escalation?.reason ?? 'needs a person'}`,
    '',
    `Summary: ${escalation?.summary ?? result.summary}`,
    earlierContacts(context, now),
    '',
    'Suggested holding reply (not sent):',
    result.replyText,
    '',
    sourceList(numberCitations(result.citations)),
  ].join('\n');
}

export interface WriteBackOutcome {
  messageId: string;
  /** True when an earlier attempt had already written it (found by its idempotency key). */
  wasAlreadyWritten: boolean;
}

/** The ticket changes of an escalation: its group and priority, Threadline's tag and its own, reopened. */
function escalationUpdate(escalation: NonNullable<AnswerResult['escalation']>): TicketUpdate {
  const { group, priority, tags } = escalation;
  return { ...(group ? { groupId: group } : {}), ...(priority ? { priority } : {}), addTags: ['threadline_escalated', ...tags], status: 'open' };
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
  if (existing) return { messageId: existing.id, wasAlreadyWritten: true };
  let message: Message;
  if (result.action === 'reply') {
    message = await connector.replyPublic(ticketId, { bodyText: result.replyText, idempotencyKey });
  } else if (result.action === 'escalate') {
    const note = { bodyText: escalationNote(result, context, input.now), idempotencyKey };
    message = result.escalation ? await connector.updateTicketWithNote(ticketId, escalationUpdate(result.escalation), note) : await connector.addInternalNote(ticketId, note);
  } else {
    message = await connector.addInternalNote(ticketId, { bodyText: draftNote(result, context, input.now), idempotencyKey });
  }
  return { messageId: message.id, wasAlreadyWritten: false };
}
