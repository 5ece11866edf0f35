import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbErrorCode, PlatformError } from './errors.js';
import type { Db, Queryable } from './types.js';

/** A package's folder of numbered SQL files (`0001_tenants.sql`, …), applied in name order. */
export interface MigrationSet {
  /** Package that owns the tables, e.g. `platform`, `knowledge`; prefixes each migration id. */
  owner: string;
  dir: string;
}

export interface MigrationResult {
  applied: string[];
  pgvectorVersion: string;
}

// Any constant works; it only has to be the same for every Threadline process on one database.
const MIGRATION_LOCK_KEY = 7_425_001;

interface PendingMigration {
  id: string;
  sql: string;
  checksum: string;
}

function readSet(set: MigrationSet): PendingMigration[] {
  return readdirSync(set.dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(set.dir, file), 'utf8');
      return { id: `${set.owner}/${file}`, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Makes sure pgvector is installed in this database, creating the extension when the server
 * has it but it is not enabled yet. Fails with one sentence that says how to fix it.
 */
export async function ensurePgvector(db: Queryable, location: string): Promise<string> {
  const installed = await db.query<{ extversion: string }>(`select extversion from pg_extension where extname = 'vector'`);
  if (installed.rows[0]) return installed.rows[0].extversion;
  const available = await db.query<{ name: string }>(`select name from pg_available_extensions where name = 'vector'`);
  if (available.rows.length === 0) {
    throw new PlatformError(
      DbErrorCode.pgvectorMissing,
      `The database (${location}) has no pgvector extension: install it on the server (Debian/Ubuntu: apt install postgresql-<version>-pgvector; see https://github.com/pgvector/pgvector#installation), then run CREATE EXTENSION vector; or unset DATABASE_URL to use the embedded database.`,
      { location },
    );
  }
  try {
    await db.exec('create extension if not exists vector');
  } catch (error) {
    throw new PlatformError(
      DbErrorCode.pgvectorNotEnabled,
      `pgvector is installed on the server (${location}) but not enabled in this database, and this user may not enable it: connect as a superuser and run CREATE EXTENSION vector;`,
      { location },
      error,
    );
  }
  const created = await db.query<{ extversion: string }>(`select extversion from pg_extension where extname = 'vector'`);
  return created.rows[0]?.extversion ?? 'unknown';
}

/**
 * Applies every migration not applied yet, all in one transaction, so a failed start leaves the
 * schema as it was. An advisory lock keeps two starting processes from racing.
 * A migration that changed after it was applied is an error: migrations are append-only.
 */
export async function migrate(db: Db, sets: readonly MigrationSet[]): Promise<MigrationResult> {
  const pgvectorVersion = await ensurePgvector(db, db.location);
  const migrations = sets.flatMap(readSet);
  const applied = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      id text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Map(
      (await tx.query<{ id: string; checksum: string }>('select id, checksum from schema_migrations')).rows.map((row) => [row.id, row.checksum]),
    );
    const appliedNow: string[] = [];
    for (const migration of migrations) {
      const checksum = done.get(migration.id);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new PlatformError(
            DbErrorCode.migrationChanged,
            `Migration ${migration.id} was changed after it was applied; add a new migration instead of editing it`,
            { migration: migration.id },
          );
        }
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new PlatformError(
          DbErrorCode.migrationFailed,
          `Migration ${migration.id} failed: ${(error as Error).message}`,
          { migration: migration.id },
          error,
        );
      }
      await tx.query('insert into schema_migrations (id, checksum) values ($1, $2)', [migration.id, migration.checksum]);
      appliedNow.push(migration.id);
    }
    return appliedNow;
  });
  return { applied, pgvectorVersion };
}
