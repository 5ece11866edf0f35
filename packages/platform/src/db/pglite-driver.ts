import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { DbErrorCode, dbError } from './errors.js';
import type { Db, Queryable, QueryResult } from './types.js';

// int8 (counts, sums) comes back as a JS number from both drivers; ids we store fit in 2^53.
const parsers = { [types.INT8]: (value: string) => Number(value) };

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
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
      throw dbError(
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
    pglite = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      extensions: options.withVector === false ? {} : { vector },
      parsers,
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const queryable = wrap(pglite);
  return {
    driver: 'pglite',
    location: dataDir === undefined ? 'pglite (in memory)' : `pglite at ${dataDir}`,
    query: queryable.query,
    exec: queryable.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
