import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { lockDataDir } from './data-dir-lock.js';
import { release, takeReusable } from './pglite-reuse.js';
import { isEmptyDataDir, pgliteTemplate } from './pglite-template.js';
import { dbUnavailable } from './unavailable.js';
import type { Db, Queryable, QueryResult } from './types.js';

// int8 (counts, sums) comes back as a JS number from both drivers; ids we store fit in 2^53.
const parsers = { [types.INT8]: (value: string) => Number(value) };

/**
 * A closed database is this driver's outage. PGlite marks it with no error code, so the state
 * decides, not the message: whatever failed while it is closed failed because it is closed. A
 * handle closed by its owner is closed too, even when its in-memory database lives on for reuse.
 */
async function guarded<T>(isClosed: () => boolean, run: () => Promise<T>): Promise<T> {
  if (isClosed()) throw dbUnavailable(new Error('PGlite is closed'));
  try {
    return await run();
  } catch (error) {
    if (isClosed()) throw dbUnavailable(error);
    throw error;
  }
}

function wrap(isClosed: () => boolean, target: PGlite | Transaction): Queryable {
  return {
    query: <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> =>
      guarded(isClosed, async () => {
        const result = await target.query<Row>(sql, params as unknown[]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }),
    exec: (sql: string): Promise<void> =>
      guarded(isClosed, async () => {
        await target.exec(sql);
      }),
  };
}

/** Opens embedded Postgres (PGlite) with pgvector, in memory or persisted to `dataDir`. */
export async function openPgliteDb(options: { dataDir?: string; withVector?: boolean }): Promise<Db> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  let unlock = (): void => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const withVector = options.withVector !== false;
  let pglite: PGlite;
  try {
    const template = dataDir === undefined || isEmptyDataDir(dataDir) ? pgliteTemplate() : undefined;
    pglite =
      (dataDir === undefined ? takeReusable(withVector) : undefined) ??
      (await PGlite.create({
        ...(dataDir === undefined ? {} : { dataDir }),
        ...(template === undefined ? {} : { loadDataDir: template }),
        extensions: withVector ? { vector } : {},
        parsers,
      }));
  } catch (error) {
    unlock();
    throw error;
  }
  let isHandleClosed = false;
  const isClosed = () => isHandleClosed || pglite.closed;
  const queryable = wrap(isClosed, pglite);
  return {
    driver: 'pglite',
    location: dataDir === undefined ? 'pglite (in memory)' : `pglite at ${dataDir}`,
    query: queryable.query,
    exec: queryable.exec,
    transaction: (fn) => guarded(isClosed, () => pglite.transaction((tx) => fn(wrap(isClosed, tx)))),
    async close() {
      if (isHandleClosed) return;
      isHandleClosed = true;
      try {
        if (dataDir === undefined) await release(pglite, withVector);
        else if (!pglite.closed) await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
