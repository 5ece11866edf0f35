import { extractTextItems, getDocumentProxy, getMeta, type StructuredTextItem } from 'unpdf';
import { KnowledgeSourceError } from '../../errors.js';
import { normalizeMarkdown, oneLine } from '../markdown/normalize-markdown.js';

export interface ParsedPdf {
  title: string | null;
  markdown: string;
  pageCount: number;
}

interface Line {
  text: string;
  size: number;
  x: number;
  y: number;
  page: number;
}

const BULLET = /^(?:[•◦▪●‣∙·]\s*|[-*\u2013\u2014]\s+)/;
const NUMBERED = /^(\d{1,3})[.)]\s+/;

/**
 * Text of a PDF as Markdown, read with `unpdf` (PDF.js). PDFs carry no structure, only positioned text,
 * so the layout is read back: lines set larger than the body text become headings (the largest size
 * `#`, the next `##`, …), `•` and `1.` lines become list items, wrapped lines are joined into paragraphs
 * on line spacing, hyphenated line ends are mended, and running headers, footers and page numbers are
 * dropped. Tables come out as lines of text.
 *
 * Throws `KNOWLEDGE_FILE_UNREADABLE` for a damaged or password-protected PDF and `KNOWLEDGE_FILE_NO_TEXT`
 * for one without a text layer (a scan).
 */
export async function pdfToMarkdown(name: string, bytes: Uint8Array): Promise<ParsedPdf> {
  let pages: StructuredTextItem[][];
  let info: Record<string, unknown>;
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // PDF.js may transfer (detach) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes));
    pages = (await extractTextItems(pdf)).items;
    info = (await getMeta(pdf)).info;
  } catch (error) {
    const isEncrypted = (error as { name?: unknown } | null)?.name === 'PasswordException';
    throw new KnowledgeSourceError(
      'KNOWLEDGE_FILE_UNREADABLE',
      `"${name}" could not be read as a PDF${isEncrypted ? ': it is password-protected' : ' (damaged file?)'}`,
      { name, type: 'pdf', reason: isEncrypted ? 'encrypted' : 'invalid' },
      error,
    );
  } finally {
    await pdf?.loadingTask.destroy().catch(() => undefined);
  }
  const lines = dropRunningLines(pages.flatMap((items, index) => toLines(items, index)), pages.length);
  if (!lines.some((line) => /[\p{L}\p{N}]/u.test(line.text))) {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_FILE_NO_TEXT',
      `"${name}" has no text layer (a scanned PDF?); run it through OCR first`,
      { name, type: 'pdf' },
    );
  }
  const metaTitle = typeof info.Title === 'string' ? oneLine(info.Title) : '';
  return {
    title: metaTitle && !/^(untitled|microsoft (word|powerpoint) - .*)$/i.test(metaTitle) ? metaTitle : null,
    markdown: layoutToMarkdown(lines),
    pageCount: pages.length,
  };
}

