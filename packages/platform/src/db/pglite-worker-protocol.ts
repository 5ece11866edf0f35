/**
 * The messages between the PGlite worker driver (main thread) and its worker (`pglite-worker.mjs`).
 * Everything crosses by structured clone: rows keep their Dates and Uint8Arrays.
 */

/** What the worker is started with (`workerData`). */
export interface PgliteWorkerData {
  /** Absolute data folder; undefined for an in-memory database. */
  dataDir: string | undefined;
  withVector: boolean;
  /** A cluster to unpack into a new database (`pglite-template.ts`), or undefined for initdb. */
  template: Uint8Array | undefined;
}

/** One call; `tx` names the open transaction it runs in (from `begin`). */
export type PgliteWorkerRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

/**
 * An error as it crossed: its name, message and stack, and every own field that clones (a Postgres
 * error's `code`, `detail`, `constraint`, `severity`, …, PGlite's `query` and `params`).
 */
export type SerializedError = { name: string; message: string; stack?: string } & Record<string, unknown>;

/** What the worker sends: its start (`ready` or `failed`), then one reply per request. */
export type PgliteWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SerializedError };

/** The result of a `query`; `exec` and `commit`/`rollback` answer null, `begin` the transaction's id. */
export interface PgliteWorkerQueryResult {
  rows: unknown[];
  rowCount: number;
}
