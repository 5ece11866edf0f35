import type { Citation } from '../types.js';
import { citedPassageIds } from './cite-documents.js';

/** One source as an agent sees it: an article, numbered once however many of its chunks were cited. */
export interface NumberedSource {
  /** The [n] of this source, from 1, in order of first citation. */
  number: number;
  /** The first cited passage of the article (the one to open). */
  passageId: string;
  /** Every cited passage of the article. */
  passageIds: string[];
  title: string;
  url: string | null;
  /** Reply sentences resting on this article, when the path says (offline). */
  quotes: string[];
}

/** Chunks of one article share its URL; internal material without one is told apart by its title. */
function documentKey(citation: Citation): string {
  return citation.url ?? `title:${citation.title}`;
}

/**
 * Groups citations by article and numbers each article once: several chunks of one help-center
 * page are one source to the agent and the customer.
 *
 * @example
 * numberCitations(result.citations).map((source) => `[${source.number}] ${source.title}`);
 */
export function numberCitations(citations: readonly Citation[]): NumberedSource[] {
  const byDocument = new Map<string, NumberedSource>();
  for (const citation of citations) {
    const key = documentKey(citation);
    const source = byDocument.get(key);
    if (source) {
      for (const id of citedPassageIds(citation)) if (!source.passageIds.includes(id)) source.passageIds.push(id);
      for (const quote of citation.quotes ?? []) if (!source.quotes.includes(quote)) source.quotes.push(quote);
      continue;
    }
    byDocument.set(key, {
      number: byDocument.size + 1,
      passageId: citation.passageId,
      passageIds: citedPassageIds(citation),
      title: citation.title,
      url: citation.url,
      quotes: [...new Set(citation.quotes ?? [])],
    });
  }
  return [...byDocument.values()];
}

/**
 * The reply with each quoted sentence followed by its source's `[n]`, for display only (the text
 * a customer gets has no markers). Sentences without a known source stay unmarked.
 *
 * @example
 * markCitations('Refunds take 5 days.', numberCitations(citations)); // 'Refunds take 5 days. [1]'
 */
export function markCitations(text: string, sources: readonly NumberedSource[]): string {
  let marked = text;
  for (const source of sources) {
    for (const quote of source.quotes) {
      const at = marked.indexOf(quote);
      if (at < 0) continue;
      const end = at + quote.length;
      marked = `${marked.slice(0, end)} [${source.number}]${marked.slice(end)}`;
    }
  }
  return marked;
}
