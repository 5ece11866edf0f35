import { openPgliteDb } from './pglite-driver.js';
import { openPgliteWorkerDb } from './pglite-worker-driver.js';
import { openPostgresDb } from './postgres-driver.js';
import type { Db, DbOptions } from './types.js';

export type { Db, DbDriver, DbOptions, PgliteThread, Queryable, QueryResult } from './types.js';
export { DbErrorCode } from './errors.js';
export { dbUnavailable, isDbUnavailable, hasUnavailableCode, DB_RETRY_AFTER_MS } from './unavailable.js';
export { migrate, ensurePgvector, type MigrationSet, type MigrationResult } from './migrate.js';
export { toVectorSql, fromVectorSql } from './vector.js';
export { describePostgresUrl } from './postgres-driver.js';
export { platformMigrations } from './platform-migrations.js';
export { ensurePgliteTemplate, PGLITE_TEMPLATE_ENV } from './pglite-template.js';

/**
 * Opens the database the options name: embedded PGlite (in a worker thread for a data folder, in
 * this thread in memory, unless `thread` says otherwise) or a native Postgres pool.
 */
export function openDb(options: DbOptions): Promise<Db> {
  if (options.driver === 'postgres') return openPostgresDb(options);
  const thread = options.thread ?? (options.dataDir === undefined ? 'inline' : 'worker');
  return thread === 'worker' ? openPgliteWorkerDb(options) : openPgliteDb(options);
}
