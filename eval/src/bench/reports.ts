import { ms } from '../report/format.js';
import { spawnBench } from './spawn-bench.js';

/** One measured point of apps/server/bench/reports.ts. */
export interface ReportsBenchPoint {
  tickets: number;
  query: string;
  p50: number;
  p95: number;
  max: number;
}

export interface ReportsBenchResult {
  database: string;
  requests: number;
  goalMs: number;
  points: ReportsBenchPoint[];
  /** Null when no run reached a million tickets. */
  isGoalMet: boolean | null;
}

export interface BenchRow {
  bench: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
}

/**
 * `/v1/reports/overview` at 10k and 1M mirrored tickets on native Postgres (the server's own bench,
 * run in a child process since eval drives the server and never imports it). `--quick` stops at 10k.
 */
export async function runReportsBench(input: { quick: boolean; childEnv: NodeJS.ProcessEnv }): Promise<{ result: ReportsBenchResult; rows: BenchRow[]; exitCode: number }> {
  const sizes = input.quick ? '10000' : '10000,1000000';
  const { result, exitCode } = await spawnBench<ReportsBenchResult>('apps/server/bench/reports.ts', ['--json', '--sizes', sizes], input.childEnv);
  const smallest = new Map(result.points.filter((point) => point.tickets === result.points[0]?.tickets).map((point) => [point.query, point]));
  const rows = result.points.map((point) => {
    const baseline = smallest.get(point.query) ?? point;
    const isLargest = point.tickets >= 1_000_000;
    return {
      bench: `reports overview, ${point.tickets.toLocaleString('en')} tickets, ${point.query}, ${result.database}`,
      figure: `p95 ${ms(point.p95)} (p50 ${ms(point.p50)}, max ${ms(point.max)}, ${result.requests} requests)`,
      baseline: `${baseline.tickets.toLocaleString('en')} tickets: p95 ${ms(baseline.p95)}`,
      ratio: `${(point.p95 / baseline.p95).toFixed(1)}× for ${(point.tickets / baseline.tickets).toLocaleString('en')}× the tickets`,
      goal: isLargest ? `p95 < ${result.goalMs} ms at 1M: ${point.p95 < result.goalMs ? 'met' : 'MISSED'}` : '—',
    };
  });
  return { result, rows, exitCode };
}
