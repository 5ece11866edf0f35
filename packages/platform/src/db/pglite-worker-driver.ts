import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { trackWorkerCalls, type WorkerCalls } from '../worker-calls.js';
import { lockDataDir } from './data-dir-lock.js';
import { isReuseOn, resetToPristine } from './pglite-reuse.js';
import { isEmptyDataDir, pgliteTemplate } from './pglite-template.js';
import type { PgliteWorkerData, PgliteWorkerMessage, PgliteWorkerQueryResult, PgliteWorkerRequest, SerializedError } from './pglite-worker-protocol.js';
import { DB_RETRY_AFTER_MS, dbUnavailable } from './unavailable.js';
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
  /**
   * How long after losing its worker the driver starts a new one on the next call (a data folder
   * only: an in-memory database died with its worker). Default: the `Retry-After` callers are given.
   */
  restartAfterMs?: number;
}

/**
 * Opens embedded Postgres (PGlite) in a worker thread, in memory or persisted to `dataDir`: the
 * same `Db` as the in-process driver, but PGlite's WebAssembly Postgres runs its SQL on the worker's
 * thread, so the server's event loop only posts the statement and takes the rows.
 *
 * Transactions are held open in the worker between the main thread's `begin` and its commit or
 * rollback; PGlite runs one at a time, so concurrent ones wait for each other as before. A worker
 * that is closed, fails to answer because it died, or exits is this driver's outage
 * (`PLATFORM_DB_UNAVAILABLE`): the server answers 503 and a helpdesk redelivers later. With a data
 * folder, the first call once `restartAfterMs` has passed starts a new worker on the same folder
 * (Postgres recovers it as after any crash), so the server comes back without a restart; the
 * transactions the lost worker held fail as the outage.
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
  const entry = options.workerEntry ?? WORKER_ENTRY;
  const withVector = options.withVector !== false;
  // An in-memory database's thread closed earlier in this process, reset, when reuse is on (tests).
  const reusable = dataDir === undefined && options.workerEntry === undefined && isReuseOn();
  const idle = reusable ? takeIdleWorker(withVector) : undefined;
  if (idle) return connect(idle, { location: 'pglite (in memory, worker thread)', unlock, restartAfterMs: 0, keep: (kept) => keepIdleWorker(kept, withVector) });
  let worker: Worker | undefined;
  try {
    const template = dataDir === undefined || isEmptyDataDir(dataDir) ? pgliteTemplate() : undefined;
    const bytes = template === undefined ? undefined : new Uint8Array(await template.arrayBuffer());
    worker = startWorker(entry, { dataDir, withVector, template: bytes });
    await started(worker);
  } catch (error) {
    // A worker whose database did not open ends now, whatever PGlite left running in it.
    await worker?.terminate();
    unlock();
    throw error;
  }
  return connect(worker, {
    location: dataDir === undefined ? 'pglite (in memory, worker thread)' : `pglite at ${dataDir} (worker thread)`,
    unlock,
    restartAfterMs: options.restartAfterMs ?? DB_RETRY_AFTER_MS,
    ...(reusable ? { keep: (kept: Worker) => keepIdleWorker(kept, withVector) } : {}),
    // The folder holds the cluster now: a new worker opens it as it is.
    ...(dataDir === undefined ? {} : { restart: () => startedWorker(startWorker(entry, { dataDir, withVector, template: undefined })) }),
  });
}

/** Idle threads of closed in-memory databases, reset, by whether pgvector was loaded (see pglite-reuse.ts). */
const idleWorkers = new Map<boolean, Set<Worker>>();

function takeIdleWorker(withVector: boolean): Worker | undefined {
  const pool = idleWorkers.get(withVector);
  const [worker] = pool ?? [];
  if (worker) pool?.delete(worker);
  return worker;
}

