import { defineErrorCatalogue, errorClassFor, type JsonValue } from '@threadline/platform';

/**
 * Error codes of the knowledge index (store, embeddings, ingestion, retrieval, sync jobs).
 * Callers branch on `code`, never on the message.
 */
export const KnowledgeErrorCode = {
  sourceNotFound: 'KNOWLEDGE_SOURCE_NOT_FOUND',
  documentNotFound: 'KNOWLEDGE_DOCUMENT_NOT_FOUND',
  jobNotFound: 'KNOWLEDGE_JOB_NOT_FOUND',
  invalidInput: 'KNOWLEDGE_INVALID_INPUT',
  embedderUnavailable: 'KNOWLEDGE_EMBEDDER_UNAVAILABLE',
  embedderAuth: 'KNOWLEDGE_EMBEDDER_AUTH',
  embedderRateLimited: 'KNOWLEDGE_EMBEDDER_RATE_LIMITED',
  embedderUpstream: 'KNOWLEDGE_EMBEDDER_UPSTREAM',
  embedderProtocol: 'KNOWLEDGE_EMBEDDER_PROTOCOL',
  embedderRejected: 'KNOWLEDGE_EMBEDDER_REJECTED',
  dimensionMismatch: 'KNOWLEDGE_EMBEDDING_DIMENSION_MISMATCH',
  syncAborted: 'KNOWLEDGE_SYNC_ABORTED',
  internal: 'KNOWLEDGE_INTERNAL',
} as const;

export type KnowledgeErrorCodeValue = (typeof KnowledgeErrorCode)[keyof typeof KnowledgeErrorCode];

/**
 * Error codes of the answer engine. `answer()` recovers from every model error by falling back to
 * the offline path (unless told not to); these reach callers of `rewrite()`, `summarize()` with a
 * model, or `answer()` with `fallbackOnModelError: false`.
 */
export const AnswerErrorCode = {
  invalidRequest: 'KNOWLEDGE_ANSWER_INVALID_REQUEST',
  modelAuth: 'KNOWLEDGE_ANSWER_MODEL_AUTH',
  modelRateLimited: 'KNOWLEDGE_ANSWER_MODEL_RATE_LIMITED',
  modelUpstream: 'KNOWLEDGE_ANSWER_MODEL_UPSTREAM',
  modelTimeout: 'KNOWLEDGE_ANSWER_MODEL_TIMEOUT',
  modelRejected: 'KNOWLEDGE_ANSWER_MODEL_REJECTED',
  modelOutputInvalid: 'KNOWLEDGE_ANSWER_MODEL_OUTPUT_INVALID',
  resultInvalid: 'KNOWLEDGE_ANSWER_RESULT_INVALID',
} as const;

export type AnswerErrorCodeValue = (typeof AnswerErrorCode)[keyof typeof AnswerErrorCode];

/** Why a source could not deliver a document: `KNOWLEDGE_` and the kind in upper case. */
export type KnowledgeSourceErrorKind =
  | 'url_invalid'
  | 'url_unreachable'
  | 'url_http_error'
  | 'url_server_error'
  | 'url_not_html'
  | 'url_too_large'
  | 'url_disallowed'
  | 'url_forbidden_address'
  | 'file_unsupported_type'
  | 'file_unreadable'
  | 'file_no_text'
  | 'source_invalid_options';

export type KnowledgeSourceErrorCode = `KNOWLEDGE_${Uppercase<KnowledgeSourceErrorKind>}`;

