import { describe, expect, it } from 'vitest';
import { chunkingKey, chunkMarkdown, DEFAULT_CHUNKING, resolveChunkingOptions } from './markdown-chunker.js';

const sentence = (n: number): string => `Sentence number ${n} explains one more detail of the refund process. `;

describe('chunkMarkdown', () => {
  it('keeps the document section path followed by the headings above each passage', () => {
    const chunks = chunkMarkdown('# Billing\n\nHow billing works.\n\n## Refunds\n\nWe refund within 14 days.\n\n### Cards\n\nCards take 5 days.\n\n## Invoices\n\nInvoices are monthly.', {
      sectionPath: ['Help center', 'Payments'],
    });
    expect(chunks.map((chunk) => [chunk.sectionPath, chunk.content])).toEqual([
      [['Help center', 'Payments', 'Billing'], 'How billing works.'],
      [['Help center', 'Payments', 'Billing', 'Refunds'], 'We refund within 14 days.'],
      [['Help center', 'Payments', 'Billing', 'Refunds', 'Cards'], 'Cards take 5 days.'],
      [['Help center', 'Payments', 'Billing', 'Invoices'], 'Invoices are monthly.'],
    ]);
    expect(chunks.map((chunk) => chunk.position)).toEqual([0, 1, 2, 3]);
  });

  it('reads setext headings and strips inline formatting from heading text', () => {
    const chunks = chunkMarkdown('Getting **started**\n==================\n\nWelcome.\n\nThe [API](https://x.test)\n---\n\nCall it.');
    expect(chunks.map((chunk) => chunk.sectionPath)).toEqual([['Getting started'], ['Getting started', 'The API']]);
  });

  it('respects maxChars and cuts prose at sentence boundaries', () => {
    const text = Array.from({ length: 40 }, (_, n) => sentence(n)).join('');
    const chunks = chunkMarkdown(`## Refunds\n\n${text}`, { maxChars: 300, overlapChars: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(300);
      expect(chunk.content).toMatch(/^Sentence number \d+/);
      expect(chunk.content).toMatch(/process\.$/);
    }
    expect(chunks.map((chunk) => chunk.content).join(' ')).toBe(text.trim());
  });

  it('repeats the end of the previous chunk at the start of the next one, up to overlapChars', () => {
    const text = Array.from({ length: 12 }, (_, n) => sentence(n)).join('');
    const chunks = chunkMarkdown(text, { maxChars: 300, overlapChars: 100 });
    for (let index = 1; index < chunks.length; index++) {
      const previous = chunks[index - 1]?.content ?? '';
      const current = chunks[index]?.content ?? '';
      const lastSentence = previous.slice(previous.lastIndexOf('Sentence number'));
      expect(current.startsWith(lastSentence)).toBe(true);
      expect(lastSentence.length).toBeLessThanOrEqual(100);
    }
  });

  it('never cuts a table row and repeats the header in a chunk that starts inside the table', () => {
    const rows = Array.from({ length: 25 }, (_, n) => `| Plan ${n} | ${n * 10} EUR | Includes ${n} seats and priority support |`);
    const markdown = `## Prices\n\n| Plan | Price | Notes |\n| --- | --- | --- |\n${rows.join('\n')}`;
    const chunks = chunkMarkdown(markdown, { maxChars: 300, overlapChars: 80 });
    expect(chunks.length).toBeGreaterThan(3);
    const seen: string[] = [];
    for (const chunk of chunks) {
      const lines = chunk.content.split('\n');
      expect(lines.slice(0, 2)).toEqual(['| Plan | Price | Notes |', '| --- | --- | --- |']);
      for (const line of lines.slice(2)) {
        expect(rows).toContain(line);
        seen.push(line);
      }
    }
    expect(seen).toEqual(rows);
  });

  it('keeps a single row longer than maxChars whole rather than cutting it', () => {
    const long = `| ${'x'.repeat(400)} | y |`;
    const chunks = chunkMarkdown(`| A | B |\n|---|---|\n${long}\n| short | row |`, { maxChars: 200, overlapChars: 0 });
    expect(chunks.some((chunk) => chunk.content.includes(long))).toBe(true);
    expect(chunks.every((chunk) => chunk.content.split('\n').every((line) => !line.startsWith('|') || line.endsWith('|')))).toBe(true);
  });

  it('keeps list items, code fences and paragraphs as written', () => {
    const markdown = 'Steps:\n\n- Open **Settings**\n- Choose *Billing*\n  and then Refunds\n\n```sh\ncurl -X POST /refunds\n```\n\nDone.';
    const [chunk] = chunkMarkdown(markdown);
    expect(chunk?.content).toBe('Steps:\n\n- Open **Settings**\n- Choose *Billing*\n  and then Refunds\n\n```sh\ncurl -X POST /refunds\n```\n\nDone.');
  });

  it('does not let one huge word-less string exceed maxChars', () => {
    const chunks = chunkMarkdown('a'.repeat(1000), { maxChars: 300, overlapChars: 0 });
    expect(chunks.map((chunk) => chunk.content.length)).toEqual([300, 300, 300, 100]);
  });

  it('yields nothing for empty or heading-only documents', () => {
    expect(chunkMarkdown('')).toEqual([]);
    expect(chunkMarkdown('# Title\n\n## Section\n')).toEqual([]);
  });

  it('exposes its defaults (200 / 0, chosen by the eval sweep) and a key that changes with the options', () => {
    expect(DEFAULT_CHUNKING).toEqual({ maxChars: 200, overlapChars: 0 });
    expect(chunkingKey()).toBe(chunkingKey({ maxChars: 200, overlapChars: 0 }));
    expect(chunkingKey({ maxChars: 500 })).not.toBe(chunkingKey());
    expect(() => resolveChunkingOptions({ maxChars: 200, overlapChars: 150 })).toThrow(RangeError);
  });
});
