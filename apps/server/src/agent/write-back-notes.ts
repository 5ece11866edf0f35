import { CHANNEL_LABELS, type Channel, type TicketUpdate } from '@threadline/connector-core';
import { answerDecisionWords, decisionWords } from '@threadline/vocabulary';
import { markCitations, numberCitations, type AnswerResult, type NumberedSource } from '@threadline/knowledge/answer';
import type { TicketContext } from './answer-context.js';

/*
 * What Threadline writes into a ticket, as text and ticket changes: pure functions of the answer
 * and the ticket's context, so the wording is tested without a helpdesk. `write-back.ts` decides
 * when and how often they are written.
 */

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

/**
 * The internal note carrying a draft for the agent: the reply, its sources and the customer's story.
 * Its header names the figure the outcome was decided on, with the cut where it held the reply back
 * ("confidence 55% · replies from 70%"); an answer stored without one shows its confidence.
 */
export function draftNote(result: AnswerResult, context: TicketContext, now = new Date()): string {
  const why = result.guardrails.length > 0 ? ` · held for review: ${result.guardrails.join(', ')}` : '';
  const sources = numberCitations(result.citations);
  return [
    `Threadline draft (${answerDecisionWords(result)}, ${result.path} answer${why})`,
    '',
    draftBody(result, context, sources),
    '',
    sourceList(sources),
    '',
    `Customer history: ${result.summary}`,
    earlierContacts(context, now),
  ].join('\n');
}

/**
 * The internal note of an escalation: why, the whole story, links to the other channels' tickets,
 * the closest answer the knowledge gave (when the hand-off was for want of a sure one), and a holding reply.
 */
export function escalationNote(result: AnswerResult, context: TicketContext, now = new Date()): string {
  const escalation = result.escalation;
  const sources = numberCitations(result.citations);
  const closest = result.closestAnswer ? ['', 'Closest answer in the knowledge base (judged unlikely to answer; not sent):', markCitations(result.closestAnswer, sources)] : [];
  // The figure that decided a hand-off, after what it means ("… Knowledge answers it 18% · hand-off below 52%.");
  // a hand-off no figure decided (nothing found, no answer needed) has its reason alone.
  const words = result.decision?.outcome === 'escalate' && !result.decision.basis ? decisionWords(result.decision) : '';
  const figure = words ? ` ${words.charAt(0).toUpperCase()}${words.slice(1)}.` : '';
  return [
    `Escalated by Threadline: ${escalation?.reason ?? 'needs a person'}${figure}`,
    '',
    `Summary: ${escalation?.summary ?? result.summary}`,
    earlierContacts(context, now),
    ...closest,
    '',
    'Suggested holding reply (not sent):',
    result.replyText,
    '',
    sourceList(sources),
  ].join('\n');
}

/** The ticket changes of an escalation: its group and priority, Threadline's tag and its own, reopened. */
export function escalationUpdate(escalation: NonNullable<AnswerResult['escalation']>): TicketUpdate {
  const { group, priority, tags } = escalation;
  return { ...(group ? { groupId: group } : {}), ...(priority ? { priority } : {}), addTags: ['threadline_escalated', ...tags], status: 'open' };
}
