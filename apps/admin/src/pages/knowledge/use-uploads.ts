import { useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { SyncJob } from '../../api/knowledge-types.js';
import { reasonOf } from '../../components/status.js';

export interface UploadState {
  name: string;
  state: 'waiting' | 'uploading' | 'uploaded' | 'failed';
  /** Why it failed, in the server's words. */
  reason?: string;
}

/** Uploads files one PUT each, one after the other, keeping each file's state for the page to show. */
export function useUploads(api: KnowledgeApi, onJob: (job: SyncJob) => void) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const set = (index: number, change: Partial<UploadState>) => setUploads((current) => current.map((upload, i) => (i === index ? { ...upload, ...change } : upload)));

  const uploadAll = async (sourceId: string, files: readonly File[]) => {
    setUploads(files.map((file) => ({ name: file.name, state: 'waiting' })));
    for (const [index, file] of files.entries()) {
      set(index, { state: 'uploading' });
      try {
        onJob(await api.upload(sourceId, file));
        set(index, { state: 'uploaded' });
      } catch (error) {
        set(index, { state: 'failed', reason: reasonOf(error) });
      }
    }
  };
  return { uploads, uploadAll, clear: () => setUploads([]) };
}

const WORDS: Record<UploadState['state'], string> = { waiting: 'waiting', uploading: 'uploading…', uploaded: 'uploaded, sync queued', failed: 'not uploaded' };

/** Each file and how its upload went. */
export function uploadLine(upload: UploadState): string {
  return `${upload.name}: ${WORDS[upload.state]}${upload.reason ? ` — ${upload.reason}` : ''}`;
}
