import { ThreadlineError, type JsonValue } from '@threadline/platform';

/**
 * Why a source could not deliver a document. Callers branch on `code` (or `kind`), never on the message.
 *
 * | code | category | when |
 * | --- | --- | --- |
 * | `KNOWLEDGE_URL_INVALID` | user | not an absolute http(s) URL |
 * | `KNOWLEDGE_URL_UNREACHABLE` | user | DNS failure, refused connection, TLS failure, timeout |
 * | `KNOWLEDGE_URL_HTTP_ERROR` | user (4xx) / upstream (429, 5xx) | the server answered with an error status |
 * | `KNOWLEDGE_URL_NOT_HTML` | user | the URL serves something other than an HTML page |
 * | `KNOWLEDGE_URL_TOO_LARGE` | user | the page is bigger than the byte limit |
 * | `KNOWLEDGE_URL_DISALLOWED` | user | robots.txt forbids fetching it (or robots.txt itself answers 5xx) |
 * | `KNOWLEDGE_URL_FORBIDDEN_ADDRESS` | user | the host is, resolves to or redirects to a loopback, private, link-local or other non-public address outside the allowlist |
 * | `KNOWLEDGE_FILE_UNSUPPORTED_TYPE` | user | the file is none of the supported types |
 * | `KNOWLEDGE_FILE_UNREADABLE` | user | the file claims a type but cannot be parsed as it (corrupt, encrypted) |
 * | `KNOWLEDGE_FILE_NO_TEXT` | user | parsed fine but holds no text (a scanned PDF) |
 * | `KNOWLEDGE_SOURCE_INVALID_OPTIONS` | user | a source was configured with impossible options |
 */
export type KnowledgeSourceErrorKind =
  | 'url_invalid'
  | 'url_unreachable'
  | 'url_http_error'
  | 'url_not_html'
  | 'url_too_large'
  | 'url_disallowed'
  | 'url_forbidden_address'
  | 'file_unsupported_type'
  | 'file_unreadable'
  | 'file_no_text'
  | 'source_invalid_options';

const STATUS: Record<KnowledgeSourceErrorKind, number> = {
  url_invalid: 400,
  url_unreachable: 422,
  url_http_error: 422,
  url_not_html: 415,
  url_too_large: 413,
  url_disallowed: 403,
  url_forbidden_address: 422,
  file_unsupported_type: 415,
  file_unreadable: 422,
  file_no_text: 422,
  source_invalid_options: 400,
};

export interface KnowledgeSourceErrorOptions {
  kind: KnowledgeSourceErrorKind;
  message: string;
  details?: Record<string, JsonValue>;
  /** Defaults to `user`: the URL or file the admin gave is the problem. */
  category?: 'user' | 'upstream';
  cause?: unknown;
}

export class KnowledgeSourceError extends ThreadlineError {
  readonly kind: KnowledgeSourceErrorKind;

  constructor(options: KnowledgeSourceErrorOptions) {
    const category = options.category ?? 'user';
    super({
      code: `KNOWLEDGE_${options.kind.toUpperCase()}`,
      category,
      status: category === 'user' ? STATUS[options.kind] : undefined,
      message: options.message,
      details: options.details ?? {},
      cause: options.cause,
    });
    this.name = 'KnowledgeSourceError';
    this.kind = options.kind;
  }
}

export function isKnowledgeSourceError(error: unknown, kind?: KnowledgeSourceErrorKind): error is KnowledgeSourceError {
  return error instanceof KnowledgeSourceError && (kind === undefined || error.kind === kind);
}
