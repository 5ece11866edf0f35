/**
 * A vitest reporter that writes, per test file, where its time went (import, then tests and hooks)
 * to `test-results/file-times.json`; `scripts/slowest-test-files.ts` prints the slowest from it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimesReporter implements Reporter {
  private readonly files: Array<{ file: string; tests: number; importMs: number; runMs: number }> = [];

  onTestModuleEnd(module: TestModule): void {
    const diagnostic = module.diagnostic();
    this.files.push({
      file: relative(process.cwd(), module.moduleId),
      tests: [...module.children.allTests()].length,
      importMs: Math.round(diagnostic.collectDuration + diagnostic.prepareDuration + diagnostic.setupDuration),
      runMs: Math.round(diagnostic.duration),
    });
  }

  onTestRunEnd(): void {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/file-times.json', `${JSON.stringify(this.files, null, 1)}\n`);
  }
}
