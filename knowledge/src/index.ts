/**
 * @threadline/knowledge — one knowledge index per tenant: sources → documents → chunks with
 * language-aware full text and embeddings, hybrid retrieval, and background syncs.
 * The parsers and document sources live in `@threadline/knowledge/sources`.
 */
import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@threadline/platform/db';

/** The knowledge tables (kb_*); apply after `platformMigrations`. */
export const knowledgeMigrations: MigrationSet = {
  owner: 'knowledge',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};

export type { DocumentSource, SourceContext, SourceDocument, SourceKind, SourceProgress, Visibility } from './types.js';
export { KnowledgeError, KnowledgeErrorCode, KnowledgeErrors, isKnowledgeError, type KnowledgeErrorCodeValue } from './errors.js';

export { chunkMarkdown, chunkingKey, DEFAULT_CHUNKING, resolveChunkingOptions, type ChunkingOptions, type TextChunk } from './chunking/markdown-chunker.js';

export * from './embeddings/index.js';

export type { KnowledgeChunk, KnowledgeDocument, KnowledgeSource, Page, SourceStatus } from './store/types.js';
export {
  createSourcesRepository,
  DEFAULT_RESYNC_HOURS,
  MAX_RESYNC_HOURS,
  type CreateSourceInput,
  type SourceKey,
  type SourcesRepository,
  type UpdateSourceInput,
} from './store/sources-repository.js';
export { createDocumentsRepository, type DocumentKey, type DocumentsRepository, type ListDocumentsFilters } from './store/documents-repository.js';
export { pruneEmbeddingCache } from './store/embedding-cache.js';
export { normalizeLocale, textSearchConfig } from './store/text-config.js';

export { ingestDocuments, type EmbeddingCacheLookup, type IngestOptions, type IngestProgress, type IngestResult } from './ingest/ingest-documents.js';
export type { IngestChunkingOptions } from './ingest/prepare-document.js';

export { search, reciprocalRankFusion, RRF_K, type SearchOptions } from './retrieval/search.js';
export { expandPassages } from './retrieval/expand-passages.js';
export { searchVector, embedQuery, type SearchVectorOptions } from './retrieval/search-vector.js';
export { searchText, type SearchTextOptions, type TextMatchMode } from './retrieval/search-text.js';
export type { Passage, SearchFilters } from './retrieval/passage.js';
export { createEntityFinder, type EntityFinder, type FoundEntity } from './retrieval/conversation/entity-finder.js';
export { loadEntityNames } from './retrieval/conversation/entity-names.js';
export {
  buildConversationQuery,
  isGenericSubject,
  type ConversationInput,
  type ConversationMessage,
  type ConversationQuery,
  type EntitySource,
} from './retrieval/conversation/conversation-query.js';
export { searchConversation, ENTITY_RERANK_DEPTH, type ConversationSearchOptions, type ConversationSearchResult } from './retrieval/conversation/search-conversation.js';

export { enqueueDueSyncs, enqueueSync, getSyncJob, listActiveSyncs, listSyncJobs, toSyncJob, type EnqueueSyncInput, type SyncJob, type SyncJobProgress } from './jobs/sync-jobs-repository.js';
export { knowledgeSyncQueue, type SyncPayload } from './jobs/sync-queue.js';
export { createSourceSync, type SourceSync, type SourceSyncOptions } from './jobs/sync-source.js';
