import type { Channel, TicketPriority, TicketStatus } from '@threadline/connector-core';

/**
 * Ticket `source` → channel, for every code Freshdesk documents (reference §4.2). Decisions:
 * - 4 Forum → `web_form`: a community post turned into a ticket was written on the web portal.
 * - 8 MobiHelp → `messaging`: the in-app mobile SDK conversation, not the website chat widget.
 * - 11 Ecommerce (marketplace messages, e.g. eBay) → `other`: no channel of ours fits.
 * - 12 Bot → `chat`: Freddy bot sessions run in the chat widget and hand over as tickets.
 * Codes above 12 (WhatsApp, SMS, … on accounts that have them) are not documented: they are
 * resolved by the account's own `GET /ticket_fields` source labels, see `SOURCE_LABEL_CHANNELS`.
 */
export const TICKET_SOURCE_CHANNELS: Readonly<Record<string, Channel>> = {
  '1': 'email',
  '2': 'web_form',
  '3': 'voice',
  '4': 'web_form',
  '5': 'social_x',
  '6': 'social_facebook',
  '7': 'chat',
  '8': 'messaging',
  '9': 'web_form',
  '10': 'email',
  '11': 'other',
  '12': 'chat',
};

/** Ticket source code of "Outbound Email": the description was written by an agent, not the requester. */
export const OUTBOUND_EMAIL_SOURCE = 10;

/**
 * Lower-cased `source` choice labels of an account's ticket fields → channel, for codes the static
 * table does not know. Labels absent here map to `other` (the raw code is kept).
 */
export const SOURCE_LABEL_CHANNELS: Readonly<Record<string, Channel>> = {
  whatsapp: 'whatsapp',
  'whatsapp business': 'whatsapp',
  sms: 'sms',
  'text message': 'sms',
  instagram: 'social_instagram',
  'instagram direct': 'social_instagram',
  'facebook messenger': 'social_facebook',
  messenger: 'social_facebook',
  x: 'social_x',
  twitter: 'social_x',
  line: 'messaging',
  telegram: 'messaging',
  viber: 'messaging',
  'apple business chat': 'messaging',
  'apple messages for business': 'messaging',
  'google business messages': 'messaging',
  'in-app messaging': 'messaging',
  email: 'email',
  phone: 'voice',
  chat: 'chat',
  portal: 'web_form',
};

/**
 * Conversation `source` → channel of that message. 0 Reply and 2 Note name no medium: a reply goes
 * out (or came in) on the ticket's own channel, and a note lives beside it, so both take the
 * ticket's channel. The rest name their medium.
 */
export const CONVERSATION_SOURCE_CHANNELS: Readonly<Record<string, Channel | 'ticket'>> = {
  '0': 'ticket',
  '2': 'ticket',
  '5': 'social_x',
  '6': 'web_form',
  '7': 'social_facebook',
  '8': 'email',
  '9': 'voice',
  '11': 'other',
};

/** Freshdesk's fixed statuses; custom ones (≥ 6) are resolved by label, see `STATUS_LABELS`. */
export const TICKET_STATUSES: Readonly<Record<string, TicketStatus>> = {
  '2': 'open',
  '3': 'pending',
  '4': 'solved',
  '5': 'closed',
};

/**
 * Lower-cased agent labels of custom statuses → normalized status. A custom status not listed is
 * still unresolved work, so it reads as `open` (`rawStatus` keeps the code).
 */
export const STATUS_LABELS: Readonly<Record<string, TicketStatus>> = {
  'waiting on customer': 'pending',
  'awaiting customer': 'pending',
  'waiting on third party': 'on_hold',
  'waiting on 3rd party': 'on_hold',
  'on hold': 'on_hold',
};

/**
 * Normalized status → Freshdesk code for writes. Freshdesk has no "new" (a new ticket is Open) and
 * no built-in hold: `on_hold` uses a custom status whose label means hold when the account has one,
 * else Pending, the closest built-in state that pauses the SLA clock.
 */
export const STATUS_CODES: Readonly<Record<TicketStatus, number>> = {
  new: 2,
  open: 2,
  pending: 3,
  on_hold: 3,
  solved: 4,
  closed: 5,
};

export const PRIORITIES: Readonly<Record<string, TicketPriority>> = { '1': 'low', '2': 'normal', '3': 'high', '4': 'urgent' };

export const PRIORITY_CODES: Readonly<Record<TicketPriority, number>> = { low: 1, normal: 2, high: 3, urgent: 4 };
