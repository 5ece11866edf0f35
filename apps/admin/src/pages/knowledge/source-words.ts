import type { KnowledgeSource, SourceKind, SyncJob } from '../../api/knowledge-types.js';

/** What each kind of source is called in the console. */
export const KIND_LABELS: Record<SourceKind, string> = {
  helpdesk_articles: 'Help center',
  url: 'Web pages',
  crawl: 'Website crawl',
  file: 'Files',
  macros: 'Macros',
  solved_tickets: 'Solved tickets',
};

/** What each kind indexes, for the add form. */
export const KIND_HELP: Record<SourceKind, string> = {
  helpdesk_articles: "The helpdesk's published help center articles.",
  url: 'Single pages, one URL per line.',
  crawl: 'A site, followed from a start page (or its sitemap) within page and depth limits.',
  file: 'PDF, Word, Markdown, HTML or text files, dropped here or picked.',
  macros: "The helpdesk's macros (canned replies), for agents only.",
  solved_tickets: 'Recent solved tickets with personal data removed, for agents only.',
};

/** A crawl's default page cap when its settings name none (the server's default). */
export const DEFAULT_MAX_PAGES = 100;

/** A sync that has not finished yet. */
export const isOpen = (job: SyncJob | null | undefined): boolean => job?.status === 'queued' || job?.status === 'running';

/** A source whose sync is queued or running, by its own status or by the job the console knows of. */
export const isSyncing = (source: KnowledgeSource, job: SyncJob | null | undefined): boolean => source.status === 'queued' || source.status === 'syncing' || isOpen(job);

/** How far a running sync is, for a progress bar: null while the total is unknown (the bar is then indeterminate). */
export function progressOf(job: SyncJob): { value: number; max: number } | null {
  const total = job.progress.documentsTotal;
  if (total === null || total <= 0) return null;
  return { value: Math.min(job.progress.documentsSeen, total), max: total };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** "Syncing: 40 of 150 documents read, 12 changed, 30 chunks embedded" — the live line under the bar. */
export function progressText(job: SyncJob): string {
  if (job.status === 'queued') return job.attempts > 0 ? `Waiting to try again (attempt ${job.attempts + 1} of ${job.maxAttempts})` : 'Waiting for its turn';
  const { documentsSeen, documentsTotal, documentsChanged, chunksEmbedded } = job.progress;
  const read = documentsTotal === null ? `${plural(documentsSeen, 'document')} read` : `${documentsSeen.toLocaleString('en')} of ${plural(documentsTotal, 'document')} read`;
  return `Syncing: ${read}, ${documentsChanged.toLocaleString('en')} changed, ${plural(chunksEmbedded, 'chunk')} embedded`;
}

/** The source's state in a word or two. */
export function statusWords(source: KnowledgeSource, job: SyncJob | null | undefined): string {
  if (job && isOpen(job)) return job.status === 'queued' ? 'Queued' : 'Syncing';
  switch (source.status) {
    case 'queued':
      return 'Queued';
    case 'syncing':
      return 'Syncing';
    case 'failed':
      return 'Last sync failed';
    case 'ready':
      return 'Up to date';
    default:
      return source.kind === 'file' ? 'Waiting for files' : 'Not synced yet';
  }
}

/**
 * What a person should know about the last sync beyond its counts: the server's own notes when it
 * sends them, else, for a crawl that indexed as many pages as its cap allows, that it stopped there.
 */
export function syncNotes(source: KnowledgeSource, job: SyncJob | null | undefined): string[] {
  if (job?.notes && job.notes.length > 0) return job.notes;
  if (source.kind !== 'crawl' || source.status !== 'ready') return [];
  const cap = typeof source.config.maxPages === 'number' ? source.config.maxPages : DEFAULT_MAX_PAGES;
  return source.documentCount >= cap ? [`Stopped at the page cap of ${cap.toLocaleString('en')} pages: the site may have more. Add the source again with a higher page limit to index them.`] : [];
}

/** Re-sync periods offered, in hours; null: only when someone presses Sync now. */
export const RESYNC_CHOICES: ReadonlyArray<{ hours: number | null; label: string }> = [
  { hours: null, label: 'Only by hand' },
  { hours: 6, label: 'Every 6 hours' },
  { hours: 24, label: 'Every day' },
  { hours: 168, label: 'Every week' },
];

/** What the playground's scores say about why a passage came up. */
export function whyRanked(passage: { scores: { vector: number | null; text: number | null } }, mode: 'hybrid' | 'vector' | 'text'): string {
  if (mode === 'vector') return 'Ranked by meaning: how close the passage is to the question (cosine similarity).';
  if (mode === 'text') return 'Ranked by words: how well the passage matches the question’s words (full-text rank).';
  const { vector, text } = passage.scores;
  if (vector !== null && text !== null) return 'Found by both searches, by meaning and by words; their two places were fused.';
  if (vector !== null) return 'Found by meaning only: no word of the question matched well enough.';
  return 'Found by words only: the meaning search ranked it too low.';
}
