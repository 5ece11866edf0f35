// @ts-check
/**
 * The worker thread of the PGlite worker driver (`pglite-worker-driver.ts`): it owns the embedded
 * Postgres, so its SQL runs here and not on the server's event loop, and answers the main thread's
 * requests (the protocol is `pglite-worker-protocol.ts`).
 *
 * Plain JavaScript on purpose: a worker thread starts without the parent's TypeScript loader in the
 * test runner, and the CLI bundle runs without one at all; a `.mjs` file loads the same everywhere.
 * It keeps to what must happen in the thread that owns PGlite; the lock, the template and the
 * errors' meaning stay in the driver.
 *
 * @typedef {import('./pglite-worker-protocol.js').PgliteWorkerData} PgliteWorkerData
 * @typedef {import('./pglite-worker-protocol.js').PgliteWorkerRequest} PgliteWorkerRequest
 * @typedef {import('./pglite-worker-protocol.js').PgliteWorkerMessage} PgliteWorkerMessage
 * @typedef {import('./pglite-worker-protocol.js').SerializedError} SerializedError
 * @typedef {import('@electric-sql/pglite').Transaction} Transaction
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';

if (!parentPort) throw new Error('pglite-worker.mjs runs as a worker thread only');
const port = parentPort;
const { dataDir, withVector, template } = /** @type {PgliteWorkerData} */ (workerData);

// The same parsers as the in-process driver: int8 (counts, sums) comes back as a JS number.
const parsers = { [types.INT8]: (/** @type {string} */ value) => Number(value) };

/** @param {PgliteWorkerMessage} message */
const send = (message) => port.postMessage(message);

/**
 * An error as plain data: structured clone keeps an Error's name and message but drops fields such
 * as a Postgres error's `code`, which callers check (`23505`). Fields that do not clone are left out.
 *
 * @param {unknown} error
 * @returns {SerializedError}
 */
function serializeError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = globalThis.structuredClone(value);
    } catch {
      // A field that cannot cross (a function, a handle) is not part of what callers read.
    }
  }
  return { ...fields, name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
}

/** @type {PGlite | undefined} */
let pglite;
try {
  pglite = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(template === undefined ? {} : { loadDataDir: new globalThis.Blob([/** @type {Uint8Array<ArrayBuffer>} */ (template)]) }),
    extensions: withVector ? { vector } : {},
    parsers,
  });
} catch (error) {
  // Reported as a message, not thrown: the driver then rejects its open with this error, and the
  // thread ends by itself once its port is closed.
  send({ kind: 'failed', error: serializeError(error) });
  port.close();
}

/** The open database; requests are listened to only once it opened (see the end of the file). */
function database() {
  if (pglite === undefined) throw new Error('the embedded database did not open');
  return pglite;
}

/**
 * Transactions held open for the main thread, by id. PGlite runs one at a time (its transaction
 * lock), so a second `begin` is answered once the first has ended: transactions serialise here as
 * they do in the in-process driver.
 *
 * @type {Map<number, { tx: Transaction; commit: () => void; rollback: (reason: unknown) => void; done: Promise<unknown> }>}
 */
const transactions = new Map();
let lastTransactionId = 0;
/** Ends a transaction on the main thread's rollback; it is not an error of the transaction. */
const ROLLED_BACK = Symbol('rolled back');

/** @returns {Promise<number>} the transaction's id, once BEGIN has run */
function begin() {
  const id = ++lastTransactionId;
  return new Promise((resolve, reject) => {
    const done = database().transaction(
      (tx) =>
        new Promise((commit, rollback) => {
          transactions.set(id, { tx, commit: () => commit(undefined), rollback, done });
          resolve(id);
        }),
    );
    // A failed BEGIN rejects `begin`; a later failure is the commit's or rollback's to report.
    done.then(
      () => transactions.delete(id),
      (error) => {
        transactions.delete(id);
        reject(error);
      },
    );
  });
}

/** @param {number} id */
function transaction(id) {
  const open = transactions.get(id);
  if (!open) throw new Error(`transaction ${id} is not open`);
  return open;
}

/**
 * @param {PgliteWorkerRequest} request
 * @returns {Promise<unknown>}
 */
async function run(request) {
  switch (request.op) {
    case 'query': {
      const target = request.tx === undefined ? database() : transaction(request.tx).tx;
      const result = await target.query(request.sql, /** @type {unknown[]} */ (request.params));
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec': {
      const target = request.tx === undefined ? database() : transaction(request.tx).tx;
      await target.exec(request.sql);
      return null;
    }
    case 'begin':
      return begin();
    case 'commit': {
      const open = transaction(request.tx);
      open.commit();
      await open.done;
      return null;
    }
    case 'rollback': {
      const open = transaction(request.tx);
      open.rollback(ROLLED_BACK);
      await open.done.catch((/** @type {unknown} */ error) => {
        if (error !== ROLLED_BACK) throw error;
      });
      return null;
    }
    case 'close':
      if (!database().closed) await database().close();
      return null;
  }
}

/**
 * Answers a request. A result that cannot cross (no column type PGlite returns is one, but a reply
 * must never take the thread down) is answered as that request's error.
 *
 * @param {number} id
 * @param {Promise<unknown>} outcome
 */
function reply(id, outcome) {
  outcome.then(
    (result) => {
      try {
        send({ kind: 'reply', id, ok: true, result });
      } catch (error) {
        send({ kind: 'reply', id, ok: false, error: serializeError(error) });
      }
    },
    (error) => send({ kind: 'reply', id, ok: false, error: serializeError(error) }),
  );
}

// Started only on a database that opened. Requests run as they come, not one after another: a
// query waiting for PGlite's transaction lock must not hold up the commit that releases it.
if (pglite !== undefined) {
  port.on('message', (/** @type {PgliteWorkerRequest} */ request) => reply(request.id, run(request)));
  send({ kind: 'ready' });
}
