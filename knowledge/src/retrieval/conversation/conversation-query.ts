import type { AuthorRole } from '@threadline/vocabulary';
import { contentTerms } from '../../answer/text/text-tools.js';
import type { EntityFinder, FoundEntity } from './entity-finder.js';

/** One message of the customer's timeline, as the answer engine's history holds it. */
export interface ConversationMessage {
  text: string;
  authorRole: AuthorRole;
  isPublic: boolean;
  /** The ticket the message belongs to. */
  ticketRef: string;
  ticketSubject?: string;
}

export interface ConversationInput {
  /** The ticket's subject (a chat's is often only "Chat with Jane Cooper"). */
  subject: string;
  /** The customer's message being answered. */
  latestMessage: string;
  /** The customer's timeline across tickets and channels, oldest first; it may hold the latest message. */
  history: readonly ConversationMessage[];
  /** The ticket being answered: its own messages are read before other tickets'. */
  ticketRef?: string;
}

/** Where the entity of a query was found. */
export type EntitySource = 'message' | 'subject' | 'ticket' | 'other-ticket';

export interface ConversationQuery {
  /** The text to retrieve with. */
  query: string;
  /** What the conversation is about, when the knowledge names it. */
  entity?: FoundEntity & { source: EntitySource };
}

/**
 * Subjects a helpdesk makes up for a conversation ("Chat with Jane Cooper", "Call from +1 555…",
 * "WhatsApp message"): they name the channel and the customer, never the topic, and a customer's
 * name in the query only matches documents that happen to share it.
 */
const GENERIC_SUBJECT =
  /^\s*(?:new |incoming |outgoing |missed |inbound |outbound )?(?:live )?(?:chat|call|phone call|voice ?mail|conversation|message|sms|text|whats ?app(?: message)?|messenger(?: message)?|dm|direct message|instagram message|facebook message)\b(?:\s+(?:with|from|by|to)\b.*)?\s*$/iu;

/** A follow-up this short ("any news?", "and the pool?") leans on the customer's message before it. */
const SHORT_FOLLOW_UP_TERMS = 3;

export function isGenericSubject(subject: string): boolean {
  return subject.trim().length === 0 || GENERIC_SUBJECT.test(subject);
}

const isReadable = (message: ConversationMessage): boolean => message.isPublic && (message.authorRole === 'customer' || message.authorRole === 'agent');

/**
 * The retrieval query for a ticket, built from the ticket and the customer's history: the entity
 * the conversation is about (the product, order, hotel or account the knowledge names) may be
 * named only in an earlier message, by the agent, or on another channel's ticket.
 *
 * - The subject counts unless the helpdesk made it up (`isGenericSubject`).
 * - The entity is the one the latest message names; else the subject's; else the one named most
 *   recently on this ticket (customer or agent, public messages only: our own notes may name a
 *   wrong guess); else the one named most recently on the customer's other tickets. Newer turns
 *   win over older ones, this ticket over others.
 * - A short follow-up with no entity found is read with the customer's message before it.
 *
 * @example
 * buildConversationQuery({ subject: 'Chat with Jane Cooper', latestMessage: 'Is there parking?', history }, finder);
 * // { query: 'Lensfield Hotel\nIs there parking?', entity: { name: 'Lensfield Hotel', key: 'lensfield', source: 'ticket' } }
 */
export function buildConversationQuery(input: ConversationInput, finder?: EntityFinder): ConversationQuery {
  const latest = input.latestMessage.trim();
  const subject = isGenericSubject(input.subject) || input.subject.trim() === latest ? '' : input.subject.trim();
  const earlier = input.history.filter((message) => isReadable(message) && message.text.trim() !== latest);
  const onTicket = input.ticketRef === undefined ? earlier : earlier.filter((message) => message.ticketRef === input.ticketRef);
  const elsewhere = input.ticketRef === undefined ? [] : earlier.filter((message) => message.ticketRef !== input.ticketRef);

  const entity = finder && finder.size > 0 ? findEntity(finder, { latest, subject, onTicket, elsewhere }) : undefined;
  const lines: string[] = [];
  if (subject) lines.push(subject);
  if (entity && entity.source !== 'message' && entity.source !== 'subject') lines.push(entity.name);
  if (!entity && contentTerms(latest).length <= SHORT_FOLLOW_UP_TERMS) {
    const previous = [...onTicket, ...elsewhere].filter((message) => message.authorRole === 'customer').at(-1);
    if (previous && !(subject && previous.text.trim() === subject)) lines.push(previous.text.trim());
  }
  lines.push(latest);
  return { query: lines.join('\n'), ...(entity ? { entity } : {}) };
}

function findEntity(
  finder: EntityFinder,
  parts: { latest: string; subject: string; onTicket: readonly ConversationMessage[]; elsewhere: readonly ConversationMessage[] },
): ConversationQuery['entity'] {
  const inLatest = finder.find(parts.latest);
  if (inLatest) return { ...inLatest, source: 'message' };
  const inSubject = parts.subject ? finder.find(parts.subject) : undefined;
  if (inSubject) return { ...inSubject, source: 'subject' };
  for (const [messages, source] of [
    [parts.onTicket, 'ticket'],
    [parts.elsewhere, 'other-ticket'],
  ] as const) {
    for (let index = messages.length - 1; index >= 0; index--) {
      const message = messages[index] as ConversationMessage;
      const found = finder.find(message.text) ?? (source === 'other-ticket' && message.ticketSubject ? finder.find(message.ticketSubject) : undefined);
      if (found) return { ...found, source };
    }
  }
  return undefined;
}