/** Groups PDF.js text items into visual lines (same baseline), in reading order. */
function toLines(items: StructuredTextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let current: { parts: StructuredTextItem[] } | null = null;
  const flush = () => {
    if (!current) return;
    const parts = current.parts.filter((part) => part.str !== '');
    current = null;
    if (parts.length === 0) return;
    let text = '';
    let end = Number.NEGATIVE_INFINITY;
    for (const part of parts) {
      const gap = part.x - end;
      if (text && !/\s$/.test(text) && !/^\s/.test(part.str) && gap > part.fontSize * 0.15) text += ' ';
      text += part.str;
      end = part.x + part.width;
    }
    // The size of the line is the size most of its characters are set in.
    const sizes = new Map<number, number>();
    for (const part of parts) sizes.set(round(part.fontSize), (sizes.get(round(part.fontSize)) ?? 0) + part.str.length);
    const size = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const cleaned = oneLine(text);
    if (cleaned) lines.push({ text: cleaned, size, x: parts[0]!.x, y: parts[0]!.y, page });
  };
  for (const item of items) {
    const sameLine = current && Math.abs(current.parts[current.parts.length - 1]!.y - item.y) < Math.max(item.fontSize, 1) * 0.5;
    if (!sameLine) flush();
    current ??= { parts: [] };
    current.parts.push(item);
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

/** Running headers/footers repeat on most pages; page numbers are noise everywhere. */
function dropRunningLines(lines: Line[], pageCount: number): Line[] {
  const key = (line: Line) => line.text.toLowerCase().replace(/\d+/g, '#');
  const pagesWith = new Map<string, Set<number>>();
  for (const line of lines) {
    const pages = pagesWith.get(key(line)) ?? new Set<number>();
    pages.add(line.page);
    pagesWith.set(key(line), pages);
  }
  return lines.filter((line) => {
    if (/^(page\s*)?\d+(\s*(of|\/)\s*\d+)?$/i.test(line.text)) return false;
    return !(pageCount >= 3 && (pagesWith.get(key(line))?.size ?? 0) >= Math.ceil(pageCount * 0.6));
  });
}

function layoutToMarkdown(lines: Line[]): string {
  const bodySize = dominantSize(lines);
  const headingSizes = [...new Set(lines.filter((line) => isHeadingLine(line, bodySize)).map((line) => line.size))].sort((a, b) => b - a);
  const lineGap = typicalLineGap(lines, bodySize);
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let previous: Line | null = null;
  let previousKind: 'text' | 'item' | 'heading' | null = null;
  let itemX = 0;

  const flush = () => {
    if (paragraph.length) blocks.push(joinWrapped(paragraph));
    paragraph = [];
  };

  for (const line of lines) {
    if (isHeadingLine(line, bodySize)) {
      flush();
      const level = Math.min(headingSizes.indexOf(line.size) + 1, 6);
      // A heading wrapped over two lines continues the previous heading line.
      if (previousKind === 'heading' && previous && previous.size === line.size && previous.page === line.page && previous.y - line.y < line.size * 1.6) {
        blocks[blocks.length - 1] += ` ${line.text}`;
      } else {
        blocks.push(`${'#'.repeat(level)} ${line.text}`);
      }
      previous = line;
      previousKind = 'heading';
      continue;
    }
    const bullet = BULLET.exec(line.text);
    const numbered = NUMBERED.exec(line.text);
    if ((bullet && line.text.length > bullet[0].length) || numbered) {
      flush();
      paragraph = [bullet ? `- ${line.text.slice(bullet[0].length)}` : `${numbered![1]}. ${line.text.slice(numbered![0].length)}`];
      previous = line;
      itemX = line.x;
      previousKind = 'item';
      continue;
    }
    let isContinuation = false;
    if (previous && paragraph.length > 0 && previousKind !== 'heading') {
      const gap = previous.y - line.y;
      if (previous.page !== line.page) {
        // Across a page break: a sentence that did not end continues.
        isContinuation = !/[.!?:]$/.test(paragraph[paragraph.length - 1]!) && /^\p{Ll}/u.test(line.text);
      } else if (previousKind === 'item') {
        // A wrapped list item is indented under its text; an unindented line ends the list.
        isContinuation = gap > 0 && gap <= lineGap * 1.3 + 1 && line.x > itemX + 2;
      } else {
        isContinuation = gap > 0 && gap <= lineGap * 1.3 + 1;
      }
    }
    if (!isContinuation) {
      flush();
      previousKind = 'text';
    }
    paragraph.push(line.text);
    previous = line;
  }
  flush();
  return normalizeMarkdown(groupListItems(blocks).join('\n\n'));
}

/** Consecutive list items are one list: no blank line between them. */
function groupListItems(blocks: string[]): string[] {
  const grouped: string[] = [];
  for (const block of blocks) {
    const last = grouped[grouped.length - 1];
    if (last !== undefined && isListBlock(block) && isListBlock(last.split('\n').pop() ?? '')) grouped[grouped.length - 1] = `${last}\n${block}`;
    else grouped.push(block);
  }
  return grouped;
}

function isListBlock(block: string): boolean {
  return /^(- |\d+\. )/.test(block);
}

/** Joins wrapped lines; a word hyphenated across the line end is mended. */
function joinWrapped(lines: string[]): string {
  return lines.reduce((text, line) => (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line) ? text.slice(0, -1) + line : `${text} ${line}`));
}

function isHeadingLine(line: Line, bodySize: number): boolean {
  return line.size >= bodySize * 1.15 && line.text.length <= 150 && /\p{L}/u.test(line.text);
}

function dominantSize(lines: Line[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) weights.set(line.size, (weights.get(line.size) ?? 0) + line.text.length);
  return [...weights.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** The usual distance between two wrapped body lines (median), to tell a new paragraph from a wrap. */
function typicalLineGap(lines: Line[], bodySize: number): number {
  const gaps: number[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const [a, b] = [lines[index - 1]!, lines[index]!];
    if (a.page === b.page && a.size === bodySize && b.size === bodySize && a.y > b.y) gaps.push(a.y - b.y);
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? bodySize * 1.2;
}

function round(size: number): number {
  return Math.round(size * 2) / 2;
}
