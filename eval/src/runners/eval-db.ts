import { join, relative } from 'node:path';
import { createSourcesRepository, knowledgeMigrations } from '@threadline/knowledge';
import { REPO_ROOT } from '../config.js';
import { describePostgresUrl, migrate, openDb, platformMigrations, type Db } from '@threadline/platform/db';

/** Where the eval keeps its index. */
export type EvalDbTarget = { kind: 'pglite'; dataDir?: string } | { kind: 'postgres'; url: string };

/**
 * The eval's database: native Postgres when DATABASE_URL is set (in a sibling database named
 * `<name>_eval`, created on first use, so eval tenants never mix with the server's), else PGlite,
 * persisted under `eval/.cache/pgdata` for a full run (re-runs skip unchanged documents) or in
 * memory for `--quick`. The schema is migrated as an explicit first step.
 */
export async function openEvalDb(target: EvalDbTarget): Promise<Db> {
  let db: Db;
  if (target.kind === 'postgres') {
    const url = new URL(target.url);
    const name = `${url.pathname.replace(/^\//, '') || 'postgres'}_eval`;
    const admin = await openDb({ driver: 'postgres', url: target.url, maxConnections: 1 });
    try {
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      // Identifiers cannot be parameters; the name is our own suffix on the URL's database name.
      if (rows.length === 0) await admin.exec(`create database "${name.replace(/"/g, '""')}"`);
    } finally {
      await admin.close();
    }
    url.pathname = `/${name}`;
    db = await openDb({ driver: 'postgres', url: url.toString(), maxConnections: 4 });
  } else {
    db = await openDb(target.dataDir === undefined ? { driver: 'pglite' } : { driver: 'pglite', dataDir: target.dataDir });
  }
  try {
    await migrate(db, [platformMigrations, knowledgeMigrations]);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The target for a run: native when a URL is given, else PGlite (persistent unless quick). */
export function evalDbTarget(options: { databaseUrl: string | undefined; cacheDir: string; quick: boolean }): EvalDbTarget {
  if (options.databaseUrl) return { kind: 'postgres', url: options.databaseUrl };
  return options.quick ? { kind: 'pglite' } : { kind: 'pglite', dataDir: join(options.cacheDir, 'pgdata') };
}

export function describeTarget(target: EvalDbTarget): string {
  if (target.kind === 'postgres') return `${describePostgresUrl(target.url)}_eval (native Postgres + pgvector)`;
  return target.dataDir ? `PGlite, persistent (${relative(REPO_ROOT, target.dataDir) || target.dataDir})` : 'PGlite (in memory)';
}

/** The id of the tenant with this slug, created when missing. */
export async function ensureTenant(db: Db, slug: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into tenants (slug, name) values ($1, $2)
     on conflict (slug) do update set updated_at = tenants.updated_at
     returning id`,
    [slug, `Eval ${slug}`],
  );
  return (rows[0] as { id: string }).id;
}

/** The id of the tenant's knowledge source with this name, created (kind `file`) when missing. */
export async function ensureSource(db: Db, tenantId: string, name: string): Promise<string> {
  const sources = createSourcesRepository(db);
  const existing = (await sources.list({ tenantId })).find((source) => source.name === name);
  if (existing) return existing.id;
  return (await sources.create({ tenantId, kind: 'file', name })).id;
}
