import { createHash } from 'node:crypto';
import type { JsonValue } from '@threadline/platform';
import { chunkingKey, chunkMarkdown, type ChunkingOptions } from '../chunking/markdown-chunker.js';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import type { ChunkToWrite, DocumentToWrite } from '../store/index-writer.js';
import { normalizeLocale, textSearchConfig } from '../store/text-config.js';
import type { SourceDocument } from '../types.js';

/** Chunking as ingestion applies it. */
export interface IngestChunkingOptions extends ChunkingOptions {
  /**
   * Put the title and section path above each passage in the text that is embedded. Default true.
   * (The full-text index always weights them above the passage.)
   */
  embedHeadings?: boolean;
}

/** A document chunked and hashed, waiting for its vectors. */
export interface PreparedDocument {
  document: Omit<DocumentToWrite, 'id'>;
  /** Chunks without ids: ids depend on the stored document id, known only when it is written. */
  chunks: Omit<ChunkToWrite, 'id'>[];
  /** Text to embed for each chunk hash. */
  texts: Map<string, string>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The fingerprint stored per document: a change of chunking options (or of this scheme) re-chunks. */
export function ingestChunkingKey(options: IngestChunkingOptions = {}): string {
  return `${chunkingKey(options)}:${options.embedHeadings === false ? 'body' : 'heading'}`;
}

/**
 * A UUID derived from the document, the chunk's content hash and how many identical chunks came
 * before it in the document: a re-sync gives unchanged text the same id, wherever it moved.
 */
export function chunkId(documentId: string, contentHash: string, occurrence: number): string {
  const hex = sha256(`${documentId}\n${contentHash}\n${occurrence}`);
  // Shaped as an RFC 9562 version 8 (custom) UUID.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Adds ids to a prepared document's chunks once its stored id is known. */
export function withChunkIds(documentId: string, chunks: readonly Omit<ChunkToWrite, 'id'>[]): ChunkToWrite[] {
  const seen = new Map<string, number>();
  return chunks.map((chunk) => {
    const occurrence = seen.get(chunk.contentHash) ?? 0;
    seen.set(chunk.contentHash, occurrence + 1);
    return { ...chunk, id: chunkId(documentId, chunk.contentHash, occurrence) };
  });
}

/** `Billing > Refunds policy > Card payments`: outer path, then the title, then headings (a first heading equal to the title is not repeated). */
function headingLine(title: string, outer: readonly string[], headings: readonly string[]): string {
  const inner = headings[0]?.toLowerCase() === title.toLowerCase() ? headings.slice(1) : headings;
  return [...outer, title, ...inner].filter((part) => part.length > 0).join(' > ');
}

function check(document: SourceDocument): void {
  const bad = (field: string): KnowledgeError =>
    new KnowledgeError(KnowledgeErrorCode.invalidInput, `A source yielded a document with an invalid ${field}`, { field, externalId: String(document.externalId ?? '') });
  if (typeof document.externalId !== 'string' || document.externalId.length === 0 || document.externalId.length > 2000) throw bad('externalId');
  if (typeof document.markdown !== 'string') throw bad('markdown');
  if (typeof document.title !== 'string') throw bad('title');
  if (document.visibility !== 'public' && document.visibility !== 'internal') throw bad('visibility');
  if (document.updatedAt !== null && document.updatedAt !== undefined && Number.isNaN(Date.parse(document.updatedAt))) throw bad('updatedAt');
}

/**
 * Turns a source document into the document row to write: normalised fields and a content hash
 * over everything the stored rows are made from. Cheap: an unchanged document stops here.
 */
export function describeDocument(
  source: SourceDocument,
  context: { tenantId: string; sourceId: string; embeddingModel: string; embeddingDims: number; chunking: IngestChunkingOptions },
): Omit<DocumentToWrite, 'id'> {
  check(source);
  const title = source.title.trim();
  const locale = normalizeLocale(source.locale);
  const sectionPath = (source.sectionPath ?? []).map((part) => part.trim()).filter((part) => part.length > 0);
  const metadata: Record<string, JsonValue> = { ...(source.metadata ?? {}) };
  const contentHash = sha256(
    JSON.stringify([title, source.url, locale, source.visibility, sectionPath, source.updatedAt ?? null, metadata, source.markdown]),
  );
  return {
    tenantId: context.tenantId,
    sourceId: context.sourceId,
    externalId: source.externalId,
    title,
    url: source.url,
    locale,
    textConfig: textSearchConfig(locale),
    visibility: source.visibility,
    sectionPath,
    contentHash,
    chunkingKey: ingestChunkingKey(context.chunking),
    embeddingModel: context.embeddingModel,
    embeddingDims: context.embeddingDims,
    sourceUpdatedAt: source.updatedAt ?? null,
    metadata,
  };
}

/** Chunks a described document: each chunk with its heading line and the text it is embedded as. */
export function prepareDocument(source: SourceDocument, document: Omit<DocumentToWrite, 'id'>, chunking: IngestChunkingOptions): PreparedDocument {
  const embedHeadings = chunking.embedHeadings !== false;
  const texts = new Map<string, string>();
  const chunks = chunkMarkdown(source.markdown, chunking).map((chunk) => {
    const heading = headingLine(document.title, document.sectionPath, chunk.sectionPath);
    const text = embedHeadings && heading.length > 0 ? `${heading}\n${chunk.content}` : chunk.content;
    const hash = sha256(text);
    texts.set(hash, text);
    return {
      position: chunk.position,
      sectionPath: [...document.sectionPath, ...chunk.sectionPath],
      heading,
      content: chunk.content,
      contentHash: hash,
      charCount: chunk.content.length,
      // About four characters per token in English; an estimate for budgeting prompts, not a tokenizer.
      tokenCount: Math.ceil(chunk.content.length / 4),
    };
  });
  return { document, chunks, texts };
}
