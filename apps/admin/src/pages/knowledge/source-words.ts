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

/** A crawl's default caps when its settings name none (the server's defaults). */
export const DEFAULT_MAX_PAGES = 200;
export const DEFAULT_MAX_DEPTH = 3;

/** A sync as the card shows it live: a job the console follows, or the source's own `activeSync`. */
export interface LiveSync {
  status: SyncJob['status'];
  progress: SyncJob['progress'];
  attempts?: number;
  maxAttempts?: number;
}

/** A sync that has not finished yet. */
export const isOpen = (job: LiveSync | null | undefined): boolean => job?.status === 'queued' || job?.status === 'running';

/**
 * The sync queued or running now: the job the console follows while it is open, else the one the
 * server lists on the source — unless that is the same job the console has already seen finish.
 */
export function liveSyncOf(source: KnowledgeSource, job: SyncJob | null | undefined): LiveSync | null {
  if (job && isOpen(job)) return job;
  const active = source.activeSync;
  if (!active || (job && job.id === active.jobId)) return null;
  return active;
}

/** How far a running sync is, for a progress bar: null while the total is unknown (the bar is then indeterminate). */
export function progressOf(sync: LiveSync): { value: number; max: number } | null {
  const total = sync.progress.documentsTotal;
  if (total === null || total <= 0) return null;
  return { value: Math.min(sync.progress.documentsSeen, total), max: total };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** "Syncing: 40 of 150 documents read, 12 changed, 30 chunks embedded" — the live line under the bar. */
export function progressText(sync: LiveSync): string {
  if (sync.status === 'queued') {
    return sync.attempts && sync.maxAttempts ? `Waiting to try again (attempt ${sync.attempts + 1} of ${sync.maxAttempts})` : 'Waiting for its turn';
  }
  const { documentsSeen, documentsTotal, documentsChanged, chunksEmbedded } = sync.progress;
  const read = documentsTotal === null ? `${plural(documentsSeen, 'document')} read` : `${documentsSeen.toLocaleString('en')} of ${plural(documentsTotal, 'document')} read`;
  return `Syncing: ${read}, ${documentsChanged.toLocaleString('en')} changed, ${plural(chunksEmbedded, 'chunk')} embedded`;
}

/** The source's state in a word or two. */
export function statusWords(source: KnowledgeSource, live: LiveSync | null): string {
  if (live) return live.status === 'queued' ? 'Queued' : 'Syncing';
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
 * What the server says a person should know about the last sync beyond its counts (a crawl stopped
 * at its page cap, pages skipped): the notes of a sync the console saw finish, else the source's.
 */
export function syncNotes(source: KnowledgeSource, job: SyncJob | null | undefined): string[] {
  if (job && !isOpen(job)) return job.progress.notes;
  return source.lastSyncNotes;
}

/** A re-sync schedule in words: "Every 12 hours", "Every day", or off. */
export function scheduleWords(hours: number | null): string {
  if (hours === null) return 'Off: only when synced by hand';
  if (hours === 1) return 'Every hour';
  if (hours === 168) return 'Every week';
  if (hours % 24 === 0) return hours === 24 ? 'Every day' : `Every ${hours / 24} days`;
  return `Every ${hours} hours`;
}

/** The schedule field's text as the server takes it: empty is off; else a whole number of hours, 1 to 8760. */
export function parseResyncHours(text: string): { hours: number | null } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { hours: null };
  const hours = Number(trimmed);
  if (!Number.isInteger(hours) || hours < 1 || hours > 8760) return { problem: 'Re-sync every 1 to 8760 whole hours, or leave it empty to turn the schedule off.' };
  return { hours };
}

/** Where the passage stood in each search before fusion: "#1 by meaning, not found by words". */
export function ranksLine(passage: { ranks: { vector: number | null; text: number | null } }): string {
  const place = (rank: number | null, by: string) => (rank === null ? `not found by ${by}` : `#${rank} by ${by}`);
  return `Place before fusion: ${place(passage.ranks.vector, 'meaning')}, ${place(passage.ranks.text, 'words')}`;
}

/** What the playground's scores say about why a passage came up. */
export function whyRanked(passage: { scores: { vector: number | null; text: number | null } }, mode: 'hybrid' | 'vector' | 'text'): string {
  if (mode === 'vector') return 'Ranked by meaning: how close the passage is to the question (cosine similarity).';
  if (mode === 'text') return 'Ranked by words: how well the passage matches the question’s words (full-text rank).';
  const { vector, text } = passage.scores;
  if (vector !== null && text !== null) return 'Found by both searches, by meaning and by words; their two places were fused.';
  if (vector !== null) return 'Found by meaning only: no word of the question matched well enough.';
  return 'Found by words only: the meaning search ranked it too low.';
}
