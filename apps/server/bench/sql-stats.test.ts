import { describe, expect, it } from 'vitest';
import type { Db, Queryable, QueryResult } from '@threadline/platform/db';
import { countSqlStatements, formatSqlStats } from './sql-stats.js';

/** A database that answers every statement with no rows and records what reached it. */
function fakeDb() {
  const seen: string[] = [];
  const queryable: Queryable = {
    async query<Row>(sql: string): Promise<QueryResult<Row>> {
      seen.push(sql);
      return { rows: [], rowCount: 0 };
    },
    async exec() {},
  };
  const db: Db = { driver: 'pglite', location: 'fake', ...queryable, transaction: (fn) => fn(queryable), async close() {} };
  return { db, seen };
}

describe('SQL statement counts', () => {
  it('counts only between start and stop, transactions included, by statement', async () => {
    const { db, seen } = fakeDb();
    const stats = countSqlStatements(db);
    await db.query('select 1');
    stats.start();
    await db.query('select  *\n  from tickets where id = $1', ['a']);
    await db.query('select * from tickets where id = $1', ['b']);
    await db.transaction(async (tx) => tx.query('update answers set x = 1'));
    const counts = stats.stop();
    await db.query('select 2');

    expect(seen).toHaveLength(5);
    expect(counts).toMatchObject({ statements: 3, transactions: 1 });
    expect(counts.byStatement.map(({ sql, count }) => ({ sql, count }))).toEqual([
      { sql: 'select * from tickets where id = $1', count: 2 },
      { sql: 'update answers set x = 1', count: 1 },
    ]);

    await stats.replay(counts.byStatement, 2);
    expect(counts.byStatement.every((entry) => entry.alone !== undefined)).toBe(true);
    const text = formatSqlStats(counts, 2);
    expect(text).toContain('SQL: 1.50 statements and 0.50 transactions per event');
    expect(text).toContain('  1.00 ');
  });
});
