import type { ReplayGap } from '../../api/replays-api.js';
import { Link } from '../../router/router.js';
import { channelLabel } from '../../format.js';
import { knowledgeLink } from './replay-words.js';

/** The customers' questions the knowledge base could not answer, by topic, each with a way to fill the gap. */
export function KnowledgeGaps({ gaps }: { gaps: readonly ReplayGap[] }) {
  return (
    <section aria-labelledby="replay-gaps-heading">
      <h2 id="replay-gaps-heading">Knowledge gaps</h2>
      {gaps.length === 0 ? (
        <p class="state state-empty">Every question found an answer in the knowledge base.</p>
      ) : (
        <>
          <p class="muted">Questions the agent could not answer from the knowledge base, grouped by the words they share. Add an article or page that answers them, or check what the search finds.</p>
          <ul class="gap-list" data-testid="replay-gaps">
            {gaps.map((gap, index) => (
              <li key={gap.topic} class="gap">
                <h3 class="gap-topic" id={`gap-${index}`}>
                  {gap.topic} <span class="muted">({gap.questions.length === 1 ? '1 question' : `${gap.questions.length} questions`})</span>
                </h3>
                <ul class="gap-questions">
                  {gap.questions.map((question) => (
                    <li key={question.ticketExternalId}>
                      “{question.question}” <span class="muted">— #{question.ticketExternalId}, {channelLabel(question.channel)}</span>
                    </li>
                  ))}
                </ul>
                <div class="gap-actions">
                  <Link href={knowledgeLink(gap.query, 'add-source')} class="btn btn-small">
                    Add a source<span class="sr-only"> about {gap.topic}</span>
                  </Link>
                  <Link href={knowledgeLink(gap.query, 'search')} class="btn btn-small">
                    Find in knowledge<span class="sr-only"> about {gap.topic}</span>
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
