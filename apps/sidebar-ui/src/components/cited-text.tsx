import type { Citation } from '../api-types.js';
import { splitCitations } from '../format.js';
import { SafeLink } from './safe-link.js';

/** Reply text whose `[n]` markers link to their sources. */
export function CitedText({ text, citations, idPrefix }: { text: string; citations: Citation[]; idPrefix: string }) {
  return (
    <div class="cited-text">
      {text.split(/\n{2,}/).map((paragraph, p) => (
        <p key={p}>
          {splitCitations(paragraph).map((part, i) => {
            if (part.kind === 'text') return <span key={i}>{part.text}</span>;
            const citation = citations.find((candidate) => candidate.number === part.number);
            if (!citation) return <span key={i}>[{part.number}]</span>;
            return (
              <SafeLink key={i} class="cite-marker" url={`#${idPrefix}-${citation.number}`} label={`Source ${citation.number}: ${citation.title}`}>
                [{citation.number}]
              </SafeLink>
            );
          })}
        </p>
      ))}
    </div>
  );
}

/** The numbered sources of an answer; each links to the article when it has a URL a browser may safely open. */
export function CitationList({ citations, idPrefix }: { citations: Citation[]; idPrefix: string }) {
  if (citations.length === 0) return <p class="muted">No sources: this answer is not grounded in the knowledge base; check it before sending.</p>;
  return (
    <ol class="citations" aria-label="Sources">
      {citations.map((citation) => (
        <li key={citation.number} id={`${idPrefix}-${citation.number}`} value={citation.number}>
          {citation.url ? (
            <SafeLink url={citation.url} isExternal>
              {citation.title}
            </SafeLink>
          ) : (
            <span>
              {citation.title} <span class="muted">(internal)</span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
