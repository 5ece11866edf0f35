/**
 * Freshdesk API v2 JSON shapes, as far as Threadline reads or (in the sandbox) writes them.
 * Nulls are sent explicitly by Freshdesk; timestamps are UTC `YYYY-MM-DDTHH:MM:SSZ`.
 * Ids are small integers (well below 2^53), so numbers are safe here; the normalized model
 * carries them as strings.
 */

export interface FdAttachment {
  id: number;
  name: string;
  content_type: string;
  size: number;
  attachment_url: string;
  created_at: string;
  updated_at: string;
}

export interface FdTicket {
  id: number;
  subject: string;
  /** HTML of the first message; in list responses only with `include=description`. */
  description?: string;
  description_text?: string;
  /** 2 Open, 3 Pending, 4 Resolved, 5 Closed, ≥ 6 custom. */
  status: number;
  /** 1 Low, 2 Medium, 3 High, 4 Urgent. */
  priority: number;
  /** The channel code; see `TICKET_SOURCE_CHANNELS`. */
  source: number;
  type: string | null;
  requester_id: number;
  responder_id: number | null;
  group_id: number | null;
  company_id: number | null;
  product_id: number | null;
  email_config_id: number | null;
  tags: string[];
  cc_emails: string[];
  fwd_emails: string[];
  reply_cc_emails: string[];
  to_emails: string[] | null;
  fr_escalated: boolean;
  is_escalated: boolean;
  spam: boolean;
  due_by: string | null;
  fr_due_by: string | null;
  custom_fields: Record<string, unknown>;
  attachments?: FdAttachment[];
  /** With `include=stats` (List All Tickets and View a Ticket). */
  stats?: FdTicketStats;
  created_at: string;
  updated_at: string;
}

/**
 * A ticket's `stats`, embedded with `include=stats` (developers.freshdesk.com/api/#list_all_tickets,
 * the `include` parameter: "Allowed values: stats, requester, description. Each include consumes
 * an additional 2 credits"). The fields are those of the docs' response example, as the sandbox
 * served them before; each is null until it happens.
 */
export interface FdTicketStats {
  agent_responded_at: string | null;
  requester_responded_at: string | null;
  first_responded_at: string | null;
  status_updated_at: string | null;
  /** The latest reopen (Freshdesk keeps no count). */
  reopened_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  pending_since: string | null;
}

/** A reply, note or incoming message of a ticket (never the description). */
/**
 * `GET /api/v2/surveys/satisfaction_ratings` items (Freshworks' SatisfactionRating: id, survey_id,
 * user_id, agent_id, group_id, ticket_id, feedback, ratings, created_at, updated_at). `ratings`
 * maps each survey question to its answer on Freshdesk's scale: 103 Extremely happy, 102 Very
 * happy, 101 Happy, 100 Neutral, -101 Unhappy, -102 Very unhappy, -103 Extremely unhappy; the
 * overall rating is `default_question`.
 */
export interface FdSatisfactionRating {
  id: number;
  survey_id: number;
  user_id: number;
  agent_id: number | null;
  group_id: number | null;
  ticket_id: number;
  feedback: string | null;
  ratings: Record<string, number>;
  created_at: string;
  updated_at: string;
}

export interface FdConversation {
  id: number;
  body: string;
  body_text: string;
  /** True when it came from outside (the customer), false for agent-written ones. */
  incoming: boolean;
  private: boolean;
  user_id: number | null;
  /** 0 Reply, 2 Note, 5 Tweet, 6 Survey feedback, 7 Facebook, 8 Forwarded email, 9 Phone, 11 E-commerce. */
  source: number;
  support_email: string | null;
  ticket_id: number;
  from_email: string | null;
  to_emails: string[];
  cc_emails: string[];
  bcc_emails: string[] | null;
  attachments: FdAttachment[];
  last_edited_at: string | null;
  last_edited_user_id: number | null;
  created_at: string;
  updated_at: string;
  /** Only in the answer to `POST /tickets/{id}/notes`. */
  notified_to?: string[];
  /** Only in the answer to `POST /tickets/{id}/reply`. */
  replied_to?: string[];
}

