import mammoth from 'mammoth';
import { KnowledgeSourceError } from '../../errors.js';
import { htmlToMarkdown } from '../html/html-to-markdown.js';
import { oneLine } from '../markdown/normalize-markdown.js';

export interface ParsedDocx {
  /** The first `#` heading (Word's Title or Heading 1), or null. */
  title: string | null;
  markdown: string;
}

/** Word's Title/Subtitle styles are headings too; mammoth's default map leaves them as paragraphs. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/** Images are dropped: mammoth would otherwise inline each one as a base64 data URI. */
const NO_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/**
 * A Word document as Markdown: `mammoth` maps Word styles to HTML (Heading 1–6, lists, tables with their
 * header row), which `htmlToMarkdown` turns into Markdown. Throws `KNOWLEDGE_FILE_UNREADABLE` for a
 * damaged file.
 */
export async function docxToMarkdown(name: string, bytes: Uint8Array): Promise<ParsedDocx> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap: STYLE_MAP, convertImage: NO_IMAGES, externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_FILE_UNREADABLE',
      `"${name}" could not be read as a Word document (damaged file?)`,
      { name, type: 'docx' },
      error,
    );
  }
  const markdown = htmlToMarkdown(html);
  const heading = /^# (.+)$/m.exec(markdown)?.[1];
  return { title: heading ? oneLine(heading) : null, markdown };
}
