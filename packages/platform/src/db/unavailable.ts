import { isThreadlineError, type ThreadlineError } from '../errors.js';
import { DbErrorCode, PlatformError } from './errors.js';

/** Node socket errors that mean the database server cannot be reached (or went away mid-query). */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server going away: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
 * and 53300 too_many_connections (the server is up but takes no one else right now).
 * The whole class 08 (connection exception) is matched by its prefix below.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** How long a caller is asked to wait before trying again while the database is away. */
export const DB_RETRY_AFTER_MS = 5_000;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when an error's code says the database is unreachable or shutting down. Classified by the
 * node errno or Postgres SQLSTATE only, never by message text. Node's dual-stack connect reports
 * refusals on every address as an AggregateError; its members are checked too.
 */
export function hasUnavailableCode(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (CONNECTION_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return error instanceof AggregateError && error.errors.length > 0 && error.errors.every(hasUnavailableCode);
}

/**
 * The error every driver raises while the database is away: `upstream`, so the server's edge
 * answers 503 with `Retry-After` and a helpdesk redelivers the webhook later instead of dropping it.
 */
export function dbUnavailable(cause: unknown): ThreadlineError {
  if (isDbUnavailable(cause)) return cause;
  return new PlatformError(DbErrorCode.unavailable, 'The database is unavailable', { retryAfterMs: DB_RETRY_AFTER_MS }, cause);
}

export function isDbUnavailable(error: unknown): error is ThreadlineError {
  return isThreadlineError(error) && error.code === DbErrorCode.unavailable;
}
