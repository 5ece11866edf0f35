import { isUuid } from '../store/rows.js';
import { normalizeLocale } from '../store/text-config.js';
import type { Visibility } from '../types.js';

/** Which chunks a search may return (the tenant is always required separately). */
export interface SearchFilters {
  /** Only these sources. */
  sourceIds?: readonly string[];
  /** Only chunks in this language: `es-MX` matches `es`, `es-mx`, `es-es` (the primary language subtag decides). */
  locale?: string;
  /**
   * `public` (the default, safe for anything a customer sees) or `any`, which adds internal
   * material (macros, solved tickets) for agent-facing drafts.
   */
  visibility?: 'public' | 'any';
}

/** A retrieved passage with what a citation needs. */
export interface Passage {
  chunkId: string;
  documentId: string;
  sourceId: string;
  title: string;
  sectionPath: string[];
  url: string | null;
  content: string;
  locale: string;
  visibility: Visibility;
  scores: {
    /** Cosine similarity to the query (1 = same direction); null when the vector search did not return it. */
    vector: number | null;
    /** `ts_rank` of the full-text match; null when the text search did not return it. */
    text: number | null;
    /**
     * The score results are ordered by: reciprocal-rank fusion in `search`, the vector similarity
     * in `searchVector`, the text rank in `searchText`.
     */
    fused: number;
  };
}

export interface PassageRow {
  chunk_id: string;
  document_id: string;
  source_id: string;
  title: string;
  section_path: string[];
  url: string | null;
  content: string;
  locale: string;
  visibility: Visibility;
  score: number;
}

/**
 * Both searches rank inside one scan of `kb_chunks c` (so its index can serve the ORDER BY … LIMIT)
 * and only then join the few winners to their documents for the title and URL.
 */
export const CHUNK_CANDIDATE_COLUMNS = 'c.id, c.document_id, c.source_id, c.section_path, c.content, c.locale, c.visibility';

/** Columns of the outer query over the ranked candidates `n` joined to `kb_documents d` (tenant in `$1`). */
export const PASSAGE_COLUMNS = 'n.id as chunk_id, n.document_id, n.source_id, d.title, n.section_path, d.url, n.content, n.locale, n.visibility';
export const PASSAGE_JOIN = 'join kb_documents d on d.tenant_id = $1 and d.id = n.document_id';

export function toPassage(row: PassageRow, scores: Passage['scores']): Passage {
  return {
    chunkId: row.chunk_id,
    documentId: row.document_id,
    sourceId: row.source_id,
    title: row.title,
    sectionPath: row.section_path,
    url: row.url,
    content: row.content,
    locale: row.locale,
    visibility: row.visibility,
    scores,
  };
}

/**
 * The SQL conditions for the filters on `kb_chunks c`, appending their values to
 * `params`. Excluded documents are always left out. Returns null when the filters can match nothing.
 */
export function filterConditions(filters: SearchFilters | undefined, params: unknown[]): string[] | null {
  const conditions = ['not c.is_excluded'];
  if (filters?.sourceIds !== undefined) {
    const ids = filters.sourceIds.filter(isUuid);
    if (ids.length === 0) return null;
    params.push(ids);
    conditions.push(`c.source_id = any($${params.length}::uuid[])`);
  }
  if (filters?.locale !== undefined) {
    const language = normalizeLocale(filters.locale).split('-')[0] ?? 'und';
    params.push(language);
    conditions.push(`(c.locale = $${params.length} or c.locale like $${params.length} || '-%')`);
  }
  if ((filters?.visibility ?? 'public') === 'public') conditions.push(`c.visibility = 'public'`);
  return conditions;
}

/** Candidates each side fetches before fusion: enough for RRF to matter, few enough to stay fast. */
export function candidateCount(k: number, candidates?: number): number {
  return Math.max(k, candidates ?? Math.max(50, k * 5));
}

export function checkK(k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new RangeError(`k must be an integer from 1 to 1000 (got ${k})`);
  return k;
}
