/**
 * A vitest reporter that writes, per test file, where its time went (import, then tests and hooks)
 * and the CPU it cost its worker (`scripts/file-cpu-setup.ts`) to `test-results/file-times.json`; `scripts/slowest-test-files.ts` prints the slowest from it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** Where `scripts/file-cpu-setup.ts` writes each worker's per-file CPU. */
const CPU_FOLDER = join('test-results', 'file-cpu');

export default class FileTimesReporter implements Reporter {
  private readonly files: Array<{ file: string; tests: number; importMs: number; runMs: number; cpuMs: number | null }> = [];

  onTestModuleEnd(module: TestModule): void {
    const diagnostic = module.diagnostic();
    this.files.push({
      file: relative(process.cwd(), module.moduleId),
      tests: [...module.children.allTests()].length,
      importMs: Math.round(diagnostic.collectDuration + diagnostic.prepareDuration + diagnostic.setupDuration),
      runMs: Math.round(diagnostic.duration),
      cpuMs: null,
    });
  }

  onInit(): void {
    rmSync(CPU_FOLDER, { recursive: true, force: true });
  }

  onTestRunEnd(): void {
    const cpu = new Map<string, number>();
    if (existsSync(CPU_FOLDER)) {
      for (const name of readdirSync(CPU_FOLDER)) {
        for (const line of readFileSync(join(CPU_FOLDER, name), 'utf8').split('\n')) {
          if (!line) continue;
          const { file, cpuMs } = JSON.parse(line) as { file: string; cpuMs: number };
          cpu.set(relative(process.cwd(), file), cpuMs);
        }
      }
    }
    for (const entry of this.files) entry.cpuMs = cpu.get(entry.file) ?? null;
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/file-times.json', `${JSON.stringify(this.files, null, 1)}\n`);
  }
}
