import type { Passage } from '../passage.js';
import { search, type SearchOptions } from '../search.js';
import { buildConversationQuery, type ConversationInput, type ConversationQuery } from './conversation-query.js';
import type { EntityFinder } from './entity-finder.js';

/**
 * How many fused results are re-ranked when the conversation names an entity. Deep enough that
 * the entity's documents are among them when the words of the question are common to many
 * entities ("is there free parking?" is asked of every hotel), shallow enough to stay cheap.
 */
export const ENTITY_RERANK_DEPTH = 40;

export interface ConversationSearchOptions extends Omit<SearchOptions, 'query'> {
  conversation: ConversationInput;
  /** The tenant's entity finder (`createEntityFinder(await loadEntityNames(db, tenantId))`); none → no entity. */
  entities?: EntityFinder;
}

export interface ConversationSearchResult {
  /** The query retrieval ran with, and the entity it is about. */
  query: ConversationQuery;
  passages: Passage[];
}

/**
 * Hybrid search for a ticket rather than for one message: the query is built from the ticket and
 * the customer's history (`buildConversationQuery`), and when the conversation names an entity
 * the knowledge knows, passages about that entity (its name in their title or headings) move
 * ahead of the others, each group keeping the fused order.
 *
 * @example
 * const { passages, query } = await searchConversation({ db, tenantId, embedder, k: 6, conversation: { subject, latestMessage, history, ticketRef }, entities });
 */
export async function searchConversation(options: ConversationSearchOptions): Promise<ConversationSearchResult> {
  const { conversation, entities, ...searchOptions } = options;
  const query = buildConversationQuery(conversation, entities);
  const entity = query.entity;
  if (!entity || !entities) return { query, passages: await search({ ...searchOptions, query: query.query }) };
  const found = await search({ ...searchOptions, query: query.query, k: Math.max(options.k, ENTITY_RERANK_DEPTH) });
  const about = found.filter((passage) => entities.isAbout(entity, passage));
  const others = found.filter((passage) => !entities.isAbout(entity, passage));
  return { query, passages: [...about, ...others].slice(0, options.k) };
}
