import { answerDecisionWords } from '@threadline/vocabulary';
import type { ReplayTicket } from '../../api/replays-api.js';
import { channelLabel, formatRate } from '../../format.js';
import { ACTION_LABELS, ACTION_SHORT } from './replay-words.js';

function TicketDetail({ ticket }: { ticket: ReplayTicket }) {
  const { agent } = ticket;
  return (
    <div class="replay-compare">
      <div class="replay-side">
        <h4>The customer asked</h4>
        <p class="replay-text">{ticket.question}</p>
      </div>
      <div class="replay-side">
        <h4>
          The agent {ACTION_LABELS[agent.action].toLowerCase()}, {answerDecisionWords(agent)}
          {agent.action === 'escalate' ? ', with this holding reply' : ''}
        </h4>
        <p class="replay-text">{agent.replyText}</p>
        {agent.citations.length > 0 ? (
          <>
            <p class="replay-label">{agent.action === 'escalate' ? 'Closest sources it found, not enough to answer' : 'Sources it cited'}</p>
            <ul class="plain-list">
              {agent.citations.map((citation) => (
                <li key={`${citation.title}-${citation.url ?? ''}`}>
                  {citation.url ? (
                    <a href={citation.url} target="_blank" rel="noreferrer">
                      {citation.title}
                    </a>
                  ) : (
                    citation.title
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="muted">It cited no source.</p>
        )}
        {agent.guardrails.length > 0 ? (
          <p class="muted replay-rules">
            Rules that applied:{' '}
            {agent.guardrails.map((rule, index) => (
              <span key={rule}>
                {index > 0 ? ', ' : ''}
                <code>{rule}</code>
              </span>
            ))}
          </p>
        ) : null}
      </div>
      <div class="replay-side">
        <h4>The human sent</h4>
        <p class="replay-text">{ticket.humanAnswer}</p>
      </div>
    </div>
  );
}

/** Every replayed ticket: what the agent would have done beside what the human sent, opened one at a time. */
export function TicketList({ tickets }: { tickets: readonly ReplayTicket[] }) {
  return (
    <section aria-labelledby="replay-tickets-heading">
      <h2 id="replay-tickets-heading">Tickets</h2>
      <p class="muted">Each solved ticket was answered as if its first question had just arrived. Open one to read the agent's answer beside the human's.</p>
      <ul class="ticket-list" data-testid="replay-tickets">
        {tickets.map((ticket) => (
          <li key={ticket.ticketExternalId}>
            <details class="replay-ticket" data-action={ticket.agent.action}>
              <summary>
                <span class="replay-subject">
                  #{ticket.ticketExternalId} {ticket.subject}
                </span>
                <span class="replay-facts">
                  {channelLabel(ticket.channel)} · <span class={`action action-${ticket.agent.action}`}>{ACTION_SHORT[ticket.agent.action]}</span> · {answerDecisionWords(ticket.agent)}
                  {/* An escalation's holding reply is not an answer: its likeness to the human's says nothing. */}
                  {ticket.agent.action === 'escalate' ? '' : ` · similarity ${formatRate(ticket.similarity)}`}
                  {ticket.lackedKnowledge ? ' · knowledge gap' : ''}
                </span>
              </summary>
              <TicketDetail ticket={ticket} />
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
