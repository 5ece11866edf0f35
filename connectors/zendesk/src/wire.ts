/**
 * Zendesk's JSON as it travels on the wire (Support API v2 and Help Center), shared by the
 * connector's mappers and the sandbox. Only the fields Threadline reads or the sandbox serves are
 * typed; Zendesk sends more. Ids are numbers on the wire (the connector turns them into strings).
 */

export type ZendeskId = number;

/** `via.channel` is a via type name or a numeric via id; both occur. */
export interface ZendeskVia {
  channel: string | number;
  source?: {
    from?: Record<string, unknown>;
    to?: Record<string, unknown>;
    rel?: string | null;
  };
}

export type ZendeskStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type ZendeskPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface ZendeskTicket {
  id: ZendeskId;
  url: string;
  external_id: string | null;
  type: 'problem' | 'incident' | 'question' | 'task' | null;
  subject: string | null;
  raw_subject: string | null;
  description: string;
  priority: ZendeskPriority | null;
  /** `deleted` shows up in the incremental export. */
  status: ZendeskStatus | 'deleted';
  recipient: string | null;
  requester_id: ZendeskId;
  submitter_id: ZendeskId;
  assignee_id: ZendeskId | null;
  organization_id: ZendeskId | null;
  group_id: ZendeskId | null;
  brand_id: ZendeskId | null;
  collaborator_ids: ZendeskId[];
  follower_ids: ZendeskId[];
  email_cc_ids: ZendeskId[];
  followup_ids: ZendeskId[];
  problem_id: ZendeskId | null;
  has_incidents: boolean;
  is_public: boolean;
  due_at: string | null;
  tags: string[];
  custom_fields: Array<{ id: ZendeskId; value: unknown }>;
  satisfaction_rating: unknown;
  ticket_form_id: ZendeskId | null;
  custom_status_id: ZendeskId | null;
  allow_channelback: boolean;
  allow_attachments: boolean;
  from_messaging_channel: boolean;
  via: ZendeskVia;
  created_at: string;
  updated_at: string;
  /** Epoch seconds of the last change; the incremental export orders by it. */
  generated_timestamp: number;
}

export interface ZendeskAttachment {
  id: ZendeskId;
  file_name: string;
  content_url: string;
  content_type: string;
  size: number;
  inline: boolean;
  thumbnails: unknown[];
}

export interface ZendeskComment {
  id: ZendeskId;
  type: 'Comment' | 'VoiceComment';
  /** Null or -1 for comments Zendesk itself wrote. */
  author_id: ZendeskId | null;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: ZendeskAttachment[];
  audit_id: ZendeskId;
  via: ZendeskVia;
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
  created_at: string;
  /** VoiceComment only: call details. */
  data?: Record<string, unknown>;
}

/** One entry of an audit's `events`; `Comment` events carry the comment's fields. */
export type ZendeskAuditEvent =
  | ({ type: 'Comment' } & Omit<ZendeskComment, 'type' | 'via' | 'metadata' | 'created_at'>)
  | { id: ZendeskId; type: 'Create' | 'Change'; field_name: string; value: unknown; previous_value?: unknown };

export interface ZendeskAudit {
  id: ZendeskId;
  ticket_id: ZendeskId;
  author_id: ZendeskId;
  created_at: string;
  via: ZendeskVia;
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
  events: ZendeskAuditEvent[];
}

export type ZendeskRole = 'end-user' | 'agent' | 'admin';

export interface ZendeskUser {
  id: ZendeskId;
  url: string;
  name: string;
  email: string | null;
  phone: string | null;
  shared_phone_number: boolean | null;
  role: ZendeskRole;
  external_id: string | null;
  organization_id: ZendeskId | null;
  tags: string[];
  user_fields: Record<string, unknown>;
  locale: string;
  time_zone: string;
  verified: boolean;
  active: boolean;
  suspended: boolean;
  photo: unknown;
  default_group_id: ZendeskId | null;
  created_at: string;
  updated_at: string;
}

/**
 * An organization ("Organizations" JSON format: `domain_names` is "an array of domain names
 * associated with this organization"; developer.zendesk.com/api-reference/ticketing/organizations/organizations).
 */
