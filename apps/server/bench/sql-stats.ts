/**
 * Counts the SQL statements a database handle runs, by statement (whitespace collapsed, cut to
 * its first 90 characters), with their summed wall time: where a phase's round trips go. On PGlite
 * the wall time includes waiting for the one Postgres, so the count is the figure to compare;
 * the time only ranks the statements.
 *
 * The handle is patched in place (the app holds this very object), transactions included.
 */
import type { Db, Queryable } from '@threadline/platform/db';

export interface SqlStatement {
  sql: string;
  count: number;
  ms: number;
  /** The statement's cost alone (`replay`): ms of this process's CPU and of wall clock per run. */
  alone?: { cpuMs: number; wallMs: number };
}

/** What a counted stretch ran: statements and transactions, and the statements by text. */
export interface SqlCounts {
  statements: number;
  transactions: number;
  byStatement: SqlStatement[];
}

export interface SqlStats {
  start(): void;
  stop(): SqlCounts;
  /**
   * Runs each statement seen again `times` times, alone, each in a transaction rolled back (the
   * data stays as it was), with the parameters it last ran with: what one run costs without the
   * waiting of a busy run. Call after `stop`, with nothing else running.
   */
  replay(byStatement: SqlStatement[], times: number): Promise<void>;
}

const keyOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

export function countSqlStatements(db: Db): SqlStats {
  let isOn = false;
  let transactions = 0;
  const counts = new Map<string, SqlStatement>();
  const samples = new Map<string, { sql: string; params: readonly unknown[] | undefined }>();
  const record = (sql: string, params: readonly unknown[] | undefined, ms: number) => {
    if (!isOn) return;
    const key = keyOf(sql);
    samples.set(key, { sql, params });
    const entry = counts.get(key) ?? { sql: key, count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += ms;
    counts.set(key, entry);
  };
  const counted = <T extends Queryable>(target: T): Queryable => ({
    async query(sql, params) {
      const start = performance.now();
      try {
        return await target.query(sql, params);
      } finally {
        record(sql, params, performance.now() - start);
      }
    },
    exec: (sql) => target.exec(sql),
  });
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  Object.assign(db, {
    query: counted({ query, exec: db.exec.bind(db) }).query,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
      if (isOn) transactions += 1;
      return transaction((tx) => fn(counted(tx)));
    },
  });
  return {
    start() {
      counts.clear();
      transactions = 0;
      isOn = true;
    },
    stop() {
      isOn = false;
      const byStatement = [...counts.values()].sort((a, b) => b.count - a.count || b.ms - a.ms);
      return { statements: byStatement.reduce((sum, entry) => sum + entry.count, 0), transactions, byStatement };
    },
    async replay(byStatement, times) {
      const rollback = new Error('rollback');
      const once = async (sql: string, params: readonly unknown[] | undefined) => {
        const cpu = process.cpuUsage();
        const start = performance.now();
        await transaction(async (tx) => {
          await tx.query(sql, params);
          throw rollback;
        }).catch((error: unknown) => {
          if (error !== rollback) throw error;
        });
        const used = process.cpuUsage(cpu);
        return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start };
      };
      const measure = async (sql: string, params: readonly unknown[] | undefined) => {
        let cpuMs = 0;
        let wallMs = 0;
        for (let index = 0; index < times; index++) {
          const run = await once(sql, params);
          cpuMs += run.cpuMs;
          wallMs += run.wallMs;
        }
        return { cpuMs: cpuMs / times, wallMs: wallMs / times };
      };
      // What the transaction around each run costs, taken off every statement's figure.
      const empty = await measure('select 1', []);
      for (const entry of byStatement) {
        const sample = samples.get(entry.sql);
        if (!sample) continue;
        const run = await measure(sample.sql, sample.params).catch(() => null);
        if (run) entry.alone = { cpuMs: Math.max(0, run.cpuMs - empty.cpuMs), wallMs: Math.max(0, run.wallMs - empty.wallMs) };
      }
    },
  };
}

/** The counts per event as lines of text, the costliest statements (run alone) first. */
export function formatSqlStats(stats: SqlCounts, events: number, top = 40): string {
  const per = (value: number) => (value / Math.max(1, events)).toFixed(2);
  const alone = (entry: SqlStatement) => (entry.alone ? (entry.alone.cpuMs * entry.count) / Math.max(1, events) : 0);
  const total = stats.byStatement.reduce((sum, entry) => sum + alone(entry), 0);
  return [
    `SQL: ${per(stats.statements)} statements and ${per(stats.transactions)} transactions per event (the bench's own drain polling included); run alone they cost ${total.toFixed(1)} ms CPU per event`,
    '  per event  waited  alone (CPU/wall, ms per run)  → CPU ms per event',
    ...[...stats.byStatement]
      .sort((a, b) => alone(b) - alone(a))
      .slice(0, top)
      .map((entry) => {
        const each = entry.alone ? `${entry.alone.cpuMs.toFixed(2).padStart(6)}/${entry.alone.wallMs.toFixed(2).padStart(6)}` : '     —/     —';
        return `  ${per(entry.count).padStart(6)} ${(entry.ms / Math.max(1, entry.count)).toFixed(1).padStart(7)}  ${each}  → ${alone(entry).toFixed(2).padStart(5)}  ${entry.sql}`;
      }),
  ].join('\n');
}
