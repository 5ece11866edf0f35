import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../db/index.js';

/** One database driver the tests run against. */
export interface TestDatabase {
  /** `pglite` or `postgres <server version>`: shown in test names so the output says where each test ran. */
  label: string;
  driver: Db['driver'];
  /** A fresh, empty database, dropped again by `close()`. */
  create(): Promise<Db>;
}

function pgliteTarget(): TestDatabase {
  return { label: 'pglite', driver: 'pglite', create: () => openDb({ driver: 'pglite' }) };
}

function postgresTarget(adminUrl: string): TestDatabase {
  return {
    label: 'postgres',
    driver: 'postgres',
    async create() {
      const name = `tl_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openDb({ driver: 'postgres', url: url.toString(), maxConnections: 4 });
      return {
        ...db,
        async close() {
          await db.close();
          const dropper = new pg.Client({ connectionString: adminUrl });
          await dropper.connect();
          try {
            await dropper.query(`drop database if exists ${name} with (force)`);
          } finally {
            await dropper.end();
          }
        },
      };
    },
  };
}

/**
 * The databases a database test must pass on: PGlite always, and the native Postgres named by
 * `DATABASE_URL` when it is set (CI sets it to the chroot server from `scripts/native-postgres.sh`).
 *
 * @example
 * describe.each(testDatabases())('tenants on $label', ({ create }) => { … });
 */
export function testDatabases(): TestDatabase[] {
  const url = process.env.DATABASE_URL;
  return url ? [pgliteTarget(), postgresTarget(url)] : [pgliteTarget()];
}

/**
 * A PGlite worker entry (`openDb({ driver: 'pglite', workerEntry })`) whose thread dies with an
 * uncaught error when it is sent `PGLITE_WORKER_DIE_SQL`, as a crash inside PGlite's WebAssembly would end it.
 */
export const DYING_PGLITE_WORKER = new URL('./dying-pglite-worker.mjs', import.meta.url);
/** The statement that ends a `DYING_PGLITE_WORKER` (written out in that file too). */
export const PGLITE_WORKER_DIE_SQL = `select 'die'`;

export { runModuleScript, type ScriptRun } from './run-module-script.js';
