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
  /**
   * Its place (from 1) in each list before fusion: the vector search's and the text search's; null
   * when that search did not return it. With `scores`, this is why a passage ranked where it did.
   */
  ranks: {
    vector: number | null;
    text: number | null;
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
 * and only then join the few winners to their documents for the title and URL. Equal scores are
 * ordered by the chunk's content hash, then its id: a chunk's id derives from its document's random
 * id, so ordering ties by id alone would rank the same knowledge differently in two databases.
 */
export const CHUNK_CANDIDATE_COLUMNS = 'c.id, c.document_id, c.source_id, c.section_path, c.content, c.content_hash, c.locale, c.visibility';

/** Columns of the outer query over the ranked candidates `n` joined to `kb_documents d` (tenant in `$1`). */
export const PASSAGE_COLUMNS = 'n.id as chunk_id, n.document_id, n.source_id, d.title, n.section_path, d.url, n.content, n.locale, n.visibility';
export const PASSAGE_JOIN = 'join kb_documents d on d.tenant_id = $1 and d.id = n.document_id';

export function toPassage(row: PassageRow, scores: Passage['scores'], ranks: Passage['ranks'] = { vector: null, text: null }): Passage {
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
    ranks,
  };
}

/** Passages with equal keys are copies of one passage (see `dropDuplicatePassages`). */
export function duplicateKey(passage: Passage): string {
  return `${passage.title}\u0000${passage.sectionPath.join('\u0000')}\u0000${passage.content}`;
}

/** Rows a search fetches for `k` results, so that dropping duplicates (below) still leaves `k`. */
export function withRoomForDuplicates(k: number): number {
  return k + Math.min(k, 10);
}

/**
 * The best-ranked of passages with the same text, at most `k`, each given its place in the list as
 * its rank on `side`.
 *
 * The same page indexed twice (added by URL and found again by a crawl, or uploaded to two file
 * sources) is stored once per source, on purpose: each source stays whole, so removing or excluding
 * one leaves the page in the other, and each source's counts stay true. A reader, though, expects to
 * see the page once, so searches drop the copies: passages with the same title, section and text,
 * whichever URL form or source they came by.
 */
export function dropDuplicatePassages(passages: readonly Passage[], k: number, side: keyof Passage['ranks']): Passage[] {
  const seen = new Set<string>();
  const kept: Passage[] = [];
  for (const passage of passages) {
    const key = duplicateKey(passage);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push({ ...passage, ranks: { ...passage.ranks, [side]: kept.length + 1 } });
    if (kept.length === k) break;
  }
  return kept;
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
