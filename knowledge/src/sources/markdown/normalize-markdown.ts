/**
 * Small Markdown utilities shared by every source: whitespace clean-up, plain text to Markdown, and
 * the document title as the first heading.
 */

/** Collapses blank-line runs, trims trailing spaces and non-breaking spaces, and trims the document. */
export function normalizeMarkdown(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Plain text (macros, ticket messages, .txt files) as Markdown: paragraphs kept, `•` bullets turned into
 * list items, and a line starting with `# ` escaped so it does not become a heading.
 */
export function plainTextToMarkdown(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^(\s*)[•◦▪●‣∙·]\s*/, '$1- ').replace(/^(\s*)(#{1,6})(\s)/, '$1\\$2$3'));
  return normalizeMarkdown(lines.join('\n'));
}

/**
 * Puts `# title` at the top of `markdown` unless it already starts with that heading, so chunks carry
 * the document title as the outermost part of their section path.
 */
export function withTitleHeading(title: string, markdown: string): string {
  const heading = `# ${oneLine(title)}`;
  const body = normalizeMarkdown(markdown);
  const firstLine = body.split('\n', 1)[0] ?? '';
  if (/^#\s/.test(firstLine) && sameText(firstLine.slice(2), title)) return body;
  return body ? `${heading}\n\n${body}` : heading;
}

/** True when the Markdown holds text beyond headings and table rules. */
export function hasBodyText(markdown: string): boolean {
  return markdown
    .split('\n')
    .some((line) => line.trim() !== '' && !/^#{1,6}\s/.test(line) && /[\p{L}\p{N}]/u.test(line));
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function sameText(a: string, b: string): boolean {
  return oneLine(a).toLowerCase() === oneLine(b).toLowerCase();
}
