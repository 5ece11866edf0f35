/**
 * Reads the Markdown a source delivers into sections (the text under one heading) made of units:
 * the smallest pieces the chunker may place in different chunks. A unit is a paragraph, a list
 * item, a table row or a code block; a table row is never cut, and the first row of a table
 * carries the header so the header never ends up alone at the end of a chunk.
 */

export type UnitKind = 'prose' | 'row' | 'code';

export interface MarkdownUnit {
  kind: UnitKind;
  text: string;
  /** What joins this unit to the previous one in the same chunk. */
  separator: '\n' | '\n\n' | ' ';
  /** For table rows: the header and delimiter lines, repeated when a chunk starts inside the table. */
  tableHeader?: string;
}

export interface MarkdownSection {
  /** Headings above the section, outermost first (without the document's own section path). */
  headings: string[];
  units: MarkdownUnit[];
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$/;
const LIST_ITEM = /^[ \t]*([-*+]|\d{1,9}[.)])[ \t]+\S/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

function isTableLine(line: string): boolean {
  return line.includes('|') && !isBlank(line);
}

/** Heading text without inline emphasis markers, so the section path reads as plain words. */
function cleanHeading(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

class SectionBuilder {
  readonly sections: MarkdownSection[] = [];
  private stack: { level: number; text: string }[] = [];
  private current: MarkdownSection = { headings: [], units: [] };
  private startsBlock = true;

  heading(level: number, text: string): void {
    this.closeSection();
    while (this.stack.length > 0 && (this.stack[this.stack.length - 1]?.level ?? 0) >= level) this.stack.pop();
    const clean = cleanHeading(text);
    if (clean.length > 0) this.stack.push({ level, text: clean });
    this.current = { headings: this.stack.map((entry) => entry.text), units: [] };
    this.startsBlock = true;
  }

  /** Ends the current block: the next unit is joined by a blank line. */
  endBlock(): void {
    this.startsBlock = true;
  }

  unit(kind: UnitKind, text: string, tableHeader?: string): void {
    const trimmed = text.replace(/\s+$/, '');
    if (trimmed.trim().length === 0) return;
    const separator = this.startsBlock ? '\n\n' : '\n';
    this.current.units.push(tableHeader === undefined ? { kind, text: trimmed, separator } : { kind, text: trimmed, separator, tableHeader });
    this.startsBlock = false;
  }

  finish(): MarkdownSection[] {
    this.closeSection();
    return this.sections;
  }

  private closeSection(): void {
    if (this.current.units.length > 0) this.sections.push(this.current);
  }
}

/**
 * Splits Markdown into heading sections of units.
 *
 * @example
 * parseMarkdownSections('# Billing\n\n## Refunds\n\nWe refund within 14 days.')
 * // → [{ headings: ['Billing', 'Refunds'], units: [{ kind: 'prose', text: 'We refund within 14 days.', separator: '\n\n' }] }]
 */
export function parseMarkdownSections(markdown: string): MarkdownSection[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out = new SectionBuilder();
  let paragraph: string[] = [];
  let listItem: string[] = [];

  const flushParagraph = (): void => {
    if (paragraph.length > 0) out.unit('prose', paragraph.join('\n'));
    paragraph = [];
  };
  const flushListItem = (): void => {
    if (listItem.length > 0) out.unit('prose', listItem.join('\n'));
    listItem = [];
  };
  const endBlock = (): void => {
    flushParagraph();
    flushListItem();
    out.endBlock();
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';

    const fence = FENCE.exec(line);
    if (fence) {
      endBlock();
      const marker = fence[1] ?? '```';
      const body = [line];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) body.push(lines[i++] ?? '');
      if (i < lines.length) body.push(lines[i++] ?? '');
      out.unit('code', body.join('\n'));
      out.endBlock();
      continue;
    }

    const atx = ATX_HEADING.exec(line);
    if (atx) {
      endBlock();
      out.heading(atx[1]?.length ?? 1, atx[2] ?? '');
      i++;
      continue;
    }

    // Setext heading: one line of paragraph text underlined with === or ---.
    const next = lines[i + 1];
    if (paragraph.length === 0 && listItem.length === 0 && !isBlank(line) && next !== undefined && SETEXT_UNDERLINE.test(next) && !isTableLine(line)) {
      endBlock();
      out.heading(next.trim().startsWith('=') ? 1 : 2, line.trim());
      i += 2;
      continue;
    }

    if (isTableLine(line) && next !== undefined && TABLE_DELIMITER.test(next) && next.includes('-')) {
      endBlock();
      const header = `${line.trim()}\n${next.trim()}`;
      i += 2;
      let first = true;
      while (i < lines.length && isTableLine(lines[i] ?? '')) {
        const row = (lines[i] ?? '').trim();
        // The first row travels with the header; later rows remember it for chunks that start mid-table.
        out.unit('row', first ? `${header}\n${row}` : row, header);
        first = false;
        i++;
      }
      if (first) out.unit('row', header, header);
      out.endBlock();
      continue;
    }

    if (isBlank(line)) {
      // A blank line inside a list keeps the list together when the next line continues it.
      const following = lines[i + 1];
      if (listItem.length > 0 && following !== undefined && /^[ \t]+\S/.test(following) && !LIST_ITEM.test(following)) {
        listItem.push('');
      } else if (listItem.length > 0 && following !== undefined && LIST_ITEM.test(following)) {
        flushListItem();
      } else {
        endBlock();
      }
      i++;
      continue;
    }

    if (THEMATIC_BREAK.test(line)) {
      endBlock();
      i++;
      continue;
    }

    if (LIST_ITEM.test(line)) {
      flushParagraph();
      flushListItem();
      listItem = [line.replace(/\s+$/, '')];
      i++;
      continue;
    }

    if (listItem.length > 0) listItem.push(line.replace(/\s+$/, ''));
    else paragraph.push(line.trim());
    i++;
  }
  endBlock();
  return out.finish();
}
