import type { Static } from 'typebox';
import type { Job } from '@threadline/platform/queue';
import type { JobBody } from '../../contract/jobs.js';

/**
 * A job as the API shows it (`/v1/jobs`, `/v1/replays`, `/v1/sync`). The contract's status
 * vocabulary is the queue's: this mapping (queue → contract) and the `/v1/jobs?status=` filter
 * (contract → queue) stop compiling if a status is added to one and not the other. `ticketLink`
 * (from `ticketLinksFor`) links a job that names a ticket to it in the helpdesk.
 */
export function toJobBody(job: Job, ticketLink: (ticketId: string | null) => string | null = () => null): Static<typeof JobBody> {
  const ticketId = ticketIdOf(job.payload);
  return {
    id: job.id,
    queue: job.queue,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt.toISOString(),
    lastError: job.lastError,
    errorCode: job.errorCode,
    payload: job.payload,
    result: job.result,
    ticketId,
    helpdeskUrl: ticketLink(ticketId),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** The helpdesk ticket a job's payload names (`ticketId`), if any. */
function ticketIdOf(payload: unknown): string | null {
  const value = payload && typeof payload === 'object' ? (payload as { ticketId?: unknown }).ticketId : undefined;
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}
