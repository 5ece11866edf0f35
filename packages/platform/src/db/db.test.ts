import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isThreadlineError } from '../errors.js';
import { testDatabases } from '../testing/index.js';
import { migrate, openDb, platformMigrations, toVectorSql, fromVectorSql, DbErrorCode, type Db } from './index.js';

function migrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

/** The same cases on PGlite in a worker thread (the server's default for its data folder). */
const pgliteWorker = { label: 'pglite in a worker thread', driver: 'pglite', create: () => openDb({ driver: 'pglite', thread: 'worker' }) } as const;

describe.each([...testDatabases(), pgliteWorker])('database layer on $label', ({ create, driver }) => {
  let db: Db;
  beforeEach(async () => {
    db = await create();
  });
  afterEach(async () => {
    await db.close();
  });

  it(`runs on the ${driver} driver`, () => {
    expect(db.driver).toBe(driver);
  });

  it('applies the platform migrations once and records them', async () => {
    const first = await migrate(db, [platformMigrations]);
    expect(first.applied).toEqual(['platform/0001_tenants.sql', 'platform/0002_queue_jobs.sql']);
    expect(first.pgvectorVersion).toMatch(/^0\.8\./);
    const second = await migrate(db, [platformMigrations]);
    expect(second.applied).toEqual([]);
    const { rows } = await db.query<{ id: string }>('select id from schema_migrations order by id');
    expect(rows.map((row) => row.id)).toEqual(['platform/0001_tenants.sql', 'platform/0002_queue_jobs.sql']);
  });

  it('returns counts as numbers and timestamps as dates on both drivers', async () => {
    await migrate(db, [platformMigrations]);
    await db.query('insert into tenants (slug, name) values ($1, $2), ($3, $4)', ['acme', 'Acme', 'globex', 'Globex']);
    const { rows } = await db.query<{ n: number; newest: Date }>('select count(*) as n, max(created_at) as newest from tenants');
    expect(rows[0]?.n).toBe(2);
    expect(rows[0]?.newest).toBeInstanceOf(Date);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await migrate(db, [platformMigrations]);
    await db.transaction(async (tx) => {
      await tx.query('insert into tenants (slug, name) values ($1, $2)', ['kept', 'Kept']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into tenants (slug, name) values ($1, $2)', ['dropped', 'Dropped']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query<{ slug: string }>('select slug from tenants order by slug');
    expect(rows.map((row) => row.slug)).toEqual(['kept']);
  });

  it('rolls back a transaction whose commit fails, and reports the constraint that failed it', async () => {
    await db.exec('create table parents (id int primary key); create table children (parent_id int references parents deferrable initially deferred)');
    const failure = await db
      .transaction(async (tx) => {
        await tx.query('insert into children values ($1)', [99]);
      })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '23503', constraint: 'children_parent_id_fkey' });
    expect((await db.query('select * from children')).rows).toEqual([]);
  });

  it('stores vectors passed as parameters and orders by cosine distance', async () => {
    await migrate(db, [platformMigrations]);
    await db.exec('create table vectors_probe (id int primary key, embedding vector(3))');
    await db.query('insert into vectors_probe values (1, $1::vector), (2, $2::vector)', [toVectorSql([1, 0, 0]), toVectorSql([0, 1, 0])]);
    const { rows } = await db.query<{ id: number; embedding: string }>(
      'select id, embedding::text as embedding from vectors_probe order by embedding <=> $1::vector limit 1',
      [toVectorSql([0.1, 0.9, 0])],
    );
    expect(rows[0]?.id).toBe(2);
    expect(fromVectorSql(rows[0]?.embedding ?? '')).toEqual([0, 1, 0]);
  });

  it('leaves the schema untouched when one migration of a batch fails', async () => {
    const dir = migrationDir({
      '0001_good.sql': 'create table probe_good (id int);',
      '0002_bad.sql': 'create table probe_bad (id int); select * from no_such_table;',
    });
    const failure = await migrate(db, [platformMigrations, { owner: 'probe', dir }]).catch((error: unknown) => error);
    expect(isThreadlineError(failure) && failure.code).toBe(DbErrorCode.migrationFailed);
    expect((failure as Error).message).toContain('probe/0002_bad.sql');
    const { rows } = await db.query(`select to_regclass('probe_good') as good, to_regclass('tenants') as tenants`);
    expect(rows[0]).toEqual({ good: null, tenants: null });
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const dir = migrationDir({ '0001_probe.sql': 'create table probe (id int);' });
    await migrate(db, [{ owner: 'probe', dir }]);
    writeFileSync(join(dir, '0001_probe.sql'), 'create table probe (id bigint);');
    const failure = await migrate(db, [{ owner: 'probe', dir }]).catch((error: unknown) => error);
    expect(isThreadlineError(failure) && failure.code).toBe(DbErrorCode.migrationChanged);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(['worker', 'inline'] as const)('embedded database (PGlite) on disk, %s', (thread) => {
  let dataRoot: string;
  beforeEach(() => {
    dataRoot = mkdtempSync(join(tmpdir(), 'tl-pglite-'));
  });
  afterEach(() => {
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('keeps its data across a close and a reopen of the same folder', async () => {
    const dataDir = join(dataRoot, 'pgdata');
    const first = await openDb({ driver: 'pglite', dataDir, thread });
    await migrate(first, [platformMigrations]);
    await first.query('insert into tenants (slug, name) values ($1, $2)', ['acme', 'Acme']);
    await first.close();

    const second = await openDb({ driver: 'pglite', dataDir, thread });
    const result = await migrate(second, [platformMigrations]);
    expect(result.applied).toEqual([]);
    const { rows } = await second.query<{ slug: string }>('select slug from tenants');
    expect(rows.map((row) => row.slug)).toEqual(['acme']);
    await second.close();
  });

  it('refuses a data folder another live process holds', async () => {
    const dataDir = join(dataRoot, 'pgdata');
    mkdirSync(dataRoot, { recursive: true });
    // pid 1 is always alive and never us.
    writeFileSync(join(dataRoot, 'pgdata.lock'), '1');
    const failure = await openDb({ driver: 'pglite', dataDir, thread }).catch((error: unknown) => error);
    expect(isThreadlineError(failure) && failure.code).toBe(DbErrorCode.dataDirLocked);
  });

  it('takes over the lock of a process that died', async () => {
    const dataDir = join(dataRoot, 'pgdata');
    writeFileSync(join(dataRoot, 'pgdata.lock'), '999999999');
    const db = await openDb({ driver: 'pglite', dataDir, thread });
    await db.close();
  });
});

describe('a database without pgvector', () => {
  it('fails with a sentence that says how to install it', async () => {
    const db = await openDb({ driver: 'pglite', withVector: false });
    const failure = await migrate(db, [platformMigrations]).catch((error: unknown) => error);
    await db.close();
    expect(isThreadlineError(failure) && failure.code).toBe(DbErrorCode.pgvectorMissing);
    expect((failure as Error).message).toMatch(/CREATE EXTENSION vector/);
    expect((failure as Error).message).not.toContain('\n');
  });
});

describe('an unreachable native Postgres', () => {
  it('fails with one line naming the host and the fix, without the password', async () => {
    const failure = await openDb({ driver: 'postgres', url: 'postgres://someone:hunter2@127.0.0.1:1/threadline' }).catch((error: unknown) => error);
    expect(isThreadlineError(failure) && failure.code).toBe(DbErrorCode.unreachable);
    const message = (failure as Error).message;
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('\n');
  });
});
