import {
  dedupeIdentities,
  hasIdempotencyMarker,
  identity,
  type Attachment,
  type AuthorRole,
  type ChannelInfo,
  type Customer,
  type Identity,
  type IdentityType,
  type KnowledgeArticle,
  type Macro,
  type Message,
  type Organization,
  type SatisfactionRating,
  type Ticket,
  type TicketStatus,
} from '@threadline/connector-core';
import {
  CONVERSATION_SOURCE_CHANNELS,
  OUTBOUND_EMAIL_SOURCE,
  PRIORITIES,
  SOURCE_LABEL_CHANNELS,
  STATUS_LABELS,
  TICKET_SOURCE_CHANNELS,
  TICKET_STATUSES,
} from './channel-tables.js';
import type { FdAttachment, FdCannedResponse, FdCompany, FdContact, FdConversation, FdSatisfactionRating, FdSolutionArticle, FdTicket, FdTicketField, FdTicketStats } from './wire-types.js';

export * from './channel-tables.js';

/** What an account's `GET /ticket_fields` says about codes the static tables do not know. */
export interface AccountFields {
  /** Ticket source code → its label, e.g. 13 → "WhatsApp". */
  sourceLabels: ReadonlyMap<number, string>;
  /** Ticket status code → its agent label, e.g. 6 → "Waiting on Customer". */
  statusLabels: ReadonlyMap<number, string>;
}

export const EMPTY_ACCOUNT_FIELDS: AccountFields = { sourceLabels: new Map(), statusLabels: new Map() };

/** `{label: code}` (source, priority) and `{code: [agentLabel, customerLabel]}` (status) both read as code → label. */
function choiceLabels(choices: unknown): Map<number, string> {
  const labels = new Map<number, string>();
  if (choices === null || typeof choices !== 'object' || Array.isArray(choices)) return labels;
  for (const [key, value] of Object.entries(choices as Record<string, unknown>)) {
    if (typeof value === 'number') labels.set(value, key);
    else if (/^\d+$/.test(key)) {
      const label = Array.isArray(value) ? value[0] : value;
      if (typeof label === 'string') labels.set(Number(key), label);
    }
  }
  return labels;
}

export function parseTicketFields(fields: readonly FdTicketField[]): AccountFields {
  const byName = (name: string) => fields.find((field) => field.name === name)?.choices;
  return { sourceLabels: choiceLabels(byName('source')), statusLabels: choiceLabels(byName('status')) };
}

/** Whether this source code needs the account's labels to be mapped. */
export function isStaticSource(source: number): boolean {
  return TICKET_SOURCE_CHANNELS[String(source)] !== undefined;
}

export function isStaticStatus(status: number): boolean {
  return TICKET_STATUSES[String(status)] !== undefined;
}

export function ticketChannel(source: number | null | undefined, fields: AccountFields = EMPTY_ACCOUNT_FIELDS): ChannelInfo {
  const raw = source === null || source === undefined ? '' : String(source);
  const known = TICKET_SOURCE_CHANNELS[raw];
  if (known) return { channel: known, raw };
  const label = typeof source === 'number' ? fields.sourceLabels.get(source) : undefined;
  return { channel: (label && SOURCE_LABEL_CHANNELS[label.trim().toLowerCase()]) || 'other', raw };
}

/** The channel of one conversation; Reply and Note take the ticket's channel. */
export function conversationChannel(source: number, ticket: ChannelInfo): ChannelInfo {
  const mapped = CONVERSATION_SOURCE_CHANNELS[String(source)];
  if (mapped === 'ticket') return { channel: ticket.channel, raw: String(source) };
  return { channel: mapped ?? 'other', raw: String(source) };
}

export function ticketStatus(status: number, fields: AccountFields = EMPTY_ACCOUNT_FIELDS): TicketStatus {
  const fixed = TICKET_STATUSES[String(status)];
  if (fixed) return fixed;
  const label = fields.statusLabels.get(status);
  return (label && STATUS_LABELS[label.trim().toLowerCase()]) || 'open';
}

const id = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

