import type { ApiClient } from './client.js';
import type { DocumentDetail, DocumentPage, KnowledgeChunk, KnowledgeDocument, KnowledgeSource, NewSource, Passage, SearchMode, SourceChange, SyncJob } from './knowledge-types.js';

/** The knowledge endpoints (`/v1/kb/…`), one method each. */
export interface KnowledgeApi {
  sources(): Promise<KnowledgeSource[]>;
  createSource(input: NewSource): Promise<{ source: KnowledgeSource; job: SyncJob | null }>;
  /** Renames a source, replaces its settings or sets its re-sync schedule (null: off). */
  updateSource(id: string, change: SourceChange): Promise<KnowledgeSource>;
  removeSource(id: string): Promise<void>;
  sync(id: string): Promise<SyncJob>;
  /** The source's syncs, newest first. */
  jobs(sourceId: string): Promise<SyncJob[]>;
  job(id: string): Promise<SyncJob>;
  /** One file, one PUT; answers the sync that will read it. */
  upload(sourceId: string, file: File): Promise<SyncJob>;
  documents(query: { sourceId?: string | undefined; query?: string | undefined; limit?: number; offset?: number }): Promise<DocumentPage>;
  document(id: string): Promise<DocumentDetail>;
  setDocumentExcluded(id: string, isExcluded: boolean): Promise<KnowledgeDocument>;
  setChunkExcluded(id: string, isExcluded: boolean): Promise<KnowledgeChunk>;
  search(input: { query: string; mode: SearchMode; k: number; visibility: 'public' | 'any' }): Promise<{ passages: Passage[]; tookMs: number }>;
}

const at = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export function createKnowledgeApi(client: ApiClient): KnowledgeApi {
  return {
    sources: async () => (await client.json<{ sources: KnowledgeSource[] }>('/v1/kb/sources')).sources,
    createSource: (input) => client.write('POST', '/v1/kb/sources', input),
    updateSource: (id, change) => client.write('PATCH', `/v1/kb/sources/${at(id)}`, change),
    removeSource: async (id) => void (await client.write('DELETE', `/v1/kb/sources/${at(id)}`)),
    sync: (id) => client.write('POST', `/v1/kb/sources/${at(id)}/sync`),
    jobs: async (sourceId) => (await client.json<{ jobs: SyncJob[] }>(`/v1/kb/sources/${at(sourceId)}/jobs`)).jobs,
    job: (id) => client.json(`/v1/kb/jobs/${at(id)}`),
    upload: (sourceId, file) => client.upload(`/v1/kb/sources/${at(sourceId)}/files/${at(file.name)}`, file),
    documents: (query) => client.json('/v1/kb/documents', query),
    document: (id) => client.json(`/v1/kb/documents/${at(id)}`),
    setDocumentExcluded: (id, isExcluded) => client.write('POST', `/v1/kb/documents/${at(id)}/${isExcluded ? 'exclude' : 'include'}`),
    setChunkExcluded: (id, isExcluded) => client.write('PATCH', `/v1/kb/chunks/${at(id)}`, { isExcluded }),
    search: (input) => client.write('POST', '/v1/kb/search', input),
  };
}
