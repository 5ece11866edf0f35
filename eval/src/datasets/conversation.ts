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

/** The retrieval query the server builds for a ticket: subject, then the customer's message. */
export function ticketQuery(subject: string, message: string): string {
  return subject.trim().length > 0 ? `${subject}\n${message}` : message;
}