/** Where an agent opens a ticket in Freshdesk's agent interface: `https://{domain}/a/tickets/{id}`. */
export function ticketUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/a/tickets/${encodeURIComponent(ticketId)}`;
}

export function mapTicket(ticket: FdTicket, baseUrl: string, fields: AccountFields = EMPTY_ACCOUNT_FIELDS, options: { isArchived?: boolean } = {}): Ticket {
  return {
    id: String(ticket.id),
    subject: ticket.subject ?? '',
    status: ticketStatus(ticket.status, fields),
    rawStatus: String(ticket.status),
    priority: PRIORITIES[String(ticket.priority)] ?? null,
    requesterId: String(ticket.requester_id),
    groupId: id(ticket.group_id),
    assigneeId: id(ticket.responder_id),
    tags: ticket.tags ?? [],
    channel: ticketChannel(ticket.source, fields),
    url: ticketUrl(baseUrl, String(ticket.id)),
    ...(options.isArchived ? { isArchived: true } : {}),
    ...(ticket.stats ? solveOf(ticket.stats) : {}),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
  };
}

/**
 * The helpdesk's own solve time and reopens from a ticket's `stats`: the resolve (or, for a ticket
 * closed without one, the close); Freshdesk keeps only the latest reopen's time, so a reopened
 * ticket counts at least one.
 */
function solveOf(stats: FdTicketStats): Pick<Ticket, 'solvedAt' | 'reopens'> {
  return { solvedAt: stats.resolved_at ?? stats.closed_at, reopens: stats.reopened_at ? 1 : 0 };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** Plain text of an HTML body, for the rare conversation that comes without `body_text`. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function mapAttachments(attachments: readonly FdAttachment[] | undefined): Attachment[] {
  return (attachments ?? []).map((a) => ({ id: String(a.id), fileName: a.name, contentType: a.content_type, size: a.size, url: a.attachment_url }));
}

/** The id Threadline gives a ticket's description, which Freshdesk stores on the ticket, not as a conversation. */
export function descriptionMessageId(ticketId: number | string): string {
  return `${ticketId}-description`;
}

/**
 * The ticket's description as the thread's first message. Outbound-email tickets are opened by an
 * agent (Freshdesk keeps no author for it); every other description is the requester's.
 */
export function mapDescription(ticket: FdTicket, fields: AccountFields = EMPTY_ACCOUNT_FIELDS): Message {
  const isOutbound = ticket.source === OUTBOUND_EMAIL_SOURCE;
  const html = ticket.description ?? '';
  return {
    id: descriptionMessageId(ticket.id),
    ticketId: String(ticket.id),
    authorId: isOutbound ? id(ticket.responder_id) : String(ticket.requester_id),
    authorRole: isOutbound ? 'agent' : 'customer',
    isPublic: true,
    channel: ticketChannel(ticket.source, fields),
    bodyText: ticket.description_text ?? htmlToText(html),
    bodyHtml: html,
    attachments: mapAttachments(ticket.attachments),
    createdAt: ticket.created_at,
  };
}

export interface ConversationContext {
  ticketChannel: ChannelInfo;
  requesterId: number;
  /** The agent Threadline acts as; its messages are the bot's. */
  appAgentId: number | null;
}

/**
 * Incoming messages and the requester's own are the customer's; what Threadline's agent wrote is
 * the bot's; a message with no user is the system's; any other user is an agent.
 */
export function conversationAuthorRole(conversation: Pick<FdConversation, 'incoming' | 'user_id'> & { body_text?: string | null }, context: Omit<ConversationContext, 'ticketChannel'>): AuthorRole {
  if (conversation.incoming) return 'customer';
  if (conversation.user_id === null || conversation.user_id === undefined) return 'system';
  if (conversation.user_id === context.requesterId) return 'customer';
  if (context.appAgentId !== null && conversation.user_id === context.appAgentId) return 'bot';
  // With a person's API key the agent is that person; Threadline's own notes carry its marker.
  return hasIdempotencyMarker(conversation.body_text ?? '') ? 'bot' : 'agent';
}

export function mapConversation(conversation: FdConversation, context: ConversationContext): Message {
  return {
    id: String(conversation.id),
    ticketId: String(conversation.ticket_id),
    authorId: id(conversation.user_id),
    authorRole: conversationAuthorRole(conversation, context),
    isPublic: !conversation.private,
    channel: conversationChannel(conversation.source, context.ticketChannel),
    bodyText: conversation.body_text ?? htmlToText(conversation.body ?? ''),
    bodyHtml: conversation.body ?? null,
    attachments: mapAttachments(conversation.attachments),
    createdAt: conversation.created_at,
  };
}

const SOCIAL_TYPES: Readonly<Record<string, IdentityType>> = {
  twitter: 'twitter',
  x: 'twitter',
  facebook: 'facebook',
  instagram: 'instagram',
  whatsapp: 'whatsapp',
};

/** `social_handler` is undocumented: accept `{network: handle}` and `[{type|network, value|handle}]`. */
function socialIdentities(social: unknown): Identity[] {
  const pairs: Array<[string, unknown]> = [];
  if (Array.isArray(social)) {
    for (const entry of social) {
      if (entry && typeof entry === 'object') {
        const record = entry as Record<string, unknown>;
        pairs.push([String(record.type ?? record.network ?? ''), record.value ?? record.handle ?? record.id]);
      }
    }
  } else if (social && typeof social === 'object') {
    pairs.push(...Object.entries(social as Record<string, unknown>));
  }
  return pairs.flatMap(([network, value]) => {
    const type = SOCIAL_TYPES[network.toLowerCase().replace(/_id$/, '')];
    return type && typeof value === 'string' && value.trim() ? [identity(type, value)] : [];
  });
}

/** A contact with every identity it carries: after a merge, the secondaries' ones live here too. */
/** A Freshdesk company as the normalized organization; domains lower-cased. */
export function mapCompany(company: FdCompany): Organization {
  return { id: String(company.id), name: company.name, domains: (company.domains ?? []).map((domain) => domain.trim().toLowerCase()).filter(Boolean) };
}

/** `company` is the contact's `company_id` looked up; null when the contact has none. */
export function mapCustomer(contact: FdContact, company: FdCompany | null = null): Customer {
  const verified = { isVerified: contact.active };
  const list: Identity[] = [];
  if (contact.email) list.push(identity('email', contact.email, { ...verified, isPrimary: true }));
  for (const email of contact.other_emails ?? []) list.push(identity('email', email, verified));
  if (contact.phone) list.push(identity('phone', contact.phone, verified));
  if (contact.mobile) list.push(identity('phone', contact.mobile, verified));
  if (contact.twitter_id) list.push(identity('twitter', contact.twitter_id, verified));
  if (contact.facebook_id) list.push(identity('facebook', contact.facebook_id, verified));
  if (contact.unique_external_id) list.push(identity('external_id', contact.unique_external_id, verified));
  list.push(...socialIdentities(contact.social_handler));
  return {
    id: String(contact.id),
    name: contact.name,
    identities: dedupeIdentities(list),
    locale: contact.language ?? null,
    organization: company ? mapCompany(company) : null,
    createdAt: contact.created_at,
    updatedAt: contact.updated_at,
  };
}

export interface ArticlePlace {
  /** Category name, then folder names outermost first. */
  sectionPath: string[];
  /** Whether the folder is visible to all portal users (visibility 1). */
  isFolderPublic: boolean;
}

/**
 * Freshdesk articles have no public-URL field; the portal page is `/support/solutions/articles/{id}`.
 * Only published articles (status 2) in folders visible to everyone are public.
 */
export function mapArticle(article: FdSolutionArticle, place: ArticlePlace, baseUrl: string): KnowledgeArticle {
  const language = article.hierarchy?.[0]?.data.language;
  return {
    id: String(article.id),
    title: article.title,
    bodyHtml: article.description,
    url: `${baseUrl.replace(/\/$/, '')}/support/solutions/articles/${article.id}`,
    locale: language ?? 'en',
    sectionPath: place.sectionPath,
    isPublic: article.status === 2 && place.isFolderPublic,
    updatedAt: article.updated_at,
  };
}

export function mapCannedResponse(response: FdCannedResponse): Macro {
  return {
    id: String(response.id),
    title: response.title,
    bodyText: response.content ?? htmlToText(response.content_html ?? ''),
    updatedAt: response.updated_at,
  };
}

/**
 * Freshdesk's 7-point happiness scale on Threadline's one: any happy answer (101–103) is good, any
 * unhappy one (-101 to -103) bad, 100 neutral. The 3- and 5-point surveys use values of the same
 * scale (103 / 100 / -103, and 103 / 102 / 100 / -102 / -103), so one rule fits every survey.
 * The overall answer is `default_question`; a survey without one falls back to its first answer.
 */
export function mapSatisfactionRating(rating: FdSatisfactionRating): SatisfactionRating {
  const value = rating.ratings.default_question ?? Object.values(rating.ratings)[0] ?? 100;
  return {
    id: String(rating.id),
    ticketId: String(rating.ticket_id),
    requesterId: rating.user_id === null || rating.user_id === undefined ? null : String(rating.user_id),
    score: value > 100 ? 'good' : value < 0 ? 'bad' : 'neutral',
    rawScore: String(value),
    comment: rating.feedback || null,
    reason: null,
    createdAt: rating.created_at,
    updatedAt: rating.updated_at ?? rating.created_at,
  };
}
