import pg from 'pg';
import { DbErrorCode, PlatformError } from './errors.js';
import { dbUnavailable, hasUnavailableCode } from './unavailable.js';
import type { Db, Queryable, QueryResult } from './types.js';

const INT8_OID = 20;

/** `postgres://user:secret@host:5432/db` → `postgres at host:5432/db` (never the password). */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres (unparseable DATABASE_URL)';
  }
}

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

function wrap(client: pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query({ text: sql, values: params as unknown[], types: typeParsers });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

/**
 * Runs `run` on a pooled client and turns an outage into `PLATFORM_DB_UNAVAILABLE`, classified by phase and
 * code, never by message: any failure to get a connection (refused, pool timeout, pool ended), a
 * socket errno or a SQLSTATE of class 08 / 57P0x while running, or the client's `error` event (pg
 * emits it when the server drops the connection mid-query; that error carries no code).
 */
async function withClient<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw dbUnavailable(error);
  }
  let isLost = false;
  const onError = (): void => {
    isLost = true;
  };
  client.on('error', onError);
  let failure: unknown;
  try {
    return await run(client);
  } catch (error) {
    failure = error;
    if (isLost || hasUnavailableCode(error)) throw dbUnavailable(error);
    throw error;
  } finally {
    client.off('error', onError);
    // A connection that failed this way is not handed to the next caller.
    client.release(isLost || hasUnavailableCode(failure) ? true : undefined);
  }
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);

/** Turns a connection failure into one readable sentence with the fix. */
function connectionError(error: unknown, location: string): Error {
  const err = error as NodeJS.ErrnoException & { code?: string };
  const code = err.code ?? '';
  let reason: string;
  if (unreachableCodes.has(code)) reason = `cannot connect (${code})`;
  else if (code === '28P01' || code === '28000') reason = 'authentication failed';
  else if (code === '3D000') reason = 'the database does not exist';
  else if (err.message?.includes('timeout')) reason = 'connection timed out';
  else reason = `connection failed (${code || err.message})`;
  return new PlatformError(
    DbErrorCode.unreachable,
    `Cannot use ${location}: ${reason}. Check DATABASE_URL, or unset it to use the embedded database.`,
    { location, reason: code || 'unknown' },
    error,
  );
}

/** Opens a pool against a native Postgres and checks that it answers. */
export async function openPostgresDb(options: { url: string; maxConnections?: number }): Promise<Db> {
  try {
    new URL(options.url);
  } catch (error) {
    throw new PlatformError(DbErrorCode.invalidUrl, 'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)', {}, error);
  }
  const location = describePostgresUrl(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw connectionError(error, location);
  }
  return {
    driver: 'postgres',
    location,
    query: <Row>(sql: string, params?: readonly unknown[]) => withClient(pool, (client) => wrap(client).query<Row>(sql, params)),
    exec: (sql) => withClient(pool, (client) => wrap(client).exec(sql)),
    transaction: (fn) =>
      withClient(pool, async (client) => {
        await client.query('begin');
        try {
          const result = await fn(wrap(client));
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => {});
          throw error;
        }
      }),
    close: () => pool.end(),
  };
}
