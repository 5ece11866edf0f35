import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_FILE_TYPES, detectFileType } from './detect-file-type.js';

const fixture = async (name: string) => new Uint8Array(await readFile(new URL(`../../../test/fixtures/files/${name}`, import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);

describe('detectFileType', () => {
  it('recognises PDF and DOCX by their bytes, whatever the name says', async () => {
    expect(detectFileType('returns.pdf', await fixture('sample.pdf'))).toBe('pdf');
    expect(detectFileType('download', await fixture('sample.pdf'))).toBe('pdf');
    expect(detectFileType('guide.docx', await fixture('sample.docx'))).toBe('docx');
    expect(detectFileType('guide.bin', await fixture('sample.docx'))).toBe('docx');
  });

  it('recognises text formats by extension, then by declared content type', () => {
    expect(detectFileType('README.md', text('# Hi'))).toBe('markdown');
    expect(detectFileType('page.HTM', text('<p>x</p>'))).toBe('html');
    expect(detectFileType('notes.txt', text('x'))).toBe('txt');
    expect(detectFileType('faq.csv', text('a,b'))).toBe('csv');
    expect(detectFileType('faq.tsv', text('a\tb'))).toBe('csv');
    expect(detectFileType('upload', text('a,b'), 'text/csv; charset=utf-8')).toBe('csv');
  });

  it('names the supported types when it cannot read a file', () => {
    const error = (() => {
      try {
        detectFileType('diagram.xyz', text('???'));
      } catch (caught) {
        return caught as { code: string; category: string; message: string; details: { supportedTypes: string[] } };
      }
      throw new Error('expected a failure');
    })();
    expect(error.code).toBe('KNOWLEDGE_FILE_UNSUPPORTED_TYPE');
    expect(error.category).toBe('user');
    expect(error.message).toBe(
      '"diagram.xyz" is not a supported file type. Supported: PDF (.pdf), Word (.docx), Markdown (.md, .markdown, .mdown, .mkd), HTML (.html, .htm, .xhtml), plain text (.txt, .text), CSV (.csv, .tsv)',
    );
    expect(error.details.supportedTypes).toEqual(SUPPORTED_FILE_TYPES.flatMap((entry) => [...entry.extensions]));
  });

  it('says what to do with formats people often upload', () => {
    const legacyWord = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => detectFileType('policy.doc', legacyWord)).toThrow(/legacy Office file .*save it as \.docx/);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text('xl/workbook.xml')]);
    expect(() => detectFileType('prices.xlsx', zip)).toThrow(/Excel workbook; export the sheet as CSV/);
  });

  it('calls a .pdf that is not a PDF damaged rather than unsupported', () => {
    expect(() => detectFileType('scan.pdf', text('<html>'))).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_FILE_UNREADABLE' }));
  });
});
