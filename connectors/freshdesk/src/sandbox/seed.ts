import { createHash } from 'node:crypto';
import { type Channel, type TicketPriority, type TicketStatus } from '@threadline/connector-core';
import type { DemoCustomer, DemoDataset, DemoMessage, DemoTicket } from '@threadline/connector-core/demo';
import { htmlToText } from '../mappers.js';
import { textToHtml } from '../ticket-writes.js';
import type { FdAgent, FdContact, FdConversation, FdTicketField } from '../wire-types.js';
import { seedStats } from './ticket-stats.js';
import { archiveTicket, DEFAULT_STATUS_CHOICES, fdTime, PRIORITY_CHOICES, SOURCE_CHOICES, TICKET_TYPES, type SandboxState, type StoredTicket } from './state.js';

/** Freshdesk-style id ranges: tickets count from 1, users and everything else are account-scoped. */
const FIRST_AGENT_ID = 43_000_010_001;
const FIRST_CONTACT_ID = 43_000_012_345;
const FIRST_MERGED_CONTACT_ID = 43_000_090_001;
const FIRST_GROUP_ID = 43_000_005_001;
const FIRST_CATEGORY_ID = 43_000_020_001;
const FIRST_FOLDER_ID = 43_000_021_001;
const FIRST_ARTICLE_ID = 43_000_022_001;
const CANNED_FOLDER_ID = 43_000_030_001;
const FIRST_CANNED_ID = 43_000_031_001;
const FIRST_COMPANY_ID = 43_000_070_001;
export const FIRST_CONVERSATION_ID = 43_001_000_001;

/** How the sandbox account records each channel's tickets (13–15 are this account's custom sources). */
export const CHANNEL_SOURCES: Record<Channel, number> = {
  email: 1,
  web_form: 2,
  voice: 3,
  social_x: 5,
  social_facebook: 6,
  chat: 7,
  messaging: 8,
  whatsapp: 13,
  sms: 14,
  social_instagram: 15,
  // Freshdesk has no API source: tickets created through the API default to Portal.
  api: 2,
  system: 2,
  other: 2,
};

/** Freshdesk has neither "new" nor "on hold": new tickets are Open, hold is the custom status 7. */
const STATUS_CODES: Record<TicketStatus, number> = { new: 2, open: 2, pending: 3, on_hold: 7, solved: 4, closed: 5 };
const PRIORITY_CODES: Record<TicketPriority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

