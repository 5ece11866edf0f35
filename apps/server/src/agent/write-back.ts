import { CHANNEL_LABELS, type Channel, type HelpdeskConnector, type Message } from '@threadline/connector-core';
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
      (ticket) => `- ${CHANNEL_LABELS[ticket.channel as Channel] ?? ticket.channel}, ${ago(ticket.createdAt, now)}: "${ticket.subject}" (#${ticket.externalId}) ${ticket.url}`,
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

/**
 * Writes an answer into the helpdesk exactly once. The note or reply carries the idempotency key,
 * so a retry after a crash between "written" and "recorded" finds it instead of writing again.
 * Ticket updates of an escalation are idempotent and re-applied on a retry.
 */
/**
 * Finds an earlier write of this answer: by its idempotency marker, or, for public replies (which
 * some helpdesks keep marker-free so customers never see it), by an identical public reply written
 * after the answer was made.
 */
async function findEarlierWrite(connector: HelpdeskConnector, ticketId: string, key: string, result: AnswerResult, answeredAt: Date): Promise<Message | null> {
  const marked = await connector.findMessageByIdempotencyKey(ticketId, key);
  if (marked || result.action !== 'reply') return marked;
  const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
  const expected = normalize(result.replyText);
  const thread = await connector.listMessages(ticketId);
  return (
    thread.find(
      (message) =>
        message.isPublic &&
        message.authorRole !== 'customer' &&
        Date.parse(message.createdAt) >= answeredAt.getTime() - 1000 &&
        normalize(message.bodyText).startsWith(expected.slice(0, 200)),
    ) ?? null
  );
}

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
  if (result.action === 'escalate' && result.escalation) {
    const { group, priority, tags } = result.escalation;
    await connector.updateTicket(ticketId, {
      ...(group ? { groupId: group } : {}),
      ...(priority ? { priority } : {}),
      addTags: ['threadline_escalated', ...tags],
      status: 'open',
    });
  }
  const existing = input.isFirstAttempt === true ? null : await findEarlierWrite(connector, ticketId, idempotencyKey, result, input.answeredAt);
  if (existing) return { messageId: existing.id, wasAlreadyWritten: true };
  let message: Message;
  if (result.action === 'reply') {
    message = await connector.replyPublic(ticketId, { bodyText: result.replyText, idempotencyKey });
  } else if (result.action === 'escalate') {
    message = await connector.addInternalNote(ticketId, { bodyText: escalationNote(result, context, input.now), idempotencyKey });
  } else {
    message = await connector.addInternalNote(ticketId, { bodyText: draftNote(result, context, input.now), idempotencyKey });
  }
  return { messageId: message.id, wasAlreadyWritten: false };
}
