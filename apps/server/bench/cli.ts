/**
 * How fast the built `threadline` command answers: `threadline kb list` against a running server
 * (goal < 1 s), beside Node's own start-up and the old way of running the command from TypeScript
 * sources through tsx. The server runs in this process (PGlite in memory, hash embedder) with a few
 * knowledge sources, so the command lists real rows.
 *
 *   tsx apps/server/bench/cli.ts [--quick] [--json]
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';

const run = promisify(execFile);
const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
const RUNS = args.quick ? 5 : 15;
const OLD_RUNS = args.quick ? 1 : 3;
const GOAL_MS = 1_000;
const bundle = fileURLToPath(new URL('../dist/cli/threadline.mjs', import.meta.url));
const buildScript = fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url));
const sources = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

const log = (line: string) => process.stderr.write(`${line}\n`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function timeRuns(count: number, argv: string[], env: NodeJS.ProcessEnv): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run(process.execPath, argv, { env, timeout: 300_000 });
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<number> {
  await run(process.execPath, [buildScript], { timeout: 300_000 });
  const config = Object.freeze({
    ...loadConfig({ PATH: process.env.PATH, LOG_LEVEL: 'silent', THREADLINE_DEMO: 'off', EMBEDDINGS_PROVIDER: 'hash', SYNC_INTERVAL_MS: '0' }),
    database: { driver: 'pglite' } as const,
  });
  const app = await buildApp(config, { logger: false });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const { apiKey } = await provisionTenant(app.db, app.secrets, {
      slug: 'cli-bench', name: 'CLI bench', baseUrl: 'https://cli-bench.zendesk.com',
      credentials: { kind: 'zendesk', auth: { type: 'token', email: 'a@b.c', token: 't' } }, webhookSecret: 's',
    });
    for (const name of ['Returns', 'Shipping', 'Warranty']) {
      const response = await fetch(`${url}/v1/kb/sources`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'file', name }) });
      if (!response.ok) throw new Error(`adding a source answered ${response.status}: ${await response.text()}`);
    }
    const env = { PATH: process.env.PATH ?? '', THREADLINE_URL: url, THREADLINE_API_KEY: apiKey };
    const listed = await run(process.execPath, [bundle, 'kb', 'list'], { env });
    if (!listed.stdout.includes('Warranty')) throw new Error(`kb list did not list the sources: ${listed.stdout}`);
    const built = await timeRuns(RUNS, [bundle, 'kb', 'list'], env);
    const node = await timeRuns(RUNS, ['-e', '0'], env);
    const old = await timeRuns(OLD_RUNS, ['--import', 'tsx', sources, 'kb', 'list'], env);
    const summary = (times: number[]) => ({ p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) });
    const result = { runs: RUNS, goalMs: GOAL_MS, built: summary(built), nodeStartup: summary(node), tsxSources: summary(old), isGoalMet: percentile(built, 95) < GOAL_MS };
    log(`cli bench: threadline kb list p95 ${result.built.p95.toFixed(0)} ms (p50 ${result.built.p50.toFixed(0)}); node -e 0 p50 ${result.nodeStartup.p50.toFixed(0)} ms; from sources with tsx p50 ${result.tsxSources.p50.toFixed(0)} ms`);
    if (args.json) process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    return result.isGoalMet ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`cli bench failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
