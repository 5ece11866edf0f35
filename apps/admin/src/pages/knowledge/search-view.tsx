import { useEffect, useRef, useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { Passage, SearchMode } from '../../api/knowledge-types.js';
import { Empty, Failure, Loading, reasonOf } from '../../components/status.js';
import { ranksLine, whyRanked } from './source-words.js';

const MODES: ReadonlyArray<{ value: SearchMode; label: string }> = [
  { value: 'hybrid', label: 'Hybrid (as answers use)' },
  { value: 'vector', label: 'Meaning (vector)' },
  { value: 'text', label: 'Words (full text)' },
];

const score = (value: number | null, digits: number) => (value === null ? 'not found' : value.toFixed(digits));

function Score({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/**
 * The search playground: what retrieval returns for a question, and why each passage ranked where it
 * did. `initialQuery` (a link's `?q=`, from the Test page's knowledge gaps) is searched right away.
 */
export function SearchView({ api, initialQuery = '' }: { api: KnowledgeApi; initialQuery?: string }) {
  const [query, setQuery] = useState(initialQuery);
  const [mode, setMode] = useState<SearchMode>('hybrid');
  const [visibility, setVisibility] = useState<'public' | 'any'>('public');
  const [result, setResult] = useState<{ passages: Passage[]; tookMs: number; mode: SearchMode; query: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isSearching, setIsSearching] = useState(false);

  const run = (asked = query.trim()) => {
    if (!asked) return;
    setIsSearching(true);
    setError(null);
    api
      .search({ query: asked, mode, k: 10, visibility })
      .then((answer) => setResult({ ...answer, mode, query: asked }), setError)
      .finally(() => setIsSearching(false));
  };
  const searched = useRef('');
  useEffect(() => {
    const asked = initialQuery.trim();
    if (!asked || searched.current === asked) return;
    searched.current = asked;
    setQuery(asked);
    run(asked);
    // Runs once per linked question, not on every keystroke of the query it prefills.
  }, [initialQuery]);

  return (
    <section aria-labelledby="search-heading" id="search">
      <h2 id="search-heading">Search playground</h2>
      <p class="muted">Ask as a customer would. Excluded documents and passages never come up here, nor in answers.</p>
      <form
        class="filters search-form"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <label class="filter-group search-query">
          Question
          <input type="search" required maxLength={2000} value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
        </label>
        <label class="filter-group">
          Search
          <select value={mode} onChange={(event) => setMode(event.currentTarget.value as SearchMode)}>
            {MODES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label class="filter-group">
          Material
          <select value={visibility} onChange={(event) => setVisibility(event.currentTarget.value as 'public' | 'any')}>
            <option value="public">Public only</option>
            <option value="any">Public and internal</option>
          </select>
        </label>
        <button type="submit" class="btn btn-primary" disabled={isSearching}>
          Search
        </button>
      </form>
      {error ? <Failure message={`The search failed: ${reasonOf(error)}`} onRetry={() => run()} /> : null}
      {isSearching ? <Loading label="Searching…" /> : null}
      {result && !isSearching ? (
        <>
          <p class="muted" role="status">
            {result.passages.length} passages for “{result.query}” in {result.tookMs} ms.
          </p>
          {result.passages.length === 0 ? <Empty>Nothing in the index matches. Try other words, or check that the source is synced and not excluded.</Empty> : null}
          <ol class="passage-list">
            {result.passages.map((passage) => (
              <li key={passage.chunkId} class="passage" data-chunk-id={passage.chunkId}>
                <h3 class="passage-title">
                  {passage.url ? (
                    <a href={passage.url} target="_blank" rel="noreferrer">
                      {passage.title}
                    </a>
                  ) : (
                    passage.title
                  )}
                </h3>
                {passage.sectionPath.length > 0 ? <p class="muted passage-path">{passage.sectionPath.join(' › ')}</p> : null}
                <p class="passage-content">{passage.content}</p>
                <dl class="scores">
                  <Score label="Meaning" value={score(passage.scores.vector, 3)} />
                  <Score label="Words" value={score(passage.scores.text, 3)} />
                  <Score label={result.mode === 'hybrid' ? 'Fused' : 'Order by'} value={passage.scores.fused.toFixed(4)} />
                </dl>
                {result.mode === 'hybrid' ? <p class="passage-ranks">{ranksLine(passage)}</p> : null}
                <p class="passage-why">{whyRanked(passage, result.mode)}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
