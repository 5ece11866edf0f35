/**
 * The knowledge index as the console sees it: the server's contract types (type-only; the schemas
 * live in apps/server/src/contract/kb.ts).
 */
import type {
  KnowledgeChunkBody,
  KnowledgeDocumentBody,
  KnowledgePassageBody,
  KnowledgeSourceBody,
  KnowledgeSyncJobBody,
  SourceConfigBody,
  SourceKindName,
} from '@threadline/server/contract';

export type SourceKind = SourceKindName;
export type SourceConfig = SourceConfigBody;

export type KnowledgeSource = KnowledgeSourceBody;
export type SyncJob = KnowledgeSyncJobBody;
/** The sync a source has queued or running now, with its live progress (`KnowledgeSource.activeSync`). */
export type ActiveSync = NonNullable<KnowledgeSource['activeSync']>;
export type KnowledgeDocument = KnowledgeDocumentBody;
export type KnowledgeChunk = KnowledgeChunkBody;
export type Passage = KnowledgePassageBody;

export type SearchMode = 'hybrid' | 'vector' | 'text';

export interface DocumentPage {
  documents: KnowledgeDocument[];
  total: number;
}

export interface DocumentDetail {
  document: KnowledgeDocument;
  chunks: KnowledgeChunk[];
}

export interface NewSource {
  kind: SourceKind;
  name: string;
  config?: SourceConfig;
  sync?: boolean;
  /** Re-sync every N hours; null: only when someone syncs it. The server's default when left out. */
  resyncEveryHours?: number | null;
}

/** What PATCH /v1/kb/sources/:id changes; a null schedule turns re-syncing off. */
export interface SourceChange {
  name?: string;
  config?: SourceConfig;
  resyncEveryHours?: number | null;
}
