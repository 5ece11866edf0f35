/**
 * `pnpm eval [--quick] [--embedder local|hash] [--no-sweep] [--model-sample N] [--dry-run]`:
 * retrieval, answer and escalation quality on ../shared/datasets, with baselines, latency per
 * stage and the chunking sweep. Prints a table, writes eval/results/<date>.json and .md (with SVG
 * charts). Exits non-zero when anything fails, including a metric over zero items or a NaN.
 */
import { loadEvalConfig } from '../config.js';
import { createProgressSink } from '../report/progress.js';
import { renderTerminal } from '../report/terminal.js';
import { writeResults } from '../report/write-results.js';
import { runEval } from '../run-eval.js';

const progress = createProgressSink();
try {
  const config = loadEvalConfig();
  const results = await runEval(config, progress);
  process.stdout.write(renderTerminal(results));
  if (!config.isDryRun) {
    const files = writeResults(results, config.resultsDir);
    progress.note(`wrote ${files.join(', ')}`);
  }
} catch (error) {
  const err = error as Error & { code?: string };
  process.stderr.write(`eval failed: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  if (err.cause) process.stderr.write(`  cause: ${String((err.cause as Error).message ?? err.cause)}\n`);
  if (!err.code) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exitCode = 1;
}
