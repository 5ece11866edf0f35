import { isGenericSubject } from '../../retrieval/conversation/conversation-query.js';
import { terminate, truncate } from '../text/text-tools.js';
import type { AnswerChannel, HistoryItem } from '../types.js';

/** Channel names as they read inside a sentence ("by phone", "on WhatsApp"). */
const CHANNEL_PROSE: Record<AnswerChannel, string> = {
  email: 'email',
  web_form: 'web form',
  chat: 'chat',
  messaging: 'messaging',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  voice: 'phone',
  social_x: 'X (Twitter)',
  social_facebook: 'Facebook',
  social_instagram: 'Instagram',
  api: 'API',
  system: 'system message',
  other: 'another channel',
};

export function channelProse(channel: AnswerChannel): string {
  return CHANNEL_PROSE[channel];
}

export interface SummarizeOptions {
  customerName?: string;
  /** The reference point for "today" / "3 days ago"; defaults to the clock. */
  now?: Date;
}

/** One ticket of the history: a contact on one channel. */
export interface Contact {
  ticketRef: string;
  /** The ticket's subject, or the customer's first message there when the helpdesk made the subject up. */
  subject: string;
  channel: AnswerChannel;
  firstAt: Date;
  lastAt: Date;
  customerMessages: number;
}

export interface HistorySummary {
  text: string;
  contacts: Contact[];
  channels: AnswerChannel[];
}

const DAY_MS = 86_400_000;
const MAX_LISTED_CONTACTS = 4;

function startOfUtcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** "today", "yesterday", "3 days ago", "2 weeks ago", "on 2024-03-01". */
export function relativeDay(at: Date, now: Date): string {
  const days = Math.round((startOfUtcDay(now) - startOfUtcDay(at)) / DAY_MS);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return `on ${new Date(at).toISOString().slice(0, 10)}`;
}

function parseTime(at: string): Date {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/** Groups the history into contacts (one per ticket), oldest first. */
export function groupContacts(history: readonly HistoryItem[]): Contact[] {
  const byTicket = new Map<string, { items: HistoryItem[] }>();
  const sorted = [...history].sort((a, b) => parseTime(a.at).getTime() - parseTime(b.at).getTime());
  for (const item of sorted) {
    const entry = byTicket.get(item.ticketRef) ?? { items: [] };
    entry.items.push(item);
    byTicket.set(item.ticketRef, entry);
  }
  return [...byTicket.entries()].map(([ticketRef, { items }]) => {
    const first = items[0] as HistoryItem;
    const opener = items.find((item) => item.authorRole === 'customer') ?? first;
    // A subject the helpdesk made up ("Chat with Jane Cooper", "Call from +1 415…") says nothing of the
    // topic: the customer's first message there does.
    const isMadeUp = isGenericSubject(first.ticketSubject) && opener.authorRole === 'customer' && opener.text.trim().length > 0;
    return {
      ticketRef,
      subject: isMadeUp ? opener.text.replace(/\s+/g, ' ').trim() : first.ticketSubject,
      channel: opener.channel,
      firstAt: parseTime(first.at),
      lastAt: parseTime((items[items.length - 1] as HistoryItem).at),
      customerMessages: items.filter((item) => item.authorRole === 'customer').length,
    };
  });
}

function listJoin(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function quote(text: string, max: number): string {
  return `“${truncate(text, max)}”`;
}

/**
 * The customer's whole cross-channel history in 2–5 plain sentences, for agents (English):
 * who, how many contacts over how long, on which channels and about what, what they last wrote,
 * and whether anyone answered.
 *
 * @example
 * summarizeHistory(items, { customerName: 'Jane Cooper' }).text
 * // "Jane Cooper contacted us 3 times over 7 days: by email (7 days ago) about “Order not delivered”,
 * //  by chat (yesterday) about “Where is my parcel?” and by phone (today) about “Call from Jane”. …"
 */
export function summarizeHistory(history: readonly HistoryItem[], options: SummarizeOptions = {}): HistorySummary {
  const now = options.now ?? new Date();
  const who = options.customerName?.trim() || 'The customer';
  const contacts = groupContacts(history);
  const channels = [...new Set([...contacts].reverse().map((contact) => contact.channel))];
  if (contacts.length === 0) {
    return { text: `${who} has no earlier contact with us on record.`, contacts, channels };
  }

  const sentences: string[] = [];
  const first = contacts[0] as Contact;
  const spanDays = Math.round((startOfUtcDay(now) - startOfUtcDay(first.firstAt)) / DAY_MS);
  const span = spanDays <= 0 ? 'today' : spanDays === 1 ? 'since yesterday' : `over ${spanDays} days`;
  const listed = contacts.slice(-MAX_LISTED_CONTACTS);
  const described = listed.map(
    (contact) => `by ${channelProse(contact.channel)} (${relativeDay(contact.firstAt, now)}) about ${quote(contact.subject || '(no subject)', 70)}`,
  );
  const earlier = contacts.length - listed.length;
  if (earlier > 0) described.unshift(`${earlier} earlier time${earlier === 1 ? '' : 's'}`);
  const times = contacts.length === 1 ? 'once' : `${contacts.length} times`;
  sentences.push(terminate(`${who} contacted us ${times} ${span}: ${listJoin(described)}`));

  const sorted = [...history].sort((a, b) => parseTime(a.at).getTime() - parseTime(b.at).getTime());
  const lastCustomer = [...sorted].reverse().find((item) => item.authorRole === 'customer' && item.text.trim().length > 0);
  if (lastCustomer) {
    sentences.push(
      terminate(`Most recently, by ${channelProse(lastCustomer.channel)} ${relativeDay(parseTime(lastCustomer.at), now)}, they wrote ${quote(lastCustomer.text, 160)}`),
    );
  }

  const replies = sorted.filter((item) => (item.authorRole === 'agent' || item.authorRole === 'bot') && item.isPublic);
  const lastItem = sorted[sorted.length - 1] as HistoryItem;
  const isUnanswered = lastItem.authorRole === 'customer';
  if (replies.length === 0) {
    sentences.push('Nobody has replied to them yet.');
  } else {
    const lastReply = replies[replies.length - 1] as HistoryItem;
    const replyText = `We replied ${replies.length === 1 ? 'once' : `${replies.length} times`}, last by ${channelProse(lastReply.channel)} ${relativeDay(parseTime(lastReply.at), now)}`;
    sentences.push(terminate(isUnanswered ? `${replyText}; their latest message is still unanswered` : replyText));
  }

  const notes = sorted.filter((item) => !item.isPublic && item.authorRole !== 'customer');
  if (notes.length > 0) {
    const lastNote = notes[notes.length - 1] as HistoryItem;
    sentences.push(terminate(`The latest internal note (${relativeDay(parseTime(lastNote.at), now)}) says ${quote(lastNote.text, 120)}`));
  }
  return { text: sentences.join(' '), contacts, channels };
}
