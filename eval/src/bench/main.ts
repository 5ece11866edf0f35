/**
 * `pnpm bench [--quick] [--only connectors,scale,pipeline,reports] [--write]`: the performance benchmarks
 * of the other issues in one run, each printed as figure, baseline and ratio, with the machine.
 *
 *   connectors  Zendesk and Freshdesk history pull (200 tickets × 20 messages, 50 ms per request):
 *               the connector's bounded-concurrency pull vs a serial pager. Goal ≤ 2 s.
 *   scale       retrieval at 10k and 100k chunks on native Postgres + pgvector (goal: top-5 p95
 *               ≤ 15 ms at 100k) and 20k on PGlite (goal ≤ 60 ms), HNSW vs an exact scan, and
 *               ingestion chunks/s. Synthetic documents and vectors (see synthetic-corpus.ts).
 *   pipeline    50 webhooks/s for 60 s through the server in-process, fake Anthropic at 300 ms:
 *               none lost, p95 overhead beyond the model call ≤ 500 ms (apps/server/bench/pipeline.ts).
 *   reports     GET /v1/reports/overview at 10k and 1M mirrored tickets on native Postgres (goal: p95
 *               < 200 ms at 1M; apps/server/bench/reports.ts).
 *
 * Native parts are skipped with a message when DATABASE_URL is unset. Exits 1 when a
 * correctness check fails (incomplete history, lost webhooks); a missed speed goal is reported.
 */
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalEmbedder } from '@threadline/knowledge';
import { openDb } from '@threadline/platform/db';
import { loadBenchConfig } from '../config.js';
import { describeMachine, machineInfo } from '../machine.js';
import { ms } from '../report/format.js';
import { dropFreshPostgres, openFreshPostgres, runScale, type ScalePoint } from './retrieval-scale.js';
import { spawnBench } from './spawn-bench.js';
import { runReportsBench } from './reports.js';

interface PullRun {
  name: string;
  seconds: number;
  requests: number;
  tickets: number;
  messages: number;
}
interface PullResult {
  bench: string;
  tickets: number;
  messages: number;
  latencyMs: number;
  concurrency: number;
  baseline: PullRun;
  concurrent: PullRun;
  targetSeconds: number;
  met: boolean;
  complete: boolean;
}
interface PipelineResult {
  database: string;
  rate: number;
  seconds: number;
  modelLatencyMs: number;
  concurrency: number;
  sent: number;
  accepted: number;
  written: number;
  failed: number;
  lost: number;
  e2eMs: { p50: number; p95: number; max: number };
  overheadMs: { p50: number; p95: number };
  stagesMs: Record<string, { p50: number; p95: number }>;
  goals: { noneLost: boolean; overheadP95Ms: number; isOverheadMet: boolean };
}

interface Row {
  bench: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
}

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const note = (line: string): void => void process.stderr.write(`${line}\n`);

async function embedderThroughput(): Promise<number> {
  const embedder = createLocalEmbedder();
  try {
    await embedder.ready();
    const texts = Array.from({ length: 256 }, (_, index) => `## Section ${index}\nHow long does a refund to card number ${index} take, and can I change the delivery address of my order?`);
    const started = performance.now();
    await embedder.embed(texts);
    return texts.length / ((performance.now() - started) / 1000);
  } finally {
    await embedder.close();
  }
}

