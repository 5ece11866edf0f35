import { describe, expect, it } from 'vitest';
import { DbErrorCode, hasUnavailableCode, isDbUnavailable, openDb } from './index.js';

const withCode = (code: string) => Object.assign(new Error('any text at all'), { code });

describe('database unavailability', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '08006', '08001', '57P01', '57P02', '57P03', '53300'])('treats %s as the database being away', (code) => {
    expect(hasUnavailableCode(withCode(code))).toBe(true);
  });

  it.each(['23505', '42P01', '40001', '28P01', 'ENOENT'])('treats %s as an ordinary failure', (code) => {
    expect(hasUnavailableCode(withCode(code))).toBe(false);
  });

  it('decides by code, not by the words of the message', () => {
    expect(hasUnavailableCode(new Error('Connection terminated unexpectedly: ECONNREFUSED 08006'))).toBe(false);
    expect(hasUnavailableCode(null)).toBe(false);
  });

  it('recognises a dual-stack refusal (one ECONNREFUSED per address)', () => {
    expect(hasUnavailableCode(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
    expect(hasUnavailableCode(new AggregateError([withCode('ECONNREFUSED'), withCode('23505')]))).toBe(false);
  });

  it('reports queries and transactions on a closed PGlite as PLATFORM_DB_UNAVAILABLE, an upstream error with a retry hint', async () => {
    const db = await openDb({ driver: 'pglite', withVector: false });
    await db.close();
    for (const attempt of [() => db.query('select 1'), () => db.exec('select 1'), () => db.transaction((tx) => tx.query('select 1'))]) {
      const error = await attempt().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isDbUnavailable(error)).toBe(true);
      expect(error).toMatchObject({ code: DbErrorCode.unavailable, category: 'upstream', problem: 'unavailable', details: { retryAfterMs: expect.any(Number) } });
    }
    // Opening PGlite takes long on a busy machine; the test is about the error, not the time.
  }, 300_000);

  it('leaves an ordinary SQL error of an open database as it was', async () => {
    const db = await openDb({ driver: 'pglite', withVector: false });
    try {
      const error = await db.query('select * from no_such_table').then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isDbUnavailable(error)).toBe(false);
      expect(error).toMatchObject({ code: '42P01' });
    } finally {
      await db.close();
    }
  }, 300_000);
});