export interface FdContact {
  id: number;
  name: string;
  /** The primary email. */
  email: string | null;
  other_emails: string[];
  phone: string | null;
  mobile: string | null;
  twitter_id: string | null;
  facebook_id?: string | null;
  unique_external_id: string | null;
  /**
   * Newer accounts: social handles by network. The shape is not documented; read defensively
   * (an object of network → handle, or a list of `{type, value}`).
   */
  social_handler?: unknown;
  /** True once verified. */
  active: boolean;
  deleted?: boolean;
  address: string | null;
  avatar: unknown;
  company_id: number | null;
  view_all_tickets: boolean | null;
  description: string | null;
  job_title: string | null;
  language: string;
  time_zone: string;
  tags: string[];
  custom_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/**
 * `GET /api/v2/companies/{id}` ("View a Company"). `domains` are the email domains whose contacts
 * Freshdesk adds to the company automatically.
 */
export interface FdCompany {
  id: number;
  name: string;
  description: string | null;
  note: string | null;
  domains: string[];
  health_score?: string | null;
  account_tier?: string | null;
  renewal_date?: string | null;
  industry?: string | null;
  custom_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface FdAgent {
  id: number;
  available: boolean;
  occasional: boolean;
  signature: string | null;
  ticket_scope: number;
  group_ids: number[];
  role_ids: number[];
  type: string;
  contact: { active: boolean; email: string; job_title: string | null; language: string; mobile: string | null; name: string; phone: string | null; time_zone: string; created_at: string; updated_at: string };
  created_at: string;
  updated_at: string;
}

export interface FdGroup {
  id: number;
  name: string;
  description: string | null;
  escalate_to: number | null;
  unassigned_for: string | null;
  business_hour_id: number | null;
  group_type: string;
  auto_ticket_assign: boolean;
  created_at: string;
  updated_at: string;
}

export interface FdTicketField {
  id: number;
  name: string;
  label: string;
  description: string;
  position: number;
  required_for_closure: boolean;
  required_for_agents: boolean;
  type: string;
  default: boolean;
  customers_can_edit: boolean;
  label_for_customers: string;
  required_for_customers: boolean;
  displayed_to_customers: boolean;
  created_at: string;
  updated_at: string;
  /**
   * `source` and `priority`: `{label: code}`; `status`: `{code: [agent label, customer label]}`;
   * other fields: lists. Read both orientations.
   */
  choices?: unknown;
}

export interface FdSolutionCategory {
  id: number;
  name: string;
  description: string | null;
  visible_in_portals: number[];
  created_at: string;
  updated_at: string;
}

export interface FdSolutionFolder {
  id: number;
  name: string;
  description: string | null;
  /** 1 all users, 2 logged-in users, 3 agents, 4 selected companies, 5 bots, 6/7 segments. */
  visibility: number;
  parent_folder_id?: number | null;
  articles_count?: number;
  sub_folders_count?: number;
  company_ids?: number[];
  created_at: string;
  updated_at: string;
}

export interface FdHierarchyLevel {
  level: number;
  type: 'category' | 'folder';
  data: { id: number; name: string; language: string };
}

export interface FdSolutionArticle {
  id: number;
  type: number;
  category_id: number;
  folder_id: number;
  hierarchy?: FdHierarchyLevel[];
  thumbs_up: number;
  thumbs_down: number;
  hits: number;
  seo_data: Record<string, unknown>;
  agent_id: number;
  title: string;
  description: string;
  description_text: string;
  /** 1 draft, 2 published. */
  status: number;
  tags: string[];
  created_at: string;
  updated_at: string;
}

export interface FdCannedResponseFolder {
  id: number;
  name: string;
  personal: boolean;
  responses_count: number;
  created_at: string;
  updated_at: string;
}

export interface FdCannedResponse {
  id: number;
  title: string;
  folder_id: number;
  content: string;
  content_html: string;
  attachments: FdAttachment[];
  created_at: string;
  updated_at: string;
}

/** `{"description":"Validation failed","errors":[{field,message,code}]}` */
export interface FdValidationErrorBody {
  description: string;
  errors: Array<{ field: string; message: string; code: string; additional_info?: unknown }>;
}

/** `{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}` */
export interface FdFlatErrorBody {
  code: string;
  message: string;
}
