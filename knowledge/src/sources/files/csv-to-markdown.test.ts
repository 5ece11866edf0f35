import { describe, expect, it } from 'vitest';
import { csvToMarkdown } from './csv-to-markdown.js';

describe('csvToMarkdown', () => {
  it('makes one pipe table with the first row as header, quotes and embedded newlines handled', () => {
    const csv = 'q,a\n"Ship to P.O. boxes?","Yes, standard only"\n"Pay by card?","Visa | Mastercard,\nAmex"\n';
    expect(csvToMarkdown('faq.csv', csv)).toBe('| q | a |\n| --- | --- |\n| Ship to P.O. boxes? | Yes, standard only |\n| Pay by card? | Visa \\| Mastercard, Amex |');
  });

  it('sniffs semicolon and tab delimiters', () => {
    expect(csvToMarkdown('eu.csv', 'Frage;Antwort\nVersand?;3–5 Tage, kostenlos\n')).toBe('| Frage | Antwort |\n| --- | --- |\n| Versand? | 3–5 Tage, kostenlos |');
    expect(csvToMarkdown('x.tsv', 'a\tb\n1\t2\n')).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });

  it('splits a long file into sections that each repeat the header', () => {
    const csv = ['sku,name', ...Array.from({ length: 5 }, (_, index) => `${index + 1},Item ${index + 1}`)].join('\n');
    expect(csvToMarkdown('items.csv', csv, { rowsPerTable: 2 })).toBe(
      [
        '## Rows 1–2\n\n| sku | name |\n| --- | --- |\n| 1 | Item 1 |\n| 2 | Item 2 |',
        '## Rows 3–4\n\n| sku | name |\n| --- | --- |\n| 3 | Item 3 |\n| 4 | Item 4 |',
        '## Rows 5–5\n\n| sku | name |\n| --- | --- |\n| 5 | Item 5 |',
      ].join('\n\n'),
    );
  });

  it('pads ragged rows and names missing headers', () => {
    expect(csvToMarkdown('r.csv', 'a\n1,2\n')).toBe('| a | Column 2 |\n| --- | --- |\n| 1 | 2 |');
  });
});
