import type { DemoDataset } from '@threadline/connector-core/demo';
import type {
  FdAgent,
  FdCannedResponse,
  FdCannedResponseFolder,
  FdCompany,
  FdContact,
  FdConversation,
  FdGroup,
  FdSatisfactionRating,
  FdSolutionArticle,
  FdSolutionCategory,
  FdSolutionFolder,
  FdTicket,
  FdTicketField,
  FdTicketStats,
} from '../wire-types.js';

/** A stored ticket always has its description; list answers drop it unless `include=description`. */
export type StoredTicket = FdTicket & { description: string; description_text: string };

export type StoredFolder = FdSolutionFolder & { category_id: number };

/** A `POST /contacts/merge` (or a merge the dataset describes), kept so tests can see what moved. */
export interface ContactMerge {
  primaryId: number;
  secondaryIds: number[];
  mergedAt: string;
}

/** Dataset keys → sandbox ids. */
export interface SandboxIds {
  tickets: Map<string, number>;
  customers: Map<string, number>;
  /** Customer key → the id of the secondary contact that was merged into it. */
  mergedCustomers: Map<string, number>;
  agents: Map<string, number>;
  groups: Map<string, number>;
  articles: Map<string, number>;
  macros: Map<string, number>;
  organizations: Map<string, number>;
}

/** The in-memory Freshdesk account; writes mutate it. */
export interface SandboxState {
  company: DemoDataset['company'];
  agents: Map<number, FdAgent>;
  /** API key → the agent it belongs to. */
  apiKeys: Map<string, number>;
  /** The agent the Threadline app acts as (the dataset's bot agent). */
  appAgentId: number;
  groups: Map<number, FdGroup>;
  contacts: Map<number, FdContact>;
  /** Merged-away contact id → the contact that absorbed it. */
  mergedContacts: Map<number, number>;
  merges: ContactMerge[];
  tickets: Map<number, StoredTicket>;
  /** Tickets moved to the archive: served only at `/tickets/archived/{id}`, absent from lists and search. */
  archivedTickets: Map<number, StoredTicket>;
  companies: Map<number, FdCompany>;
  /** Ticket id (live or archived) → its conversations, oldest first. */
  conversations: Map<number, FdConversation[]>;
  ticketFields: FdTicketField[];
  categories: FdSolutionCategory[];
  folders: StoredFolder[];
  articles: FdSolutionArticle[];
  cannedFolders: FdCannedResponseFolder[];
  cannedResponses: FdCannedResponse[];
  /** Survey results, oldest first. */
  satisfactionRatings: FdSatisfactionRating[];
  /** Ticket id → its `stats` (`include=stats`), kept as statuses change. */
  ticketStats: Map<number, FdTicketStats>;
  ids: SandboxIds;
  nextConversationId: number;
}

/** Freshdesk's timestamp format: UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`. */
export function fdTime(value: string | number | Date = Date.now()): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const DEFAULT_STATUS_CHOICES: Record<string, [string, string]> = {
  '2': ['Open', 'Being Processed'],
  '3': ['Pending', 'Awaiting your Reply'],
  '4': ['Resolved', 'This ticket has been Resolved'],
  '5': ['Closed', 'This ticket has been Closed'],
  '6': ['Waiting on Customer', 'Awaiting your Reply'],
  '7': ['Waiting on Third Party', 'Being Processed'],
};

/**
 * The sandbox account's source choices. 1–12 are Freshdesk's documented codes; 13–15 stand for the
 * WhatsApp, SMS and Instagram channels, whose real codes are not documented (reference §4.2), so
 * the connector must resolve them from these labels as it would on a real account.
 */
export const SOURCE_CHOICES: Record<string, number> = {
  Email: 1,
  Portal: 2,
  Phone: 3,
  Forum: 4,
  Twitter: 5,
  Facebook: 6,
  Chat: 7,
  MobiHelp: 8,
  'Feedback Widget': 9,
  'Outbound Email': 10,
  Ecommerce: 11,
  Bot: 12,
  WhatsApp: 13,
  SMS: 14,
  Instagram: 15,
};

export const PRIORITY_CHOICES: Record<string, number> = { Low: 1, Medium: 2, High: 3, Urgent: 4 };

export const TICKET_TYPES = ['Question', 'Incident', 'Problem', 'Feature Request', 'Refund'];

export function allowedStatuses(state: SandboxState): number[] {
  const field = state.ticketFields.find((candidate) => candidate.name === 'status');
  return Object.keys((field?.choices as Record<string, unknown>) ?? DEFAULT_STATUS_CHOICES).map(Number);
}

/** A ticket as list endpoints show it: no description unless asked for. */
export function listedTicket(ticket: StoredTicket, includeDescription: boolean): FdTicket {
  if (includeDescription) return { ...ticket };
  const { description: _description, description_text: _text, attachments: _attachments, ...rest } = ticket;
  return rest;
}

/**
 * Moves a ticket to the archive as Freshdesk does with closed tickets left untouched for long
 * (a sandbox control; the seed archives the dataset's `isArchived` tickets the same way).
 */
export function archiveTicket(state: SandboxState, ticketId: number): boolean {
  const ticket = state.tickets.get(ticketId);
  if (!ticket) return false;
  state.tickets.delete(ticketId);
  state.archivedTickets.set(ticketId, ticket);
  return true;
}

export function touchTicket(ticket: StoredTicket): void {
  const now = fdTime();
  // Never backwards: a dataset built for a future `now` keeps its own times.
  ticket.updated_at = now > ticket.updated_at ? now : ticket.updated_at;
}
