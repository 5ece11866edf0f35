import { defineErrorCatalogue, errorClassFor } from '../error-catalogue.js';

/** Error codes of the platform (the database layer is all of it that fails on purpose). */
export const DbErrorCode = {
  unreachable: 'PLATFORM_DB_UNREACHABLE',
  /** The database went away while the server runs (refused, terminated, shutting down, closed). */
  unavailable: 'PLATFORM_DB_UNAVAILABLE',
  pgvectorMissing: 'PLATFORM_DB_PGVECTOR_MISSING',
  pgvectorNotEnabled: 'PLATFORM_DB_PGVECTOR_NOT_ENABLED',
  migrationChanged: 'PLATFORM_DB_MIGRATION_CHANGED',
  migrationFailed: 'PLATFORM_DB_MIGRATION_FAILED',
  dataDirLocked: 'PLATFORM_DB_DATA_DIR_LOCKED',
  invalidUrl: 'PLATFORM_DB_INVALID_URL',
} as const;

export type PlatformErrorCode = (typeof DbErrorCode)[keyof typeof DbErrorCode];

/** The platform's catalogue: read by the errors test and the generated errors reference. */
export const PlatformErrors = defineErrorCatalogue<PlatformErrorCode>({
  package: '@threadline/platform',
  prefixes: ['PLATFORM_'],
  codes: {
    PLATFORM_DB_UNREACHABLE: { category: 'system', description: 'The database named by DATABASE_URL cannot be reached at boot (refused, unknown host, wrong credentials).' },
    PLATFORM_DB_UNAVAILABLE: {
      category: 'upstream',
      problem: 'unavailable',
      description: 'The database went away while the server runs; the request is answered 503 with Retry-After and a helpdesk redelivers its webhook later.',
    },
    PLATFORM_DB_PGVECTOR_MISSING: { category: 'system', description: 'The Postgres server has no pgvector extension installed.' },
    PLATFORM_DB_PGVECTOR_NOT_ENABLED: { category: 'system', description: 'pgvector is installed but not enabled in the database, and the role may not create it.' },
    PLATFORM_DB_MIGRATION_CHANGED: { category: 'system', description: 'A migration that already ran was edited afterwards; migrations are append-only.' },
    PLATFORM_DB_MIGRATION_FAILED: { category: 'system', description: 'A migration failed; nothing of it was applied.' },
    PLATFORM_DB_DATA_DIR_LOCKED: { category: 'system', description: 'Another process holds the embedded database directory (.threadline/); stop it or point THREADLINE_DATA_DIR elsewhere.' },
    PLATFORM_DB_INVALID_URL: { category: 'system', description: 'DATABASE_URL is not a postgres:// URL.' },
  },
});

/** An error of the platform; its category and problem follow from its code. */
export class PlatformError extends errorClassFor(PlatformErrors, 'PlatformError') {}
