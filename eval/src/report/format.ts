import type { Measured } from '../metrics/aggregate.js';

/** 0.4567 → `0.457`. */
export function score(value: number): string {
  return value.toFixed(3);
}

/** 0.4567 → `45.7%`. */
export function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

/** `hybrid ÷ baseline`, e.g. `1.28×`; `∞` when the baseline scored 0 and hybrid did not. */
export function times(hybrid: number, baseline: number): string {
  if (baseline === 0) return hybrid === 0 ? '1.00×' : '∞';
  return `${(hybrid / baseline).toFixed(2)}×`;
}

/** Signed percentage points, e.g. `+6.3 pts`. */
export function points(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} pts`;
}

export function withN(measured: Measured, render: (value: number) => string = percent): string {
  return `${render(measured.value)} (n=${measured.n})`;
}

/** A plain text table with the first column left-aligned and the rest right-aligned. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ');
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table (first column left, others right). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map((_, column) => (column === 0 ? ' :--- ' : ' ---: ')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}
