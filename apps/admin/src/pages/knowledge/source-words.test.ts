import { describe, expect, it } from 'vitest';
import type { KnowledgeSource, SyncJob } from '../../api/knowledge-types.js';
import { liveSyncOf, parseResyncHours, progressOf, progressText, ranksLine, scheduleWords, statusWords, syncNotes, whyRanked } from './source-words.js';

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
  lastSyncNotes: [],
  resyncEveryHours: null,
  nextSyncAt: null,
  activeSync: null,
  createdAt: '2026-12-07T09:00:00Z',
  ...change,
});

const job = (change: Partial<SyncJob> = {}, progress: Partial<SyncJob['progress']> = {}): SyncJob => ({
  id: 'j',
  sourceId: 's',
  status: 'running',
  progress: { documentsSeen: 40, documentsTotal: 150, documentsChanged: 12, documentsUnchanged: 28, documentsDeleted: 0, chunksWritten: 30, chunksEmbedded: 30, current: null, notes: [], ...progress },
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
    expect(statusWords(source({ status: 'failed' }), null)).toBe('Last sync failed');
    expect(statusWords(source({ status: 'idle', kind: 'file' }), null)).toBe('Waiting for files');
  });

  it("shows the source's own active sync live, until the console has seen that job finish", () => {
    const active = { jobId: 'a', status: 'running' as const, progress: job().progress };
    expect(liveSyncOf(source({ activeSync: active }), undefined)).toBe(active);
    expect(progressText(active)).toBe('Syncing: 40 of 150 documents read, 12 changed, 30 chunks embedded');
    expect(progressText({ ...active, status: 'queued' })).toBe('Waiting for its turn');
    expect(liveSyncOf(source({ activeSync: active }), job({ id: 'a', status: 'succeeded' }))).toBeNull();
    expect(liveSyncOf(source({ activeSync: active }), job({ id: 'older', status: 'succeeded' }))).toBe(active);
    expect(liveSyncOf(source(), job({ id: 'j' }))).toMatchObject({ status: 'running' });
    expect(liveSyncOf(source(), null)).toBeNull();
  });

  it("says the server's notes: a sync seen finishing, else the source's last ones; no guessed page-cap note", () => {
    const capped = 'Stopped at the page cap of 150 pages; 50 more links found — raise maxPages to index them.';
    expect(syncNotes(source(), null)).toEqual([]);
    expect(syncNotes(source({ lastSyncNotes: [capped] }), null)).toEqual([capped]);
    expect(syncNotes(source({ lastSyncNotes: [capped] }), job({ status: 'succeeded' }, { notes: ['Skipped 2 pages that answered 404'] }))).toEqual(['Skipped 2 pages that answered 404']);
    expect(syncNotes(source({ lastSyncNotes: [capped] }), job())).toEqual([capped]);
  });

  it('words the re-sync schedule and reads the hours field as the server takes it', () => {
    expect(scheduleWords(null)).toMatch(/^Off/);
    expect(scheduleWords(12)).toBe('Every 12 hours');
    expect(scheduleWords(24)).toBe('Every day');
    expect(scheduleWords(72)).toBe('Every 3 days');
    expect(parseResyncHours(' 12 ')).toEqual({ hours: 12 });
    expect(parseResyncHours('')).toEqual({ hours: null });
    for (const bad of ['0', '1.5', '-3', '9000', 'soon']) expect(parseResyncHours(bad), bad).toHaveProperty('problem');
  });

  it("says a passage's place in each search before fusion", () => {
    expect(ranksLine({ ranks: { vector: 1, text: 4 } })).toBe('Place before fusion: #1 by meaning, #4 by words');
    expect(ranksLine({ ranks: { vector: 2, text: null } })).toBe('Place before fusion: #2 by meaning, not found by words');
  });

  it('explains why a passage ranked from the searches that found it', () => {
    expect(whyRanked({ scores: { vector: 0.8, text: 0.1 } }, 'hybrid')).toMatch(/both searches/);
    expect(whyRanked({ scores: { vector: 0.8, text: null } }, 'hybrid')).toMatch(/meaning only/);
    expect(whyRanked({ scores: { vector: null, text: 0.1 } }, 'hybrid')).toMatch(/words only/);
  });
});
