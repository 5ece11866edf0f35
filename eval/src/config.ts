import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EvalError, EvalErrorCode } from './errors.js';

/**
 * The eval's and the bench's settings: command-line flags plus the few environment variables they
 * share with the server (DATABASE_URL, ANTHROPIC_*). This is the only file that reads `process.env`
 * or `process.argv`; the result is frozen and passed down.
 */
export interface EvalConfig {
  /** Small deterministic subset for CI (`--quick`). */
  readonly quick: boolean;
  /** `local` (Universal Sentence Encoder, the product default) or `hash` (bag of words, tests only). */
  readonly embedder: 'local' | 'hash';
  /** The folder holding `dstc11-track5-kgd/` and `hint3/` (default `<repo>/../shared/datasets`). */
  readonly datasetsDir: string;
  /** Vector cache and persistent PGlite data (default `eval/.cache`). */
  readonly cacheDir: string;
  /** Where `<date>.json` and `<date>.md` go (default `eval/results`; `eval/.cache/results` for `--quick`). */
  readonly resultsDir: string;
  /** Native Postgres + pgvector; unset → PGlite. */
  readonly databaseUrl: string | undefined;
  /** Claude path for answers, on a labelled sample only (costs money). */
  readonly anthropic: { readonly apiKey: string; readonly model: string | undefined; readonly baseUrl: string | undefined } | undefined;
  /** How many questions per view go through Claude when a key is set. */
  readonly claudeSample: number;
  /** Skip the chunk-size sweep (it is the slowest part on a cold cache). */
  readonly isSweepSkipped: boolean;
  /** Do not write results files (used by tests). */
  readonly isDryRun: boolean;
  /** The date stamp of the results files, `YYYY-MM-DD`. */
  readonly date: string;
}

const EVAL_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = resolve(EVAL_ROOT, '..');

function invalid(message: string): EvalError {
  return new EvalError(EvalErrorCode.configInvalid, message);
}

/**
 * Parses flags and environment once.
 *
 * @example
 * const config = loadEvalConfig(process.argv.slice(2), process.env); // `pnpm eval --quick`
 */
export function loadEvalConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): EvalConfig {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      embedder: { type: 'string' },
      datasets: { type: 'string' },
      cache: { type: 'string' },
      results: { type: 'string' },
      'claude-sample': { type: 'string', default: '100' },
      'no-sweep': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      date: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const embedder = values.embedder ?? 'local';
  if (embedder !== 'local' && embedder !== 'hash') throw invalid(`--embedder must be local or hash (got ${embedder})`);
  const datasetsDir = resolve(values.datasets ?? env.THREADLINE_DATASETS_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'datasets'));
  for (const name of ['dstc11-track5-kgd', 'hint3']) {
    if (!existsSync(resolve(datasetsDir, name))) {
      throw invalid(`The datasets folder ${datasetsDir} has no ${name}/; pass --datasets <dir> or set THREADLINE_DATASETS_DIR`);
    }
  }
  const claudeSample = Number(values['claude-sample']);
  if (!Number.isInteger(claudeSample) || claudeSample < 1) throw invalid('--claude-sample must be a positive integer');
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw invalid('--date must be YYYY-MM-DD');
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw invalid('DATABASE_URL must start with postgres://');
  const apiKey = env.ANTHROPIC_API_KEY && env.ANTHROPIC_API_KEY.length > 0 ? env.ANTHROPIC_API_KEY : undefined;
  return Object.freeze({
    quick: values.quick ?? false,
    embedder,
    datasetsDir,
    cacheDir: resolve(values.cache ?? resolve(EVAL_ROOT, '.cache')),
    // A quick run (CI) writes beside the cache, so it never adds files to the committed results.
    resultsDir: resolve(values.results ?? (values.quick ? resolve(values.cache ?? resolve(EVAL_ROOT, '.cache'), 'results') : resolve(EVAL_ROOT, 'results'))),
    databaseUrl,
    anthropic: apiKey ? Object.freeze({ apiKey, model: env.ANTHROPIC_MODEL || undefined, baseUrl: env.ANTHROPIC_BASE_URL || undefined }) : undefined,
    claudeSample,
    isSweepSkipped: values['no-sweep'] ?? false,
    isDryRun: values['dry-run'] ?? false,
    date,
  });
}

/** `pnpm bench` settings. */
export interface BenchConfig {
  /** Shorter runs: pipeline 10 s, native scale 10k only, PGlite 5k. */
  readonly quick: boolean;
  /** Native Postgres + pgvector for the scale runs (and the pipeline); unset → those parts are skipped or use PGlite. */
  readonly databaseUrl: string | undefined;
  /** Which parts to run (default all). */
  readonly parts: ReadonlySet<'connectors' | 'scale' | 'pipeline' | 'reports'>;
  /** Where `bench-<date>.json` goes; undefined → not written. */
  readonly resultsDir: string | undefined;
  readonly date: string;
  /** The environment handed to the spawned benchmarks (the server bench reads its own config from it). */
  readonly childEnv: NodeJS.ProcessEnv;
}

/**
 * @example
 * const config = loadBenchConfig(['--quick', '--only', 'scale']);
 */
export function loadBenchConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      write: { type: 'boolean', default: false },
      results: { type: 'string' },
      date: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const all = ['connectors', 'scale', 'pipeline', 'reports'] as const;
  const parts = new Set(values.only ? values.only.split(',').map((part) => part.trim()) : all);
  for (const part of parts) if (!(all as readonly string[]).includes(part)) throw invalid(`--only takes a comma-separated list of ${all.join(', ')} (got ${part})`);
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw invalid('DATABASE_URL must start with postgres://');
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  return Object.freeze({
    quick: values.quick ?? false,
    databaseUrl,
    parts: parts as ReadonlySet<'connectors' | 'scale' | 'pipeline' | 'reports'>,
    resultsDir: values.write || values.results ? resolve(values.results ?? resolve(EVAL_ROOT, 'results')) : undefined,
    date,
    childEnv: { ...env },
  });
}
