/**
 * Says, at the top of every test run, which databases the database tests run on, so the output
 * shows that both drivers were exercised (PGlite always; native Postgres when DATABASE_URL is set).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGLITE_REUSE_ENV } from '../packages/platform/src/db/pglite-reuse.js';
import { ensurePgliteTemplate, PGLITE_TEMPLATE_ENV } from '../packages/platform/src/db/pglite-template.js';

/** The run's shared folder (see TEST_RUN_DIR_ENV in the browser harness); removed when the run ends. */
const TEST_RUN_DIR_ENV = 'THREADLINE_TEST_RUN_DIR';

export default async function setup(): Promise<() => void> {
  const runDir = mkdtempSync(join(tmpdir(), 'threadline-test-run-'));
  process.env[TEST_RUN_DIR_ENV] = runDir;
  const teardown = () => rmSync(runDir, { recursive: true, force: true });
  // Every PGlite database the tests open (and every server process they spawn) starts from one
  // dump of a fresh cluster instead of running initdb again; see pglite-template.ts.
  process.env[PGLITE_TEMPLATE_ENV] ??= await ensurePgliteTemplate();
  // And a closed in-memory database is reset and reopened by the next file in the same worker
  // instead of a new one being started; see pglite-reuse.ts.
  process.env[PGLITE_REUSE_ENV] ??= '1';
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stdout.write('database tests: pglite (embedded). Set DATABASE_URL to also run them on native Postgres.\n');
    return teardown;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const version = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v;
    const vector = (await client.query<{ v: string }>(`select default_version as v from pg_available_extensions where name = 'vector'`)).rows[0]?.v;
    const where = new URL(url);
    process.stdout.write(
      `database tests: pglite (embedded) and native postgres ${version} with pgvector ${vector ?? 'MISSING'} at ${where.hostname}:${where.port}\n`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  return teardown;
}
