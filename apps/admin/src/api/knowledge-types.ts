/**
 * The knowledge index as the console sees it: the server's contract types (type-only; the schemas
 * live in apps/server/src/contract/kb.ts). Fields a newer server adds are typed optional here and
 * shown only when present.
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

export type KnowledgeSource = KnowledgeSourceBody & {
  /** Re-sync period in hours; null: only by hand. */
  resyncEveryHours?: number | null;
  nextSyncAt?: string | null;
};

export type SyncJob = KnowledgeSyncJobBody & {
  /** What the sync wants a person to know (a page cap reached, pages skipped), in words. */
  notes?: string[];
};

export type KnowledgeDocument = KnowledgeDocumentBody;
export type KnowledgeChunk = KnowledgeChunkBody;

export type Passage = KnowledgePassageBody & {
  /** 1-based place in each search's own list; null when that search did not return it. */
  ranks?: { vector: number | null; text: number | null };
};

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
}