export interface ZendeskOrganization {
  id: ZendeskId;
  url: string;
  name: string;
  domain_names: string[];
  details: string | null;
  notes: string | null;
  external_id: string | null;
  group_id: ZendeskId | null;
  shared_tickets: boolean;
  shared_comments: boolean;
  tags: string[];
  organization_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export type ZendeskIdentityType =
  | 'email'
  | 'twitter'
  | 'facebook'
  | 'google'
  | 'phone_number'
  | 'agent_forwarding'
  | 'any_channel'
  | 'foreign'
  | 'sdk'
  | 'messaging';

export interface ZendeskIdentity {
  id: ZendeskId;
  url: string;
  user_id: ZendeskId;
  type: ZendeskIdentityType;
  value: string;
  verified: boolean;
  primary: boolean;
  deliverable_state?: string;
  undeliverable_count: number;
  created_at: string;
  updated_at: string;
}

export interface ZendeskGroup {
  id: ZendeskId;
  url: string;
  name: string;
  description: string;
  default: boolean;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZendeskMacroAction {
  field: string;
  /** `comment_value` holds the text, or `[channel, text]`. */
  value: unknown;
}

export interface ZendeskMacro {
  id: ZendeskId;
  url: string;
  title: string;
  raw_title: string;
  description: string | null;
  active: boolean;
  position: number;
  actions: ZendeskMacroAction[];
  restriction: unknown;
  created_at: string;
  updated_at: string;
}

export interface ZendeskCategory {
  id: ZendeskId;
  url: string;
  html_url: string;
  name: string;
  description: string;
  locale: string;
  source_locale: string;
  position: number;
  outdated: boolean;
  created_at: string;
  updated_at: string;
}

export interface ZendeskSection extends ZendeskCategory {
  category_id: ZendeskId;
  parent_section_id: ZendeskId | null;
  sorting: string;
}

export interface ZendeskArticle {
  id: ZendeskId;
  url: string;
  html_url: string;
  author_id: ZendeskId;
  comments_disabled: boolean;
  draft: boolean;
  promoted: boolean;
  position: number;
  vote_sum: number;
  vote_count: number;
  section_id: ZendeskId;
  created_at: string;
  updated_at: string;
  edited_at: string;
  name: string;
  title: string;
  source_locale: string;
  locale: string;
  outdated: boolean;
  outdated_locales: string[];
  permission_group_id: ZendeskId;
  /** Null means everyone can see the article. */
  user_segment_id: ZendeskId | null;
  label_names: string[];
  content_tag_ids: string[];
  body: string;
}

/** Cursor pagination (`page[size]` sent). */
export interface ZendeskCursorPage {
  meta: { has_more: boolean; after_cursor: string | null; before_cursor: string | null };
  links: { next: string | null; prev: string | null };
}

/**
 * `GET /api/v2/satisfaction_ratings` items ("Satisfaction Ratings", JSON format: assignee_id,
 * comment, created_at, group_id, id, reason, reason_code, requester_id, score, ticket_id,
 * updated_at, url; score is offered, unoffered, good or bad).
 */
export interface ZendeskSatisfactionRating {
  id: ZendeskId;
  url: string;
  assignee_id: ZendeskId | null;
  group_id: ZendeskId | null;
  requester_id: ZendeskId;
  ticket_id: ZendeskId;
  score: 'offered' | 'unoffered' | 'good' | 'bad';
  comment: string | null;
  reason: string | null;
  reason_code?: number | null;
  created_at: string;
  updated_at: string;
}

/** Offset pagination (the default). */
export interface ZendeskOffsetPage {
  next_page: string | null;
  previous_page: string | null;
  count: number;
}

/** `GET /incremental/tickets/cursor`. */
/**
 * A ticket's metric set (Ticket Metrics, developer.zendesk.com/rest_api/docs/core/ticket_metrics;
 * side-loaded as `metric_sets` on the incremental ticket export). The fields Threadline reads and
 * the sandbox serves; the rest (wait and on-hold times, stations) are left out.
 */
export interface ZendeskTicketMetricSet {
  id: number;
  ticket_id: number;
  url: string;
  /** "Total number of times the ticket was reopened". */
  reopens: number;
  /** "The number of public replies added to a ticket by an agent". */
  replies: number;
  /** The last solve; null while never solved. */
  solved_at: string | null;
  /** Minutes to the full resolution, in calendar and business hours; null values while unsolved. */
  full_resolution_time_in_minutes: { calendar: number | null; business: number | null };
  created_at: string;
  updated_at: string;
}

export interface ZendeskIncrementalTickets {
  tickets: ZendeskTicket[];
  /** With `include=metric_sets`: one per exported ticket. */
  metric_sets?: ZendeskTicketMetricSet[];
  users?: ZendeskUser[];
  /** With `include=organizations`. */
  organizations?: ZendeskOrganization[];
  /** With `include=groups`. */
  groups?: ZendeskGroup[];
  after_url: string | null;
  after_cursor: string | null;
  before_url: string | null;
  before_cursor: string | null;
  end_of_stream: boolean;
}

/**
 * A `Comment` (or `VoiceComment`) child event of the ticket event export with the
 * `comment_events` side-load: "Any comment present in the ticket update is listed as an object in
 * the event's child_events array" with id, via, type, author_id, body, html_body, public,
 * attachments, audit_id and created_at (Incremental Ticket Event Export, "Sideloading").
 */
export type ZendeskCommentEvent = Omit<ZendeskComment, 'type' | 'metadata' | 'plain_body'> & {
  type: 'Comment' | 'VoiceComment';
  event_type: 'Comment' | 'VoiceComment';
  plain_body?: string;
};

/** Any other child event: field changes, and without the side-load `comment_present` / `comment_public`. */
export interface ZendeskOtherChildEvent {
  id: ZendeskId;
  event_type: string;
  [field: string]: unknown;
}

/** One update of one ticket in `GET /incremental/ticket_events`. */
export interface ZendeskTicketEvent {
  id: ZendeskId;
  ticket_id: ZendeskId;
  /** Unix seconds; the stream is ordered by it. */
  timestamp: number;
  created_at: string;
  updater_id: ZendeskId;
  via: ZendeskVia;
  event_type: string;
  child_events: Array<ZendeskCommentEvent | ZendeskOtherChildEvent>;
}

/**
 * A page of the time-based ticket event export: "count", "end_time", "next_page" and
 * "end_of_stream" (Using the Incremental Exports API, "Time-based incremental exports"). The next
 * page starts at `end_time`, so items of that second can come again.
 */
export interface ZendeskIncrementalTicketEvents {
  ticket_events: ZendeskTicketEvent[];
  count: number;
  end_time: number | null;
  next_page: string | null;
  end_of_stream: boolean;
}
