import type { HistoryItem } from '@threadline/knowledge/answer';

/** A fixed clock for synthetic timelines, so runs are reproducible. */
const EPOCH = Date.parse('2024-01-01T09:00:00Z');

/**
 * Turns of a chat (oldest first) as the engine's history items: the customer's turns and the
 * agent's, one minute apart, on the chat channel of one ticket.
 */
export function chatHistory(turns: ReadonlyArray<{ isCustomer: boolean; text: string }>, options: { ticketRef: string; subject: string }): HistoryItem[] {
  return turns.map((turn, index) => ({
    at: new Date(EPOCH + index * 60_000).toISOString(),
    channel: 'chat',
    authorRole: turn.isCustomer ? 'customer' : 'agent',
    isPublic: true,
    text: turn.text,
    ticketSubject: options.subject,
    ticketRef: options.ticketRef,
  }));
}

/** The query the eval built before the product read conversations: subject, then the customer's message (legacy figure only). */
export function ticketQuery(subject: string, message: string): string {
  return subject.trim().length > 0 ? `${subject}\n${message}` : message;
}

/** The subject a helpdesk gives a chat from an anonymous visitor (Zendesk: "Chat with Visitor 46531"). */
export function chatSubject(ticketRef: string): string {
  let hash = 0;
  for (const char of ticketRef) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 90_000;
  return `Chat with Visitor ${10_000 + hash}`;
}
