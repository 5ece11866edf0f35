import { ThreadlineError, type ErrorCategory, type JsonValue } from '@threadline/platform';

/**
 * Error codes of the knowledge index (store, embeddings, ingestion, retrieval, sync jobs).
 * Callers branch on `code`, never on the message.
 */
export const KnowledgeErrorCode = {
  sourceNotFound: 'KNOWLEDGE_SOURCE_NOT_FOUND',
  documentNotFound: 'KNOWLEDGE_DOCUMENT_NOT_FOUND',
  jobNotFound: 'KNOWLEDGE_JOB_NOT_FOUND',
  invalidInput: 'KNOWLEDGE_INVALID_INPUT',
  /** The local model could not load or crashed. */
  embedderUnavailable: 'KNOWLEDGE_EMBEDDER_UNAVAILABLE',
  /** An embedding API refused the key. */
  embedderAuth: 'KNOWLEDGE_EMBEDDER_AUTH',
  /** An embedding API kept answering 429 after the retries. */
  embedderRateLimited: 'KNOWLEDGE_EMBEDDER_RATE_LIMITED',
  /** An embedding API was unreachable, timed out or answered 5xx after the retries. */
  embedderUpstream: 'KNOWLEDGE_EMBEDDER_UPSTREAM',
  /** An embedding API answered 2xx with a body that is not what its wire format promises. */
  embedderProtocol: 'KNOWLEDGE_EMBEDDER_PROTOCOL',
  /** An embedding API rejected the request (4xx other than auth and rate limit). */
  embedderRejected: 'KNOWLEDGE_EMBEDDER_REJECTED',
  /** An embedder returned vectors of another size than it declares. */
  dimensionMismatch: 'KNOWLEDGE_EMBEDDING_DIMENSION_MISMATCH',
  /** A sync was stopped (shutdown or abort signal) before the source was read to the end. */
  syncAborted: 'KNOWLEDGE_SYNC_ABORTED',
  /** The index found itself in a state its own code should have prevented (a bug, not bad input). */
  internal: 'KNOWLEDGE_INTERNAL',
} as const;

export type KnowledgeErrorCodeValue = (typeof KnowledgeErrorCode)[keyof typeof KnowledgeErrorCode];

const CATEGORY: Record<KnowledgeErrorCodeValue, ErrorCategory> = {
  KNOWLEDGE_SOURCE_NOT_FOUND: 'user',
  KNOWLEDGE_DOCUMENT_NOT_FOUND: 'user',
  KNOWLEDGE_JOB_NOT_FOUND: 'user',
  KNOWLEDGE_INVALID_INPUT: 'user',
  KNOWLEDGE_EMBEDDER_UNAVAILABLE: 'system',
  KNOWLEDGE_EMBEDDER_AUTH: 'upstream',
  KNOWLEDGE_EMBEDDER_RATE_LIMITED: 'upstream',
  KNOWLEDGE_EMBEDDER_UPSTREAM: 'upstream',
  KNOWLEDGE_EMBEDDER_PROTOCOL: 'upstream',
  KNOWLEDGE_EMBEDDER_REJECTED: 'upstream',
  KNOWLEDGE_EMBEDDING_DIMENSION_MISMATCH: 'system',
  KNOWLEDGE_SYNC_ABORTED: 'system',
  KNOWLEDGE_INTERNAL: 'system',
};

const STATUS: Partial<Record<KnowledgeErrorCodeValue, number>> = {
  KNOWLEDGE_SOURCE_NOT_FOUND: 404,
  KNOWLEDGE_DOCUMENT_NOT_FOUND: 404,
  KNOWLEDGE_JOB_NOT_FOUND: 404,
  KNOWLEDGE_INVALID_INPUT: 422,
};

/** An error of the knowledge index; its category follows from its code. */
export class KnowledgeError extends ThreadlineError {
  override readonly code: KnowledgeErrorCodeValue;

  constructor(code: KnowledgeErrorCodeValue, message: string, details: Record<string, JsonValue> = {}, cause?: unknown) {
    super({ code, category: CATEGORY[code], status: STATUS[code], message, details, cause });
    this.name = 'KnowledgeError';
    this.code = code;
  }
}

/** True for a `KnowledgeError`, optionally of one code. */
export function isKnowledgeError(error: unknown, code?: KnowledgeErrorCodeValue): error is KnowledgeError {
  return error instanceof KnowledgeError && (code === undefined || error.code === code);
}
