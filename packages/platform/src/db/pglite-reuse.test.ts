import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb, migrate, platformMigrations, type Db } from './index.js';
import { PGLITE_REUSE_ENV } from './pglite-reuse.js';

describe('in-memory PGlite databases reused within a process', () => {
  const before = process.env[PGLITE_REUSE_ENV];
  beforeAll(() => {
    process.env[PGLITE_REUSE_ENV] = '1';
  });
  afterAll(() => {
    if (before === undefined) delete process.env[PGLITE_REUSE_ENV];
    else process.env[PGLITE_REUSE_ENV] = before;
    vi.restoreAllMocks();
  });

  it('hands a closed database to the next open as initdb left it: no tables, no extension, no session state, no open transaction', async () => {
    const first = await openDb({ driver: 'pglite' });
    await migrate(first, [platformMigrations]);
    await first.query(`insert into tenants (slug, name) values ('acme', 'Acme')`);
    await first.exec(`create schema extra; create table extra.t (id int); set application_name = 'left-behind'; begin; create table public.half (id int)`);
    await first.close();

    const create = vi.spyOn(PGlite, 'create');
    const second = await openDb({ driver: 'pglite' });
    try {
      expect(create).not.toHaveBeenCalled();
      const tables = await second.query<{ name: string }>(`select schemaname || '.' || tablename as name from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`);
      expect(tables.rows).toEqual([]);
      expect((await second.query(`select extname from pg_extension where extname <> 'plpgsql'`)).rows).toEqual([]);
      expect((await second.query(`select nspname from pg_namespace where nspname in ('extra')`)).rows).toEqual([]);
      expect((await second.query<{ name: string }>(`select current_setting('application_name') as name`)).rows[0]?.name).not.toBe('left-behind');
      // The schema comes back as a fresh database's would, pgvector with it.
      await migrate(second, [platformMigrations]);
      expect((await second.query(`select slug from tenants`)).rows).toEqual([]);
    } finally {
      create.mockRestore();
      await second.close();
    }
  });

  it('refuses every call on a closed handle as an outage, though its database lives on for the next open', async () => {
    const db = await openDb({ driver: 'pglite' });
    await db.close();
    await expect(db.query('select 1')).rejects.toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE' });
    await expect(db.transaction(async (tx) => tx.query('select 1'))).rejects.toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE' });
    const next = await openDb({ driver: 'pglite' });
    expect((await next.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await next.close();
  });

  it('keeps a database opened without pgvector apart from those with it', async () => {
    const plain = await openDb({ driver: 'pglite', withVector: false });
    await plain.close();
    const withVector = await openDb({ driver: 'pglite' });
    try {
      await withVector.exec('create extension if not exists vector');
      expect((await withVector.query<{ d: number }>(`select '[1,0]'::vector <-> '[0,1]'::vector as d`)).rows[0]?.d).toBeCloseTo(Math.SQRT2);
    } finally {
      await withVector.close();
    }
  });

  it('keeps a closed in-memory database in a worker thread on its thread, reset, for the next worker open; a thread holding a transaction ends instead', async () => {
    const bootTime = async (db: Db) => (await db.query<{ at: Date }>('select pg_postmaster_start_time() as at')).rows[0]?.at.getTime();
    const first = await openDb({ driver: 'pglite', thread: 'worker' });
    const firstBoot = await bootTime(first);
    await migrate(first, [platformMigrations]);
    await first.exec(`set application_name = 'left-behind'; begin; create table public.half (id int)`);
    await first.close();

    // The same Postgres (it booted once), as initdb left it.
    const second = await openDb({ driver: 'pglite', thread: 'worker' });
    expect(await bootTime(second)).toBe(firstBoot);
    expect((await second.query(`select tablename from pg_tables where schemaname = 'public'`)).rows).toEqual([]);
    expect((await second.query(`select extname from pg_extension where extname <> 'plpgsql'`)).rows).toEqual([]);
    expect((await second.query<{ name: string }>(`select current_setting('application_name') as name`)).rows[0]?.name).not.toBe('left-behind');
    await expect(first.query('select 1')).rejects.toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE' });

    // Closed while a transaction is open: that thread is not handed on.
    let began = false;
    let release = (): void => {};
    const held = second.transaction(
      () =>
        new Promise<void>((resolve) => {
          began = true;
          release = resolve;
        }),
    );
    await vi.waitFor(() => expect(began).toBe(true));
    await second.close();
    release();
    await held.catch(() => {});
    const third = await openDb({ driver: 'pglite', thread: 'worker' });
    try {
      expect(await bootTime(third)).not.toBe(firstBoot);
    } finally {
      await third.close();
    }
  });
});
