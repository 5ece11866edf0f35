import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.js';
import { isEmptyDataDir, pgliteTemplate } from './pglite-template.js';
import type { PgliteWorkerData, PgliteWorkerMessage, PgliteWorkerQueryResult, PgliteWorkerRequest, SerializedError } from './pglite-worker-protocol.js';
import { dbUnavailable } from './unavailable.js';
import type { Db, Queryable, QueryResult } from './types.js';

/** The worker's entry, beside this module (plain JavaScript, so it loads with or without a TypeScript loader). */
const WORKER_ENTRY = new URL('./pglite-worker.mjs', import.meta.url);

/** Distributes a request over the union's members, so each keeps its own fields. */
type Request = PgliteWorkerRequest extends infer R ? (R extends PgliteWorkerRequest ? Omit<R, 'id'> : never) : never;

/** A Postgres error as the in-process driver raises it: the same name, message and fields (`code`, `detail`, …). */
function toError(data: SerializedError): Error {
  const { stack, ...fields } = data;
  const error = Object.assign(new Error(data.message), fields);
  if (stack !== undefined) error.stack = stack;
  return error;
}

export interface PgliteWorkerOptions {
  dataDir?: string;
  withVector?: boolean;
  /** The worker's entry file; tests name one that fails on purpose. */
  workerEntry?: URL;
}

/**
 * Opens embedded Postgres (PGlite) in a worker thread, in memory or persisted to `dataDir`: the
 * same `Db` as the in-process driver, but PGlite's WebAssembly Postgres runs its SQL on the worker's
 * thread, so the server's event loop only posts the statement and takes the rows.
 *
 * Transactions are held open in the worker between the main thread's `begin` and its commit or
 * rollback; PGlite runs one at a time, so concurrent ones wait for each other as before. A worker
 * that is closed, fails to answer because it died, or exits is this driver's outage
 * (`PLATFORM_DB_UNAVAILABLE`): the server answers 503 and a helpdesk redelivers later.
 *
 * @example
 * const db = await openPgliteWorkerDb({ dataDir: '.threadline/pgdata' });
 * const { rows } = await db.query<{ n: number }>('select count(*) as n from tenants');
 * await db.close(); // ends the thread
 */
export async function openPgliteWorkerDb(options: PgliteWorkerOptions): Promise<Db> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  let unlock = (): void => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let worker: Worker | undefined;
  try {
    const template = dataDir === undefined || isEmptyDataDir(dataDir) ? pgliteTemplate() : undefined;
    const bytes = template === undefined ? undefined : new Uint8Array(await template.arrayBuffer());
    const workerData: PgliteWorkerData = { dataDir, withVector: options.withVector !== false, template: bytes };
    // No loader flags: the entry is plain JavaScript, and the parent's (tsx, the test runner's) would only slow its start.
    worker = new Worker(options.workerEntry ?? WORKER_ENTRY, { workerData, transferList: bytes ? [bytes.buffer as ArrayBuffer] : [], execArgv: [] });
    await started(worker);
  } catch (error) {
    // A worker whose database did not open ends now, whatever PGlite left running in it.
    await worker?.terminate();
    unlock();
    throw error;
  }
  return connect(worker, { location: dataDir === undefined ? 'pglite (in memory, worker thread)' : `pglite at ${dataDir} (worker thread)`, unlock });
}

/** Resolves once the worker's database is open; rejects with its error (and lets the thread end) when it is not. */
function started(worker: Worker): Promise<void> {
  return new Promise((resolveStart, rejectStart) => {
    const onMessage = (message: PgliteWorkerMessage) => {
      if (message.kind !== 'ready' && message.kind !== 'failed') return;
      done();
      if (message.kind === 'ready') resolveStart();
      else rejectStart(toError(message.error));
    };
    const onError = (error: Error) => {
      done();
      rejectStart(error);
    };
    const onExit = (code: number) => {
      done();
      rejectStart(new Error(`the PGlite worker exited with code ${code} before its database opened`));
    };
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** The `Db` over a started worker. */
function connect(worker: Worker, { location, unlock }: { location: string; unlock: () => void }): Db {
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: unknown) => void }>();
  let lastId = 0;
  let isClosed = false;
  /** Why the worker is gone, once it is (its uncaught error, or its exit). */
  let lost: Error | undefined;

  // An idle worker does not keep the process alive (as an idle in-process PGlite does not); a
  // request in flight does, so a command that awaits a query is not cut short.
  worker.unref();
  const settle = (id: number) => {
    const call = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return call;
  };
  const loseWorker = (cause: Error) => {
    lost ??= cause;
    for (const id of [...pending.keys()]) settle(id)?.reject(dbUnavailable(lost));
  };
  worker.on('message', (message: PgliteWorkerMessage) => {
    if (message.kind !== 'reply') return;
    const call = settle(message.id);
    if (message.ok) call?.resolve(message.result);
    // Whatever fails once the handle is closed failed because it is closed (as in the in-process driver).
    else call?.reject(isClosed ? dbUnavailable(toError(message.error)) : toError(message.error));
  });
  worker.on('error', (error) => loseWorker(error));
  worker.on('messageerror', (error) => loseWorker(error));
  worker.on('exit', (code) => loseWorker(new Error(isClosed ? 'PGlite is closed' : `the PGlite worker exited with code ${code}`)));

  const send = <T>(request: Request): Promise<T> => {
    if (lost) return Promise.reject(dbUnavailable(lost));
    const id = ++lastId;
    return new Promise<T>((resolveCall, rejectCall) => {
      try {
        // A parameter that cannot cross (a function) fails here, as the caller's error.
        worker.postMessage({ ...request, id });
      } catch (error) {
        rejectCall(error);
        return;
      }
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolveCall as (result: unknown) => void, reject: rejectCall });
    });
  };
  const call = <T>(request: Request): Promise<T> => (isClosed ? Promise.reject(dbUnavailable(new Error('PGlite is closed'))) : send<T>(request));

  const queryable = (tx?: number): Queryable => ({
    query: async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
      const result = await call<PgliteWorkerQueryResult>({ op: 'query', sql, params, ...(tx === undefined ? {} : { tx }) });
      return { rows: result.rows as Row[], rowCount: result.rowCount };
    },
    exec: async (sql: string): Promise<void> => {
      await call({ op: 'exec', sql, ...(tx === undefined ? {} : { tx }) });
    },
  });
  const { query, exec } = queryable();

  return {
    driver: 'pglite',
    location,
    query,
    exec,
    async transaction(fn) {
      const tx = await call<number>({ op: 'begin' });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(queryable(tx));
      } catch (error) {
        // The callback's error is the one to see; a rollback that fails (the worker gone) adds nothing to it.
        await call({ op: 'rollback', tx }).catch(() => {});
        throw error;
      }
      await call({ op: 'commit', tx });
      return result;
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      try {
        // Closes Postgres cleanly (its files flushed) before the thread goes.
        if (!lost) await send({ op: 'close' });
      } finally {
        await worker.terminate();
        unlock();
      }
    },
  };
}
