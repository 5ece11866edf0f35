import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How a script's process ended, and what it wrote. */
export interface ScriptRun {
  /** The exit code; null when it was killed because it did not exit by itself. */
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs `script` (an ES module; TypeScript imports load through tsx) in a new Node process and waits
 * for it to exit by itself. A process still running after `killAfterMs` is killed, so a test of
 * "exits by itself" fails with `code: null` instead of waiting out its budget. The script is a
 * file, not `--eval`: worker threads it starts inherit the process's flags, and `--input-type`
 * would stop them.
 *
 * @example
 * expect(await runModuleScript(`process.stdout.write('hi')`)).toEqual({ code: 0, out: 'hi', err: '' });
 */
export async function runModuleScript(script: string, { killAfterMs = 120_000 }: { killAfterMs?: number } = {}): Promise<ScriptRun> {
  const folder = mkdtempSync(join(tmpdir(), 'tl-script-'));
  const file = join(folder, 'script.mjs');
  writeFileSync(file, script);
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stuck = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  try {
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, out, err };
  } finally {
    clearTimeout(stuck);
    child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
}
