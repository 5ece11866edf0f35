import {
  dedupeIdentities,
  hasIdempotencyMarker,
  identity,
  mapChannel,
  type AuthorRole,
  type Channel,
  type ChannelInfo,
  type Customer,
  type Organization,
  type SatisfactionRating,
  type ExternalId,
  type Identity,
  type IdentityType,
  type Message,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '@threadline/connector-core';
import type { ZendeskComment, ZendeskIdentity, ZendeskIdentityType, ZendeskOrganization, ZendeskSatisfactionRating, ZendeskTicket, ZendeskTicketMetricSet, ZendeskUser, ZendeskVia } from './wire.js';

/**
 * Every `via.channel` value the reference lists, by name and by numeric via id. Zendesk sends
 * either; a value missing here maps to `other` with the raw value kept (never rejected).
 */
export const ZENDESK_CHANNELS: Readonly<Record<string, Channel>> = {
  // Via type names with their confirmed numeric ids.
  web_form: 'web_form',
  '0': 'web_form',
  mail: 'email',
  '4': 'email',
  web_service: 'api',
  '5': 'api',
  rule: 'system',
  '8': 'system',
  merge: 'system',
  '19': 'system',
  // A follow-up Zendesk opened because someone wrote to a closed ticket.
  closed_ticket: 'system',
  '27': 'system',
  chat: 'chat',
  '29': 'chat',
  twitter: 'social_x',
  '30': 'social_x',
  voicemail: 'voice',
  '33': 'voice',
  phone_call_inbound: 'voice',
  '34': 'voice',
  text_message: 'sms',
  '37': 'sms',
  facebook_post: 'social_facebook',
  '38': 'social_facebook',
  facebook_message: 'social_facebook',
  '41': 'social_facebook',
  // Short names payloads usually carry.
  web: 'web_form',
  email: 'email',
  api: 'api',
  voice: 'voice',
  facebook: 'social_facebook',
  // The Support mobile app and the Support SDK both file requests through a form.
  mobile: 'web_form',
  mobile_sdk: 'web_form',
  sms: 'sms',
  // Channel-framework integrations: a messaging network the source may name (refined below).
  any_channel: 'messaging',
  help_center: 'web_form',
  side_conversation: 'system',
  sample_ticket: 'system',
  native_messaging: 'messaging',
  // Names seen in older payloads and UIs; harmless to know.
  phone_call_outbound: 'voice',
  // [unconfirmed] the outbound call's via id (35); Threadline creates callback tickets with it.
  '35': 'voice',
  twitter_dm: 'social_x',
  twitter_favorite: 'social_x',
  chat_transcript: 'chat',
  web_widget: 'web_form',
  messaging: 'messaging',
  // [unconfirmed] whether networks ever appear in via.channel directly; map them if they do.
  whatsapp: 'whatsapp',
  instagram: 'social_instagram',
  instagram_dm: 'social_instagram',
  messenger: 'social_facebook',
  line: 'messaging',
  wechat: 'messaging',
  telegram: 'messaging',
  viber: 'messaging',
};

/** Network words in a messaging `via.source` and the channel they mean. */
const MESSAGING_NETWORKS: ReadonlyArray<[RegExp, Channel]> = [
  [/whatsapp/i, 'whatsapp'],
  [/instagram/i, 'social_instagram'],
  [/messenger|facebook/i, 'social_facebook'],
  [/twitter|^x$/i, 'social_x'],
  [/sms|text_message|twilio/i, 'sms'],
];

function sourceWords(source: ZendeskVia['source']): string[] {
  if (!source) return [];
  const words: string[] = [];
  if (typeof source.rel === 'string') words.push(source.rel);
  for (const side of [source.from, source.to]) {
    for (const key of ['channel', 'type', 'service', 'integration_type']) {
      const value = side?.[key];
      if (typeof value === 'string') words.push(value);
    }
  }
  return words;
}

/**
 * The channel of a ticket or comment. Messaging tickets (`native_messaging`, channel framework)
 * name their network only in `via.source`, so that is read when present; otherwise `messaging`.
 */
export function mapVia(via: ZendeskVia | null | undefined): ChannelInfo {
  const info = mapChannel(ZENDESK_CHANNELS, via?.channel);
  if (info.channel !== 'messaging') return info;
  for (const word of sourceWords(via?.source)) {
    const network = MESSAGING_NETWORKS.find(([pattern]) => pattern.test(word));
    if (network) return { channel: network[1], raw: `${info.raw}:${word}` };
  }
  return info;
}

const STATUSES: Record<string, TicketStatus> = { new: 'new', open: 'open', pending: 'pending', hold: 'on_hold', solved: 'solved', closed: 'closed' };
const PRIORITIES: Record<string, TicketPriority> = { low: 'low', normal: 'normal', high: 'high', urgent: 'urgent' };

/** Zendesk status → normalized; an unknown value reads as open (the raw value is kept beside it). */
export function mapStatus(status: string): TicketStatus {
  return STATUSES[status] ?? 'open';
}

export function toZendeskStatus(status: TicketStatus): string {
  return status === 'on_hold' ? 'hold' : status;
}

export function mapPriority(priority: string | null | undefined): TicketPriority | null {
  return priority ? (PRIORITIES[priority] ?? null) : null;
}

/** Zendesk ids as strings (the model's id type); null stays null. */
export function idString(id: number | string | null | undefined): ExternalId | null {
  return id === null || id === undefined ? null : String(id);
}

/** Where an agent opens a ticket in Zendesk's agent interface: `https://{subdomain}.zendesk.com/agent/tickets/{id}`. */
export function ticketUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/agent/tickets/${encodeURIComponent(ticketId)}`;
}

export function mapTicket(ticket: ZendeskTicket, baseUrl: string, metrics?: Pick<ZendeskTicketMetricSet, 'solved_at' | 'reopens'>): Ticket {
  return {
    id: String(ticket.id),
    subject: ticket.subject ?? ticket.raw_subject ?? '',
    status: mapStatus(ticket.status),
    rawStatus: ticket.status,
    priority: mapPriority(ticket.priority),
    requesterId: String(ticket.requester_id),
    groupId: idString(ticket.group_id),
    assigneeId: idString(ticket.assignee_id),
    tags: [...(ticket.tags ?? [])],
    channel: mapVia(ticket.via),
    url: ticketUrl(baseUrl, String(ticket.id)),
    // The helpdesk's own solve time and reopen count, where its metric set came with the ticket.
    ...(metrics ? { solvedAt: metrics.solved_at, reopens: metrics.reopens } : {}),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
  };
}

/** Comments Zendesk itself writes: triggers and automations (`rule`) and merges. */
const SYSTEM_VIA = new Set(['rule', '8', 'merge', '19']);

export interface AuthorContext {
  /** Users sideloaded with the comments (`include=users`). */
  users: ReadonlyMap<string, Pick<ZendeskUser, 'role'>>;
  /** The user Threadline writes as, whose comments read as `bot`; null when not configured. */
  botUserId: ExternalId | null;
}

/** Who wrote a comment: Zendesk (system), Threadline (bot), staff (agent) or anyone else (customer). */
export function authorRole(comment: Pick<ZendeskComment, 'author_id' | 'via'> & { body?: string }, context: AuthorContext): AuthorRole {
  const author = idString(comment.author_id);
  if (author === null || author === '-1' || SYSTEM_VIA.has(String(comment.via?.channel ?? ''))) return 'system';
  if (context.botUserId !== null && author === context.botUserId) return 'bot';
  const role = context.users.get(author)?.role;
  if (role !== 'agent' && role !== 'admin') return 'customer';
  // Zendesk shows a comment's author as the API user (`author_id` defaults to the caller), often a
  // person's account: a staff comment carrying Threadline's marker is Threadline's all the same.
  return hasIdempotencyMarker(comment.body ?? '') ? 'bot' : 'agent';
}

/** HTML → readable text for bodies that only come as HTML (macros, html-only comments). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d|\/tr)\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export type CommentLike = Omit<ZendeskComment, 'type' | 'metadata' | 'audit_id'> & { via?: ZendeskVia };

export function mapComment(comment: CommentLike, ticketId: ExternalId, context: AuthorContext): Message {
  const author = idString(comment.author_id);
  return {
    id: String(comment.id),
    ticketId,
    authorId: author === '-1' ? null : author,
    authorRole: authorRole(comment, context),
    isPublic: comment.public !== false,
    channel: mapVia(comment.via),
    bodyText: comment.plain_body ?? comment.body ?? htmlToText(comment.html_body ?? ''),
    bodyHtml: comment.html_body ?? null,
    attachments: (comment.attachments ?? []).map((attachment) => ({
      id: String(attachment.id),
      fileName: attachment.file_name,
      contentType: attachment.content_type,
      size: attachment.size,
      url: attachment.content_url,
    })),
    createdAt: comment.created_at,
  };
}

/** Zendesk identity types → the model's; a type Zendesk adds later reads as `other`. */
const IDENTITY_TYPES: Record<ZendeskIdentityType, IdentityType> = {
  email: 'email',
  // A Google sign-in identity's value is the Gmail address.
  google: 'email',
  phone_number: 'phone',
  agent_forwarding: 'phone',
  twitter: 'twitter',
  facebook: 'facebook',
  messaging: 'messaging',
  any_channel: 'other',
  sdk: 'other',
  foreign: 'other',
};

export function mapIdentity(item: Pick<ZendeskIdentity, 'type' | 'value' | 'verified' | 'primary'>): Identity | null {
  const type: IdentityType = IDENTITY_TYPES[item.type] ?? 'other';
  if (!item.value) return null;
  return identity(type, item.value, { isVerified: item.verified, isPrimary: item.primary });
}

/**
 * A customer from the user record plus its identities. Without identities (sideloaded users),
 * the user's primary email, phone and external id stand in.
 */
/** A Zendesk organization as the normalized one; domains lower-cased. */
export function mapOrganization(organization: ZendeskOrganization): Organization {
  return { id: String(organization.id), name: organization.name, domains: (organization.domain_names ?? []).map((domain) => domain.trim().toLowerCase()).filter(Boolean) };
}

/**
 * `organization` is the user's `organization_id` resolved (from an `include=organizations`
 * side-load or a lookup); null for a user in none. Undefined leaves it unknown (a user read without
 * its organization).
 */
export function mapCustomer(user: ZendeskUser, identities: readonly ZendeskIdentity[] | null = null, organization?: ZendeskOrganization | null): Customer {
  const list: Identity[] = [];
  for (const item of identities ?? []) {
    const mapped = mapIdentity(item);
    if (mapped) list.push(mapped);
  }
  if (user.email) list.push(identity('email', user.email, { isVerified: user.verified, isPrimary: true }));
  if (user.phone) list.push(identity('phone', user.phone, { isVerified: user.verified, isPrimary: !identities }));
  if (user.external_id) list.push(identity('external_id', user.external_id, { isVerified: true, isPrimary: false }));
  return {
    id: String(user.id),
    name: user.name,
    identities: dedupeIdentities(list),
    locale: user.locale ?? null,
    ...(organization === undefined ? {} : { organization: organization ? mapOrganization(organization) : null }),
    createdAt: user.created_at,
    updatedAt: user.updated_at,
  };
}

/** A Zendesk rating: its score is already good / bad / offered / unoffered. */
export function mapSatisfactionRating(rating: ZendeskSatisfactionRating): SatisfactionRating {
  return {
    id: String(rating.id),
    ticketId: String(rating.ticket_id),
    requesterId: rating.requester_id === null || rating.requester_id === undefined ? null : String(rating.requester_id),
    score: rating.score,
    rawScore: rating.score,
    comment: rating.comment || null,
    reason: rating.reason || null,
    createdAt: rating.created_at,
    updatedAt: rating.updated_at ?? rating.created_at,
  };
}
