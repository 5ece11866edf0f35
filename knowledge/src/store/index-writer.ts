import type { JsonValue } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import type { Visibility } from '../types.js';

/** What ingestion needs to know about a stored document to decide whether to touch it. */
export interface StoredDocumentState {
  id: string;
  contentHash: string;
  chunkingKey: string;
  embeddingModel: string;
  embeddingDims: number;
}

/** Every stored document of a source, by external id (one query per sync instead of one per document). */
export async function loadDocumentStates(tx: Queryable, input: { tenantId: string; sourceId: string }): Promise<Map<string, StoredDocumentState>> {
  const { rows } = await tx.query<{ id: string; external_id: string; content_hash: string; chunking_key: string; embedding_model: string; embedding_dims: number }>(
    `select id, external_id, content_hash, chunking_key, embedding_model, embedding_dims
       from kb_documents where tenant_id = $1 and source_id = $2`,
    [input.tenantId, input.sourceId],
  );
  return new Map(
    rows.map((row) => [
      row.external_id,
      { id: row.id, contentHash: row.content_hash, chunkingKey: row.chunking_key, embeddingModel: row.embedding_model, embeddingDims: row.embedding_dims },
    ]),
  );
}

export interface ChunkToWrite {
  id: string;
  position: number;
  sectionPath: string[];
  heading: string;
  content: string;
  contentHash: string;
  charCount: number;
  tokenCount: number;
}

export interface DocumentToWrite {
  tenantId: string;
  sourceId: string;
  /** The id to give a new document; an existing (source, external id) keeps its own. */
  id: string;
  externalId: string;
  title: string;
  url: string | null;
  locale: string;
  textConfig: string;
  visibility: Visibility;
  sectionPath: string[];
  contentHash: string;
  chunkingKey: string;
  embeddingModel: string;
  embeddingDims: number;
  sourceUpdatedAt: string | null;
  metadata: Record<string, JsonValue>;
}

/**
 * Upserts a document and replaces its chunks, taking each chunk's vector from the embedding
 * cache (which must hold every chunk's hash for this model). Run it inside a transaction:
 * the document and its chunks change together or not at all. `is_excluded` is left as it was, on
 * the document and on each chunk whose text is unchanged: a chunk's id derives from its content
 * hash, so a chunk excluded on its own stays excluded while the same text comes back.
 */
export async function writeDocument(tx: Queryable, document: DocumentToWrite, chunks: readonly ChunkToWrite[]): Promise<string> {
  const { rows } = await tx.query<{ id: string; is_excluded: boolean }>(
    `insert into kb_documents (id, tenant_id, source_id, external_id, title, url, locale, text_config, visibility, section_path,
                               content_hash, chunking_key, embedding_model, embedding_dims, chunk_count, source_updated_at, metadata)
     values ($1, $2, $3, $4, $5, $6, $7, $8::regconfig, $9, $10::text[], $11, $12, $13, $14, $15, $16::timestamptz, $17::jsonb)
     on conflict (source_id, external_id) do update
        set title = excluded.title, url = excluded.url, locale = excluded.locale, text_config = excluded.text_config,
            visibility = excluded.visibility, section_path = excluded.section_path, content_hash = excluded.content_hash,
            chunking_key = excluded.chunking_key, embedding_model = excluded.embedding_model, embedding_dims = excluded.embedding_dims,
            chunk_count = excluded.chunk_count, source_updated_at = excluded.source_updated_at, metadata = excluded.metadata,
            updated_at = now()
      where kb_documents.tenant_id = excluded.tenant_id
     returning id, is_excluded`,
    [
      document.id,
      document.tenantId,
      document.sourceId,
      document.externalId,
      document.title,
      document.url,
      document.locale,
      document.textConfig,
      document.visibility,
      document.sectionPath,
      document.contentHash,
      document.chunkingKey,
      document.embeddingModel,
      document.embeddingDims,
      chunks.length,
      document.sourceUpdatedAt,
      JSON.stringify(document.metadata),
    ],
  );
  const documentId = rows[0]?.id;
  const isExcluded = rows[0]?.is_excluded ?? false;
  if (documentId === undefined) {
    throw new KnowledgeError(KnowledgeErrorCode.internal, 'The document belongs to another tenant', { externalId: document.externalId });
  }
  const { rows: excludedRows } = await tx.query<{ id: string }>('select id from kb_chunks where tenant_id = $1 and document_id = $2 and is_chunk_excluded', [
    document.tenantId,
    documentId,
  ]);
  await tx.query('delete from kb_chunks where tenant_id = $1 and document_id = $2', [document.tenantId, documentId]);
  if (chunks.length === 0) return documentId;

  const records = chunks.map((chunk) => ({
    id: chunk.id,
    position: chunk.position,
    section_path: chunk.sectionPath,
    heading: chunk.heading,
    content: chunk.content,
    content_hash: chunk.contentHash,
    char_count: chunk.charCount,
    token_count: chunk.tokenCount,
  }));
  const { rowCount } = await tx.query(
    `insert into kb_chunks (id, tenant_id, document_id, source_id, position, section_path, heading, content, content_hash,
                            char_count, token_count, locale, visibility, is_excluded, is_chunk_excluded, text_config, embedding, embedding_model, embedding_dims)
     select r.id, $1, $2, $3, r.position, array(select jsonb_array_elements_text(r.section_path)), r.heading, r.content, r.content_hash,
            r.char_count, r.token_count, $4, $5, $10 or r.id = any($11::uuid[]), r.id = any($11::uuid[]), $6::regconfig, cache.embedding, $7, $8
       from jsonb_to_recordset($9::jsonb) as r(id uuid, position int, section_path jsonb, heading text, content text,
                                               content_hash text, char_count int, token_count int)
       join kb_embedding_cache cache on cache.tenant_id = $1 and cache.model = $7 and cache.content_hash = r.content_hash`,
    [
      document.tenantId,
      documentId,
      document.sourceId,
      document.locale,
      document.visibility,
      document.textConfig,
      document.embeddingModel,
      document.embeddingDims,
      JSON.stringify(records),
      isExcluded,
      excludedRows.map((row) => row.id),
    ],
  );
  if (rowCount !== chunks.length) {
    // Ingestion embeds every missing hash before writing; a gap means a bug, not bad input.
    throw new KnowledgeError(KnowledgeErrorCode.internal, 'A chunk had no cached vector when its document was written', {
      documentId,
      expected: chunks.length,
      written: rowCount,
    });
  }
  return documentId;
}

/** Deletes the source's documents (and, by cascade, chunks) whose ids are not in `keepIds`. */
export async function deleteDocumentsExcept(tx: Queryable, input: { tenantId: string; sourceId: string; keepIds: readonly string[] }): Promise<number> {
  const { rowCount } = await tx.query('delete from kb_documents where tenant_id = $1 and source_id = $2 and not (id = any($3::uuid[]))', [
    input.tenantId,
    input.sourceId,
    input.keepIds,
  ]);
  return rowCount;
}
