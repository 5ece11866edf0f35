import type { JsonValue } from '@threadline/platform';
import type { SourceKind, Visibility } from '../types.js';

/** Where a source is in its sync cycle. */
export type SourceStatus = 'idle' | 'queued' | 'syncing' | 'failed' | 'ready';

/** A configured knowledge source of one tenant (help-center articles, a site crawl, files …). */
export interface KnowledgeSource {
  id: string;
  tenantId: string;
  kind: SourceKind;
  name: string;
  /** Kind-specific settings (URL, crawl limits, file ids …); the server's schema owns their shape. */
  config: Record<string, JsonValue>;
  status: SourceStatus;
  lastSyncedAt: Date | null;
  lastError: string | null;
  documentCount: number;
  chunkCount: number;
  /** Re-sync every this many hours; null: only when asked. */
  resyncEveryHours: number | null;
  /** When the scheduler syncs it next; null without a schedule. */
  nextSyncAt: Date | null;
  /** What the last finished sync had to say in words (a crawl cap reached, pages skipped); empty when nothing. */
  lastSyncNotes: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A document as stored (without its Markdown, which lives on in its chunks). */
export interface KnowledgeDocument {
  id: string;
  tenantId: string;
  sourceId: string;
  externalId: string;
  title: string;
  url: string | null;
  locale: string;
  visibility: Visibility;
  sectionPath: string[];
  contentHash: string;
  /** An excluded document stays stored (and re-synced) but is never retrieved. */
  isExcluded: boolean;
  chunkCount: number;
  embeddingModel: string;
  sourceUpdatedAt: Date | null;
  metadata: Record<string, JsonValue>;
  createdAt: Date;
  updatedAt: Date;
}

/** One stored passage of a document. */
export interface KnowledgeChunk {
  /** Stable across re-syncs while the passage text is unchanged. */
  id: string;
  documentId: string;
  sourceId: string;
  position: number;
  sectionPath: string[];
  /** Section path and title as one line, e.g. `Billing > Refunds > Card payments`. */
  heading: string;
  content: string;
  contentHash: string;
  charCount: number;
  /** Estimate (characters / 4). */
  tokenCount: number;
  locale: string;
  visibility: Visibility;
  embeddingModel: string;
  embeddingDims: number;
  /**
   * Taken out of retrieval on its own (the document's switch is separate): kept across re-syncs
   * while the chunk's text is unchanged.
   */
  isExcluded: boolean;
  createdAt: Date;
}

/** A page of a longer list and the size of the whole list. */
export interface Page<T> {
  items: T[];
  total: number;
}
