import pg from 'pg';
import { DbErrorCode, dbError } from './errors.js';
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

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
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
  return dbError(
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
    throw dbError(DbErrorCode.invalidUrl, 'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)', {}, error);
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
  const queryable = wrap(pool);
  return {
    driver: 'postgres',
    location,
    query: queryable.query,
    exec: queryable.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
