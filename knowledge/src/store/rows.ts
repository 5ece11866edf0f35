import type { JsonValue } from '@threadline/platform';
import type { SourceKind, Visibility } from '../types.js';
import type { KnowledgeChunk, KnowledgeDocument, KnowledgeSource, SourceStatus } from './types.js';

/** snake_case rows as both drivers return them, mapped to the camelCase types in one place. */

export interface SourceRow {
  id: string;
  tenant_id: string;
  kind: SourceKind;
  name: string;
  config: Record<string, JsonValue>;
  status: SourceStatus;
  last_synced_at: Date | null;
  last_error: string | null;
  document_count: number;
  chunk_count: number;
  resync_every_hours: number | null;
  next_sync_at: Date | null;
  last_sync_notes: string[];
  created_at: Date;
  updated_at: Date;
}

export const SOURCE_COLUMNS =
  'id, tenant_id, kind, name, config, status, last_synced_at, last_error, document_count, chunk_count, resync_every_hours, next_sync_at, last_sync_notes, created_at, updated_at';

export function toSource(row: SourceRow): KnowledgeSource {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    name: row.name,
    config: row.config,
    status: row.status,
    lastSyncedAt: row.last_synced_at,
    lastError: row.last_error,
    documentCount: row.document_count,
    chunkCount: row.chunk_count,
    resyncEveryHours: row.resync_every_hours,
    nextSyncAt: row.next_sync_at,
    lastSyncNotes: row.last_sync_notes ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface DocumentRow {
  id: string;
  tenant_id: string;
  source_id: string;
  external_id: string;
  title: string;
  url: string | null;
  locale: string;
  visibility: Visibility;
  section_path: string[];
  content_hash: string;
  is_excluded: boolean;
  chunk_count: number;
  embedding_model: string;
  source_updated_at: Date | null;
  metadata: Record<string, JsonValue>;
  created_at: Date;
  updated_at: Date;
}

export const DOCUMENT_COLUMNS =
  'id, tenant_id, source_id, external_id, title, url, locale, visibility, section_path, content_hash, is_excluded, chunk_count, embedding_model, source_updated_at, metadata, created_at, updated_at';

export function toDocument(row: DocumentRow): KnowledgeDocument {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    sourceId: row.source_id,
    externalId: row.external_id,
    title: row.title,
    url: row.url,
    locale: row.locale,
    visibility: row.visibility,
    sectionPath: row.section_path,
    contentHash: row.content_hash,
    isExcluded: row.is_excluded,
    chunkCount: row.chunk_count,
    embeddingModel: row.embedding_model,
    sourceUpdatedAt: row.source_updated_at,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ChunkRow {
  id: string;
  document_id: string;
  source_id: string;
  position: number;
  section_path: string[];
  heading: string;
  content: string;
  content_hash: string;
  char_count: number;
  token_count: number;
  locale: string;
  visibility: Visibility;
  embedding_model: string;
  embedding_dims: number;
  is_chunk_excluded: boolean;
  created_at: Date;
}

export const CHUNK_COLUMNS =
  'id, document_id, source_id, position, section_path, heading, content, content_hash, char_count, token_count, locale, visibility, embedding_model, embedding_dims, is_chunk_excluded, created_at';

export function toChunk(row: ChunkRow): KnowledgeChunk {
  return {
    id: row.id,
    documentId: row.document_id,
    sourceId: row.source_id,
    position: row.position,
    sectionPath: row.section_path,
    heading: row.heading,
    content: row.content,
    contentHash: row.content_hash,
    charCount: row.char_count,
    tokenCount: row.token_count,
    locale: row.locale,
    visibility: row.visibility,
    embeddingModel: row.embedding_model,
    embeddingDims: row.embedding_dims,
    isExcluded: row.is_chunk_excluded,
    createdAt: row.created_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not a UUID cannot name a row; checking first turns it into "not found" instead of a SQL error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
