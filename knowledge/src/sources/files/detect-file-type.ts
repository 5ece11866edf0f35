import { KnowledgeSourceError } from '../../errors.js';

export type FileType = 'pdf' | 'docx' | 'markdown' | 'html' | 'txt' | 'csv';

/** What an uploaded file may be, as shown to the admin. */
export const SUPPORTED_FILE_TYPES: readonly { type: FileType; label: string; extensions: readonly string[] }[] = [
  { type: 'pdf', label: 'PDF', extensions: ['.pdf'] },
  { type: 'docx', label: 'Word', extensions: ['.docx'] },
  { type: 'markdown', label: 'Markdown', extensions: ['.md', '.markdown', '.mdown', '.mkd'] },
  { type: 'html', label: 'HTML', extensions: ['.html', '.htm', '.xhtml'] },
  { type: 'txt', label: 'plain text', extensions: ['.txt', '.text'] },
  { type: 'csv', label: 'CSV', extensions: ['.csv', '.tsv'] },
];

const SUPPORTED_LIST = SUPPORTED_FILE_TYPES.map((entry) => `${entry.label} (${entry.extensions.join(', ')})`).join(', ');

const MEDIA_TYPES: Record<string, FileType> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
};

/** Formats people upload that we recognise but cannot read, with what to do instead. */
const KNOWN_UNSUPPORTED: { test: (name: string, bytes: Uint8Array) => boolean; what: string }[] = [
  { test: (_name, bytes) => startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]), what: 'a legacy Office file (.doc/.xls/.ppt); save it as .docx' },
  { test: (name) => /\.(xlsx|xlsm)$/i.test(name), what: 'an Excel workbook; export the sheet as CSV' },
  { test: (name) => /\.pptx$/i.test(name), what: 'a PowerPoint deck; export it as PDF' },
  { test: (name) => /\.(rtf|odt|pages)$/i.test(name), what: 'a word-processor file; save it as .docx or PDF' },
];

/**
 * The type of an uploaded file. Magic bytes decide for binary formats (`%PDF-`; a ZIP holding
 * `word/document.xml` is DOCX), so a misnamed PDF still parses; text formats go by extension, then by
 * the declared content type. Anything else throws `KNOWLEDGE_FILE_UNSUPPORTED_TYPE`, whose message lists
 * the supported types (the CLI and admin UI show it as is).
 *
 * @example
 * detectFileType('faq.pdf', bytes); // 'pdf'
 * detectFileType('notes.xyz', bytes); // throws: "notes.xyz" is not a supported file type. Supported: PDF (.pdf), …
 */
export function detectFileType(name: string, bytes: Uint8Array, contentType?: string): FileType {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
  if (isZip && zipHasEntry(bytes, 'word/document.xml')) return 'docx';

  const extension = /\.[^./\\]+$/.exec(name.toLowerCase())?.[0] ?? '';
  const byExtension = SUPPORTED_FILE_TYPES.find((entry) => entry.extensions.includes(extension))?.type;
  // A .pdf or .docx whose bytes are not one is broken, not a different type.
  if (byExtension === 'pdf' || byExtension === 'docx') {
    throw new KnowledgeSourceError(
      'KNOWLEDGE_FILE_UNREADABLE',
      `"${name}" is named like a ${byExtension.toUpperCase()} file but its content is not one (damaged or renamed file)`,
      { name, type: byExtension },
    );
  }
  if (!isZip && byExtension) return byExtension;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const byMediaType = mediaType ? MEDIA_TYPES[mediaType] : undefined;
  if (!isZip && byMediaType && byMediaType !== 'pdf' && byMediaType !== 'docx' && !extension) return byMediaType;
  throw unsupportedFileType(name, bytes);
}

/** The error for a file none of the parsers can read; `details.supportedTypes` lists the extensions. */
export function unsupportedFileType(name: string, bytes: Uint8Array = new Uint8Array()): KnowledgeSourceError {
  const known = KNOWN_UNSUPPORTED.find((entry) => entry.test(name, bytes));
  return new KnowledgeSourceError(
    'KNOWLEDGE_FILE_UNSUPPORTED_TYPE',
    `"${name}" is not a supported file type${known ? ` (it looks like ${known.what})` : ''}. Supported: ${SUPPORTED_LIST}`,
    { name, supportedTypes: SUPPORTED_FILE_TYPES.flatMap((entry) => [...entry.extensions]) },
  );
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * ZIP local-file headers and the central directory store entry names uncompressed, so finding the name's
 * bytes is enough to tell a DOCX from other ZIPs (XLSX has `xl/`, PPTX `ppt/`).
 */
function zipHasEntry(bytes: Uint8Array, entryName: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(entryName, 0, 'latin1');
}
