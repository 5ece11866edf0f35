import type { KnowledgeDocument, KnowledgeSource, SyncJob } from '@threadline/knowledge';

/** A source as the API shows it, with the sync queued or running now (`active`), if any. */
export const toSource = (source: KnowledgeSource, active: SyncJob | null | undefined) => ({
  id: source.id,
  kind: source.kind,
  name: source.name,
  config: source.config,
  status: source.status,
  lastSyncedAt: source.lastSyncedAt?.toISOString() ?? null,
  lastError: source.lastError,
  documentCount: source.documentCount,
  chunkCount: source.chunkCount,
  lastSyncNotes: source.lastSyncNotes,
  resyncEveryHours: source.resyncEveryHours,
  nextSyncAt: source.nextSyncAt?.toISOString() ?? null,
  activeSync: active ? { jobId: active.id, status: active.status, progress: active.progress } : null,
  createdAt: source.createdAt.toISOString(),
});

export const toJob = (job: SyncJob) => ({
  id: job.id,
  sourceId: job.sourceId,
  status: job.status,
  progress: job.progress,
  lastError: job.lastError,
  errorCode: job.errorCode,
  attempts: job.attempts,
  maxAttempts: job.maxAttempts,
  runAt: job.runAt.toISOString(),
  createdAt: job.createdAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? null,
});

export const toDocument = (document: KnowledgeDocument) => ({
  id: document.id,
  sourceId: document.sourceId,
  externalId: document.externalId,
  title: document.title,
  url: document.url,
  locale: document.locale,
  visibility: document.visibility,
  sectionPath: document.sectionPath,
  isExcluded: document.isExcluded,
  chunkCount: document.chunkCount,
  embeddingModel: document.embeddingModel,
  updatedAt: document.updatedAt.toISOString(),
});
