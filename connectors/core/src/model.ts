import type { AuthorRole, TicketStatus } from '@threadline/vocabulary';
import type { ChannelInfo } from './channels.js';

/** Helpdesk kinds, author roles and ticket statuses are vocabulary words, shared with every package. */
export { AUTHOR_ROLES, HELPDESK_KINDS, HELPDESK_LABELS, isHelpdeskKind, ROLE_LABELS, roleLabel, TICKET_STATUSES, type AuthorRole, type HelpdeskKind, type TicketStatus } from '@threadline/vocabulary';

/**
 * Vendor ids are strings: Zendesk ids can exceed 2^53, and keeping one type for both vendors keeps
 * the mirror simple.
 */
export type ExternalId = string;

export type IdentityType = 'email' | 'phone' | 'twitter' | 'facebook' | 'instagram' | 'whatsapp' | 'messaging' | 'external_id' | 'other';

/**
 * One way of reaching a customer. `value` is the match key (emails lower-cased, phones in E.164
 * where they parse, handles without `@`; see `normalizeIdentityValue`); `raw` is the value as the
 * helpdesk holds it, for display.
 */
export interface Identity {
  type: IdentityType;
  value: string;
  raw: string;
  isVerified: boolean;
  isPrimary: boolean;
}

/**
 * The company a customer belongs to (Zendesk organization, Freshdesk company). `domains` are the
 * email domains the helpdesk uses to place new customers in it, lower-cased.
 */
export interface Organization {
  id: ExternalId;
  name: string;
  domains: string[];
}

/** A customer (Zendesk end-user, Freshdesk contact) with every identity the helpdesk knows. */
export interface Customer {
  id: ExternalId;
  name: string;
  identities: Identity[];
  /**
   * Their organization when the helpdesk puts them in one; null when it does not. Optional so that
   * customers built before organizations were read (stored fixtures, other sources) still type-check.
   */
  organization?: Organization | null;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface Ticket {
  id: ExternalId;
  subject: string;
  /** Normalized; `rawStatus` keeps the vendor's value (Freshdesk custom statuses included). */
  status: TicketStatus;
  rawStatus: string;
  priority: TicketPriority | null;
  requesterId: ExternalId;
  groupId: ExternalId | null;
  assigneeId: ExternalId | null;
  tags: string[];
  channel: ChannelInfo;
  /** Agent-facing link to the ticket in the helpdesk. */
  url: string;
  /**
   * True for a ticket the helpdesk has moved to its archive (Freshdesk archives closed tickets after
   * a while and serves them only at its archived endpoints). Read-only there. Absent means false.
   */
  isArchived?: boolean;
  /**
   * When the ticket was last solved, where the helpdesk reports it (Zendesk ticket metrics
   * `solved_at`, Freshdesk stats `resolved_at`/`closed_at`); absent when it does not say.
   */
  solvedAt?: string | null;
  /** How often the ticket went from solved back to open, where the helpdesk counts it. */
  reopens?: number;
  createdAt: string;
  updatedAt: string;
}


export interface Attachment {
  id: ExternalId;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

/** One message of a ticket's thread: the first description, replies, and internal notes. */
export interface Message {
  id: ExternalId;
  ticketId: ExternalId;
  authorId: ExternalId | null;
  authorRole: AuthorRole;
  isPublic: boolean;
  channel: ChannelInfo;
  bodyText: string;
  bodyHtml: string | null;
  attachments: Attachment[];
  createdAt: string;
}

/** A team tickets can be routed to (Zendesk group, Freshdesk group). */
export interface Group {
  id: ExternalId;
  name: string;
}

/**
 * A customer's satisfaction rating of a ticket (Zendesk satisfaction rating, Freshdesk survey
 * result), on one scale: `good` / `bad` / `neutral` answers, and Zendesk's `offered` (asked, not
 * answered) and `unoffered`. `rawScore` keeps the vendor's value ("good", "103").
 */
export interface SatisfactionRating {
  id: ExternalId;
  ticketId: ExternalId;
  requesterId: ExternalId | null;
  score: 'good' | 'bad' | 'neutral' | 'offered' | 'unoffered';
  rawScore: string;
  comment: string | null;
  /** Why a bad rating was bad, where the helpdesk asks. */
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A help-center article (Zendesk Guide, Freshdesk Solutions). */
export interface KnowledgeArticle {
  id: ExternalId;
  title: string;
  bodyHtml: string;
  /** Public page a citation links to. */
  url: string;
  locale: string;
  /** Category → section (→ sub-section) names, outermost first. */
  sectionPath: string[];
  isPublic: boolean;
  updatedAt: string;
}

/** A saved agent reply (Zendesk macro, Freshdesk canned response). */
export interface Macro {
  id: ExternalId;
  title: string;
  bodyText: string;
  updatedAt: string;
}
