/**
 * The contract between knowledge sources and the index. A source yields `SourceDocument`s (already
 * parsed to clean Markdown and redacted where needed); ingestion chunks, embeds and stores them.
 */

export type SourceKind = 'helpdesk_articles' | 'url' | 'crawl' | 'file' | 'macros' | 'solved_tickets';

export type Visibility = 'public' | 'internal';

/** One document as a source delivers it. */
export interface SourceDocument {
  /** Stable within its source (article id, canonical URL, file name): re-syncs match on it. */
  externalId: string;
  title: string;
  /** Where a citation links to; null for uploaded files and internal material. */
  url: string | null;
  /** BCP 47 language, e.g. `en`, `en-us`, `es`. */
  locale: string;
  /** `internal` content (macros, solved tickets) is retrievable for agent drafts but never cited to customers. */
  visibility: Visibility;
  updatedAt: string | null;
  /**
   * Clean text as Markdown: `#` headings (kept so chunks carry their section path), lists,
   * pipe tables, paragraphs. No HTML, no navigation or boilerplate.
   */
  markdown: string;
  /** Outer path the document sits in (help-center category → section), outermost first. */
  sectionPath?: string[];
  metadata?: Record<string, string | number | boolean>;
}

export interface SourceProgress {
  /** Documents seen so far. */
  done: number;
  /** Total when the source knows it in advance. */
  total?: number;
  /** What is being fetched or parsed now (URL, file name). */
  current?: string;
}

export interface SourceContext {
  signal?: AbortSignal;
  onProgress?: (progress: SourceProgress) => void;
  /**
   * A remark for the admin in plain words, kept with the sync: a limit that cut the listing short
   * and how to raise it, pages skipped and why. Sources say what a count cannot.
   */
  onNote?: (note: string) => void;
}

/**
 * Anything that can list documents: help-center articles (fed by the server through its connector),
 * web pages, a crawled site, uploaded files, macros, solved tickets.
 */
export interface DocumentSource {
  readonly kind: SourceKind;
  documents(context?: SourceContext): AsyncIterable<SourceDocument>;
}
