import { useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { KnowledgeChunk } from '../../api/knowledge-types.js';
import { Failure, Loading, Problem, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { formatCount } from '../../format.js';
import { Link } from '../../router/router.js';

/** A document's passages as retrieval sees them, each with its own exclude/include switch. */
export function ChunksPanel({ api, documentId, canEdit, backHref }: { api: KnowledgeApi; documentId: string; canEdit: boolean; backHref: string }) {
  const detail = useLoad(() => api.document(documentId), `document-${documentId}`);
  const [changed, setChanged] = useState<Record<string, KnowledgeChunk>>({});
  const [problem, setProblem] = useState<string | null>(null);

  if (detail.error && !detail.data) return <Failure message={`The document could not be loaded: ${reasonOf(detail.error)}`} onRetry={detail.reload} />;
  if (!detail.data) return <Loading label="Loading the document…" />;
  const { document, chunks } = detail.data;
  const excludedCount = chunks.filter((chunk) => (changed[chunk.id] ?? chunk).isExcluded).length;

  return (
    <section aria-labelledby="chunks-heading" class="chunks">
      <p>
        <Link href={backHref}>← All documents</Link>
      </p>
      <h2 id="chunks-heading">{document.title}</h2>
      <p class="muted">
        {formatCount(chunks.length)} passages, {formatCount(excludedCount)} excluded on their own.{' '}
        {document.url ? (
          <a href={document.url} target="_blank" rel="noreferrer">
            Open the original
          </a>
        ) : null}
      </p>
      {document.isExcluded ? <p class="source-note">The whole document is excluded: none of its passages is searched or used in answers until it is included again.</p> : null}
      <Problem text={problem} />
      <ol class="chunk-list">
        {chunks.map((original) => {
          const chunk = changed[original.id] ?? original;
          const isOut = chunk.isExcluded || document.isExcluded;
          return (
            <li key={chunk.id} class={`chunk${isOut ? ' chunk-excluded' : ''}`} data-chunk-id={chunk.id}>
              <div class="chunk-head">
                <span class="chunk-place">Passage {chunk.position + 1}</span>
                <span class="chunk-heading">{chunk.heading}</span>
                <span class="chunk-state">{chunk.isExcluded ? 'Excluded' : document.isExcluded ? 'Out with its document' : 'In search'}</span>
                {canEdit ? (
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-pressed={chunk.isExcluded}
                    onClick={() => {
                      setProblem(null);
                      api.setChunkExcluded(chunk.id, !chunk.isExcluded).then(
                        (saved) => setChanged((current) => ({ ...current, [saved.id]: saved })),
                        (error: unknown) => setProblem(`Not changed: ${reasonOf(error)}`),
                      );
                    }}
                  >
                    {chunk.isExcluded ? 'Include' : 'Exclude'} passage {chunk.position + 1}
                  </button>
                ) : null}
              </div>
              <p class="chunk-content">{chunk.content}</p>
              <p class="muted chunk-meta">{formatCount(chunk.charCount)} characters</p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
