import { useState } from 'preact/hooks';
import type { SidebarApi } from '../api.js';
import { describeError } from '../api.js';
import type { AskResult } from '../api-types.js';
import type { HostBridge } from '../host-bridge.js';
import { CitationList, CitedText } from './cited-text.js';
import { useAnnounce } from './announcer.js';

/** A free question to the knowledge base; the answer comes back with its sources. */
export function AskPanel({ api, bridge }: { api: SidebarApi; bridge: HostBridge }) {
  const announce = useAnnounce();
  const [question, setQuestion] = useState('');
  const [isAsking, setAsking] = useState(false);
  const [result, setResult] = useState<AskResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function ask(event: Event) {
    event.preventDefault();
    const trimmed = question.trim();
    if (trimmed.length < 2) {
      setError('Type a question of at least two characters.');
      return;
    }
    setError(null);
    setAsking(true);
    try {
      const answer = await api.ask(trimmed);
      setResult(answer);
      announce(answer.isFound ? `${answer.doubt ? 'Closest answer' : 'Answer'} ready with ${answer.citations.length} sources` : 'Nothing found in the knowledge base');
    } catch (cause) {
      setError(describeError(cause, bridge.hostName));
    } finally {
      setAsking(false);
    }
  }

  return (
    <div class="ask">
      <form onSubmit={ask}>
        <label class="field" for="ask-question">
          <span>Question</span>
        </label>
        <textarea id="ask-question" rows={2} value={question} placeholder="e.g. How long do refunds take?" onInput={(event) => setQuestion(event.currentTarget.value)} />
        <button type="submit" class="btn btn-small" disabled={isAsking} aria-busy={isAsking}>
          {isAsking ? 'Asking…' : 'Ask'}
        </button>
      </form>
      <div aria-live="polite" data-testid="ask-result">
        {error ? <p class="state state-error" role="alert">{error}</p> : null}
        {result ? (
          <div class="answer">
            {result.isFound && result.answer && result.doubt ? (
              <p class="notice" data-testid="ask-doubt">
                {result.doubt}
              </p>
            ) : null}
            {result.isFound && result.answer ? (
              <CitedText text={result.citedText} citations={result.citations} idPrefix="ask-source" />
            ) : (
              <p class="state state-empty">I couldn't find this in the knowledge base. Rephrase the question, or add an article in Threadline admin.</p>
            )}
            <CitationList citations={result.citations} idPrefix="ask-source" />
            {result.isFound && result.answer ? (
              <button
                type="button"
                class="btn btn-small"
                onClick={() => bridge.insertIntoEditor(result.answer).then(() => announce('Answer inserted into the reply editor'), (cause: unknown) => setError(`Could not insert: ${String(cause)}`))}
              >
                Insert answer
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
