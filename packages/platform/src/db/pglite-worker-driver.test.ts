import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DYING_PGLITE_WORKER, PGLITE_WORKER_DIE_SQL, runModuleScript } from '../testing/index.js';
import { isDbUnavailable, openDb, type Db } from './index.js';

const dataRoot = mkdtempSync(join(tmpdir(), 'tl-pglite-worker-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

/** A call's value or its error, side by side, so both drivers' failures can be compared. */
const outcome = (promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('PGlite in a worker thread', () => {
  it('answers as the in-process driver does: the same rows (dates, bytes, json, int8 as numbers), counts and Postgres errors', async () => {
    const inline = await openDb({ driver: 'pglite', thread: 'inline' });
    const worker = await openDb({ driver: 'pglite', thread: 'worker' });
    const run = async (db: Db) => {
      await db.exec(`create extension if not exists vector; create table probe (id int primary key, name text unique, seen timestamptz, body bytea)`);
      const inserted = await db.query('insert into probe values (1, $1, $2, $3), (2, $4, null, null)', ['one', new Date('2026-12-07T10:00:00Z'), new Uint8Array([1, 2, 255]), 'two']);
      const updated = await db.query(`update probe set name = name || '!' where id > $1`, [0]);
      const values = await db.query(
        `select 1::int2 as i2, 9007199254740991::int8 as i8, count(*) over () as n, 1.5::numeric as num, 2.5::float8 as f8, true as yes, null::text as nothing,
           '2026-12-07'::date as day, '{"a":[1,2]}'::jsonb as doc, array[1,2] as ints, array['a','b'] as texts, '[1,2,3]'::vector::text as embedding,
           interval '1 day' as span, '00000000-0000-0000-0000-000000000001'::uuid as id, p.*
         from probe p order by p.id`,
      );
      const params = await db.query('select $1::timestamptz as at, $2::bytea as bytes, $3::jsonb as doc, $4::int8 as big, $5::text[] as list', [
        new Date(0),
        new Uint8Array([9, 8]),
        JSON.stringify({ x: 1 }),
        5,
        ['a', 'b'],
      ]);
      const duplicate = await outcome(db.query('insert into probe (id, name) values ($1, $2)', [3, 'one!']));
      const syntax = await outcome(db.query('selec 1'));
      return { inserted: inserted.rowCount, updated: updated.rowCount, values: values.rows, params: params.rows, duplicate, syntax };
    };
    try {
      const fromInline = await run(inline);
      const fromWorker = await run(worker);
      expect(fromWorker).toEqual(fromInline);
      // toEqual compares errors by message only: the fields callers read must have crossed too.
      const fields = (result: { error?: unknown }) => ({ ...(result.error as object) });
      expect(fields(fromWorker.duplicate)).toEqual(fields(fromInline.duplicate));
      expect(fromWorker.duplicate).toMatchObject({ error: { code: '23505', constraint: 'probe_name_key', detail: 'Key (name)=(one!) already exists.' } });
      expect(fields(fromWorker.syntax)).toMatchObject({ code: '42601', position: '1' });
      expect(fromWorker.values[0]).toMatchObject({ i8: 9007199254740991, n: 2, seen: new Date('2026-12-07T10:00:00Z'), body: new Uint8Array([1, 2, 255]) });
      expect(fromWorker.values[0]?.seen).toBeInstanceOf(Date);
      expect(fromWorker.params[0]?.bytes).toBeInstanceOf(Uint8Array);
    } finally {
      await inline.close();
      await worker.close();
    }
  });

  it('runs concurrent transactions one after another, and a query outside them sees only what they committed', async () => {
    const db = await openDb({ driver: 'pglite', thread: 'worker', withVector: false });
    try {
      await db.exec('create table counter (n int)');
      const order: string[] = [];
      let release = (): void => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let markStarted = (): void => {};
      const started = new Promise<void>((resolve) => (markStarted = resolve));
      const first = db.transaction(async (tx) => {
        order.push('first begins');
        await tx.query('insert into counter values (1)');
        markStarted();
        await held;
        await tx.query('insert into counter values (2)');
        order.push('first ends');
      });
      await started;
      const second = db.transaction(async (tx) => {
        order.push('second begins');
        const { rows } = await tx.query<{ n: number }>('select count(*) as n from counter');
        order.push(`second sees ${rows[0]?.n}`);
      });
      const outside = db.query<{ n: number }>('select count(*) as n from counter');
      // Time for the second to begin if it could; the order below holds however long this takes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(order).toEqual(['first begins']);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first begins', 'first ends', 'second begins', 'second sees 2']);
      expect((await outside).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('rolls back what a transaction wrote when its callback throws, then takes the next one', async () => {
    const db = await openDb({ driver: 'pglite', thread: 'worker', withVector: false });
    try {
      await db.exec('create table notes (body text)');
      const failed = db.transaction(async (tx) => {
        await tx.query('insert into notes values ($1)', ['dropped']);
        throw new Error('the caller changed its mind');
      });
      const next = db.transaction((tx) => tx.query('insert into notes values ($1)', ['kept']));
      await expect(failed).rejects.toThrow('the caller changed its mind');
      await next;
      expect((await db.query('select body from notes')).rows).toEqual([{ body: 'kept' }]);
    } finally {
      await db.close();
    }
  });

  it('fails the open of a data folder that holds no cluster, and leaves no lock behind', async () => {
    const dataDir = join(dataRoot, 'not-a-cluster');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'PG_VERSION'), '17\n');
    const failed = await outcome(openDb({ driver: 'pglite', dataDir, thread: 'worker', withVector: false }));
    expect(failed.error).toBeInstanceOf(Error);
    expect(isDbUnavailable(failed.error)).toBe(false);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('fails only the call whose parameter cannot cross to the worker', async () => {
    const db = await openDb({ driver: 'pglite', thread: 'worker', withVector: false });
    try {
      await expect(db.query('select $1::text as x', [() => 1])).rejects.toMatchObject({ name: 'DataCloneError' });
      expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('reports a worker that died as PLATFORM_DB_UNAVAILABLE, in flight and afterwards, and still closes', async () => {
    const dataDir = join(dataRoot, 'dies');
    // No new worker within this test: each attempt below meets the outage, however slow the machine.
    const db = await openDb({ driver: 'pglite', dataDir, workerEntry: DYING_PGLITE_WORKER, withVector: false, restartAfterMs: 3_600_000 });
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    const inTransaction = db.transaction(async (tx) => {
      await tx.query(PGLITE_WORKER_DIE_SQL);
    });
    const died = await outcome(inTransaction);
    expect(isDbUnavailable(died.error)).toBe(true);
    expect(died.error).toMatchObject({ code: 'PLATFORM_DB_UNAVAILABLE', category: 'upstream', details: { retryAfterMs: expect.any(Number) } });
    for (const attempt of [() => db.query('select 1'), () => db.exec('select 1'), () => db.transaction((tx) => tx.query('select 1'))]) {
      expect(isDbUnavailable((await outcome(attempt())).error)).toBe(true);
    }
    await db.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('starts a new worker on the same data folder once the wait has passed: committed rows are there, the lost transaction is not', async () => {
    const dataDir = join(dataRoot, 'comes-back');
    const db = await openDb({ driver: 'pglite', dataDir, workerEntry: DYING_PGLITE_WORKER, withVector: false, restartAfterMs: 0 });
    try {
      await db.exec('create table notes (body text)');
      await db.query(`insert into notes values ('committed')`);
      const lostTransaction = db.transaction(async (tx) => {
        await tx.query(`insert into notes values ('never committed')`);
        await tx.query(PGLITE_WORKER_DIE_SQL);
      });
      expect(isDbUnavailable((await outcome(lostTransaction)).error)).toBe(true);
      // The next call starts a new worker, which recovers the folder as Postgres does after a crash.
      expect((await db.query<{ body: string }>('select body from notes order by body')).rows).toEqual([{ body: 'committed' }]);
      await db.transaction(async (tx) => {
        await tx.query(`insert into notes values ('after')`);
      });
      expect((await db.query<{ n: number }>('select count(*) as n from notes')).rows).toEqual([{ n: 2 }]);
      // It can be lost again, and comes back again.
      expect(isDbUnavailable((await outcome(db.query(PGLITE_WORKER_DIE_SQL))).error)).toBe(true);
      expect((await db.query<{ n: number }>('select count(*) as n from notes')).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('lets a process that opened a database and never queried it exit by itself, its idle thread still open', async () => {
    const index = new URL('./index.ts', import.meta.url).href;
    const script = `
      import { openDb } from ${JSON.stringify(index)};
      const db = await openDb({ driver: 'pglite', thread: 'worker', withVector: false });
      process.stdout.write(db.location);
    `;
    expect(await runModuleScript(script)).toEqual({ code: 0, out: 'pglite (in memory, worker thread)', err: '' });
  });

  it('ends its thread on close: a process that opened a data folder exits by itself, lock removed', async () => {
    const dataDir = join(dataRoot, 'exits');
    const index = new URL('./index.ts', import.meta.url).href;
    const script = `
      import { openDb } from ${JSON.stringify(index)};
      const db = await openDb({ driver: 'pglite', dataDir: ${JSON.stringify(dataDir)} });
      const { rows } = await db.query('select 41 + 1 as answer');
      await db.close();
      process.stdout.write(db.location + ' answered ' + rows[0].answer);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect({ code, out, err }).toEqual({ code: 0, out: `pglite at ${dataDir} (worker thread) answered 42`, err: '' });
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