/** The knowledge package's one catalogue: the index, the answer engine and the sources. */
export const KnowledgeErrors = defineErrorCatalogue<KnowledgeErrorCodeValue | AnswerErrorCodeValue | KnowledgeSourceErrorCode>({
  package: '@threadline/knowledge',
  prefixes: ['KNOWLEDGE_'],
  codes: {
    // The index.
    KNOWLEDGE_SOURCE_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No knowledge source with this id in the tenant.' },
    KNOWLEDGE_DOCUMENT_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No knowledge document with this id in the tenant.' },
    KNOWLEDGE_JOB_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No knowledge sync job with this id in the tenant.' },
    KNOWLEDGE_INVALID_INPUT: { category: 'user', problem: 'unprocessable', description: 'A search or ingestion input is outside what the index accepts.' },
    KNOWLEDGE_EMBEDDER_UNAVAILABLE: { category: 'system', description: 'The local embedding model could not load or crashed.' },
    KNOWLEDGE_EMBEDDER_AUTH: { category: 'upstream', description: 'An embedding API refused the key.' },
    KNOWLEDGE_EMBEDDER_RATE_LIMITED: { category: 'upstream', problem: 'rate_limited', description: 'An embedding API kept answering 429 after the retries.' },
    KNOWLEDGE_EMBEDDER_UPSTREAM: { category: 'upstream', description: 'An embedding API was unreachable, timed out or answered 5xx after the retries.' },
    KNOWLEDGE_EMBEDDER_PROTOCOL: { category: 'upstream', description: 'An embedding API answered 2xx with a body that is not what its wire format promises.' },
    KNOWLEDGE_EMBEDDER_REJECTED: { category: 'upstream', description: 'An embedding API rejected the request (4xx other than auth and rate limit).' },
    KNOWLEDGE_EMBEDDING_DIMENSION_MISMATCH: { category: 'system', description: 'An embedder returned vectors of another size than it declares.' },
    KNOWLEDGE_SYNC_ABORTED: { category: 'system', description: 'A sync was stopped (shutdown or abort signal) before the source was read to the end.' },
    KNOWLEDGE_INTERNAL: { category: 'system', description: 'The index found itself in a state its own code should have prevented (a bug, not bad input).' },
    // The answer engine.
    KNOWLEDGE_ANSWER_INVALID_REQUEST: { category: 'user', problem: 'unprocessable', description: 'The request does not match the AnswerRequest / RewriteRequest schema.' },
    KNOWLEDGE_ANSWER_MODEL_AUTH: { category: 'upstream', description: 'The model API refused the key (401/403).' },
    KNOWLEDGE_ANSWER_MODEL_RATE_LIMITED: { category: 'upstream', problem: 'rate_limited', description: 'The model API kept answering 429 after the retries.' },
    KNOWLEDGE_ANSWER_MODEL_UPSTREAM: { category: 'upstream', description: 'The model API was overloaded (529), answered 5xx, or was unreachable after the retries.' },
    KNOWLEDGE_ANSWER_MODEL_TIMEOUT: { category: 'upstream', problem: 'timeout', description: 'The model call exceeded its timeout after the retries.' },
    KNOWLEDGE_ANSWER_MODEL_REJECTED: { category: 'upstream', description: 'The model API rejected the request (4xx other than auth and rate limit).' },
    KNOWLEDGE_ANSWER_MODEL_OUTPUT_INVALID: { category: 'upstream', description: 'The model answered, but not with a tool call matching the schema.' },
    KNOWLEDGE_ANSWER_RESULT_INVALID: { category: 'system', description: 'The engine built a result that breaks its own schema: a bug, never the caller\'s fault.' },
    // The sources: the URL or file an admin gave is the problem, unless the site itself failed.
    KNOWLEDGE_URL_INVALID: { category: 'user', description: 'Not an absolute http(s) URL.' },
    KNOWLEDGE_URL_UNREACHABLE: { category: 'user', problem: 'unprocessable', description: 'DNS failure, refused connection, TLS failure or timeout.' },
    KNOWLEDGE_URL_HTTP_ERROR: { category: 'user', problem: 'unprocessable', description: 'The site answered a 4xx status (other than 429) for the page.' },
    KNOWLEDGE_URL_SERVER_ERROR: { category: 'upstream', description: 'The site answered 429 or 5xx; a later sync may succeed.' },
    KNOWLEDGE_URL_NOT_HTML: { category: 'user', problem: 'unsupported_type', description: 'The URL serves something other than an HTML page.' },
    KNOWLEDGE_URL_TOO_LARGE: { category: 'user', problem: 'too_large', description: 'The page is bigger than the byte limit.' },
    KNOWLEDGE_URL_DISALLOWED: { category: 'user', problem: 'forbidden', description: 'robots.txt forbids fetching it (or robots.txt itself answers 5xx).' },
    KNOWLEDGE_URL_FORBIDDEN_ADDRESS: {
      category: 'user',
      problem: 'unprocessable',
      description: 'The host is, resolves to or redirects to a loopback, private, link-local or other non-public address outside THREADLINE_FETCH_ALLOW.',
    },
    KNOWLEDGE_FILE_UNSUPPORTED_TYPE: { category: 'user', problem: 'unsupported_type', description: 'The file is none of the supported types.' },
    KNOWLEDGE_FILE_UNREADABLE: { category: 'user', problem: 'unprocessable', description: 'The file claims a type but cannot be parsed as it (corrupt, encrypted).' },
    KNOWLEDGE_FILE_NO_TEXT: { category: 'user', problem: 'unprocessable', description: 'The file parsed fine but holds no text (a scanned PDF).' },
    KNOWLEDGE_SOURCE_INVALID_OPTIONS: { category: 'user', description: 'A source was configured with impossible options.' },
  },
});

