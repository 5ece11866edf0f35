import type { SourceDocument } from '@threadline/knowledge';
import type { HistoryItem } from '@threadline/knowledge/answer';

/** A customer question with what the answer engine needs to see it as a ticket. */
export interface Conversation {
  /** Dataset id of the instance or message. */
  id: string;
  /** The ticket subject as a helpdesk holds it: a chat's made-up "Chat with Visitor 12", or empty. */
  subject: string;
  /** The ticket the conversation is on (its history items carry the same reference). */
  ticketRef: string;
  /** The customer's message being answered. */
  latestMessage: string;
  /** Earlier turns of the same conversation, oldest first. */
  history: HistoryItem[];
}

/**
 * A retrieval question: the conversation and the keys that answer it. The query sent to the index
 * is built by the product from the conversation (`buildConversationQuery`), as the server builds it.
 */
export interface RetrievalQuery extends Conversation {
  /**
   * The query the eval built before the product read conversations: the entity the eval's own
   * finder named, as a subject, then the message. Kept for one report so the change is visible.
   */
  legacyQuery?: string;
  /** Keys (document external ids) of the gold documents. */
  gold: ReadonlySet<string>;
  /** The reference reply, where the dataset has one. */
  reference?: string;
  /**
   * The gold passages' text, for views whose relevance is "the answer's passages contain it"
   * rather than "the gold document was retrieved" (the chunking sweep's long-article view).
   */
  goldTexts?: string[];
}

/**
 * One retrieval benchmark: a corpus ingested as one knowledge source, and questions with gold
 * document keys. `SourceDocument.externalId` is the key gold refers to.
 */
export interface RetrievalView {
  /** Stable id, e.g. `dstc11-faq`. */
  id: string;
  title: string;
  /** One line on what the corpus and the gold are. */
  description: string;
  /** Tenant the corpus is ingested for: views that share a tenant share its embedding cache. */
  tenant: string;
  /** Knowledge sources of the tenant this view searches, each with its documents. */
  sources: Array<{ name: string; documents: SourceDocument[] }>;
  queries: RetrievalQuery[];
}

/** One message of an escalation benchmark with its gold decision. */
export interface EscalationCase extends Conversation {
  /** True when a person should take it (out of scope, or the customer asked for a person). */
  shouldEscalate: boolean;
  /** Why the gold says so: `out-of-scope`, `agent-request`, `in-scope`, `no-knowledge-needed`, `knowledge-seeking`. */
  category: string;
  /** The retrieval view whose index (tenant and sources) answers this message. */
  viewId: string;
}

export interface EscalationView {
  id: string;
  title: string;
  description: string;
  cases: EscalationCase[];
}
