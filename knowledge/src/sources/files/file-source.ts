import type { DocumentSource, SourceContext, SourceDocument, Visibility } from '../../types.js';
import { KnowledgeSourceError } from '../../errors.js';
import { extractWebPage } from '../html/extract-web-page.js';
import { hasBodyText, plainTextToMarkdown, withTitleHeading } from '../markdown/normalize-markdown.js';
import { csvToMarkdown } from './csv-to-markdown.js';
import { decodeText } from './decode-text.js';
import { detectFileType, type FileType } from './detect-file-type.js';
import { docxToMarkdown } from './docx-to-markdown.js';
import { parseMarkdownFile } from './markdown-file.js';
import { pdfToMarkdown } from './pdf-to-markdown.js';

/** One uploaded file. */
export interface UploadedFile {
  /** File name as uploaded; the document's `externalId`, so it must be unique within the source. */
  name: string;
  data: Buffer | Uint8Array;
  /** Declared media type; used only when the name has no extension. */
  contentType?: string;
  /** When the file last changed (ISO 8601), if known. */
  updatedAt?: string;
}

export interface FileSourceOptions {
  files: UploadedFile[];
  /** Locale of the files. Default `en`. */
  locale?: string;
  /** Default `public`: uploaded manuals may be cited to customers. Use `internal` for agent-only material. */
  visibility?: Visibility;
  /** Rows per table for CSV files. Default 50. */
  csvRowsPerTable?: number;
}

export interface ParsedFile {
  type: FileType;
  title: string;
  markdown: string;
  pageCount?: number;
}

/**
 * Uploaded files: PDF, DOCX, Markdown, HTML, plain text and CSV, each one document of clean Markdown.
 * Types are detected when the source is created, so a bad upload fails at once with
 * `KNOWLEDGE_FILE_UNSUPPORTED_TYPE` (its message lists the supported types); parsing happens while
 * iterating: a file that cannot give text (`KNOWLEDGE_FILE_UNREADABLE`, `KNOWLEDGE_FILE_NO_TEXT`) is
 * skipped with a note to `context.onNote`, and only when no file could be read is that error thrown.
 *
 * @example
 * const source = createFileSource({ files: [{ name: 'returns.pdf', data: await readFile('returns.pdf') }] });
 */
export function createFileSource(options: FileSourceOptions): DocumentSource {
  const names = new Set<string>();
  const files = options.files.map((file) => {
    if (names.has(file.name)) {
      throw new KnowledgeSourceError(
        'KNOWLEDGE_SOURCE_INVALID_OPTIONS',
        `Two files are named "${file.name}"; file names identify documents and must be unique`,
        { name: file.name },
      );
    }
    names.add(file.name);
    return { file, type: detectFileType(file.name, file.data, file.contentType) };
  });
  return {
    kind: 'file',
    async *documents(context: SourceContext = {}): AsyncIterable<SourceDocument> {
      let done = 0;
      const unreadable: KnowledgeSourceError[] = [];
      for (const { file, type } of files) {
        context.signal?.throwIfAborted();
        context.onProgress?.({ done, total: files.length, current: file.name });
        let parsed: ParsedFile;
        try {
          parsed = await parseFile(file, type, options);
        } catch (error) {
          // One unreadable file (a scan, a damaged PDF) is skipped with a note; the others are indexed.
          if (!(error instanceof KnowledgeSourceError)) throw error;
          unreadable.push(error);
          context.onNote?.(`${error.message.replace(/\.$/, '')}; the file was skipped, the others were indexed.`);
          done += 1;
          continue;
        }
        yield {
          externalId: file.name,
          title: parsed.title,
          url: null,
          locale: options.locale ?? 'en',
          visibility: options.visibility ?? 'public',
          updatedAt: file.updatedAt ?? null,
          markdown: parsed.markdown,
          metadata: {
            fileType: parsed.type,
            bytes: file.data.byteLength,
            ...(parsed.pageCount === undefined ? {} : { pageCount: parsed.pageCount }),
          },
        };
        done += 1;
        context.onProgress?.({ done, total: files.length });
      }
      // Nothing readable at all: the source failed, with the first file's reason.
      if (unreadable.length > 0 && unreadable.length === files.length) throw unreadable[0];
    },
  };
}

/**
 * Parses one file of a known type into a titled Markdown document (`# title` first). Exposed for the
 * CLI's dry run; sources call it while iterating.
 */
export async function parseFile(
  file: UploadedFile,
  type: FileType = detectFileType(file.name, file.data, file.contentType),
  options: Pick<FileSourceOptions, 'csvRowsPerTable'> = {},
): Promise<ParsedFile> {
  const bytes = file.data instanceof Uint8Array ? file.data : new Uint8Array(file.data);
  const fallbackTitle = baseName(file.name);
  let parsed: { title: string | null; markdown: string; pageCount?: number };
  switch (type) {
    case 'pdf': {
      const pdf = await pdfToMarkdown(file.name, bytes);
      // A PDF's metadata Title is often missing; its first heading (or a first line that reads as a
      // title) names it better than the file name does.
      parsed = { ...pdf, title: pdf.title ?? leadingTitle(pdf.markdown) };
      break;
    }
    case 'docx':
      parsed = await docxToMarkdown(file.name, bytes);
      break;
    case 'markdown':
      parsed = parseMarkdownFile(decodeText(bytes));
      break;
    case 'html': {
      const page = extractWebPage(decodeText(bytes), 'file:///', { fallbackTitle });
      parsed = { title: page.title, markdown: page.markdown };
      break;
    }
    case 'txt':
      parsed = plainTextFile(decodeText(bytes));
      break;
    case 'csv':
      parsed = { title: null, markdown: csvToMarkdown(file.name, decodeText(bytes), { rowsPerTable: options.csvRowsPerTable }) };
      break;
  }
  const title = parsed.title ?? fallbackTitle;
  const markdown = withTitleHeading(title, parsed.markdown);
  if (!hasBodyText(markdown)) {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_FILE_NO_TEXT',
      `"${file.name}" contains no text to index`,
      { name: file.name, type },
    );
  }
  return { type, title, markdown, ...(parsed.pageCount === undefined ? {} : { pageCount: parsed.pageCount }) };
}

/**
 * A text file whose first line is short, stands alone and does not read as a sentence or question
 * ("Gift cards - frequently asked questions") is titled by that line.
 */
function plainTextFile(text: string): { title: string | null; markdown: string } {
  const markdown = plainTextToMarkdown(text);
  const [first = '', second] = markdown.split('\n', 2);
  const isTitleLine = first.length > 0 && first.length <= 100 && second === '' && !/[.:?!,;]$/.test(first) && !/^[-\d\\]/.test(first);
  return isTitleLine ? { title: first.trim(), markdown: markdown.slice(first.length).trim() } : { title: null, markdown };
}

/** The first `#` heading of the Markdown, else its first line when that reads as a title (short, not a sentence). */
function leadingTitle(markdown: string): string | null {
  const lines = markdown.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const heading = lines.find((line) => /^#{1,6}\s/.test(line));
  if (heading) return heading.replace(/^#{1,6}\s+/, '').trim() || null;
  const first = lines[0] ?? '';
  return first.length > 0 && first.length <= 100 && !/[.:?!,;]$/.test(first) && !/^[-*\d\\|>]/.test(first) ? first : null;
}

function baseName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? name;
  return last.replace(/\.[^.]+$/, '') || last;
}
