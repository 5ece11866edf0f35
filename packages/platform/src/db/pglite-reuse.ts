import type { PGlite } from '@electric-sql/pglite';

/**
 * Starting a PGlite database costs a second or two of CPU even from a template (unpacking ~40 MB of
 * cluster into its in-memory file system and booting Postgres), and the test suite opens hundreds of
 * in-memory databases, one or more per file. A process that sets `THREADLINE_PGLITE_REUSE=1` (the
 * test run does) keeps a closed in-memory database instead, reset to what initdb leaves (no schema
 * but an empty `public`, no extension, no session state), and hands it to the next open in the
 * same process. The worker driver keeps its in-memory databases' threads the same way. Databases in
 * a data folder are never reused; nothing else changes for callers.
 */
export const PGLITE_REUSE_ENV = 'THREADLINE_PGLITE_REUSE';

/** Idle databases, by whether pgvector's bundle was loaded into them. */
const idle = new Map<boolean, PGlite[]>();

export const isReuseOn = (): boolean => process.env[PGLITE_REUSE_ENV] === '1';

/** A reset database kept by an earlier `release`, or undefined. */
export function takeReusable(withVector: boolean): PGlite | undefined {
  if (!isReuseOn()) return undefined;
  return idle.get(withVector)?.pop();
}

/**
 * Resets an in-memory database and keeps it for the next open, or closes it when reuse is off or
 * the reset fails (a database in a state the reset does not know is not handed on).
 */
export async function release(pglite: PGlite, withVector: boolean): Promise<void> {
  if (pglite.closed) return;
  if (!isReuseOn()) return pglite.close();
  try {
    await resetToPristine(pglite);
  } catch {
    return pglite.close();
  }
  idle.set(withVector, [...(idle.get(withVector) ?? []), pglite]);
}

/** What a reset needs of a database: PGlite itself, or the worker driver's handle on one. */
export interface Resettable {
  exec(sql: string): Promise<unknown>;
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
}

/**
 * Brings an in-memory database back to what initdb leaves; throws when it cannot (the caller then
 * closes it instead of handing it on). The worker driver resets its reused threads' databases with it too.
 */
export async function resetToPristine(pglite: Resettable): Promise<void> {
  // A transaction left open by a failed test ends here; outside one, ROLLBACK only warns.
  await pglite.exec('rollback');
  // Session state: settings, prepared statements, temporary tables, LISTEN, advisory locks.
  await pglite.exec('discard all');
  const { rows } = await pglite.query<{ name: string }>(
    `select nspname as name from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
  );
  const schemas = rows.map((row) => `"${row.name.replaceAll('"', '""')}"`);
  const extensions = await pglite.query<{ name: string }>(`select extname as name from pg_extension where extname <> 'plpgsql'`);
  for (const { name } of extensions.rows) await pglite.exec(`drop extension if exists "${name.replaceAll('"', '""')}" cascade`);
  if (schemas.length > 0) await pglite.exec(`drop schema ${schemas.join(', ')} cascade`);
  await pglite.exec('create schema public');
  const left = await pglite.query<{ count: number }>(`select count(*)::int as count from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`);
  if ((left.rows[0]?.count ?? 0) !== 0) throw new Error('the reset left relations behind');
}
