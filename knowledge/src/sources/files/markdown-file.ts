import { normalizeMarkdown, oneLine } from '../markdown/normalize-markdown.js';

export interface ParsedMarkdownFile {
  /** The opening `#` heading, else front matter `title:`, else the first `#` heading, else null. */
  title: string | null;
  markdown: string;
}

/**
 * An uploaded Markdown file, normalized for chunking: YAML front matter removed (its `title:` kept as
 * the title) and setext headings (`Title` over `===`) rewritten as ATX (`# Title`), the form the
 * heading-aware chunker reads. Fenced code is left untouched.
 */
export function parseMarkdownFile(text: string): ParsedMarkdownFile {
  let body = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  let frontMatterTitle: string | null = null;
  const frontMatter = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(body);
  if (frontMatter) {
    const title = /^title:\s*(.+)$/m.exec(frontMatter[1] ?? '')?.[1];
    frontMatterTitle = title ? oneLine(title.replace(/^(['"])(.*)\1$/, '$2')) : null;
    body = body.slice(frontMatter[0].length);
  }
  const markdown = normalizeMarkdown(atxHeadings(body));
  // A document that opens with its own `# heading` is titled by it; front matter fills in otherwise.
  const leading = /^# (.+)$/.exec(markdown.split('\n', 1)[0] ?? '')?.[1];
  const anyHeading = /^# (.+)$/m.exec(markdown)?.[1];
  const title = leading ?? frontMatterTitle ?? anyHeading;
  return { title: title ? oneLine(title) : null, markdown };
}

function atxHeadings(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) fence = fence === null ? fenceMatch[1]!.slice(0, 3) : line.trimStart().startsWith(fence) ? null : fence;
    const next = lines[index + 1];
    const previousBlank = index === 0 || lines[index - 1]!.trim() === '';
    if (fence === null && next !== undefined && previousBlank && line.trim() && !/^\s{0,3}([-*+>#|]|\d+\.)/.test(line)) {
      if (/^\s{0,3}=+\s*$/.test(next)) {
        out.push(`# ${line.trim()}`);
        index += 1;
        continue;
      }
      if (/^\s{0,3}-+\s*$/.test(next)) {
        out.push(`## ${line.trim()}`);
        index += 1;
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}
