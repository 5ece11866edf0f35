import type { AnswerPassage, Citation } from '../types.js';

/**
 * What tells documents apart: the document id retrieval gives, else the URL (chunks of one article
 * share it), else the title (internal material without a URL).
 */
export function documentOf(passage: Pick<AnswerPassage, 'documentId' | 'url' | 'title'>): string {
  return passage.documentId ?? passage.url ?? `title:${passage.title}`;
}

/** Every passage a citation rests on, its first passage first. */
export function citedPassageIds(citation: Pick<Citation, 'passageId' | 'passageIds'>): string[] {
  return citation.passageIds ?? [citation.passageId];
}

export interface DocumentCitations {
  /** One citation per document, in order of first citation. */
  citations: Citation[];
  /** Cited ids that name no given passage. */
  unknownIds: string[];
}

/**
 * Turns the passage ids a path cited into one citation per document. Two chunks of one article
 * cited apart are one source to the agent and the customer; the citation keeps both chunks
 * (`passageIds`), so a sentence taken from the second one still rests on its source.
 *
 * @example
 * citeDocuments(['a#1', 'a#2', 'b#1'], passages).citations.length; // 2 when a#1 and a#2 share a document
 */
export function citeDocuments(ids: readonly string[], passages: readonly AnswerPassage[]): DocumentCitations {
  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  const byDocument = new Map<string, Citation>();
  const unknownIds: string[] = [];
  for (const id of new Set(ids)) {
    const passage = byId.get(id);
    if (!passage) {
      unknownIds.push(id);
      continue;
    }
    const key = documentOf(passage);
    const citation = byDocument.get(key);
    if (citation) citation.passageIds = [...citedPassageIds(citation), passage.id];
    else byDocument.set(key, { passageId: passage.id, url: passage.url, title: passage.title });
  }
  return { citations: [...byDocument.values()], unknownIds };
}
