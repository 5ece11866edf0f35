import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { DbErrorCode, PlatformError } from './errors.js';
import { isEmptyDataDir, pgliteTemplate } from './pglite-template.js';
import { dbUnavailable } from './unavailable.js';
import type { Db, Queryable, QueryResult } from './types.js';

// int8 (counts, sums) comes back as a JS number from both drivers; ids we store fit in 2^53.
const parsers = { [types.INT8]: (value: string) => Number(value) };

/**
 * A closed PGlite is this driver's outage. PGlite marks it with no error code, so the state of the
 * instance decides, not the message: whatever failed while it is closed failed because it is closed.
 */
async function guarded<T>(pglite: PGlite, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (pglite.closed) throw dbUnavailable(error);
    throw error;
  }
}

function wrap(pglite: PGlite, target: PGlite | Transaction): Queryable {
  return {
    query: <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> =>
      guarded(pglite, async () => {
        const result = await target.query<Row>(sql, params as unknown[]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }),
    exec: (sql: string): Promise<void> =>
      guarded(pglite, async () => {
        await target.exec(sql);
      }),
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps one Postgres in this process; two processes on one folder would corrupt it,
 * so the folder gets a lock file holding the owner's pid (stale locks of dead processes are taken over).
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dirname(dataDir), `${dataDir.split('/').pop() ?? 'pgdata'}.lock`);
  mkdirSync(dirname(lockPath), { recursive: true });
  try {
    const owner = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
      throw new PlatformError(
        DbErrorCode.dataDirLocked,
        `The data folder ${dataDir} is in use by process ${owner}; stop it first or set THREADLINE_DATA_DIR to another folder`,
        { dataDir, pid: owner },
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

/** Opens embedded Postgres (PGlite) with pgvector, in memory or persisted to `dataDir`. */
export async function openPgliteDb(options: { dataDir?: string; withVector?: boolean }): Promise<Db> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  let unlock = (): void => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    const template = dataDir === undefined || isEmptyDataDir(dataDir) ? pgliteTemplate() : undefined;
    pglite = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(template === undefined ? {} : { loadDataDir: template }),
      extensions: options.withVector === false ? {} : { vector },
      parsers,
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const queryable = wrap(pglite, pglite);
  return {
    driver: 'pglite',
    location: dataDir === undefined ? 'pglite (in memory)' : `pglite at ${dataDir}`,
    query: queryable.query,
    exec: queryable.exec,
    transaction: (fn) => guarded(pglite, () => pglite.transaction((tx) => fn(wrap(pglite, tx)))),
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
