import type { Db } from '@threadline/platform/db';
import type { Embedder } from '../embeddings/embedder.js';
import { candidateCount, checkK, duplicateKey, type Passage, type SearchFilters } from './passage.js';
import { searchText, type TextMatchMode } from './search-text.js';
import { withKnowledgeWords } from './everyday-phrases.js';
import { embedQuery, searchVector } from './search-vector.js';

/** The RRF constant of Cormack et al. (2009); it damps the weight of the very first ranks. */
export const RRF_K = 60;

export interface SearchOptions {
  db: Db;
  tenantId: string;
  query: string;
  embedder: Embedder;
  /** Passages to return. */
  k: number;
  filters?: SearchFilters;
  /** Candidates each of the vector and text searches fetches before fusion. Default max(50, 5k). */
  candidates?: number;
  textMode?: TextMatchMode;
  /** Language of the query for full-text stemming; see `SearchTextOptions.queryLocale`. */
  queryLocale?: string;
  /** RRF constant; default 60. */
  rrfK?: number;
}

/**
 * Fuses ranked lists by reciprocal rank: each item scores Σ 1 / (rrfK + rank) over the lists it
 * appears in (rank from 1). Ties keep the order of the first list. Copies of one passage (same text
 * from another source, see `dropDuplicatePassages`) count as that passage, so it shows once.
 */
export function reciprocalRankFusion(lists: readonly (readonly Passage[])[], options: { k: number; rrfK?: number }): Passage[] {
  const rrfK = options.rrfK ?? RRF_K;
  const fused = new Map<string, { passage: Passage; score: number; order: number }>();
  let order = 0;
  for (const list of lists) {
    list.forEach((passage, index) => {
      const contribution = 1 / (rrfK + index + 1);
      const key = duplicateKey(passage);
      const entry = fused.get(key);
      if (entry) {
        entry.score += contribution;
        entry.passage = {
          ...entry.passage,
          scores: {
            vector: entry.passage.scores.vector ?? passage.scores.vector,
            text: entry.passage.scores.text ?? passage.scores.text,
            fused: 0,
          },
          ranks: {
            vector: entry.passage.ranks.vector ?? passage.ranks.vector,
            text: entry.passage.ranks.text ?? passage.ranks.text,
          },
        };
      } else {
        fused.set(key, { passage, score: contribution, order: order++ });
      }
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, options.k)
    .map(({ passage, score }) => ({ ...passage, scores: { ...passage.scores, fused: score } }));
}

/**
 * Hybrid retrieval: the vector search (pgvector HNSW, cosine) and the full-text search (language-aware
 * tsvector, GIN) each fetch their top candidates for the tenant and filters, and reciprocal-rank
 * fusion merges them. Excluded documents never appear; `visibility` defaults to `public`.
 *
 * @example
 * const passages = await search({ db, tenantId, query: 'How long does a refund take?', embedder, k: 5, filters: { locale: 'en' } });
 * passages[0].scores; // { vector: 0.71, text: 0.08, fused: 0.0328 }
 */
export async function search(options: SearchOptions): Promise<Passage[]> {
  const k = checkK(options.k);
  if (options.query.trim().length === 0) return [];
  const candidates = candidateCount(k, options.candidates);
  // A question in everyday words also looks for the knowledge's word ("send it back" → return);
  // a search in the user's own syntax (`all`, `websearch`) is taken as written.
  const query = (options.textMode ?? 'any') === 'any' ? withKnowledgeWords(options.query) : options.query;
  const queryVector = await embedQuery(options.embedder, query);
  const base = { db: options.db, tenantId: options.tenantId, query, k: candidates, ...(options.filters ? { filters: options.filters } : {}) };
  const [vector, text] = await Promise.all([
    searchVector({ ...base, embedder: options.embedder, queryVector }),
    searchText({ ...base, ...(options.textMode ? { mode: options.textMode } : {}), ...(options.queryLocale ? { queryLocale: options.queryLocale } : {}) }),
  ]);
  return reciprocalRankFusion([vector, text], { k, ...(options.rrfK === undefined ? {} : { rrfK: options.rrfK }) });
}
