/**
 * Set up in every test file under CI: records the CPU the file cost its worker process (its own
 * time plus the children it waited for: browsers, spawned servers, builds), one line per file in
 * `test-results/file-cpu/<worker pid>.jsonl`, which `scripts/file-times-reporter.ts` reads at the end
 * of the run. Wall time alone cannot tell a busy file from one that waits.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of this process, in ms (Linux); 0 elsewhere. */
function processCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

let startedAt = 0;
let file: string | undefined;
// No parameters: vitest reads a hook's first parameter as a request for fixtures.
beforeAll(() => {
  startedAt = processCpuMs();
  file = undefined;
});
beforeEach(() => {
  file ??= expect.getState().testPath;
});
afterAll(() => {
  if (!file) return;
  const folder = join('test-results', 'file-cpu');
  mkdirSync(folder, { recursive: true });
  appendFileSync(join(folder, `${process.pid}.jsonl`), `${JSON.stringify({ file, cpuMs: Math.round(processCpuMs() - startedAt) })}\n`);
});
