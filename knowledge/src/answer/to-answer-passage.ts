import type { Passage } from '../retrieval/passage.js';
import type { AnswerPassage } from './types.js';

/** ts_rank (normalization 1) at which a text-only match counts as 0.5. */
const TEXT_RANK_HALF = 0.1;

/**
 * Maps a retrieved passage to the engine's `AnswerPassage`, turning its scores into one relevance
 * in 0..1: the larger of the cosine similarity (vector search) and the full-text rank squashed as
 * rank / (rank + 0.1). The fused RRF score only orders results (its values sit near 1/60) and is
 * not a relevance, so it is not used. A heuristic: tune it with the eval's retrieval numbers.
 *
 * @example
 * const passages = (await search({ db, tenantId, query, embedder, k: 6, filters: { visibility: 'any' } })).map(toAnswerPassage);
 */
export function toAnswerPassage(passage: Passage): AnswerPassage {
  const { vector, text } = passage.scores;
  const textScore = text === null || text <= 0 ? 0 : text / (text + TEXT_RANK_HALF);
  const score = Math.min(1, Math.max(0, vector ?? 0, textScore));
  return {
    id: passage.chunkId,
    documentId: passage.documentId,
    title: passage.title,
    url: passage.url,
    sectionPath: passage.sectionPath,
    content: passage.content,
    visibility: passage.visibility,
    score,
    ...(vector !== null ? { similarity: vector } : {}),
  };
}
