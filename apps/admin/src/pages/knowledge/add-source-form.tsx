import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { NewSource, SourceKind, SyncJob } from '../../api/knowledge-types.js';
import { Problem, reasonOf } from '../../components/status.js';
import { FileDrop, UploadList } from './file-drop.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, KIND_HELP, KIND_LABELS } from './source-words.js';
import { useUploads } from './use-uploads.js';

const KINDS = Object.keys(KIND_LABELS) as SourceKind[];

interface Draft {
  kind: SourceKind;
  name: string;
  urls: string;
  startUrl: string;
  maxPages: string;
  maxDepth: string;
  pathPrefix: string;
  files: File[];
}

const EMPTY: Draft = { kind: 'file', name: '', urls: '', startUrl: '', maxPages: String(DEFAULT_MAX_PAGES), maxDepth: String(DEFAULT_MAX_DEPTH), pathPrefix: '', files: [] };

/** The settings the server takes for the kind, from what the form holds. */
function toNewSource(draft: Draft): NewSource {
  const base = { kind: draft.kind, name: draft.name.trim() || KIND_LABELS[draft.kind] };
  if (draft.kind === 'url') return { ...base, config: { urls: draft.urls.split(/\s+/).filter((url) => url.length > 0) } };
  if (draft.kind === 'crawl') {
    return {
      ...base,
      config: {
        startUrl: draft.startUrl.trim(),
        maxPages: Number(draft.maxPages),
        maxDepth: Number(draft.maxDepth),
        ...(draft.pathPrefix.trim() ? { pathPrefix: draft.pathPrefix.trim() } : {}),
      },
    };
  }
  return base;
}

export interface AddSourceFormProps {
  api: KnowledgeApi;
  onAdded: () => void;
  onJob: (job: SyncJob) => void;
  /** The terms of questions the knowledge could not answer (a link from the Test page): the name it starts with. */
  forQuestion?: string | undefined;
}

/** Adds a source of any kind; a file source is created and then gets its files, one upload each. */
export function AddSourceForm({ api, onAdded, onJob, forQuestion }: AddSourceFormProps) {
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, name: forQuestion ?? '' });
  useEffect(() => {
    if (forQuestion) setDraft((current) => ({ ...current, name: forQuestion }));
  }, [forQuestion]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const { uploads, uploadAll, clear } = useUploads(api, onJob);
  const change = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  return (
    <section aria-labelledby="add-source-heading" class="panel" id="add-source">
      <h2 id="add-source-heading">Add a source</h2>
      {forQuestion ? <p class="source-note">Add the help center, a page, a site or files that answer questions about “{forQuestion}”.</p> : null}
      <form
        class="add-source"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.kind === 'file' && draft.files.length === 0) {
            setProblem('Choose or drop at least one file first.');
            return;
          }
          setProblem(null);
          setDone(null);
          setIsBusy(true);
          clear();
          const files = draft.files;
          (async () => {
            const { source, job } = await api.createSource({ ...toNewSource(draft), sync: draft.kind !== 'file' });
            if (job) onJob(job);
            onAdded();
            if (draft.kind === 'file') await uploadAll(source.id, files);
            setDone(`Added "${source.name}". Its sync progress shows in the list above.`);
            setDraft({ ...EMPTY, kind: draft.kind });
            onAdded();
          })()
            .catch((error: unknown) => setProblem(`Not added: ${reasonOf(error)}`))
            .finally(() => setIsBusy(false));
        }}
      >
        <div class="field-grid">
          <label for="source-kind">Kind</label>
          <select id="source-kind" value={draft.kind} onChange={(event) => change({ kind: event.currentTarget.value as SourceKind })}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          <label for="source-name">Name</label>
          <input id="source-name" value={draft.name} placeholder={KIND_LABELS[draft.kind]} maxLength={200} onInput={(event) => change({ name: event.currentTarget.value })} />
        </div>
        <p class="muted">{KIND_HELP[draft.kind]}</p>
        {draft.kind === 'url' ? (
          <div class="field-grid">
            <label for="source-urls">Page URLs, one per line</label>
            <textarea id="source-urls" rows={4} required value={draft.urls} onInput={(event) => change({ urls: event.currentTarget.value })} />
          </div>
        ) : null}
        {draft.kind === 'crawl' ? (
          <div class="field-grid">
            <label for="crawl-start">Start URL</label>
            <input id="crawl-start" type="url" required placeholder="https://help.example.com/" value={draft.startUrl} onInput={(event) => change({ startUrl: event.currentTarget.value })} />
            <label for="crawl-pages">Most pages</label>
            <input id="crawl-pages" type="number" min={1} max={10000} required value={draft.maxPages} onInput={(event) => change({ maxPages: event.currentTarget.value })} />
            <label for="crawl-depth">Most link hops from the start page</label>
            <input id="crawl-depth" type="number" min={0} max={20} required value={draft.maxDepth} onInput={(event) => change({ maxDepth: event.currentTarget.value })} />
            <label for="crawl-prefix">Only paths starting with (optional)</label>
            <input id="crawl-prefix" placeholder="/help/" pattern="/.*" value={draft.pathPrefix} onInput={(event) => change({ pathPrefix: event.currentTarget.value })} />
          </div>
        ) : null}
        {draft.kind === 'file' ? (
          <>
            <FileDrop id="source-files" isDisabled={isBusy} onFiles={(files) => change({ files: [...draft.files, ...files] })} />
            {draft.files.length > 0 ? (
              <ul class="plain-list" aria-label="Chosen files">
                {draft.files.map((file, index) => (
                  <li key={`${file.name}-${index}`}>
                    {file.name} ({Math.max(1, Math.round(file.size / 1024))} KB){' '}
                    <button type="button" class="btn btn-small" aria-label={`Remove ${file.name}`} onClick={() => change({ files: draft.files.filter((_, i) => i !== index) })}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={isBusy}>
            {draft.kind === 'file' ? 'Add source and upload' : 'Add source and sync'}
          </button>
        </div>
      </form>
      <UploadList uploads={uploads} label="Uploads" />
      <Problem text={problem} />
      {done ? (
        <p class="state" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}
