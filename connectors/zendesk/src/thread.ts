import type { ExternalId, Message } from '@threadline/connector-core';
import { mapComment, type AuthorContext, type CommentLike } from './mappers.js';

/** `via` values of comments written in Zendesk's agent interface or through the API. */
const STAFF_TOOL_VIA = new Set(['web', 'api', 'web_service', '0', '5']);

/**
 * A staff reply typed in the agent interface carries `via: web`, yet it reaches the customer on the
 * conversation's own channel (an email thread, a chat): such comments take the channel of the
 * customer's first message, so a timeline reads "Email" and not "Web form". The raw value is kept.
 */
function withReplyChannel(messages: Message[]): Message[] {
  const conversation = messages.find((message) => message.authorRole === 'customer')?.channel;
  if (!conversation) return messages;
  return messages.map((message) =>
    message.authorRole !== 'customer' && STAFF_TOOL_VIA.has(message.channel.raw) ? { ...message, channel: { channel: conversation.channel, raw: message.channel.raw } } : message,
  );
}

/** Numeric-string ids in numeric order. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/**
 * A ticket's comments as its thread, oldest first, whether they came from the Comments API or from
 * the ticket event export: both paths give the same messages.
 */
export function toThread(comments: readonly CommentLike[], ticketId: ExternalId, context: AuthorContext): Message[] {
  const messages = comments.map((comment) => mapComment(comment, ticketId, context)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || compareIds(a.id, b.id));
  return withReplyChannel(messages);
}