/** A 20-character alphanumeric key like Freshdesk's, stable per agent so demos can hard-code it. */
function apiKeyFor(subdomain: string, email: string): string {
  return createHash('sha256').update(`${subdomain}:${email}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 20);
}

function contactFor(customer: DemoCustomer, id: number): FdContact {
  const emails = customer.identities.filter((identity) => identity.type === 'email').map((identity) => identity.value.toLowerCase());
  const contact: FdContact = {
    id,
    name: customer.name,
    email: emails[0] ?? null,
    other_emails: emails.slice(1),
    phone: null,
    mobile: null,
    twitter_id: null,
    facebook_id: null,
    unique_external_id: null,
    active: true,
    deleted: false,
    address: null,
    avatar: null,
    company_id: null,
    view_all_tickets: null,
    description: null,
    job_title: null,
    language: customer.locale.split('-')[0] ?? 'en',
    time_zone: 'Pacific Time (US & Canada)',
    tags: [],
    custom_fields: {},
    created_at: fdTime(customer.createdAt),
    updated_at: fdTime(customer.createdAt),
  };
  // Freshdesk keeps numbers and handles as they were typed; nothing here normalises them.
  for (const identity of customer.identities) {
    const value = identity.value.trim();
    if (identity.type === 'phone') contact[contact.phone ? 'mobile' : 'phone'] ??= value;
    // WhatsApp senders land on the contact's mobile number.
    else if (identity.type === 'whatsapp') contact[contact.mobile ? 'phone' : 'mobile'] ??= value;
    else if (identity.type === 'twitter') contact.twitter_id ??= value;
    else if (identity.type === 'facebook') contact.facebook_id ??= identity.value;
    else if (identity.type === 'external_id') contact.unique_external_id ??= identity.value;
  }
  return contact;
}

function ticketFields(createdAt: string): FdTicketField[] {
  const field = (id: number, name: string, label: string, type: string, choices?: unknown): FdTicketField => ({
    id,
    name,
    label,
    description: `Ticket ${label.toLowerCase()}`,
    position: id - 43_000_040_000,
    required_for_closure: false,
    required_for_agents: false,
    type,
    default: true,
    customers_can_edit: name !== 'source' && name !== 'status',
    label_for_customers: label,
    required_for_customers: name === 'subject' || name === 'requester',
    displayed_to_customers: true,
    created_at: createdAt,
    updated_at: createdAt,
    ...(choices === undefined ? {} : { choices }),
  });
  return [
    field(43_000_040_001, 'requester', 'Search a requester', 'default_requester'),
    field(43_000_040_002, 'subject', 'Subject', 'default_subject'),
    field(43_000_040_003, 'ticket_type', 'Type', 'default_ticket_type', TICKET_TYPES),
    field(43_000_040_004, 'source', 'Source', 'default_source', SOURCE_CHOICES),
    field(43_000_040_005, 'status', 'Status', 'default_status', DEFAULT_STATUS_CHOICES),
    field(43_000_040_006, 'priority', 'Priority', 'default_priority', PRIORITY_CHOICES),
    field(43_000_040_007, 'group', 'Group', 'default_group'),
    field(43_000_040_008, 'agent', 'Agent', 'default_agent'),
    field(43_000_040_009, 'description', 'Description', 'default_description'),
  ];
}

/** Builds the sandbox account from the vendor-neutral demo world. Deterministic: same dataset, same ids. */
export function seedState(dataset: DemoDataset): SandboxState {
  const accountCreatedAt = fdTime(Math.min(...dataset.customers.map((customer) => Date.parse(customer.createdAt)), Date.now()) - 86_400_000);
  const state: SandboxState = {
    company: dataset.company,
    agents: new Map(),
    apiKeys: new Map(),
    appAgentId: 0,
    groups: new Map(),
    contacts: new Map(),
    mergedContacts: new Map(),
    merges: [],
    tickets: new Map(),
    archivedTickets: new Map(),
    companies: new Map(),
    conversations: new Map(),
    ticketFields: ticketFields(accountCreatedAt),
    categories: [],
    folders: [],
    articles: [],
    cannedFolders: [],
    cannedResponses: [],
    satisfactionRatings: [],
    ticketStats: new Map(),
    ids: { tickets: new Map(), customers: new Map(), mergedCustomers: new Map(), agents: new Map(), groups: new Map(), articles: new Map(), macros: new Map(), organizations: new Map() },
    nextConversationId: FIRST_CONVERSATION_ID,
  };

  dataset.agents.forEach((agent, index) => {
    const id = FIRST_AGENT_ID + index;
    const record: FdAgent = {
      id,
      available: true,
      occasional: false,
      signature: null,
      ticket_scope: 1,
      group_ids: [],
      role_ids: [43_000_000_001],
      type: 'support_agent',
      contact: { active: true, email: agent.email, job_title: agent.isBot ? 'Automation' : 'Support agent', language: 'en', mobile: null, name: agent.name, phone: null, time_zone: 'Pacific Time (US & Canada)', created_at: accountCreatedAt, updated_at: accountCreatedAt },
      created_at: accountCreatedAt,
      updated_at: accountCreatedAt,
    };
    state.agents.set(id, record);
    state.apiKeys.set(apiKeyFor(dataset.company.subdomain, agent.email), id);
    state.ids.agents.set(agent.key, id);
    if (agent.isBot) state.appAgentId = id;
  });
  if (!state.appAgentId) state.appAgentId = FIRST_AGENT_ID;

  dataset.groups.forEach((group, index) => {
    const id = FIRST_GROUP_ID + index;
    state.groups.set(id, { id, name: group.name, description: null, escalate_to: null, unassigned_for: null, business_hour_id: null, group_type: 'support_agent_group', auto_ticket_assign: false, created_at: accountCreatedAt, updated_at: accountCreatedAt });
    state.ids.groups.set(group.key, id);
  });

  dataset.organizations.forEach((organization, index) => {
    const id = FIRST_COMPANY_ID + index;
    state.companies.set(id, { id, name: organization.name, description: null, note: null, domains: [...organization.domains], health_score: null, account_tier: null, renewal_date: null, industry: null, custom_fields: {}, created_at: accountCreatedAt, updated_at: accountCreatedAt });
    state.ids.organizations.set(organization.key, id);
  });

  let mergedId = FIRST_MERGED_CONTACT_ID;
  dataset.customers.forEach((customer, index) => {
    const contact = contactFor(customer, FIRST_CONTACT_ID + index);
    contact.company_id = customer.organizationKey ? (state.ids.organizations.get(customer.organizationKey) ?? null) : null;
    state.contacts.set(contact.id, contact);
    state.ids.customers.set(customer.key, contact.id);
    if (customer.mergedIdentities.length > 0) {
      // The helpdesk once held these identities on a second contact, merged into this one.
      const secondaryId = mergedId++;
      state.mergedContacts.set(secondaryId, contact.id);
      state.merges.push({ primaryId: contact.id, secondaryIds: [secondaryId], mergedAt: contact.created_at });
      state.ids.mergedCustomers.set(customer.key, secondaryId);
    }
  });

  dataset.tickets.forEach((ticket, index) => seedTicket(state, dataset, ticket, index + 1));
  for (const ticket of dataset.tickets) if (ticket.isArchived) archiveTicket(state, state.ids.tickets.get(ticket.key) as number);
  seedSatisfactionRatings(state, dataset);
  seedKnowledge(state, dataset, accountCreatedAt);
  return state;
}

function seedTicket(state: SandboxState, dataset: DemoDataset, input: DemoTicket, id: number): void {
  const requesterId = state.ids.customers.get(input.customerKey);
  if (requesterId === undefined) throw new Error(`Dataset ticket ${input.key} names unknown customer ${input.customerKey}`);
  const requester = state.contacts.get(requesterId) as FdContact;
  const [first, ...rest] = input.messages;
  const source = CHANNEL_SOURCES[input.channel];
  const isEmail = input.channel === 'email';
  const ticket: StoredTicket = {
    id,
    subject: input.subject,
    description: first ? textToHtml(first.text) : '',
    description_text: first?.text ?? '',
    status: STATUS_CODES[input.status],
    priority: PRIORITY_CODES[input.priority],
    source,
    type: 'Question',
    requester_id: requesterId,
    responder_id: input.assigneeKey ? (state.ids.agents.get(input.assigneeKey) ?? null) : null,
    group_id: state.ids.groups.get(input.groupKey) ?? null,
    // Freshdesk files a ticket under its requester's company.
    company_id: requester.company_id,
    product_id: null,
    email_config_id: isEmail ? 43_000_050_001 : null,
    tags: [...input.tags],
    cc_emails: [],
    fwd_emails: [],
    reply_cc_emails: [],
    to_emails: isEmail ? [dataset.company.supportEmail] : null,
    fr_escalated: false,
    is_escalated: false,
    spam: false,
    due_by: fdTime(Date.parse(input.createdAt) + 3 * 86_400_000),
    fr_due_by: fdTime(Date.parse(input.createdAt) + 86_400_000),
    custom_fields: {},
    attachments: [],
    created_at: fdTime(input.createdAt),
    updated_at: fdTime(input.updatedAt),
  };
  state.tickets.set(id, ticket);
  state.ids.tickets.set(input.key, id);
  seedStats(state, ticket, input);
  state.conversations.set(id, rest.map((message) => seedConversation(state, dataset, ticket, input, requester, message)));
}

/** Freshdesk's answer for each neutral rating; an unanswered survey leaves no rating at all. */
const RATING_VALUES = { good: 103, neutral: 100, bad: -103 } as const;
const FIRST_RATING_ID = 43_000_810_001;
const SURVEY_ID = 43_000_020_001;

/** The dataset's answered ratings as survey results on the default question, oldest first. */
function seedSatisfactionRatings(state: SandboxState, dataset: DemoDataset): void {
  const rated = dataset.tickets.filter((ticket) => ticket.satisfaction && ticket.satisfaction.rating !== 'offered');
  rated.sort((a, b) => Date.parse(a.satisfaction?.createdAt ?? '') - Date.parse(b.satisfaction?.createdAt ?? ''));
  rated.forEach((input, index) => {
    const satisfaction = input.satisfaction as NonNullable<DemoTicket['satisfaction']>;
    const id = state.ids.tickets.get(input.key) as number;
    const ticket = state.tickets.get(id) ?? state.archivedTickets.get(id);
    if (!ticket) return;
    const at = fdTime(satisfaction.createdAt);
    state.satisfactionRatings.push({
      id: FIRST_RATING_ID + index,
      survey_id: SURVEY_ID,
      user_id: ticket.requester_id,
      agent_id: ticket.responder_id,
      group_id: ticket.group_id,
      ticket_id: id,
      feedback: satisfaction.comment ?? null,
      ratings: { default_question: RATING_VALUES[satisfaction.rating as keyof typeof RATING_VALUES] },
      created_at: at,
      updated_at: at,
    });
  });
}

/** Conversation sources that name their medium (a customer who followed up by phone on an email ticket). */
const FOLLOW_UP_SOURCES: Partial<Record<Channel, number>> = { voice: 9, email: 8, social_x: 5, social_facebook: 7 };

/** Conversation source for a public message on a ticket of this channel: social networks have their own, the rest are replies. */
function messageSource(channel: Channel): number {
  if (channel === 'social_x') return 5;
  if (channel === 'social_facebook') return 7;
  return 0;
}

function seedConversation(state: SandboxState, dataset: DemoDataset, ticket: StoredTicket, input: DemoTicket, requester: FdContact, message: DemoMessage): FdConversation {
  const isCustomer = message.role === 'customer';
  const agentKey = message.role === 'bot' ? dataset.agents.find((agent) => agent.isBot)?.key : (message.agentKey ?? input.assigneeKey ?? undefined);
  const userId = isCustomer ? requester.id : message.role === 'system' ? null : (state.ids.agents.get(agentKey ?? '') ?? null);
  const isEmail = input.channel === 'email';
  const support = dataset.company.supportEmail;
  const at = fdTime(message.createdAt);
  return {
    id: state.nextConversationId++,
    body: textToHtml(message.text),
    body_text: htmlToText(textToHtml(message.text)),
    incoming: isCustomer,
    private: !message.isPublic,
    user_id: userId,
    source: !message.isPublic ? 2 : message.channel && message.channel !== input.channel ? (FOLLOW_UP_SOURCES[message.channel] ?? 0) : messageSource(input.channel),
    support_email: isEmail ? support : null,
    ticket_id: ticket.id,
    from_email: isEmail && message.isPublic ? (isCustomer ? requester.email : support) : null,
    to_emails: isEmail && message.isPublic ? [isCustomer ? support : (requester.email ?? '')] : [],
    cc_emails: [],
    bcc_emails: message.isPublic ? [] : null,
    attachments: [],
    last_edited_at: null,
    last_edited_user_id: null,
    created_at: at,
    updated_at: at,
  };
}

function seedKnowledge(state: SandboxState, dataset: DemoDataset, accountCreatedAt: string): void {
  const authorId = state.ids.agents.values().next().value ?? FIRST_AGENT_ID;
  for (const [index, article] of dataset.articles.entries()) {
    let category = state.categories.find((candidate) => candidate.name === article.category);
    if (!category) {
      category = { id: FIRST_CATEGORY_ID + state.categories.length, name: article.category, description: null, visible_in_portals: [43_000_060_001], created_at: fdTime(article.createdAt), updated_at: fdTime(article.createdAt) };
      state.categories.push(category);
    }
    let folder = state.folders.find((candidate) => candidate.category_id === category.id && candidate.name === article.section);
    if (!folder) {
      folder = { id: FIRST_FOLDER_ID + state.folders.length, name: article.section, description: null, visibility: 1, category_id: category.id, parent_folder_id: null, articles_count: 0, sub_folders_count: 0, company_ids: [], created_at: fdTime(article.createdAt), updated_at: fdTime(article.createdAt) };
      state.folders.push(folder);
    }
    folder.articles_count = (folder.articles_count ?? 0) + 1;
    const id = FIRST_ARTICLE_ID + index;
    state.articles.push({
      id,
      type: 1,
      category_id: category.id,
      folder_id: folder.id,
      hierarchy: [
        { level: 0, type: 'category', data: { id: category.id, name: category.name, language: 'en' } },
        { level: 1, type: 'folder', data: { id: folder.id, name: folder.name, language: 'en' } },
      ],
      thumbs_up: 0,
      thumbs_down: 0,
      hits: 0,
      seo_data: { meta_title: article.title, meta_keywords: article.labels.join(', ') },
      agent_id: authorId,
      title: article.title,
      description: article.bodyHtml,
      description_text: htmlToText(article.bodyHtml),
      status: 2,
      tags: [...article.labels],
      created_at: fdTime(article.createdAt),
      updated_at: fdTime(article.updatedAt),
    });
    state.ids.articles.set(article.key, id);
  }
  state.cannedFolders.push({ id: CANNED_FOLDER_ID, name: 'General', personal: false, responses_count: dataset.macros.length, created_at: accountCreatedAt, updated_at: accountCreatedAt });
  dataset.macros.forEach((macro, index) => {
    const id = FIRST_CANNED_ID + index;
    state.cannedResponses.push({ id, title: macro.title, folder_id: CANNED_FOLDER_ID, content: macro.bodyText, content_html: textToHtml(macro.bodyText), attachments: [], created_at: accountCreatedAt, updated_at: accountCreatedAt });
    state.ids.macros.set(macro.key, id);
  });
}
