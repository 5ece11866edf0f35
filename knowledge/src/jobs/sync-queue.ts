import { defineQueue } from '@threadline/platform/queue';

/** What a knowledge sync job carries: the source to read again. */
export interface SyncPayload {
  sourceId: string;
}

/**
 * The queue of source syncs on the platform's one job queue. Three attempts; an upstream failure
 * (the helpdesk or a site answering 503) waits 30 s, then 60 s, before the next.
 */
export const knowledgeSyncQueue = defineQueue<SyncPayload>('knowledge.sync', { maxAttempts: 3, backoff: { baseMs: 30_000 } });

/** One sync per source at a time: a sync asked for while one is queued or running is that one. */
export const sourceSyncKey = (sourceId: string): string => `source:${sourceId}`;
