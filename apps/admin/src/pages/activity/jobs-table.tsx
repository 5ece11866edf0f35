import type { Job } from '../../api/activity-api.js';
import { formatDateTime, NO_VALUE } from '../../format.js';
import { ActivityTable } from './activity-table.js';
import { TicketLink } from './answers-table.js';

const QUEUE_LABELS: Record<string, string> = {
  'webhook.received': 'Webhook from the helpdesk',
  'helpdesk.sync': 'Helpdesk sync',
  'agent.replay': 'Replay',
  'knowledge.sync': 'Knowledge sync',
};
export const STATUS_LABELS: Record<Job['status'], string> = { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed (dead letter)' };

/** Background work, newest first; a failed job (a dead letter) can be sent round again. */
export function JobsTable({ jobs, canRetry, onRetry, retrying }: { jobs: readonly Job[]; canRetry: boolean; onRetry: (job: Job) => void; retrying: string | null }) {
  const columns = ['Created', 'Work', 'Ticket', 'Status', 'Attempts', 'Last error', ...(canRetry ? ['Action'] : [])];
  return (
    <ActivityTable caption="Jobs, newest first" columns={columns}>
          {jobs.map((job) => (
            <tr key={job.id} data-job={job.id}>
              <td data-label="Created" class="nowrap">{formatDateTime(job.createdAt)}</td>
              <td data-label="Work">{QUEUE_LABELS[job.queue] ?? job.queue}</td>
              <td data-label="Ticket" class="nowrap">
                <TicketLink ticketId={job.ticketId} url={job.helpdeskUrl} />
              </td>
              <td data-label="Status" class={job.status === 'failed' ? 'status-failed' : undefined}>{STATUS_LABELS[job.status]}</td>
              <td data-label="Attempts">
                {job.attempts} of {job.maxAttempts}
              </td>
              <td data-label="Last error" class="answer-gist">
                {job.lastError ? (
                  <span>
                    {job.errorCode ? <code>{job.errorCode}</code> : null} {job.lastError}
                  </span>
                ) : (
                  NO_VALUE
                )}
              </td>
              {canRetry ? (
                <td data-label="Action">
                  {job.status === 'failed' ? (
                    <button type="button" class="btn btn-small" disabled={retrying === job.id} onClick={() => onRetry(job)}>
                      Retry<span class="sr-only"> job from {formatDateTime(job.createdAt)}</span>
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
    </ActivityTable>
  );
}
