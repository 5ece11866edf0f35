import { ThreadlineError, type JsonValue } from '../errors.js';

/** Error codes of the database layer. */
export const DbErrorCode = {
  unreachable: 'DB_UNREACHABLE',
  /** The database went away while the server runs (refused, terminated, shutting down, closed). */
  unavailable: 'DB_UNAVAILABLE',
  pgvectorMissing: 'DB_PGVECTOR_MISSING',
  pgvectorNotEnabled: 'DB_PGVECTOR_NOT_ENABLED',
  migrationChanged: 'DB_MIGRATION_CHANGED',
  migrationFailed: 'DB_MIGRATION_FAILED',
  dataDirLocked: 'DB_DATA_DIR_LOCKED',
  invalidUrl: 'DB_INVALID_URL',
} as const;

export function dbError(code: string, message: string, details: Record<string, JsonValue> = {}, cause?: unknown): ThreadlineError {
  return new ThreadlineError({ code, category: 'system', message, details, cause });
}