/** Keeps a reset thread for the next open; one that ends while idle leaves the pool. */
function keepIdleWorker(worker: Worker, withVector: boolean): void {
  const pool = idleWorkers.get(withVector) ?? new Set<Worker>();
  idleWorkers.set(withVector, pool);
  pool.add(worker);
  worker.unref();
  if (watchedWhileIdle.has(worker)) return;
  watchedWhileIdle.add(worker);
  worker.once('exit', () => pool.delete(worker));
  // An idle thread's errors end it; they are no caller's (an owner's own listeners report them).
  worker.on('error', () => {});
}

/** Threads that already carry the pool's listeners (a thread is kept again after each reuse). */
const watchedWhileIdle = new WeakSet<Worker>();

function startWorker(entry: URL, workerData: PgliteWorkerData): Worker {
  const transferList = workerData.template ? [workerData.template.buffer as ArrayBuffer] : [];
  // No loader flags: the entry is plain JavaScript, and the parent's (tsx, the test runner's) would only slow its start.
  return new Worker(entry, { workerData, transferList, execArgv: [] });
}

/** The worker once its database is open; ended when it did not open. */
async function startedWorker(worker: Worker): Promise<Worker> {
  try {
    await started(worker);
    return worker;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
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

interface ConnectOptions {
  location: string;
  unlock: () => void;
  restartAfterMs: number;
  /** A new worker on the same data; absent for an in-memory database. */
  restart?: () => Promise<Worker>;
  /** Takes the thread of a closed in-memory database, once reset, for the next open (reuse on). */
  keep?: (worker: Worker) => void;
}

/** A request the current worker has not answered yet. */
interface PendingCall {
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/** The `Db` over a started worker (and the ones that replace it when it is lost). */
function connect(first: Worker, { location, unlock, restartAfterMs, restart, keep }: ConnectOptions): Db {
  let worker = first;
  /** Which worker is current: a transaction belongs to the one that began it. */
  let generation = 0;
  /** The current worker's requests not answered yet (each worker has its own). */
  let calls: WorkerCalls<PendingCall>;
  let isClosed = false;
  /** Transactions begun and not yet ended: a thread holding one is not reset for reuse. */
  let openTransactions = 0;
  /** Takes the current worker's listeners off, so a kept thread answers its next owner only. */
  let detach = (): void => {};
  /** Why the current worker is gone, once it is (its uncaught error, or its exit), and since when. */
  let lost: Error | undefined;
  let lostAt = 0;
  let restarting: Promise<void> | undefined;
  /** Settles once the lost worker's thread has ended: a new one opens the folder only after that. */
  let lostThreadEnded: Promise<unknown> = Promise.resolve();

  const attach = (current: Worker, ofGeneration: number) => {
    // An idle worker does not keep the process alive (as an idle in-process PGlite does not); a
    // request in flight does, so a command that awaits a query is not cut short.
    const ownCalls = trackWorkerCalls<PendingCall, PgliteWorkerMessage>(current, (message) => {
      if (message.kind !== 'reply' || ofGeneration !== generation) return;
      const call = ownCalls.settle(message.id);
      if (message.ok) call?.resolve(message.result);
      // Whatever fails once the handle is closed failed because it is closed (as in the in-process driver).
      else call?.reject(isClosed ? dbUnavailable(toError(message.error)) : toError(message.error));
    });
    calls = ownCalls;
    const loseWorker = (cause: Error) => {
      if (ofGeneration !== generation || lost) return;
      lost = cause;
      lostAt = Date.now();
      for (const call of ownCalls.close()) call.reject(dbUnavailable(cause));
      lostThreadEnded = current.terminate().catch(() => {});
    };
    const onError = (error: Error) => loseWorker(error);
    const onExit = (code: number) => loseWorker(new Error(isClosed ? 'PGlite is closed' : `the PGlite worker exited with code ${code}`));
    current.on('error', onError);
    current.on('messageerror', onError);
    current.on('exit', onExit);
    detach = () => {
      ownCalls.close();
      current.off('error', onError);
      current.off('messageerror', onError);
      current.off('exit', onExit);
    };
  };
  attach(worker, generation);

  /** A new worker in place of the lost one, once `restartAfterMs` has passed; the outage until then. */
  const replaceLostWorker = async (): Promise<void> => {
    if (!restart || Date.now() - lostAt < restartAfterMs) throw dbUnavailable(lost);
    restarting ??= lostThreadEnded.then(restart).then(
      (next) => {
        restarting = undefined;
        if (isClosed) {
          void next.terminate();
          return;
        }
        worker = next;
        generation += 1;
        lost = undefined;
        attach(next, generation);
      },
      (error: unknown) => {
        restarting = undefined;
        lostAt = Date.now();
        throw error;
      },
    );
    try {
      await restarting;
    } catch (error) {
      throw dbUnavailable(error);
    }
  };

  /** `closing`: a request of `close` itself (the reset before a thread is kept, and the close). */
  const send = async <T>(request: Request, ofGeneration?: number, closing = false): Promise<T> => {
    if (isClosed && !closing) throw dbUnavailable(new Error('PGlite is closed'));
    if (lost) await replaceLostWorker();
    // A transaction dies with the worker that held it.
    if (ofGeneration !== undefined && ofGeneration !== generation) throw dbUnavailable(new Error('the PGlite worker holding this transaction was lost'));
    if (lost) throw dbUnavailable(lost);
    return new Promise<T>((resolveCall, rejectCall) => {
      const call = { resolve: resolveCall as (result: unknown) => void, reject: rejectCall };
      try {
        if (!calls.send(call, (id) => ({ ...request, id }))) rejectCall(dbUnavailable(lost ?? new Error('PGlite is closed')));
      } catch (error) {
        // A parameter that cannot cross (a function) fails here, as the caller's error.
        rejectCall(error);
      }
    });
  };

  const queryable = (tx?: { id: number; generation: number }): Queryable => ({
    query: async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
      const result = await send<PgliteWorkerQueryResult>({ op: 'query', sql, params, ...(tx === undefined ? {} : { tx: tx.id }) }, tx?.generation);
      return { rows: result.rows as Row[], rowCount: result.rowCount };
    },
    exec: async (sql: string): Promise<void> => {
      await send({ op: 'exec', sql, ...(tx === undefined ? {} : { tx: tx.id }) }, tx?.generation);
    },
  });
  const { query, exec } = queryable();

  /** Resets the in-memory database for the next open; false when it cannot be (the thread then ends). */
  const resetForReuse = async (): Promise<boolean> => {
    try {
      await resetToPristine({
        exec: (sql) => send({ op: 'exec', sql }, undefined, true),
        query: async <Row>(sql: string) => ({ rows: (await send<PgliteWorkerQueryResult>({ op: 'query', sql, params: [] }, undefined, true)).rows as Row[] }),
      });
      return true;
    } catch {
      return false;
    }
  };

  return {
    driver: 'pglite',
    location,
    query,
    exec,
    async transaction(fn) {
      if (lost && !isClosed) await replaceLostWorker();
      const ofGeneration = generation;
      openTransactions += 1;
      try {
        const tx = { id: await send<number>({ op: 'begin' }, ofGeneration), generation: ofGeneration };
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          result = await fn(queryable(tx));
        } catch (error) {
          // The callback's error is the one to see; a rollback that fails (the worker gone) adds nothing to it.
          await send({ op: 'rollback', tx: tx.id }, tx.generation).catch(() => {});
          throw error;
        }
        await send({ op: 'commit', tx: tx.id }, tx.generation);
        return result;
      } finally {
        openTransactions -= 1;
      }
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      try {
        if (keep && !lost && openTransactions === 0 && calls.size === 0 && (await resetForReuse())) {
          detach();
          keep(worker);
          return;
        }
        await restarting?.catch(() => {});
        // Closes Postgres cleanly (its files flushed) before the thread goes.
        if (!lost) await send({ op: 'close' }, undefined, true);
        await worker.terminate();
      } finally {
        unlock();
      }
    },
  };
}
