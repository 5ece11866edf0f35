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
  /** CPU the file cost its worker process and the children it waited for; null from an older report. */
  cpuMs?: number | null;
}
const files = (JSON.parse(readFileSync(report, 'utf8')) as FileTime[])
  .map((file) => ({ ...file, seconds: (file.importMs + file.runMs) / 1000 }))
  .sort((a, b) => b.seconds - a.seconds);
const total = files.reduce((sum, file) => sum + file.seconds, 0);
const cpuOf = (file: FileTime) => (typeof file.cpuMs === 'number' ? `${(file.cpuMs / 1000).toFixed(1).padStart(6)} s CPU` : '     – CPU');
const totalCpu = files.reduce((sum, file) => sum + (file.cpuMs ?? 0), 0) / 1000;
console.log(`${files.length} test files took ${total.toFixed(0)} s in all (two run at once) and ${totalCpu.toFixed(0)} s of CPU in their tests and hooks.`);
const show = (title: string, sorted: typeof files) => {
  console.log(title);
  for (const file of sorted.slice(0, count)) {
    console.log(`${file.seconds.toFixed(1).padStart(7)} s = ${(file.importMs / 1000).toFixed(1).padStart(5)} + ${(file.runMs / 1000).toFixed(1).padStart(6)}  ${cpuOf(file)}  ${String(file.tests).padStart(3)} tests  ${file.file}`);
  }
};
show(`The ${count} slowest, wall time = import + tests and hooks, then the CPU of the tests and hooks:`, files);
if (files.some((file) => typeof file.cpuMs === 'number')) {
  show(`The ${count} costliest in CPU:`, [...files].sort((a, b) => (b.cpuMs ?? 0) - (a.cpuMs ?? 0)));
}
