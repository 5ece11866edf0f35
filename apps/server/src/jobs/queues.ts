import type { Queryable } from '@threadline/platform/db';
import { defineQueue, type EnqueueInput, type Job, type QueueDefinition } from '@threadline/platform/queue';
import { knowledgeSyncQueue } from '@threadline/knowledge';
import type { HelpdeskKind, WebhookEventType } from '@threadline/connector-core';

/** A webhook delivery as its job keeps it: a nudge to look at a ticket. */
export interface TicketEventPayload {
  eventId: string | null;
  deliveryId: string | null;
  type: WebhookEventType;
  /** Null when the event names no ticket: the job has nothing to do. */
  ticketId: string | null;
  occurredAt: string;
  vendor: HelpdeskKind;
  trigger?: 'webhook' | 'demo';
}

/**
 * A webhook's ticket event: mirror refresh, then the agent's answer. Five attempts from 1 s; a
 * ticket's nudges share the coalesce key `ticket:<id>`.
 */
export const ticketEventQueue = defineQueue<TicketEventPayload>('webhook.received');

/** An incremental sync of the tenant's helpdesk into the mirror; `reason` says who asked. */
export const helpdeskSyncQueue = defineQueue<{ reason: 'api' | 'periodic' | 'demo start' }>('helpdesk.sync');

/**
 * A replay of solved tickets through the agent, written nowhere; one attempt, its report is the
 * result. `requestedBy` names who started it (absent on replays from before it was kept).
 */
export const replayQueue = defineQueue<{ limit: number; requestedBy?: string }>('agent.replay', { maxAttempts: 1 });

export { knowledgeSyncQueue };

/** Every queue the server's worker serves (the metrics report each, empty or not). */
export const queueNames: readonly string[] = [ticketEventQueue, helpdeskSyncQueue, replayQueue, knowledgeSyncQueue].map((queue) => queue.name);

/** The coalesce key of a ticket's nudges. */
export const ticketJobKey = (ticketExternalId: string): string => `ticket:${ticketExternalId}`;

/** Enqueues on any queue (in `tx` when given) and wakes the worker for a new job: `app.jobs.enqueue`. */
export type Enqueue = <Payload>(queue: QueueDefinition<Payload>, input: EnqueueInput<Payload>, tx?: Queryable) => Promise<{ job: Job<Payload>; isDuplicate: boolean }>;
