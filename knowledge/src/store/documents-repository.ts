import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { CHUNK_COLUMNS, DOCUMENT_COLUMNS, isUuid, toChunk, toDocument, type ChunkRow, type DocumentRow } from './rows.js';
import type { KnowledgeChunk, KnowledgeDocument, Page } from './types.js';

/** Filters for browsing documents; the tenant is the separate `TenantScope` argument. */
export interface ListDocumentsFilters {
  sourceId?: string | undefined;
  /** Case-insensitive match on the title. */
  titleContains?: string | undefined;
  isExcluded?: boolean | undefined;
  /** Default 50, at most 500. */
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface DocumentKey {
  tenantId: string;
  documentId: string;
}

export interface ChunkKey {
  tenantId: string;
  chunkId: string;
}

/** Browsing of stored documents and their chunks, and the exclude switch, for the admin API. */
export interface DocumentsRepository {
  /** Documents ordered by title, a page at a time. */
  list(scope: TenantScope, filters?: ListDocumentsFilters, tx?: Queryable): Promise<Page<KnowledgeDocument>>;
  /** Throws `KNOWLEDGE_DOCUMENT_NOT_FOUND` when the tenant has no such document. */
  get(input: DocumentKey, tx?: Queryable): Promise<KnowledgeDocument>;
  /** The document's chunks in order. */
  listChunks(input: DocumentKey, tx?: Queryable): Promise<KnowledgeChunk[]>;
  /** Excludes a document from retrieval (or includes it again); it survives re-syncs either way. */
  setExcluded(input: DocumentKey & { isExcluded: boolean }, tx?: Queryable): Promise<KnowledgeDocument>;
  /**
   * Excludes one chunk from retrieval (or includes it again), whatever its document's switch says;
   * null when the tenant has no such chunk. A re-sync keeps the switch while the chunk's text is unchanged.
   */
  setChunkExcluded(input: ChunkKey & { isExcluded: boolean }, tx?: Queryable): Promise<KnowledgeChunk | null>;
}

function notFound(input: DocumentKey): KnowledgeError {
  return new KnowledgeError(KnowledgeErrorCode.documentNotFound, 'No such knowledge document', { documentId: input.documentId });
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * @example
 * const documents = createDocumentsRepository(db);
 * const page = await documents.list(tenantScope(tenantId), { sourceId, limit: 20, offset: 40 });
 * await documents.setExcluded({ tenantId, documentId: page.items[0].id, isExcluded: true });
 */
export function createDocumentsRepository(db: Queryable): DocumentsRepository {
  const get = async (input: DocumentKey, tx: Queryable = db): Promise<KnowledgeDocument> => {
    if (!isUuid(input.documentId)) throw notFound(input);
    const { rows } = await tx.query<DocumentRow>(`select ${DOCUMENT_COLUMNS} from kb_documents where tenant_id = $1 and id = $2`, [
      input.tenantId,
      input.documentId,
    ]);
    if (!rows[0]) throw notFound(input);
    return toDocument(rows[0]);
  };

  return {
    get,

    async list(scope, input = {}, tx = db) {
      const limit = Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 500);
      // Beyond any real index: keeps the value an exact integer Postgres takes as bigint.
      const offset = Math.min(Math.max(Math.trunc(input.offset ?? 0), 0), Number.MAX_SAFE_INTEGER);
      if (input.sourceId !== undefined && !isUuid(input.sourceId)) return { items: [], total: 0 };
      const where = ['tenant_id = $1'];
      const params: unknown[] = [scope.tenantId];
      if (input.sourceId !== undefined) {
        params.push(input.sourceId);
        where.push(`source_id = $${params.length}`);
      }
      if (input.titleContains) {
        params.push(likePattern(input.titleContains));
        where.push(`title ilike $${params.length}`);
      }
      if (input.isExcluded !== undefined) {
        params.push(input.isExcluded);
        where.push(`is_excluded = $${params.length}`);
      }
      const filter = where.join(' and ');
      const [page, count] = await Promise.all([
        tx.query<DocumentRow>(
          `select ${DOCUMENT_COLUMNS} from kb_documents where ${filter} order by title, id limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, limit, offset],
        ),
        tx.query<{ total: number }>(`select count(*) as total from kb_documents where ${filter}`, params),
      ]);
      return { items: page.rows.map(toDocument), total: count.rows[0]?.total ?? 0 };
    },

    async listChunks(input, tx = db) {
      await get(input, tx);
      const { rows } = await tx.query<ChunkRow>(`select ${CHUNK_COLUMNS} from kb_chunks where tenant_id = $1 and document_id = $2 order by position`, [
        input.tenantId,
        input.documentId,
      ]);
      return rows.map(toChunk);
    },

    async setExcluded(input, tx = db) {
      if (!isUuid(input.documentId)) throw notFound(input);
      const { rows } = await tx.query<DocumentRow>(
        `with document as (
           update kb_documents set is_excluded = $3, updated_at = now() where tenant_id = $1 and id = $2 returning ${DOCUMENT_COLUMNS}
         ), chunks as (
           update kb_chunks set is_excluded = $3 or is_chunk_excluded where tenant_id = $1 and document_id in (select id from document)
         )
         select * from document`,
        [input.tenantId, input.documentId, input.isExcluded],
      );
      if (!rows[0]) throw notFound(input);
      return toDocument(rows[0]);
    },

    async setChunkExcluded(input, tx = db) {
      if (!isUuid(input.chunkId)) return null;
      // The searchable flag follows both switches: the chunk's own and its document's.
      const { rows } = await tx.query<ChunkRow>(
        `update kb_chunks c set is_chunk_excluded = $3, is_excluded = $3 or d.is_excluded
           from kb_documents d
          where c.tenant_id = $1 and c.id = $2 and d.tenant_id = $1 and d.id = c.document_id
          returning ${CHUNK_COLUMNS.split(', ').map((column) => `c.${column}`).join(', ')}`,
        [input.tenantId, input.chunkId, input.isExcluded],
      );
      return rows[0] ? toChunk(rows[0]) : null;
    },
  };
}
