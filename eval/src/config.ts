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
  /**
   * The answer model the server would use, from the same variables (`ANSWER_MODEL_PROVIDER`,
   * `ANSWER_MODEL_BASE_URL`, `ANSWER_MODEL`, `ANSWER_MODEL_API_KEY`, or `ANTHROPIC_*`); it runs on a
   * labelled sample only (it costs money or time). Undefined: offline figures only.
   */
  readonly answerModel: EvalAnswerModel | undefined;
  /** How many questions per view go through the answer model when one is configured. */
  readonly modelSample: number;
  /** Skip the chunk-size sweep (it is the slowest part on a cold cache). */
  readonly isSweepSkipped: boolean;
  /** Do not write results files (used by tests). */
  readonly isDryRun: boolean;
  /** The date stamp of the results files, `YYYY-MM-DD`. */
  readonly date: string;
}

export type EvalAnswerModel =
  | { readonly provider: 'anthropic'; readonly apiKey: string; readonly model: string | undefined; readonly baseUrl: string | undefined }
  | { readonly provider: 'openai-compatible'; readonly baseUrl: string; readonly model: string; readonly apiKey: string | undefined };

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
      'model-sample': { type: 'string' },
      // The flag's earlier name, from when Claude was the only model.
      'claude-sample': { type: 'string' },
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
  const modelSample = Number(values['model-sample'] ?? values['claude-sample'] ?? '100');
  if (!Number.isInteger(modelSample) || modelSample < 1) throw invalid('--model-sample must be a positive integer');
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw invalid('--date must be YYYY-MM-DD');
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw invalid('DATABASE_URL must start with postgres://');
  return Object.freeze({
    quick: values.quick ?? false,
    embedder,
    datasetsDir,
    cacheDir: resolve(values.cache ?? resolve(EVAL_ROOT, '.cache')),
    // A quick run (CI) writes beside the cache, so it never adds files to the committed results.
    resultsDir: resolve(values.results ?? (values.quick ? resolve(values.cache ?? resolve(EVAL_ROOT, '.cache'), 'results') : resolve(EVAL_ROOT, 'results'))),
    databaseUrl,
    answerModel: answerModelOf(env),
    modelSample,
    isSweepSkipped: values['no-sweep'] ?? false,
    isDryRun: values['dry-run'] ?? false,
    date,
  });
}

/** `pnpm --filter @threadline/eval fit-decision` settings: the eval's, plus whether to write the fitted model. */
export interface FitDecisionConfig extends EvalConfig {
  /** Write `answerability-weights.json` (otherwise only the report). */
  readonly isWrite: boolean;
  /** Refit on the decisions the last run recorded (`<cache>/decision-records-<embedder>.json`) instead of running the path again. */
  readonly isFromRecords: boolean;
}

/**
 * The decision fit's flags: every eval flag (`--embedder`, `--datasets`, `--cache`, `--results`,
 * `--date`, `--dry-run`) plus `--write` and `--from-records`.
 *
 * @example
 * const config = loadFitDecisionConfig(['--write']);
 */
export function loadFitDecisionConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): FitDecisionConfig {
  const own = new Set(['--write', '--from-records']);
  return Object.freeze({
    ...loadEvalConfig(argv.filter((arg) => !own.has(arg)), env),
    isWrite: argv.includes('--write'),
    isFromRecords: argv.includes('--from-records'),
  });
}

const set = (value: string | undefined): string | undefined => (value && value.length > 0 ? value : undefined);

/** The answer model from the server's variables, read the way the server reads them. */
function answerModelOf(env: NodeJS.ProcessEnv): EvalAnswerModel | undefined {
  const provider = set(env.ANSWER_MODEL_PROVIDER) ?? (set(env.ANTHROPIC_API_KEY) ? 'anthropic' : undefined);
  switch (provider) {
    case undefined:
    case 'offline':
      return undefined;
    case 'anthropic': {
      const apiKey = set(env.ANSWER_MODEL_API_KEY) ?? set(env.ANTHROPIC_API_KEY);
      if (!apiKey) throw invalid('ANSWER_MODEL_PROVIDER=anthropic needs ANSWER_MODEL_API_KEY or ANTHROPIC_API_KEY');
      return Object.freeze({ provider, apiKey, model: set(env.ANSWER_MODEL) ?? set(env.ANTHROPIC_MODEL), baseUrl: set(env.ANSWER_MODEL_BASE_URL) ?? set(env.ANTHROPIC_BASE_URL) });
    }
    case 'openai-compatible': {
      const baseUrl = set(env.ANSWER_MODEL_BASE_URL);
      const model = set(env.ANSWER_MODEL);
      if (!baseUrl || !model) throw invalid('ANSWER_MODEL_PROVIDER=openai-compatible needs ANSWER_MODEL_BASE_URL and ANSWER_MODEL');
      return Object.freeze({ provider, baseUrl, model, apiKey: set(env.ANSWER_MODEL_API_KEY) });
    }
    default:
      throw invalid(`ANSWER_MODEL_PROVIDER must be anthropic, openai-compatible or offline (got ${provider})`);
  }
}

/** `pnpm bench` settings. */
export interface BenchConfig {
  /** Shorter runs: pipeline 10 s, native scale 10k only, PGlite 5k. */
  readonly quick: boolean;
  /** Native Postgres + pgvector for the scale runs (and the pipeline); unset → those parts are skipped or use PGlite. */
  readonly databaseUrl: string | undefined;
  /** Which parts to run (default all). */
  readonly parts: ReadonlySet<'connectors' | 'scale' | 'pipeline' | 'reports' | 'cli'>;
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
  const all = ['connectors', 'scale', 'pipeline', 'reports', 'cli'] as const;
  const parts = new Set(values.only ? values.only.split(',').map((part) => part.trim()) : all);
  for (const part of parts) if (!(all as readonly string[]).includes(part)) throw invalid(`--only takes a comma-separated list of ${all.join(', ')} (got ${part})`);
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw invalid('DATABASE_URL must start with postgres://');
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  return Object.freeze({
    quick: values.quick ?? false,
    databaseUrl,
    parts: parts as ReadonlySet<'connectors' | 'scale' | 'pipeline' | 'reports' | 'cli'>,
    resultsDir: values.write || values.results ? resolve(values.results ?? resolve(EVAL_ROOT, 'results')) : undefined,
    date,
    childEnv: { ...env },
  });
}
