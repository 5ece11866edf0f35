import { describe, expect, it } from 'vitest';
import type { KnowledgeSource, SyncJob } from '../../api/knowledge-types.js';
import { progressOf, progressText, statusWords, syncNotes, whyRanked } from './source-words.js';

const source = (change: Partial<KnowledgeSource> = {}): KnowledgeSource => ({
  id: 's',
  kind: 'crawl',
  name: 'Docs',
  config: { startUrl: 'https://docs.example.com', maxPages: 150 },
  status: 'ready',
  lastSyncedAt: '2026-12-07T10:00:00Z',
  lastError: null,
  documentCount: 150,
  chunkCount: 400,
  createdAt: '2026-12-07T09:00:00Z',
  ...change,
});

const job = (change: Partial<SyncJob> = {}, progress: Partial<SyncJob['progress']> = {}): SyncJob => ({
  id: 'j',
  sourceId: 's',
  status: 'running',
  progress: { documentsSeen: 40, documentsTotal: 150, documentsChanged: 12, documentsUnchanged: 28, documentsDeleted: 0, chunksWritten: 30, chunksEmbedded: 30, current: null, ...progress },
  lastError: null,
  errorCode: null,
  attempts: 1,
  maxAttempts: 3,
  runAt: '2026-12-07T10:00:00Z',
  createdAt: '2026-12-07T10:00:00Z',
  finishedAt: null,
  ...change,
});

describe('the words of the knowledge page', () => {
  it('shows a running sync as a share of its total, and an unknown total as an indeterminate bar', () => {
    expect(progressOf(job())).toEqual({ value: 40, max: 150 });
    expect(progressText(job())).toBe('Syncing: 40 of 150 documents read, 12 changed, 30 chunks embedded');
    expect(progressOf(job({}, { documentsTotal: null }))).toBeNull();
    expect(progressText(job({}, { documentsTotal: null, documentsSeen: 1, chunksEmbedded: 1 }))).toBe('Syncing: 1 document read, 12 changed, 1 chunk embedded');
    expect(progressText(job({ status: 'queued', attempts: 1 }))).toBe('Waiting to try again (attempt 2 of 3)');
  });

  it('says the state of a source, preferring the live job to the stored status', () => {
    expect(statusWords(source(), job())).toBe('Syncing');
    expect(statusWords(source({ status: 'failed' }), job({ status: 'failed' }))).toBe('Last sync failed');
    expect(statusWords(source({ status: 'idle', kind: 'file' }), null)).toBe('Waiting for files');
  });

  it('notes a crawl that stopped at its page cap, and prefers the server’s own notes', () => {
    expect(syncNotes(source(), null)).toEqual([expect.stringContaining('Stopped at the page cap of 150 pages')]);
    expect(syncNotes(source({ documentCount: 149 }), null)).toEqual([]);
    expect(syncNotes(source({ config: { startUrl: 'https://x.test' }, documentCount: 100 }), null)).toEqual([expect.stringContaining('cap of 100 pages')]);
    expect(syncNotes(source(), job({ status: 'succeeded', notes: ['Skipped 2 pages that answered 404'] }))).toEqual(['Skipped 2 pages that answered 404']);
  });

  it('explains why a passage ranked from the searches that found it', () => {
    expect(whyRanked({ scores: { vector: 0.8, text: 0.1 } }, 'hybrid')).toMatch(/both searches/);
    expect(whyRanked({ scores: { vector: 0.8, text: null } }, 'hybrid')).toMatch(/meaning only/);
    expect(whyRanked({ scores: { vector: null, text: 0.1 } }, 'hybrid')).toMatch(/words only/);
  });
});
