import { useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { KnowledgeDocument, KnowledgeSource } from '../../api/knowledge-types.js';
import { Empty, Failure, Loading, Problem, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { formatCount, formatDateTime } from '../../format.js';
import { Link } from '../../router/router.js';

const PAGE_SIZE = 50;

export interface DocumentsViewProps {
  api: KnowledgeApi;
  sources: readonly KnowledgeSource[];
  sourceId: string | undefined;
  canEdit: boolean;
  /** Changes when a sync ends, so the list reloads. */
  version: number;
  hrefFor: (change: { source?: string | undefined; document?: string | undefined }) => string;
  onFilter: (sourceId: string | undefined) => void;
}

/** The stored documents, by source and title, each with its exclude/include switch and a way into its passages. */
export function DocumentsView({ api, sources, sourceId, canEdit, version, hrefFor, onFilter }: DocumentsViewProps) {
  const [title, setTitle] = useState('');
  const [offset, setOffset] = useState(0);
  const [changed, setChanged] = useState<Record<string, KnowledgeDocument>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const page = useLoad(() => api.documents({ sourceId, query: title.trim() || undefined, limit: PAGE_SIZE, offset }), `${sourceId ?? ''}|${title}|${offset}|${version}`);
  const sourceName = new Map(sources.map((source) => [source.id, source.name]));

  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      <div class="filters">
        <label class="filter-group">
          Source
          <select
            value={sourceId ?? ''}
            onChange={(event) => {
              setOffset(0);
              onFilter(event.currentTarget.value || undefined);
            }}
          >
            <option value="">All sources</option>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </label>
        <label class="filter-group">
          Title contains
          <input
            type="search"
            value={title}
            onInput={(event) => {
              setOffset(0);
              setTitle(event.currentTarget.value);
            }}
          />
        </label>
        <p class="load-status muted" aria-live="polite">
          {page.data ? `${formatCount(page.data.total)} documents` : ''}
        </p>
      </div>
      <Problem text={problem} />
      {page.error ? <Failure message={`The documents could not be loaded: ${reasonOf(page.error)}`} onRetry={page.reload} /> : null}
      {!page.data && page.isLoading ? <Loading label="Loading documents…" /> : null}
      {page.data && page.data.documents.length === 0 ? <Empty>No documents here yet. Add a source, or wait for its sync to finish.</Empty> : null}
      {page.data && page.data.documents.length > 0 ? (
        <div class="table-scroll">
          <table class="data-table documents-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Source</th>
                <th scope="col">Passages</th>
                <th scope="col">Updated</th>
                <th scope="col">In answers</th>
              </tr>
            </thead>
            <tbody>
              {page.data.documents.map((original) => {
                const document = changed[original.id] ?? original;
                return (
                  <tr key={document.id}>
                    <td class="document-title">
                      <Link href={hrefFor({ source: sourceId, document: document.id })}>{document.title || document.externalId}</Link>
                    </td>
                    <td>{sourceName.get(document.sourceId) ?? '—'}</td>
                    <td>{formatCount(document.chunkCount)}</td>
                    <td>{formatDateTime(document.updatedAt)}</td>
                    <td>
                      <span class={document.isExcluded ? 'doc-excluded' : 'doc-included'}>{document.isExcluded ? 'Excluded' : 'Included'}</span>{' '}
                      {canEdit ? (
                        <button
                          type="button"
                          class="btn btn-small"
                          onClick={() => {
                            setProblem(null);
                            api.setDocumentExcluded(document.id, !document.isExcluded).then(
                              (saved) => setChanged((current) => ({ ...current, [saved.id]: saved })),
                              (error: unknown) => setProblem(`Not changed: ${reasonOf(error)}`),
                            );
                          }}
                        >
                          {document.isExcluded ? 'Include' : 'Exclude'}
                          <span class="sr-only"> {document.title}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {page.data && page.data.total > PAGE_SIZE ? (
        <div class="pager">
          <button type="button" class="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Previous
          </button>
          <span>
            {formatCount(offset + 1)}–{formatCount(Math.min(offset + PAGE_SIZE, page.data.total))} of {formatCount(page.data.total)}
          </span>
          <button type="button" class="btn btn-small" disabled={offset + PAGE_SIZE >= page.data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Next
          </button>
        </div>
      ) : null}
    </section>
  );
}
