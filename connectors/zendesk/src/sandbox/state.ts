import type { ThreadlineError } from '@threadline/platform';
import { sandboxMisuse } from '@threadline/connector-core';
import type {
  ZendeskArticle,
  ZendeskAudit,
  ZendeskCategory,
  ZendeskComment,
  ZendeskGroup,
  ZendeskIdentity,
  ZendeskMacro,
  ZendeskOrganization,
  ZendeskSatisfactionRating,
  ZendeskSection,
  ZendeskTicket,
  ZendeskTicketMetricSet,
  ZendeskUser,
} from '../wire.js';

/** A user the helpdesk merged into another: its id is gone, its identities live on the survivor. */
export interface SandboxMerge {
  mergedUserId: number;
  survivorId: number;
  /** Identity ids that moved to the survivor. */
  identityIds: number[];
  mergedAt: string;
}

/** Dataset keys → sandbox ids. */
export interface SandboxKeys {
  ticket: Map<string, number>;
  customer: Map<string, number>;
  agent: Map<string, number>;
  group: Map<string, number>;
  article: Map<string, number>;
  macro: Map<string, number>;
  organization: Map<string, number>;
}

/**
 * The sandbox's in-memory Zendesk account, kept in wire shapes so routes serve it as is.
 * Writes mutate it; every ticket change bumps `updated_at` and the ticket's change sequence
 * (which orders the incremental export).
 */
export interface SandboxState {
  account: { id: number; subdomain: string; name: string };
  /** `http://127.0.0.1:port`, used in `url` fields. */
  origin: string;
  users: Map<number, ZendeskUser>;
  organizations: Map<number, ZendeskOrganization>;
  identities: Map<number, ZendeskIdentity[]>;
  merges: SandboxMerge[];
  groups: Map<number, ZendeskGroup>;
  tickets: Map<number, ZendeskTicket>;
  comments: Map<number, ZendeskComment[]>;
  audits: Map<number, ZendeskAudit[]>;
  /** Ticket id → position in the change log. */
  changeSeq: Map<number, number>;
  lastSeq: number;
  categories: Map<number, ZendeskCategory>;
  sections: Map<number, ZendeskSection>;
  articles: Map<number, ZendeskArticle>;
  macros: Map<number, ZendeskMacro>;
  /** Satisfaction ratings, oldest first. */
  satisfactionRatings: ZendeskSatisfactionRating[];
  /** Ticket id → its metric set (`include=metric_sets`), kept as statuses change. */
  metricSets: Map<number, ZendeskTicketMetricSet>;
  keys: SandboxKeys;
  /** The Threadline agent (the OAuth token's user). */
  botUserId: number;
  nextId(kind: IdKind): number;
}

export type IdKind = 'ticket' | 'user' | 'identity' | 'group' | 'comment' | 'audit' | 'event' | 'category' | 'section' | 'article' | 'macro' | 'organization' | 'rating';

/** Realistic id ranges: tickets count up from 35436, everything else is a large integer. */
const ID_SPACE: Record<IdKind, { start: number; step: number }> = {
  ticket: { start: 35_436, step: 1 },
  user: { start: 372_718_401_234, step: 9_173 },
  identity: { start: 398_417_720_011, step: 4_127 },
  group: { start: 360_004_011_201, step: 2_311 },
  comment: { start: 17_462_398_001_234, step: 1_901 },
  audit: { start: 17_462_398_501_877, step: 1_901 },
  event: { start: 17_462_399_006_511, step: 317 },
  category: { start: 360_002_844_911, step: 5_501 },
  section: { start: 360_006_114_312, step: 3_307 },
  article: { start: 4_408_812_345_678, step: 12_289 },
  macro: { start: 360_019_876_543, step: 1_117 },
  organization: { start: 360_041_225_101, step: 2_203 },
  rating: { start: 360_127_004_551, step: 1_303 },
};

/**
 * `include=organizations` on a response naming users: the organizations those users belong to
 * ("Side-loading related records": "a top-level array of associated data under the appropriate
 * resource key").
 */
export function userOrganizations(state: SandboxState, users: readonly ZendeskUser[]): ZendeskOrganization[] {
  const ids = new Set(users.map((user) => user.organization_id).filter((id): id is number => id !== null));
  return [...ids].map((id) => state.organizations.get(id)).filter((organization): organization is ZendeskOrganization => organization !== undefined);
}

export function createIdAllocator(): (kind: IdKind) => number {
  const counters = new Map<IdKind, number>();
  return (kind) => {
    const n = counters.get(kind) ?? 0;
    counters.set(kind, n + 1);
    return ID_SPACE[kind].start + n * ID_SPACE[kind].step;
  };
}

/** Zendesk's timestamp format: ISO-8601 UTC to the second. */
export function isoSeconds(date: Date | number): string {
  return `${new Date(date).toISOString().slice(0, 19)}Z`;
}

/** A dataset time (any ISO form) in Zendesk's format. */
export function zendeskTime(iso: string): string {
  return isoSeconds(Date.parse(iso));
}

/** Misuse of the sandbox by a test or script (an unknown key, a bad dataset): a bug in the caller. */
export function sandboxError(message: string, details: Record<string, string> = {}): ThreadlineError {
  return sandboxMisuse(message, details);
}

/** Records a change to a ticket: new `updated_at`, and a place at the end of the change log. */
export function touchTicket(state: SandboxState, ticket: ZendeskTicket, at: Date = new Date()): void {
  const stamp = isoSeconds(at);
  // Two writes in one second must still order after each other.
  ticket.updated_at = stamp > ticket.updated_at ? stamp : ticket.updated_at;
  ticket.generated_timestamp = Math.floor(Date.parse(ticket.updated_at) / 1000);
  state.lastSeq += 1;
  state.changeSeq.set(ticket.id, state.lastSeq);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The html_body Zendesk renders for a plain-text comment. */
export function commentHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`);
  return `<div class="zd-comment" dir="auto">${paragraphs.join('')}</div>`;
}

/** The user a merged-away id now lives on, or the id itself. */
export function survivorOf(state: SandboxState, userId: number): number {
  return state.merges.find((merge) => merge.mergedUserId === userId)?.survivorId ?? userId;
}
