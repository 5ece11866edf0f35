import type { Channel } from '../channels.js';
import type { AuthorRole, IdentityType, TicketPriority, TicketStatus } from '../model.js';

/**
 * One vendor-neutral demo world that both sandboxes load, each in its own wire shapes:
 * a small outdoor-gear shop, its agents and groups, customers with their identities, tickets
 * across channels with their threads, help-center articles and macros.
 */
export interface DemoDataset {
  company: { name: string; subdomain: string; supportEmail: string };
  agents: DemoAgent[];
  groups: DemoGroup[];
  /** Companies some customers belong to (Zendesk organizations, Freshdesk companies). */
  organizations: DemoOrganization[];
  customers: DemoCustomer[];
  tickets: DemoTicket[];
  articles: DemoArticle[];
  macros: DemoMacro[];
}

export interface DemoAgent {
  key: string;
  name: string;
  email: string;
  /** True for the account the Threadline app itself acts as. */
  isBot?: boolean;
}

export interface DemoGroup {
  key: string;
  name: string;
}

export interface DemoOrganization {
  key: string;
  name: string;
  /** Email domains the helpdesk places new customers by. */
  domains: string[];
}

export interface DemoIdentity {
  type: IdentityType;
  value: string;
}

export interface DemoCustomer {
  key: string;
  name: string;
  locale: string;
  /** Every identity, primary first. */
  identities: DemoIdentity[];
  /**
   * Identities that once belonged to a separate customer record the helpdesk merged into this one
   * (e.g. the phone caller that turned out to be the emailer).
   */
  mergedIdentities: DemoIdentity[];
  /** The organization they belong to, if any. */
  organizationKey?: string;
  createdAt: string;
}

export interface DemoMessage {
  role: AuthorRole;
  /** The channel a customer message came in on when not the ticket's own (a reply by phone to an email ticket). */
  channel?: Channel;
  /** Agent key for agent messages. */
  agentKey?: string;
  isPublic: boolean;
  text: string;
  createdAt: string;
}

export interface DemoTicket {
  key: string;
  customerKey: string;
  channel: Channel;
  /** The identity the customer used on this ticket's channel. */
  via: DemoIdentity;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  groupKey: string;
  assigneeKey: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /**
   * One of the oldest closed tickets, which the helpdesk has archived. Freshdesk then serves it only
   * at its archived endpoints; Zendesk keeps serving archived tickets through the ordinary ones.
   */
  isArchived?: boolean;
  messages: DemoMessage[];
  /** The customer's satisfaction rating; `offered` is a survey sent and not answered. */
  satisfaction?: DemoSatisfaction;
  /**
   * When the ticket was last solved and how often it was reopened, as the helpdesk's own metrics
   * say (Zendesk ticket metrics, Freshdesk ticket stats). Without them the sandboxes take a solved
   * ticket's last update as its solve, and no reopens.
   */
  solvedAt?: string;
  reopens?: number;
}

/** A rating on one neutral scale; each sandbox serves it in its own (Freshdesk: good 103, neutral 100, bad -103). */
export interface DemoSatisfaction {
  rating: 'good' | 'bad' | 'neutral' | 'offered';
  comment?: string;
  createdAt: string;
}

export interface DemoArticle {
  key: string;
  category: string;
  section: string;
  title: string;
  bodyHtml: string;
  locale: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DemoMacro {
  key: string;
  title: string;
  bodyText: string;
}
