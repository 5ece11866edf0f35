import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalResults } from '../results.js';
import { renderCharts } from './charts.js';
import { renderMarkdown } from './markdown.js';

/**
 * Writes `<date>.json`, `<date>.md` and the report's `<date>-<chart>.svg` files (quick runs get a
 * `-quick` suffix so they never overwrite the committed full run). Returns the paths written.
 */
export function writeResults(results: EvalResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const stem = results.mode === 'quick' ? `${results.date}-quick` : results.date;
  const written: string[] = [];
  const charts = renderCharts(results);
  const chartFiles: Record<string, string> = {};
  for (const [name, svg] of Object.entries(charts)) {
    const file = `${stem}-${name}.svg`;
    writeFileSync(join(dir, file), svg);
    chartFiles[name] = file;
    written.push(join(dir, file));
  }
  writeFileSync(join(dir, `${stem}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, `${stem}.md`), renderMarkdown(results, chartFiles));
  written.push(join(dir, `${stem}.json`), join(dir, `${stem}.md`));
  return written;
}
