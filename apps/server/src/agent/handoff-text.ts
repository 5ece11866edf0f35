import { CHANNEL_LABELS, type Customer, type HandoffChannel } from '@threadline/connector-core';
import type { TicketContext } from './answer-context.js';

/** What the follow-up ticket is, by channel: its subject's opening words and the note's noun. */
const KIND: Record<HandoffChannel, { subject: string; noun: string }> = {
  voice: { subject: 'Callback requested', noun: 'callback ticket' },
  email: { subject: 'Email follow-up', noun: 'email follow-up ticket' },
  whatsapp: { subject: 'WhatsApp follow-up', noun: 'WhatsApp follow-up ticket' },
  sms: { subject: 'SMS follow-up', noun: 'SMS follow-up ticket' },
};

/** The identities the team on the target channel reaches the customer at. */
const REACHED_AT: Record<HandoffChannel, ReadonlyArray<Customer['identities'][number]['type']>> = {
  voice: ['phone', 'whatsapp'],
  email: ['email'],
  whatsapp: ['whatsapp', 'phone'],
  sms: ['phone'],
};

export function handoffSubject(channel: HandoffChannel, context: TicketContext): string {
  return `${KIND[channel].subject}: ${context.customer.name} (from #${context.ticket.externalId})`.slice(0, 150);
}

export interface HandoffTextInput {
  channel: HandoffChannel;
  context: TicketContext;
  requestedBy: 'customer' | 'agent';
  /** What the customer still needs answered. */
  question: string;
  summary: string;
}

/** The follow-up ticket's first, internal message: where it came from, how to reach the customer, the open question and the story. */
export function handoffTicketBody(input: HandoffTextInput & { customer: Customer | null }): string {
  const { channel, context } = input;
  const reach = (input.customer?.identities ?? []).filter((identity) => REACHED_AT[channel].includes(identity.type)).map((identity) => identity.raw);
  return [
    `Handed over by Threadline from ${CHANNEL_LABELS[context.ticket.channel]} ticket #${context.ticket.externalId}: ${context.ticket.url}`,
    input.requestedBy === 'customer' ? `${context.customer.name} asked to continue on ${CHANNEL_LABELS[channel]}.` : `An agent moved this conversation to ${CHANNEL_LABELS[channel]}.`,
    reach.length > 0 ? `Reach them at: ${[...new Set(reach)].join(', ')}` : `No ${CHANNEL_LABELS[channel].toLowerCase()} contact on file: check the customer's profile.`,
    '',
    `Open question: ${input.question}`,
    '',
    `Summary: ${input.summary}`,
  ].join('\n');
}

/** The internal note on the original ticket that links to the follow-up. */
export function handoffLinkNote(input: { channel: HandoffChannel; ticketId: string; ticketUrl: string; acknowledgment: string }): string {
  return [
    `Threadline handed this conversation to ${CHANNEL_LABELS[input.channel]}: ${KIND[input.channel].noun} #${input.ticketId} ${input.ticketUrl}`,
    `The customer was told: "${input.acknowledgment}"`,
  ].join('\n');
}

/** The first name to greet with; none when the helpdesk only knows an address or a number. */
function firstName(name: string): string | null {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return /^[\p{L}'-]{2,}$/u.test(first) ? first : null;
}

/** What the customer is told on the channel they are on: what happens next, and that they need not repeat themselves. */
export function handoffAcknowledgment(channel: HandoffChannel, context: TicketContext): string {
  const name = firstName(context.customer.name);
  const greeting = name ? `Thanks, ${name}.` : 'Thank you.';
  const next: Record<HandoffChannel, string> = {
    voice: "We've asked a colleague to call you back",
    email: "We'll follow up by email with the details",
    whatsapp: "We'll continue this conversation with you on WhatsApp",
    sms: "We'll follow up by text message",
  };
  return `${greeting} ${next[channel]}. They'll have this conversation in front of them, so you won't need to repeat yourself.`;
}
