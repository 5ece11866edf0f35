/** Rows and the count of rows a statement touched. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * Something that runs SQL: the database itself, or a transaction.
 *
 * Parameters are always positional (`$1`, `$2`, …). JSON values are passed as strings made with
 * `JSON.stringify` and vectors with `toVectorSql`, so both drivers see the same text.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export type DbDriver = 'pglite' | 'postgres';

/**
 * The one database handle the product uses. Two drivers run the same SQL: embedded PGlite
 * (default) and `pg` against a native Postgres with pgvector.
 *
 * @example
 * const db = await openDb({ driver: 'pglite', dataDir: './.threadline/pgdata' });
 * await db.transaction(async (tx) => {
 *   await tx.query('insert into tenants (slug, name) values ($1, $2)', ['acme', 'Acme']);
 * });
 * await db.close();
 */
export interface Db extends Queryable {
  readonly driver: DbDriver;
  /** Where the data lives, safe to log (no password). */
  readonly location: string;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Where embedded Postgres runs: `worker`, a worker thread of its own (its SQL off the event loop),
 * or `inline`, this thread (no thread to start; in-memory test databases are reused).
 */
export type PgliteThread = 'worker' | 'inline';

export type DbOptions =
  | {
      driver: 'pglite';
      /** Folder for the data; omit for an in-memory database. */
      dataDir?: string;
      withVector?: boolean;
      /** Default: `worker` with a data folder, `inline` in memory. */
      thread?: PgliteThread;
      /** `worker` only: the worker's entry file instead of `pglite-worker.mjs` (tests use one that dies on cue). */
      workerEntry?: URL;
      /** `worker` with a data folder only: how long after losing its worker a call starts a new one (default 5 s). */
      restartAfterMs?: number;
    }
  | { driver: 'postgres'; url: string; maxConnections?: number };