async function main(): Promise<number> {
  const config = loadBenchConfig();
  const machine = machineInfo();
  const load = loadavg().map((value) => value.toFixed(2)).join(' / ');
  const rows: Row[] = [];
  const results: Record<string, unknown> = { date: config.date, machine, loadAverageAtStart: load, quick: config.quick };
  let exitCode = 0;

  if (config.parts.has('connectors')) {
    for (const vendor of ['zendesk', 'freshdesk'] as const) {
      note(`— ${vendor} history pull`);
      const { result, exitCode: code } = await spawnBench<PullResult>(`connectors/${vendor}/bench/pull-history.ts`, ['--json'], config.childEnv);
      results[`${vendor}Pull`] = result;
      if (!result.complete) exitCode = 1;
      rows.push({
        bench: `${vendor} history pull (${result.tickets} tickets × ${result.messages} messages, ${result.latencyMs} ms/request)`,
        figure: `${result.concurrent.seconds.toFixed(2)} s, ${result.concurrent.requests} requests (concurrency ${result.concurrency})`,
        baseline: `${result.baseline.seconds.toFixed(2)} s, ${result.baseline.requests} requests (serial pager)`,
        ratio: `${(result.baseline.seconds / result.concurrent.seconds).toFixed(1)}× faster`,
        goal: `≤ ${result.targetSeconds} s: ${result.met ? 'met' : 'MISSED'}${result.complete ? '' : '; history INCOMPLETE'}${code !== 0 && result.complete && result.met ? ` (exit ${code})` : ''}`,
      });
    }
  }

  // Before the scale part: its hundreds of megabytes of writes leave checkpoints and autovacuum behind
  // that would land in the middle of the 60-second load run.
  if (config.parts.has('pipeline')) {
    note('— agent pipeline under load');
    const { result, exitCode: code } = await spawnBench<PipelineResult>('apps/server/bench/pipeline.ts', ['--json', ...(config.quick ? ['--quick'] : [])], config.childEnv);
    results.pipeline = result;
    if (!result.goals.noneLost) exitCode = 1;
    rows.push({
      bench: `pipeline: ${result.sent} webhooks at ${result.rate}/s, fake model ${result.modelLatencyMs} ms, worker concurrency ${result.concurrency}, ${result.database}`,
      figure: `accepted→written p95 ${ms(result.e2eMs.p95)} (p50 ${ms(result.e2eMs.p50)}); overhead beyond the model p95 ${ms(result.overheadMs.p95)}`,
      baseline: `the model call alone ${ms(result.modelLatencyMs)}`,
      ratio: `${(result.e2eMs.p95 / result.modelLatencyMs).toFixed(2)}×`,
      goal: `none lost: ${result.goals.noneLost ? 'yes' : `NO (${result.lost} lost, ${result.failed} failed)`}; overhead ≤ ${result.goals.overheadP95Ms} ms: ${result.goals.isOverheadMet ? 'met' : 'MISSED'}${code !== 0 ? ` (exit ${code})` : ''}`,
    });
  }

  if (config.parts.has('scale')) {
    const points: ScalePoint[] = [];
    if (config.databaseUrl) {
      note('— retrieval scale on native Postgres + pgvector');
      const { db, label } = await openFreshPostgres(config.databaseUrl);
      try {
        points.push(...(await runScale({ db, database: label, sizes: config.quick ? [10_000] : [10_000, 100_000], onProgress: note })));
        const { rows: versions } = await db.query<{ extversion: string }>(`select extversion from pg_extension where extname = 'vector'`);
        results.pgvector = versions[0]?.extversion;
      } finally {
        await db.close();
        // The scratch database goes, so its autovacuum does not compete with the benchmarks after it.
        await dropFreshPostgres(config.databaseUrl).catch(() => {});
      }
    } else {
      note('— native Postgres parts skipped: DATABASE_URL is unset (scripts/native-postgres.sh start prints one)');
      rows.push({ bench: 'retrieval scale, native Postgres 10k / 100k', figure: 'skipped: DATABASE_URL unset', baseline: '—', ratio: '—', goal: '≤ 15 ms p95 at 100k: not measured' });
    }
    note('— retrieval scale on PGlite (in memory)');
    const pglite = await openDb({ driver: 'pglite' });
    try {
      points.push(...(await runScale({ db: pglite, database: 'PGlite (in memory)', sizes: [config.quick ? 5_000 : 20_000], onProgress: note })));
    } finally {
      await pglite.close();
    }
    note('— local embedder throughput (the ingestion bound with the real model)');
    const embedPerSecond = await embedderThroughput();
    results.scale = points;
    results.localEmbedderTextsPerSecond = embedPerSecond;
    for (const point of points) {
      const isNative = !point.database.startsWith('PGlite');
      const goalMs = isNative ? 15 : 60;
      const hasGoal = isNative ? point.chunks >= 100_000 : point.chunks >= 20_000;
      rows.push({
        bench: `top-5 hybrid search, ${point.chunks.toLocaleString('en')} chunks, ${point.database}`,
        figure: `p95 ${ms(point.hybrid.p95)} (p50 ${ms(point.hybrid.p50)}); vector only p95 ${ms(point.vector.p95)}`,
        baseline: `exact scan p95 ${ms(point.exact.p95)}`,
        ratio: `HNSW ${(point.exact.p95 / point.vector.p95).toFixed(1)}× faster than exact; recall@5 vs exact ${(100 * point.hnswRecallAt5).toFixed(1)}% (ef_search 100: ${(100 * point.ef100.recallAt5).toFixed(1)}% at p95 ${ms(point.ef100.p95)})`,
        goal: hasGoal ? `hybrid ≤ ${goalMs} ms: ${point.hybrid.p95 <= goalMs ? 'met' : 'MISSED'}; vector ≤ ${goalMs} ms: ${point.vector.p95 <= goalMs ? 'met' : 'MISSED'}` : '—',
      });
      rows.push({
        bench: `ingestion to ${point.chunks.toLocaleString('en')} chunks, ${point.database}`,
        figure: `${point.ingestChunksPerSecond.toFixed(0)} chunks/s (synthetic vectors: database path only)`,
        baseline: `local embedder alone ${embedPerSecond.toFixed(0)} chunk-sized texts/s`,
        ratio: `database ${(point.ingestChunksPerSecond / embedPerSecond).toFixed(1)}× the embedder's rate`,
        goal: '—',
      });
    }
  }

  if (config.parts.has('reports')) {
    if (config.databaseUrl) {
      note('— reports overview on native Postgres');
      const { result, rows: reportRows, exitCode: code } = await runReportsBench({ quick: config.quick, childEnv: config.childEnv });
      results.reports = result;
      rows.push(...reportRows);
      if (code !== 0 && result.isGoalMet !== false) exitCode = 1;
    } else {
      note('— reports part skipped: DATABASE_URL is unset (scripts/native-postgres.sh start prints one)');
      rows.push({ bench: 'reports overview, native Postgres 10k / 1M tickets', figure: 'skipped: DATABASE_URL unset', baseline: '—', ratio: '—', goal: 'p95 < 200 ms at 1M: not measured' });
    }
  }

  say(`Threadline bench ${config.date}${config.quick ? ' (quick)' : ''}`);
  say(`machine: ${describeMachine(machine)}; load average at start ${load}`);
  say(`databases: ${config.databaseUrl ? 'native Postgres (DATABASE_URL) and PGlite' : 'PGlite only (DATABASE_URL unset)'}`);
  say();
  for (const row of rows) {
    say(`▌${row.bench}`);
    say(`  figure:   ${row.figure}`);
    say(`  baseline: ${row.baseline}`);
    say(`  ratio:    ${row.ratio}`);
    say(`  goal:     ${row.goal}`);
  }
  if (config.resultsDir) {
    mkdirSync(config.resultsDir, { recursive: true });
    const file = join(config.resultsDir, `bench-${config.date}${config.quick ? '-quick' : ''}.json`);
    writeFileSync(file, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
    note(`wrote ${file}`);
  }
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const err = error as Error & { code?: string };
    process.stderr.write(`bench failed: ${err.code ? `${err.code}: ` : ''}${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
