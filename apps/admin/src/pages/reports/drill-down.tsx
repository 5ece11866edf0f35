import { HELPDESK_LABELS } from '@threadline/vocabulary';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReportsApi } from '../../api/reports-api.js';
import type { Channel, MetricKey, ReportTicket } from '../../api/report-types.js';
import { channelLabel, formatDateTime, formatDuration, formatRange } from '../../format.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { METRIC_LABELS } from './figures.js';

/** Which figure's tickets to list. */
export interface DrillTarget {
  metric: MetricKey;
  from: string;
  to: string;
  channel?: Channel | undefined;
}

const PAGE_SIZE = 50;

const OUTCOME_LABELS: Record<NonNullable<ReportTicket['outcome']>, string> = {
  autoReplied: 'Answered automatically',
  drafted: 'Drafted',
  escalated: 'Escalated',
  handedOff: 'Handed off',
};

const CSAT_LABELS: Record<NonNullable<ReportTicket['csat']>, string> = { good: 'Good', bad: 'Bad' };

/**
 * What the agent did, and why it escalated when it did: a ticket escalated and then answered by a
 * person reads "Handed off", so the reason is shown under whichever outcome is named.
 */
export function OutcomeCell({ ticket }: { ticket: Pick<ReportTicket, 'outcome' | 'escalationReason'> }) {
  return (
    <td>
      {ticket.outcome ? OUTCOME_LABELS[ticket.outcome] : '—'}
      {ticket.escalationReason ? <span class="reason">Escalated because: {ticket.escalationReason}</span> : null}
    </td>
  );
}

function ticketFlags(ticket: ReportTicket): string {
  const flags = [ticket.reopened ? 'reopened' : null, ticket.repeatContact ? 'came back' : null].filter(Boolean);
  return flags.length ? flags.join(', ') : '';
}

/** The tickets behind a figure, in a modal dialog, 50 at a time, each linking to the helpdesk. */
export function DrillDown({ target, reports, onClose }: { target: DrillTarget; reports: ReportsApi; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [tickets, setTickets] = useState<ReportTicket[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = (cursor: string | null) => {
    setIsLoading(true);
    setError(null);
    reports.tickets({ ...target, limit: PAGE_SIZE, cursor }).then(
      (page) => {
        setTickets((previous) => (cursor ? [...previous, ...page.tickets] : page.tickets));
        setNextCursor(page.nextCursor);
        setIsLoading(false);
      },
      (failure: unknown) => {
        setError(failure);
        setIsLoading(false);
      },
    );
  };

  useEffect(() => {
    dialog.current?.showModal();
    load(null);
  }, []);

  const title = `${METRIC_LABELS[target.metric]}${target.channel ? `, ${channelLabel(target.channel)}` : ''}`;
  return (
    <dialog ref={dialog} class="drill" aria-labelledby="drill-heading" onClose={onClose}>
      <header class="drill-head">
        <div>
          <h2 id="drill-heading">{title}</h2>
          <p class="muted">The tickets behind this figure, {formatRange(target)}</p>
        </div>
        <button type="button" class="btn" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {error ? <Failure message={`The tickets could not be loaded: ${reasonOf(error)}`} onRetry={() => load(tickets.length ? nextCursor : null)} /> : null}
      {!isLoading && !error && tickets.length === 0 ? <p class="state state-empty">No tickets behind this figure.</p> : null}
      {tickets.length > 0 ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${title}: tickets`}>
          <table class="data-table" data-testid="drill-tickets">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Customer</th>
                <th scope="col">Channel</th>
                <th scope="col">Created</th>
                <th scope="col">First response</th>
                <th scope="col">Resolution</th>
                <th scope="col">CSAT</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row" class="ticket-cell">
                    {ticket.url ? (
                      <a href={ticket.url} target="_blank" rel="noopener noreferrer">
                        #{ticket.externalId} {ticket.subject}
                        <span class="sr-only"> (opens {HELPDESK_LABELS[ticket.helpdesk]} in a new tab)</span>
                      </a>
                    ) : (
                      <span>
                        #{ticket.externalId} {ticket.subject}
                      </span>
                    )}
                    {ticketFlags(ticket) ? <span class="flags"> {ticketFlags(ticket)}</span> : null}
                  </th>
                  <td>{ticket.customer.name ?? 'Unknown customer'}</td>
                  <td>{channelLabel(ticket.channel)}</td>
                  <td>{formatDateTime(ticket.createdAt)}</td>
                  <td>{formatDuration(ticket.firstResponseMinutes)}</td>
                  <td>{formatDuration(ticket.resolutionMinutes)}</td>
                  <td>{ticket.csat ? CSAT_LABELS[ticket.csat] : '—'}</td>
                  <OutcomeCell ticket={ticket} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {isLoading ? <Loading label="Loading the tickets…" /> : null}
      {nextCursor && !isLoading && !error ? (
        <button type="button" class="btn" onClick={() => load(nextCursor)}>
          Show {PAGE_SIZE} more
        </button>
      ) : null}
    </dialog>
  );
}
