import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from './index.js';
import { PGLITE_REUSE_ENV } from './pglite-reuse.js';
import { ensurePgliteTemplate, pgliteTemplate, PGLITE_TEMPLATE_ENV } from './pglite-template.js';

describe('PGlite databases started from a template cluster', () => {
  let folder: string;
  let template: string;
  const before = process.env[PGLITE_TEMPLATE_ENV];
  const reuseBefore = process.env[PGLITE_REUSE_ENV];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tl-template-'));
    template = await ensurePgliteTemplate(folder);
    process.env[PGLITE_TEMPLATE_ENV] = template;
    // Every open here starts a database, so each start can be seen.
    delete process.env[PGLITE_REUSE_ENV];
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Whether each PGlite start so far unpacked the template (rather than running initdb). */
  const starts = () => {
    const create = vi.spyOn(PGlite, 'create');
    return () => create.mock.calls.map(([options]) => (options as { loadDataDir?: Blob } | undefined)?.loadDataDir !== undefined);
  };

  afterAll(() => {
    if (before === undefined) delete process.env[PGLITE_TEMPLATE_ENV];
    else process.env[PGLITE_TEMPLATE_ENV] = before;
    if (reuseBefore !== undefined) process.env[PGLITE_REUSE_ENV] = reuseBefore;
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the template once and finds it the second time', async () => {
    const written = statSync(template).mtimeMs;
    expect(await ensurePgliteTemplate(folder)).toBe(template);
    expect(statSync(template).mtimeMs).toBe(written);
  });

  it('starts an in-memory database as initdb leaves it: no tables, pgvector available', async () => {
    const fromTemplate = starts();
    const db = await openDb({ driver: 'pglite' });
    expect(fromTemplate()).toEqual([true]);
    try {
      const { rows } = await db.query<{ count: number }>(`select count(*)::int as count from pg_tables where schemaname = 'public'`);
      expect(rows[0]?.count).toBe(0);
      await db.exec('create extension if not exists vector');
      const vector = await db.query<{ distance: number }>(`select '[1,0]'::vector <-> '[0,1]'::vector as distance`);
      expect(vector.rows[0]?.distance).toBeCloseTo(Math.SQRT2);
    } finally {
      await db.close();
    }
  });

  it('unpacks into a new data folder, and never over a cluster already there', async () => {
    const dataDir = join(folder, 'pgdata');
    const fromTemplate = starts();
    const first = await openDb({ driver: 'pglite', dataDir, thread: 'inline' });
    await first.exec('create table kept (note text)');
    await first.query(`insert into kept values ('still here')`);
    await first.close();

    const second = await openDb({ driver: 'pglite', dataDir, thread: 'inline' });
    expect(fromTemplate()).toEqual([true, false]);
    try {
      const { rows } = await second.query<{ note: string }>('select note from kept');
      expect(rows).toEqual([{ note: 'still here' }]);
    } finally {
      await second.close();
    }
  });

  it('unpacks into a new data folder from a worker thread too, and never over a cluster already there', async () => {
    // A template with a table of its own shows where a cluster came from (the worker's PGlite cannot be watched).
    // Started from the template too: a second initdb here would only cost time.
    const marked = await PGlite.create({ loadDataDir: pgliteTemplate() });
    await marked.exec('create table from_template (id int)');
    const markedPath = join(folder, 'marked-cluster.tar');
    writeFileSync(markedPath, Buffer.from(await (await marked.dumpDataDir('none')).arrayBuffer()));
    await marked.close();
    process.env[PGLITE_TEMPLATE_ENV] = markedPath;
    const dataDir = join(folder, 'worker-pgdata');
    const isMarked = async (db: Db) => (await db.query<{ table: string | null }>(`select to_regclass('from_template')::text as table`)).rows[0]?.table !== null;
    try {
      const first = await openDb({ driver: 'pglite', dataDir, thread: 'worker' });
      expect(await isMarked(first)).toBe(true);
      await first.exec('drop table from_template');
      await first.close();

      const second = await openDb({ driver: 'pglite', dataDir, thread: 'worker' });
      try {
        expect(await isMarked(second)).toBe(false);
      } finally {
        await second.close();
      }
    } finally {
      process.env[PGLITE_TEMPLATE_ENV] = template;
    }
  });
});
