import { useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { KnowledgeSource, SyncJob } from '../../api/knowledge-types.js';
import { Problem, reasonOf } from '../../components/status.js';
import { formatCount, formatDateTime } from '../../format.js';
import { Link } from '../../router/router.js';
import { FileDrop, UploadList } from './file-drop.js';
import { KIND_LABELS, liveSyncOf, progressOf, progressText, scheduleWords, statusWords, syncNotes, type LiveSync } from './source-words.js';
import { ScheduleForm } from './schedule-form.js';
import { useUploads } from './use-uploads.js';

export interface SourceCardProps {
  api: KnowledgeApi;
  source: KnowledgeSource;
  job: SyncJob | undefined;
  canEdit: boolean;
  onJob: (job: SyncJob) => void;
  onChanged: () => void;
  documentsHref: string;
}

function SyncProgress({ source, live }: { source: KnowledgeSource; live: LiveSync | null }) {
  const bar = live ? progressOf(live) : null;
  const label = `Sync progress of ${source.name}`;
  return (
    <div class="sync-progress">
      {bar ? <progress aria-label={label} value={bar.value} max={bar.max} /> : <progress aria-label={label} />}
      <p class="muted" aria-live="polite">
        {live ? progressText(live) : 'Waiting for its turn'}
        {live?.progress.current ? <span class="sync-current">Now: {live.progress.current}</span> : null}
      </p>
    </div>
  );
}

/** One source: its state (live while it syncs), counts, last sync and error in words, and what an admin can do with it. */
export function SourceCard({ api, source, job, canEdit, onJob, onChanged, documentsHref }: SourceCardProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const [isAddingFiles, setIsAddingFiles] = useState(false);
  const { uploads, uploadAll } = useUploads(api, onJob);
  const act = (action: () => Promise<unknown>) => {
    setProblem(null);
    action().then(onChanged, (error: unknown) => setProblem(reasonOf(error)));
  };
  const live = liveSyncOf(source, job);
  // The stored status covers the moment between a sync's start and the next answer about it.
  const syncing = live !== null || ((source.status === 'queued' || source.status === 'syncing') && job === undefined);
  const failure = !syncing && source.status === 'failed' ? (source.lastError ?? job?.lastError ?? 'The reason was not recorded.') : null;
  const notes = syncing ? [] : syncNotes(source, job);
  const headingId = `source-${source.id}`;

  return (
    <li class="source-card" aria-labelledby={headingId}>
      <div class="source-head">
        <h3 id={headingId}>{source.name}</h3>
        {KIND_LABELS[source.kind].toLowerCase() === source.name.trim().toLowerCase() ? null : <span class="source-kind">{KIND_LABELS[source.kind]}</span>}
        <span class={`source-status source-status-${failure ? 'failed' : syncing ? 'syncing' : source.status}`}>{statusWords(source, live)}</span>
      </div>
      {syncing ? <SyncProgress source={source} live={live} /> : null}
      {failure ? (
        <p class="state state-error source-error">
          <strong>Why it failed:</strong> {failure}
        </p>
      ) : null}
      {notes.map((note) => (
        <p key={note} class="source-note">
          {note}
        </p>
      ))}
      <dl class="source-facts">
        <div>
          <dt>Documents</dt>
          <dd>
            <Link href={documentsHref}>{formatCount(source.documentCount)}</Link>
          </dd>
        </div>
        <div>
          <dt>Chunks</dt>
          <dd>{formatCount(source.chunkCount)}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd>{source.lastSyncedAt ? formatDateTime(source.lastSyncedAt) : 'never'}</dd>
        </div>
        <div>
          <dt>Re-sync</dt>
          <dd>{scheduleWords(source.resyncEveryHours)}</dd>
        </div>
        {source.nextSyncAt ? (
          <div>
            <dt>Next sync</dt>
            <dd>{formatDateTime(source.nextSyncAt)}</dd>
          </div>
        ) : null}
        {source.kind === 'crawl' && typeof source.config.startUrl === 'string' ? (
          <div class="source-fact-wide">
            <dt>Starts at</dt>
            <dd>{source.config.startUrl}</dd>
          </div>
        ) : null}
      </dl>
      {canEdit ? (
        <div class="source-actions">
          <button type="button" class="btn btn-small" disabled={syncing || (source.kind === 'file' && source.documentCount === 0 && source.status === 'idle')} onClick={() => act(async () => onJob(await api.sync(source.id)))}>
            Sync now<span class="sr-only"> {source.name}</span>
          </button>
          {source.kind === 'file' ? (
            <button type="button" class="btn btn-small" aria-expanded={isAddingFiles} onClick={() => setIsAddingFiles(!isAddingFiles)}>
              Add files<span class="sr-only"> to {source.name}</span>
            </button>
          ) : null}
          {isConfirming ? (
            <span class="confirm" role="group" aria-label={`Delete ${source.name}?`}>
              Delete with its {formatCount(source.documentCount)} documents?{' '}
              <button type="button" class="btn btn-small btn-danger" onClick={() => act(() => api.removeSource(source.id))}>
                Delete<span class="sr-only"> {source.name}</span>
              </button>{' '}
              <button type="button" class="btn btn-small" onClick={() => setIsConfirming(false)}>
                Keep it
              </button>
            </span>
          ) : (
            <button type="button" class="btn btn-small" onClick={() => setIsConfirming(true)}>
              Delete<span class="sr-only"> {source.name}</span>…
            </button>
          )}
        </div>
      ) : null}
      {canEdit ? <ScheduleForm source={source} onSave={(hours) => act(() => api.updateSource(source.id, { resyncEveryHours: hours }))} /> : null}
      {isAddingFiles ? (
        <div class="source-upload">
          <FileDrop id={`files-${source.id}`} onFiles={(files) => void uploadAll(source.id, files).then(onChanged)} />
          <UploadList uploads={uploads} label={`Uploads to ${source.name}`} />
        </div>
      ) : null}
      <Problem text={problem} />
    </li>
  );
}
