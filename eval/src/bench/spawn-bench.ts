import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../config.js';
import { EvalError, EvalErrorCode } from '../errors.js';

/**
 * Runs a benchmark script with tsx in a child process (the connector and server benches live in
 * their own packages, which eval may not import) and returns the JSON of its `BENCH_RESULT` line.
 * The child's stderr is passed through as progress; its exit code is reported, not thrown, since a
 * missed goal exits 1 and still has figures to print.
 */
export async function spawnBench<T>(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ result: T; exitCode: number; output: string }> {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [script, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(chunk));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  const line = stdout.split('\n').find((entry) => entry.startsWith('BENCH_RESULT '));
  if (!line) {
    throw new EvalError(EvalErrorCode.benchFailed, `${script} printed no BENCH_RESULT line (exit code ${exitCode})`, { script, exitCode, output: stdout.slice(-2000) });
  }
  return { result: JSON.parse(line.slice('BENCH_RESULT '.length)) as T, exitCode, output: stdout };
}
