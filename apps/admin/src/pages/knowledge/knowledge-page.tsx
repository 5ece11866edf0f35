import { useCallback, useEffect, useState } from 'preact/hooks';
import { canEdit } from '../../api/account-types.js';
import { Empty, Failure, Loading, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { Link, navigate } from '../../router/router.js';
import type { PageProps } from '../page-props.js';
import { AddSourceForm } from './add-source-form.js';
import { ChunksPanel } from './chunks-panel.js';
import { DocumentsView } from './documents-view.js';
import { SearchView } from './search-view.js';
import { SourceCard } from './source-card.js';
import { useSyncJobs } from './use-sync-jobs.js';

export const KNOWLEDGE_PATH = '/knowledge';

type View = 'sources' | 'documents' | 'search';
const VIEWS: ReadonlyArray<{ value: View; label: string }> = [
  { value: 'sources', label: 'Sources' },
  { value: 'documents', label: 'Documents' },
  { value: 'search', label: 'Search playground' },
];

interface KnowledgeQuery {
  view: View;
  source: string | undefined;
  document: string | undefined;
  /** A question's terms from a link (the Test page's knowledge gaps): prefills the playground or the add form. */
  q: string | undefined;
}

/** The view from the query string; a `#search` link opens the playground as `?view=search` does. */
function readQuery(search: string, hash: string): KnowledgeQuery {
  const params = new URLSearchParams(search);
  const view = params.get('view') ?? (hash === '#search' ? 'search' : null);
  return {
    view: view === 'documents' || view === 'search' ? view : 'sources',
    source: params.get('source') ?? undefined,
    document: params.get('document') ?? undefined,
    q: params.get('q')?.trim() || undefined,
  };
}

function hrefOf(query: Partial<KnowledgeQuery>): string {
  const params = new URLSearchParams();
  if (query.view && query.view !== 'sources') params.set('view', query.view);
  if (query.source) params.set('source', query.source);
  if (query.document) params.set('document', query.document);
  const text = params.toString();
  return text ? `${KNOWLEDGE_PATH}?${text}` : KNOWLEDGE_PATH;
}

/** The knowledge the agent answers from: sources and their syncs, documents and passages, and a search playground. */
export function KnowledgePage({ api, search }: PageProps) {
  const query = readQuery(search, window.location.hash);
  const [version, setVersion] = useState(0);
  const sources = useLoad(() => api.knowledge.sources(), `sources-${version}`);
  const refresh = useCallback(() => setVersion((current) => current + 1), []);
  const { jobs, track } = useSyncJobs(api.knowledge, sources.data, refresh);
  const isEditable = canEdit(api.who);
  const isAddingFor = query.view === 'sources' && window.location.hash === '#add-source' ? query.q : undefined;
  const hasSources = sources.data !== null;
  // A link to the add form lands on it once the sources above it have drawn.
  useEffect(() => {
    if (isAddingFor === undefined || !sources.data) return;
    const form = document.getElementById('add-source');
    form?.scrollIntoView({ block: 'start' });
    form?.querySelector<HTMLElement>('select, input')?.focus({ preventScroll: true });
  }, [isAddingFor, hasSources]);

  return (
    <div>
      <div class="page-head">
        <h1>Knowledge</h1>
        <p class="muted">{isEditable ? 'What the agent answers from. Changes apply to the next answer.' : 'Viewers can read the knowledge and search it; an admin or owner changes it.'}</p>
      </div>
      <nav aria-label="Knowledge views" class="view-tabs">
        {VIEWS.map((view) => (
          <Link key={view.value} href={hrefOf({ view: view.value })} class="nav-link" current={query.view === view.value ? 'page' : undefined}>
            {view.label}
          </Link>
        ))}
      </nav>
      {sources.error && !sources.data ? <Failure message={`The sources could not be loaded: ${reasonOf(sources.error)}`} onRetry={sources.reload} /> : null}
      {!sources.data && sources.isLoading ? <Loading label="Loading sources…" /> : null}
      {sources.data && query.view === 'sources' ? (
        <>
          <section aria-labelledby="sources-heading">
            <h2 id="sources-heading">Sources</h2>
            {sources.data.length === 0 ? <Empty>No sources yet. {isEditable ? 'Add the help center, a site or files below.' : ''}</Empty> : null}
            <ul class="source-list">
              {sources.data.map((source) => (
                <SourceCard
                  key={source.id}
                  api={api.knowledge}
                  source={source}
                  job={jobs[source.id]}
                  canEdit={isEditable}
                  onJob={track}
                  onChanged={refresh}
                  documentsHref={hrefOf({ view: 'documents', source: source.id })}
                />
              ))}
            </ul>
          </section>
          {isEditable ? <AddSourceForm api={api.knowledge} onJob={track} onAdded={refresh} forQuestion={isAddingFor} /> : null}
          {!isEditable && isAddingFor ? <p class="muted" id="add-source">Only an admin or owner can add a source about “{isAddingFor}”.</p> : null}
        </>
      ) : null}
      {sources.data && query.view === 'documents' && query.document ? (
        <ChunksPanel api={api.knowledge} documentId={query.document} canEdit={isEditable} backHref={hrefOf({ view: 'documents', source: query.source })} />
      ) : null}
      {sources.data && query.view === 'documents' && !query.document ? (
        <DocumentsView
          api={api.knowledge}
          sources={sources.data}
          sourceId={query.source}
          canEdit={isEditable}
          version={version}
          hrefFor={(change) => hrefOf({ view: 'documents', ...change })}
          onFilter={(source) => navigate(hrefOf({ view: 'documents', source }), { replace: true })}
        />
      ) : null}
      {query.view === 'search' ? <SearchView api={api.knowledge} initialQuery={query.q} /> : null}
    </div>
  );
}
