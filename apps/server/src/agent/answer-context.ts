import type { Db, Queryable } from '@threadline/platform/db';
import { tenantScope } from '@threadline/platform';
import type { Channel } from '@threadline/connector-core';
import type { ConversationInput, Embedder, EntityFinder } from '@threadline/knowledge';
import { expandPassages, search, searchConversation } from '@threadline/knowledge';
import { toAnswerPassage, type AnswerPassage, type AnswerPolicy, type AnswerRequest, type HistoryItem } from '@threadline/knowledge/answer';
import { getTicketWithTimeline } from '../mirror/timeline-repository.js';
import { effectiveMode, type TenantPolicy } from './policy-repository.js';

/** How much of the customer's history the engine sees (newest kept). */
const HISTORY_LIMIT = 60;
const PASSAGES = 6;

export interface TicketContext {
  ticket: { id: string; externalId: string; subject: string; channel: Channel; url: string; customerId: string };
  customer: { id: string; name: string; locale: string | null };
  /** The customer's latest public message on this ticket; null when the last word is not theirs. */
  latestCustomerMessage: string | null;
  history: HistoryItem[];
  /** Earlier tickets of the customer on other channels, for the escalation note. */
  otherTickets: Array<{ externalId: string; subject: string; channel: string; url: string; createdAt: string }>;
}

/** Reads a mirrored ticket with the customer's whole cross-channel history (`loadTicketContext` in `tickets/` makes sure it is mirrored). */
export async function readTicketContext(db: Db, tenantId: string, ticketExternalId: string): Promise<TicketContext | null> {
  // The customer's name and locale come with the ticket, and their timeline with both in the same
  // statement: the engine needs no more of them, and this runs for every event.
  const read = await getTicketWithTimeline(db, tenantScope(tenantId), ticketExternalId, HISTORY_LIMIT);
  if (!read) return null;
  const { ticket, items: newestFirst } = read;
  const items = [...newestFirst].reverse();
  const thread = items.filter((item) => item.ticket.id === ticket.id);
  const last = thread.at(-1);
  const latestCustomerMessage = last && last.authorRole === 'customer' ? last.bodyText : null;
  const others = new Map<string, TicketContext['otherTickets'][number]>();
  for (const item of items) {
    if (item.ticket.id === ticket.id || others.has(item.ticket.id)) continue;
    others.set(item.ticket.id, { externalId: item.ticket.externalId, subject: item.ticket.subject, channel: item.ticket.channel, url: item.ticket.url, createdAt: item.createdAt });
  }
  return {
    ticket: { id: ticket.id, externalId: ticket.externalId, subject: ticket.subject, channel: ticket.channel as Channel, url: ticket.url, customerId: ticket.customer.id },
    customer: { ...ticket.customer },
    latestCustomerMessage,
    history: items.map((item) => ({
      at: item.createdAt,
      channel: item.channel as HistoryItem['channel'],
      authorRole: item.authorRole as HistoryItem['authorRole'],
      isPublic: item.isPublic,
      text: item.bodyText,
      ticketSubject: item.ticket.subject,
      ticketRef: item.ticket.externalId,
    })),
    otherTickets: [...others.values()],
  };
}

/** What to retrieve for: a free question (the knowledge base search box), or a ticket's conversation. */
export type RetrievalInput = { query: string } | { conversation: ConversationInput; entities?: EntityFinder };

/**
 * Passages for a question. `any` adds internal material (macros, solved tickets) for drafts an agent
 * reviews; `public` keeps to what may be cited to a customer, for answers that may go out on their own.
 * A ticket retrieves with its conversation (`conversationOf`), so an entity named only in an earlier
 * message or on another channel's ticket still finds its documents.
 */
