// Prints the test files that took longest in the last test run under CI (tests and hooks, and the
// file's import), from what scripts/file-times-reporter.ts wrote. Usage: npx tsx scripts/slowest-test-files.ts [count]
import { existsSync, readFileSync } from 'node:fs';

const report = 'test-results/file-times.json';
if (!existsSync(report)) {
  console.error(`No ${report}: run the tests with CI=true first (the report is written only then).`);
  process.exit(1);
}
const count = Number(process.argv[2] ?? 15);
interface FileTime {
  file: string;
  tests: number;
  importMs: number;
  runMs: number;
}
const files = (JSON.parse(readFileSync(report, 'utf8')) as FileTime[])
  .map((file) => ({ ...file, seconds: (file.importMs + file.runMs) / 1000 }))
  .sort((a, b) => b.seconds - a.seconds);
const total = files.reduce((sum, file) => sum + file.seconds, 0);
console.log(`${files.length} test files took ${total.toFixed(0)} s in all (two run at once); the ${count} slowest, import + tests and hooks:`);
for (const file of files.slice(0, count)) {
  console.log(`${file.seconds.toFixed(1).padStart(7)} s = ${(file.importMs / 1000).toFixed(1).padStart(5)} + ${(file.runMs / 1000).toFixed(1).padStart(6)}  ${String(file.tests).padStart(3)} tests  ${file.file}`);
}
