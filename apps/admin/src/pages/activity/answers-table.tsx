import { answerDecisionWords } from '@threadline/vocabulary';
import type { Answer } from '../../api/activity-api.js';
import { channelLabel, formatDateTime, NO_VALUE } from '../../format.js';
import { ActivityTable } from './activity-table.js';

const ACTION_LABELS: Record<string, string> = { draft: 'Draft for an agent', reply: 'Replied', escalate: 'Escalated' };
const WRITEBACK_LABELS: Record<Answer['writeback'], string> = { pending: 'Pending', written: 'Written', skipped: 'Not written', failed: 'Failed' };
const VERDICT_LABELS: Record<Answer['feedback'][number]['verdict'], string> = { used: 'Used', edited: 'Edited', rejected: 'Rejected', helpful: 'Helpful', unhelpful: 'Not helpful' };

/** The first words of what the agent wrote, or why it escalated. */
const gist = (answer: Answer) => {
  const text = (answer.action === 'escalate' && answer.escalationReason ? answer.escalationReason : answer.replyText).replace(/\s+/g, ' ').trim();
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
};

/**
 * The figure the action was decided on and, where it decided, its cut ("knowledge answers it 18% ·
 * hand-off below 52%"); an agent's own escalation has none.
 */
export const decisionFlag = (answer: Pick<Answer, 'confidence' | 'decision' | 'guardrails'>): string =>
  answer.guardrails.includes('agent-requested') ? 'asked by an agent' : answerDecisionWords(answer);

/** A ticket number linked to the ticket in the helpdesk (a new tab), or the bare number. */
export function TicketLink({ ticketId, url }: { ticketId: string | null; url: string | null }) {
  if (!ticketId) return <>{NO_VALUE}</>;
  return url ? (
    <a href={url} target="_blank" rel="noopener noreferrer">
      #{ticketId}
      <span class="sr-only"> (opens in the helpdesk)</span>
    </a>
  ) : (
    <>#{ticketId}</>
  );
}

/** What the agent did, newest first: the ticket, channel, action, write-back and what agents said about it. */
export function AnswersTable({ answers }: { answers: readonly Answer[] }) {
  return (
    <ActivityTable caption="Answers, newest first" columns={['When', 'Ticket', 'Channel', 'Action', 'Answer', 'Written back', 'Feedback from agents']}>
          {answers.map((answer) => (
            <tr key={answer.id} data-answer={answer.id}>
              <td data-label="When" class="nowrap">{formatDateTime(answer.createdAt)}</td>
              <td data-label="Ticket" class="nowrap">
                <TicketLink ticketId={answer.ticketExternalId} url={answer.helpdeskUrl} />
              </td>
              <td data-label="Channel">{answer.channel ? channelLabel(answer.channel) : NO_VALUE}</td>
              <td data-label="Action">
                <span>
                  {ACTION_LABELS[answer.action] ?? answer.action}
                  <span class="flags"> · {decisionFlag(answer)}</span>
                </span>
              </td>
              <td data-label="Answer" class="answer-gist">{gist(answer)}</td>
              <td data-label="Written back">
                <span>
                  {WRITEBACK_LABELS[answer.writeback]}
                  {answer.writebackFailure ? <span class="reason">{answer.writebackFailure.reason}</span> : null}
                </span>
              </td>
              <td data-label="Feedback from agents">
                {answer.feedback.length === 0 ? (
                  <span class="muted">None</span>
                ) : (
                  <ul class="feedback-list">
                    {answer.feedback.map((entry, index) => (
                      <li key={index}>
                        {VERDICT_LABELS[entry.verdict]}
                        {entry.reason ? <span class="reason">“{entry.reason}”</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
    </ActivityTable>
  );
}
