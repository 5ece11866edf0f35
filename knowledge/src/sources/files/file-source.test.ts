import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { SourceDocument, SourceProgress } from '../../types.js';
import { createFileSource, type UploadedFile } from './file-source.js';

const fixture = async (name: string): Promise<UploadedFile> => ({
  name,
  data: await readFile(new URL(`../../../test/fixtures/files/${name}`, import.meta.url)),
});

async function documentOf(file: UploadedFile, options: { csvRowsPerTable?: number } = {}): Promise<SourceDocument> {
  for await (const document of createFileSource({ files: [file], ...options }).documents()) return document;
  throw new Error('no document');
}

describe('createFileSource: real fixtures', () => {
  it('reads a PDF: headings from font sizes, bullets as a list, wrapped lines joined, across pages', async () => {
    const document = await documentOf(await fixture('sample.pdf'));
    expect(document).toMatchObject({
      externalId: 'sample.pdf',
      title: 'Acme Returns Policy',
      url: null,
      locale: 'en',
      visibility: 'public',
      metadata: { fileType: 'pdf', pageCount: 2 },
    });
    expect(document.markdown).toBe(
      [
        '# Acme Returns Policy',
        '## Return window',
        'You can return most items within 30 days of delivery for a full refund. Items must be unused and in their original packaging. Final-sale items cannot be returned.',
        'To start a return:',
        '- Open Orders in your Acme account\n- Choose the item and select Return\n- Print the prepaid shipping label',
        '## Refund timing',
        'Refunds are issued to the original payment method within 5 business days after the warehouse receives the parcel. Store credit is issued immediately.',
        '## Exchanges',
        'Exchanges for a different size are free of charge in the US and Canada. International exchanges are charged at the standard shipping rate.',
        '## Contact',
        'Questions about a return? Write to the returns team from the Help Center.',
      ].join('\n\n'),
    );
  });

  it('reads a DOCX: Word headings, bullet and numbered lists, and the table survive', async () => {
    const document = await documentOf(await fixture('sample.docx'));
    expect(document.title).toBe('Acme Shipping Guide');
    expect(document.metadata).toMatchObject({ fileType: 'docx' });
    expect(document.markdown).toBe(
      [
        '# Acme Shipping Guide',
        'This guide explains delivery options, rates and tracking for Acme orders.',
        '## Delivery options',
        '- Standard delivery takes 3 to 5 business days.\n- Express delivery takes 1 to 2 business days.\n- Pickup points are available in most cities.',
        '## Rates by region',
        '| Region | Standard | Express |\n| --- | --- | --- |\n| United States | $5  | $15 |\n| European Union | €8  | €20 |',
        '## Tracking a parcel',
        '1. Open the order in your account.\n2. Select Track parcel.',
        '### Customs',
        'Orders shipped outside the EU may be charged import duties on arrival.',
      ].join('\n\n'),
    );
  });

  it('reads an HTML page: the article only, with its table and lists', async () => {
    const document = await documentOf(await fixture('sample.html'));
    expect(document.title).toBe('Warranty and repairs');
    expect(document.markdown).toContain('## Repair options');
    expect(document.markdown).toContain('| Walk-in store | Same day | Free |');
    expect(document.markdown).toContain('1. Back up your data.');
    expect(document.markdown).not.toMatch(/cookies|In this section|Privacy|tracking'|<\w+/);
  });

  it('reads Markdown: front matter dropped, setext headings made ATX, code fences untouched', async () => {
    const document = await documentOf(await fixture('sample.md'));
    expect(document.title).toBe('Account security');
    expect(document.markdown).toBe(
      [
        '# Account security',
        'Keep your Acme account safe with a strong password and two-step verification.',
        '## Two-step verification',
        '1. Open **Settings → Security**.\n2. Choose *Turn on two-step verification*.\n3. Scan the QR code with an authenticator app.',
        '## Recovery codes',
        'Store your recovery codes somewhere safe. Each code works once.',
        '| Method | Works offline | Recommended |\n| --- | --- | --- |\n| Authenticator app | Yes | Yes |\n| SMS | No | Only as a backup |',
        '```text\n# Not a heading: this is inside a code block\nSetting: 2fa=on\n```',
      ].join('\n\n'),
    );
  });

  it('reads plain text: its title line, bullets as a list, a stray # escaped', async () => {
    const document = await documentOf(await fixture('sample.txt'));
    expect(document.title).toBe('Gift cards - frequently asked questions');
    expect(document.markdown.split('\n\n')[0]).toBe('# Gift cards - frequently asked questions');
    expect(document.markdown).toContain('What can\'t I buy with a gift card?\n- Other gift cards\n- Membership renewals');
    expect(document.markdown).toContain('#1 tip: keep the receipt');
  });

  it('reads CSV as pipe tables, split every N rows', async () => {
    const document = await documentOf(await fixture('sample.csv'), { csvRowsPerTable: 3 });
    expect(document.title).toBe('sample');
    expect(document.markdown).toBe(
      [
        '# sample',
        '## Rows 1–3',
        [
          '| question | answer | category |',
          '| --- | --- | --- |',
          '| How long does standard shipping take? | 3 to 5 business days in the US; 4 to 7 in the EU. | Shipping |',
          '| Can I change my delivery address? | Yes, until the order ships. Go to Orders, then "Edit address". | Orders |',
          '| Do you ship to P.O. boxes? | Standard shipping only \\| express needs a street address. | Shipping |',
        ].join('\n'),
        '## Rows 4–4',
        '| question | answer | category |\n| --- | --- | --- |\n| What payment methods do you accept? | Visa, Mastercard, American Express, PayPal and Acme gift cards. | Payments |',
      ].join('\n\n'),
    );
  });

  it('yields every file in order with progress, as internal when asked', async () => {
    const names = ['sample.pdf', 'sample.docx', 'sample.html', 'sample.md', 'sample.txt', 'sample.csv'];
    const progress: SourceProgress[] = [];
    const source = createFileSource({ files: await Promise.all(names.map(fixture)), visibility: 'internal', locale: 'en-GB' });
    const documents: SourceDocument[] = [];
    for await (const document of source.documents({ onProgress: (event) => progress.push(event) })) documents.push(document);
    expect(source.kind).toBe('file');
    expect(documents.map((document) => document.externalId)).toEqual(names);
    expect(documents.every((document) => document.visibility === 'internal' && document.locale === 'en-GB')).toBe(true);
    expect(progress.at(-1)).toEqual({ done: 6, total: 6 });
  });
});

describe('createFileSource: a PDF is titled by its content, not its file name', () => {
  /** A one-page PDF with a large first line (a heading) over body text, and a metadata Title only when given. */
  async function pdfWith(lines: Array<{ text: string; size: number }>, metaTitle?: string): Promise<Uint8Array> {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([595, 842]);
    let y = 780;
    for (const line of lines) {
      page.drawText(line.text, { x: 50, y, size: line.size, font });
      y -= line.size * 1.8;
    }
    if (metaTitle) pdf.setTitle(metaTitle);
    return pdf.save();
  }
  const body = [
    { text: 'Open the valve a quarter turn and let the fuel pool for five seconds.', size: 11 },
    { text: 'Light the pool from the side and wait for a blue flame before cooking.', size: 11 },
  ];

  it('takes the first heading when the PDF has no metadata title', async () => {
    const data = await pdfWith([{ text: 'Trail Stove Priming Guide', size: 22 }, ...body]);
    const document = await documentOf({ name: 'scan_0042-final.pdf', data });
    expect(document.title).toBe('Trail Stove Priming Guide');
    expect(document.markdown.startsWith('# Trail Stove Priming Guide\n')).toBe(true);
  });

  it('prefers the metadata Title, and uses the file name only when the text starts with no title', async () => {
    const titled = await documentOf({ name: 'a.pdf', data: await pdfWith([{ text: 'Priming', size: 22 }, ...body], 'Trail Stove Manual') });
    expect(titled.title).toBe('Trail Stove Manual');
    // A first line that is a sentence is no title: then, and only then, the file name.
    const sentence = await documentOf({ name: 'notes-2024.pdf', data: await pdfWith(body) });
    expect(sentence.title).toBe('notes-2024');
  });
});

describe('createFileSource: bad input', () => {
  it('refuses an unsupported file when created, listing the supported types', () => {
    expect(() => createFileSource({ files: [{ name: 'logo.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }] })).toThrowError(
      expect.objectContaining({ code: 'KNOWLEDGE_FILE_UNSUPPORTED_TYPE', message: expect.stringContaining('Supported: PDF (.pdf), Word (.docx)') }),
    );
  });

  it('refuses two files with the same name', () => {
    const file = { name: 'a.txt', data: new TextEncoder().encode('x') };
    expect(() => createFileSource({ files: [file, file] })).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_SOURCE_INVALID_OPTIONS' }));
  });

  it('reports a damaged PDF or DOCX as unreadable', async () => {
    const brokenPdf = { name: 'broken.pdf', data: new TextEncoder().encode('%PDF-1.7\n this is not a pdf') };
    await expect(documentOf(brokenPdf)).rejects.toMatchObject({ code: 'KNOWLEDGE_FILE_UNREADABLE', details: { name: 'broken.pdf', type: 'pdf' } });
    const brokenDocx = { name: 'broken.docx', data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('word/document.xml garbage')]) };
    await expect(documentOf(brokenDocx)).rejects.toMatchObject({ code: 'KNOWLEDGE_FILE_UNREADABLE', details: { type: 'docx' } });
  });

  it('skips an unreadable file with a note and indexes the others', async () => {
    const scan = await PDFDocument.create();
    scan.addPage([200, 200]);
    const files = [
      { name: 'scan.pdf', data: await scan.save() },
      { name: 'tent.txt', data: new TextEncoder().encode('Tent care\n\nDry the tent before packing it away.') },
    ];
    const notes: string[] = [];
    const documents: SourceDocument[] = [];
    for await (const document of createFileSource({ files }).documents({ onNote: (note) => notes.push(note) })) documents.push(document);
    expect(documents.map((document) => document.externalId)).toEqual(['tent.txt']);
    expect(notes).toEqual([expect.stringMatching(/^"scan\.pdf" has no text layer .*; the file was skipped, the others were indexed\.$/)]);
  });

  it('reports a PDF without a text layer (a scan) as having no text', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([200, 200]);
    const scan = { name: 'scan.pdf', data: await pdf.save() };
    await expect(documentOf(scan)).rejects.toMatchObject({ code: 'KNOWLEDGE_FILE_NO_TEXT', category: 'user' });
  });

  it('reports an empty text file as having no text, and reads Windows-1252 text', async () => {
    await expect(documentOf({ name: 'empty.txt', data: new Uint8Array() })).rejects.toMatchObject({ code: 'KNOWLEDGE_FILE_NO_TEXT' });
    const latin = await documentOf({ name: 'cafe.txt', data: new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35, 0x2e]) });
    expect(latin.markdown).toBe('# cafe\n\nCafé €5.');
  });
});