export async function retrievePassages(input: { db: Db; tenantId: string; embedder: Embedder; visibility?: 'public' | 'any' } & RetrievalInput): Promise<AnswerPassage[]> {
  const base = { db: input.db, tenantId: input.tenantId, embedder: input.embedder, k: PASSAGES, filters: { visibility: input.visibility ?? 'any' } } as const;
  const passages =
    'conversation' in input
      ? (await searchConversation({ ...base, conversation: input.conversation, ...(input.entities ? { entities: input.entities } : {}) })).passages
      : await search({ ...base, query: input.query });
  // Small chunks rank best; the model reads each with its section neighbours.
  return (await expandPassages(input.db, input.tenantId, passages)).map(toAnswerPassage);
}

/** The conversation a ticket's answer retrieves with: its subject, the message answered, and the customer's whole history as the customer saw it (no internal notes). */
export function conversationOf(context: Pick<TicketContext, 'ticket' | 'history'>, latestMessage: string): ConversationInput {
  return { subject: context.ticket.subject, latestMessage, history: customerStory(context.history), ticketRef: context.ticket.externalId };
}

/** Most hosts a tenant's public knowledge lives on that a policy lists; more is a crawl gone wide, not a help center. */
const KNOWLEDGE_HOSTS = 50;

/**
 * Hosts the tenant's public knowledge is published on (help center, crawled sites): the only
 * places besides a cited article a link in an automatic reply may point to.
 */
export async function knowledgeHosts(db: Queryable, tenantId: string): Promise<string[]> {
  const { rows } = await db.query<{ host: string }>(
    `select distinct lower(substring(url from '^https?://([^/:?#@]+)')) as host from kb_documents
      where tenant_id = $1 and visibility = 'public' and not is_excluded and url is not null and url ~* '^https?://[^/:?#@]+'
      order by host limit $2`,
    [tenantId, KNOWLEDGE_HOSTS],
  );
  return rows.map((row) => row.host);
}

/** The tenant policy resolved for one channel, in the engine's terms, with the hosts links may point to. */
export function answerPolicyFor(policy: TenantPolicy, channel: Channel, hosts: readonly string[] = []): AnswerPolicy {
  const { mode, confidenceThreshold } = effectiveMode(policy, channel);
  return {
    mode,
    confidenceThreshold,
    ...(hosts.length > 0 ? { knowledgeHosts: [...hosts] } : {}),
    // The engine escalates on these; a topic's hand-off channel is the pipeline's business, not the engine's.
    blockedTopics: policy.blockedTopics.map(({ handOffTo: _handOffTo, ...topic }) => ({
      ...topic,
      escalateTo: { ...topic.escalateTo, ...(policy.escalationGroupId && !topic.escalateTo?.group ? { group: policy.escalationGroupId } : {}) },
    })),
    ...(policy.refundLimit === null ? {} : { refundLimit: policy.refundLimit }),
    ...(policy.agentName ? { agentName: policy.agentName } : {}),
    ...(policy.companyName ? { companyName: policy.companyName } : {}),
    ...(policy.greeting ? { greeting: policy.greeting } : {}),
    ...(policy.signOff ? { signOff: policy.signOff } : {}),
    ...(policy.languages.length > 0 ? { languages: [...policy.languages] } : {}),
  };
}

/**
 * The customer's story as the customer lived it: what they wrote and what they were told. Internal
 * notes (an agent's own notes, Threadline's earlier drafts and escalation notes) are left out, so a
 * summary never quotes our own draft back to the agent as if it were the conversation.
 */
export function customerStory(history: readonly HistoryItem[]): HistoryItem[] {
  return history.filter((item) => item.isPublic);
}

export function buildAnswerRequest(context: TicketContext, latestMessage: string, passages: AnswerPassage[], policy: AnswerPolicy): AnswerRequest {
  return {
    ticket: {
      subject: context.ticket.subject,
      channel: context.ticket.channel as AnswerRequest['ticket']['channel'],
      customerName: context.customer.name,
      ...(context.customer.locale ? { locale: context.customer.locale } : {}),
    },
    latestMessage,
    history: customerStory(context.history),
    passages,
    policy,
  };
}
