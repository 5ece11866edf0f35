import { describe, expect, it } from 'vitest';
import type { AnswerPassage } from '../types.js';
import { citedPassageIds, citeDocuments, documentOf } from './cite-documents.js';

function passage(id: string, document: Partial<Pick<AnswerPassage, 'documentId' | 'url' | 'title'>>): AnswerPassage {
  return { id, title: document.title ?? 'Returns', url: document.url ?? null, sectionPath: [], content: `${id} text`, visibility: 'public', score: 0.5, ...(document.documentId ? { documentId: document.documentId } : {}) };
}

describe('citeDocuments', () => {
  it('lists two chunks of one article once, keeping both chunks for the checks', () => {
    const passages = [
      passage('returns#1', { documentId: 'returns', url: 'https://help.example.com/returns' }),
      passage('shipping#1', { documentId: 'shipping', url: 'https://help.example.com/shipping', title: 'Shipping' }),
      passage('returns#2', { documentId: 'returns', url: 'https://help.example.com/returns' }),
    ];
    const { citations, unknownIds } = citeDocuments(['returns#1', 'shipping#1', 'returns#2', 'returns#1'], passages);
    expect(unknownIds).toEqual([]);
    expect(citations).toEqual([
      { passageId: 'returns#1', passageIds: ['returns#1', 'returns#2'], url: 'https://help.example.com/returns', title: 'Returns' },
      { passageId: 'shipping#1', url: 'https://help.example.com/shipping', title: 'Shipping' },
    ]);
    expect(citations.map(citedPassageIds)).toEqual([['returns#1', 'returns#2'], ['shipping#1']]);
  });

  it('tells documents without an id apart by URL, then by title, and reports unknown ids', () => {
    const passages = [passage('a', { url: 'https://x/1' }), passage('b', { url: 'https://x/1' }), passage('c', { title: 'Macro' }), passage('d', { title: 'Macro' }), passage('e', { title: 'Other' })];
    const { citations, unknownIds } = citeDocuments(['a', 'b', 'c', 'd', 'e', 'zzz'], passages);
    expect(citations.map((citation) => citation.passageIds ?? [citation.passageId])).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(unknownIds).toEqual(['zzz']);
  });

  it('prefers the document id over a URL two documents share', () => {
    expect(documentOf({ documentId: 'doc-1', url: 'https://x/1', title: 'A' })).not.toBe(documentOf({ documentId: 'doc-2', url: 'https://x/1', title: 'A' }));
  });
});
