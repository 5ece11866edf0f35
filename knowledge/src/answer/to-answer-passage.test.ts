import { describe, expect, it } from 'vitest';
import type { Passage } from '../retrieval/passage.js';
import { toAnswerPassage } from './to-answer-passage.js';

const passage = (scores: Passage['scores']): Passage => ({
  chunkId: 'chunk-1',
  documentId: 'doc-1',
  sourceId: 'source-1',
  title: 'Returns',
  url: null,
  sectionPath: ['Orders'],
  content: 'You can return any unused item within 30 days.',
  locale: 'en',
  visibility: 'public',
  scores,
  ranks: { vector: scores.vector === null ? null : 1, text: scores.text === null ? null : 1 },
});

describe('toAnswerPassage', () => {
  it('scores by the larger of the cosine similarity and the squashed text rank, and keeps the similarity apart', () => {
    const both = toAnswerPassage(passage({ vector: 0.42, text: 0.3, fused: 0.03 }));
    expect(both.score).toBeCloseTo(0.75);
    expect(both.similarity).toBeCloseTo(0.42);
    const textOnly = toAnswerPassage(passage({ vector: null, text: 0.1, fused: 0.016 }));
    expect(textOnly.score).toBeCloseTo(0.5);
    expect(textOnly.similarity).toBeUndefined();
  });
});