/** An error of the knowledge index; its category follows from its code. */
export class KnowledgeError extends errorClassFor(KnowledgeErrors, 'KnowledgeError') {
  declare readonly code: KnowledgeErrorCodeValue;

  constructor(code: KnowledgeErrorCodeValue, message: string, details: Record<string, JsonValue> = {}, cause?: unknown) {
    super(code, message, details, cause);
  }
}

/** True for a `KnowledgeError`, optionally of one code. */
export function isKnowledgeError(error: unknown, code?: KnowledgeErrorCodeValue): error is KnowledgeError {
  return error instanceof KnowledgeError && (code === undefined || error.code === code);
}

export interface AnswerErrorOptions {
  /**
   * Whether the same request may succeed if sent again (a 429, a 5xx, a timeout). Decided where
   * the error is made, from the status or the failure, so retry loops never re-derive it.
   * Default false.
   */
  isRetryable?: boolean;
}

/** An error of the answer engine; its category follows from its code. */
export class AnswerError extends errorClassFor(KnowledgeErrors, 'AnswerError') {
  declare readonly code: AnswerErrorCodeValue;
  readonly isRetryable: boolean;

  constructor(code: AnswerErrorCodeValue, message: string, details: Record<string, JsonValue> = {}, cause?: unknown, options: AnswerErrorOptions = {}) {
    super(code, message, details, cause);
    this.isRetryable = options.isRetryable ?? false;
  }
}

/** True for an `AnswerError`, optionally of one code. */
export function isAnswerError(error: unknown, code?: AnswerErrorCodeValue): error is AnswerError {
  return error instanceof AnswerError && (code === undefined || error.code === code);
}

/** Why a source could not deliver a document. Callers branch on `code` (or `kind`), never on the message. */
export class KnowledgeSourceError extends errorClassFor(KnowledgeErrors, 'KnowledgeSourceError') {
  declare readonly code: KnowledgeSourceErrorCode;
  readonly kind: KnowledgeSourceErrorKind;

  constructor(code: KnowledgeSourceErrorCode, message: string, details: Record<string, JsonValue> = {}, cause?: unknown) {
    super(code, message, details, cause);
    this.kind = code.slice('KNOWLEDGE_'.length).toLowerCase() as KnowledgeSourceErrorKind;
  }
}

export function isKnowledgeSourceError(error: unknown, kind?: KnowledgeSourceErrorKind): error is KnowledgeSourceError {
  return error instanceof KnowledgeSourceError && (kind === undefined || error.kind === kind);
}
