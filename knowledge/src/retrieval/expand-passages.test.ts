import type { Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, createSource, createTenant, iterate, migratedDb } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { ingestDocuments } from '../ingest/ingest-documents.js';
import { expandPassages } from './expand-passages.js';
import { searchText } from './search-text.js';

describe.each(testDatabases())('passages widened to their section neighbours on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;

  beforeAll(async () => {
    db = await migratedDb(create);
    tenantId = await createTenant(db);
    const sourceId = await createSource(db, tenantId);
    const markdown = [
      '## Refunds',
      '',
      'Refunds go back to the card you paid with. They take five business days to show on a statement. Store credit is instant instead.',
      '',
      'A refund for a gift goes to the person who bought it, never to the recipient of the gift.',
      '',
      '## Shipping',
      '',
      'Parcels ship from Lyon within two days and arrive in about a week anywhere in Europe.',
    ].join('\n');
    await ingestDocuments({ db, tenantId, sourceId, embedder: createHashEmbedder(), documents: iterate([article('policy', 'Policy', markdown)]), chunking: { maxChars: 100, overlapChars: 0 } });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('adds the chunks before and after a passage in its own section, in order, and keeps its ids', async () => {
    const [hit] = await searchText({ db, tenantId, query: 'instant', k: 1 });
    expect(hit?.content).not.toContain('Refunds go back');
    // 300 characters: the section fits, the whole document does not.
    const [wide] = await expandPassages(db, tenantId, [hit!], { maxChars: 300 });
    expect(wide?.chunkId).toBe(hit?.chunkId);
    expect(wide?.content).toContain('Refunds go back');
    expect(wide?.content.indexOf('Refunds go back')).toBeLessThan(wide?.content.indexOf('instant') ?? -1);
    expect(wide?.content).toContain('gift');
    expect(wide?.content).not.toContain('Parcels');
  });

  it('reads a document that fits whole, each other section after its heading line', async () => {
    const [hit] = await searchText({ db, tenantId, query: 'instant', k: 1 });
    const [whole] = await expandPassages(db, tenantId, [hit!]);
    expect(whole?.chunkId).toBe(hit?.chunkId);
    expect(whole?.sectionPath).toEqual(hit?.sectionPath);
    const content = whole?.content ?? '';
    expect(content.startsWith('Refunds go back')).toBe(true);
    expect(content).toContain('\n## Shipping\nParcels ship from Lyon');
    expect(content.indexOf('instant')).toBeLessThan(content.indexOf('Parcels'));
    expect(content.match(/## /g)).toHaveLength(1);
  });

  it('stops widening at maxChars', async () => {
    const [hit] = await searchText({ db, tenantId, query: 'instant', k: 1 });
    const [narrow] = await expandPassages(db, tenantId, [hit!], { maxChars: (hit?.content.length ?? 0) + 10 });
    expect(narrow?.content).toBe(hit?.content);
    const [one] = await expandPassages(db, tenantId, [hit!], { maxChars: 150 });
    expect(one?.content.length).toBeLessThanOrEqual(150);
    expect(one?.content.length).toBeGreaterThan(hit?.content.length ?? 0);
  });

  it("never reads another tenant's chunks", async () => {
    const [hit] = await searchText({ db, tenantId, query: 'instant', k: 1 });
    const other = await createTenant(db);
    const [seen] = await expandPassages(db, other, [hit!]);
    expect(seen?.content).toBe(hit?.content);
  });
});
