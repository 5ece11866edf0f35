import { parse } from 'csv-parse/sync';
import { KnowledgeSourceError } from '../../errors.js';
import { oneLine } from '../markdown/normalize-markdown.js';

export interface CsvToMarkdownOptions {
  /** Rows per table; a bigger file becomes several `## Rows a–b` sections, each repeating the header. Default 50. */
  rowsPerTable?: number;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * A CSV (or TSV) file as Markdown pipe tables, parsed with `csv-parse` (quotes, embedded newlines and
 * delimiters, BOM). The first row is the header. The delimiter is sniffed from the first line
 * (`,` `;` tab `|`), since spreadsheets in many locales export with `;`.
 *
 * Splitting long files keeps every chunk self-describing: each table repeats the header row.
 */
export function csvToMarkdown(name: string, text: string, options: CsvToMarkdownOptions = {}): string {
  const rowsPerTable = Math.max(1, options.rowsPerTable ?? 50);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_FILE_UNREADABLE',
      `"${name}" could not be parsed as CSV`,
      { name, type: 'csv' },
      error,
    );
  }
  records = records.filter((record) => record.some((value) => value !== ''));
  const [header, ...rows] = records;
  if (!header) return '';
  const width = Math.max(header.length, ...rows.map((row) => row.length));
  const headerCells = Array.from({ length: width }, (_, index) => header[index] || `Column ${index + 1}`);
  const table = (slice: string[][]) =>
    [
      pipeRow(headerCells),
      pipeRow(headerCells.map(() => '---')),
      ...slice.map((row) => pipeRow(Array.from({ length: width }, (_, index) => row[index] ?? ''))),
    ].join('\n');

  if (rows.length <= rowsPerTable) return table(rows);
  const sections: string[] = [];
  for (let start = 0; start < rows.length; start += rowsPerTable) {
    const slice = rows.slice(start, start + rowsPerTable);
    sections.push(`## Rows ${start + 1}–${start + slice.length}\n\n${table(slice)}`);
  }
  return sections.join('\n\n');
}

function pipeRow(cells: string[]): string {
  return `| ${cells.map((cell) => oneLine(cell).replace(/\|/g, '\\|') || ' ').join(' | ')} |`;
}

/** The candidate that splits the first line most often outside quotes. */
function sniffDelimiter(text: string): string {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = unquoted.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}
