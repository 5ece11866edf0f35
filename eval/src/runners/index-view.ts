import { createEntityFinder, ingestDocuments, loadEntityNames, type EntityFinder, type IngestChunkingOptions, type IngestResult, type Embedder, type SourceDocument } from '@threadline/knowledge';
import type { Db } from '@threadline/platform/db';
import type { RetrievalView } from '../datasets/types.js';
import type { ProgressSink } from '../report/progress.js';
import { ensureSource, ensureTenant } from './eval-db.js';

/** A view's corpus in the index: where to search and how to read results back as dataset keys. */
export interface IndexedView {
  tenantId: string;
  sourceIds: string[];
  /** Document id → the dataset key (the document's external id). */
  keyOfDocument: Map<string, string>;
  documents: number;
  chunks: number;
  /** Mean characters of a stored chunk's content. */
  meanChunkChars: number;
  /** The product's entity finder over this view's knowledge, as the server builds it for the tenant. */
  entities: EntityFinder;
  /** One entry per source ingested by this call (sources already indexed are not repeated). */
  ingestRuns: Array<{ source: string; result: IngestResult }>;
}

async function* iterate(documents: readonly SourceDocument[]): AsyncIterable<SourceDocument> {
  yield* documents;
}

/**
 * Ingests a view's sources through the real path (`ingestDocuments`: chunk → embed → store) into
 * the view's tenant, then reads back what the searches need. Sources indexed earlier in the run
 * (the FAQ source shared by two views) are not ingested twice; across runs, unchanged documents
 * are skipped by ingestion itself.
 */
export async function indexView(input: {
  db: Db;
  view: RetrievalView;
  embedder: Embedder;
  chunking?: IngestChunkingOptions;
  /** Tenant to use instead of the view's (chunking sweep). */
  tenant?: string;
  progress: ProgressSink;
  done: Set<string>;
}): Promise<IndexedView> {
  const { db, view } = input;
  const tenant = input.tenant ?? view.tenant;
  const tenantId = await ensureTenant(db, tenant);
  const sourceIds: string[] = [];
  const ingestRuns: IndexedView['ingestRuns'] = [];
  for (const source of view.sources) {
    const sourceId = await ensureSource(db, tenantId, source.name);
    sourceIds.push(sourceId);
    const key = `${tenant}/${source.name}`;
    if (input.done.has(key)) continue;
    const bar = input.progress.start(`${tenant} · ingest ${source.name}`, source.documents.length);
    const result = await ingestDocuments({
      db,
      tenantId,
      sourceId,
      documents: iterate(source.documents),
      embedder: input.embedder,
      ...(input.chunking ? { chunking: input.chunking } : {}),
      onProgress: (progress) => bar.update(progress.documentsSeen),
    });
    bar.stop();
    input.done.add(key);
    ingestRuns.push({ source: source.name, result });
  }
  const { rows } = await db.query<{ id: string; external_id: string }>('select id, external_id from kb_documents where tenant_id = $1 and source_id = any($2::uuid[])', [
    tenantId,
    sourceIds,
  ]);
  const stats = await db.query<{ chunks: number; mean_chars: number | null }>(
    'select count(*)::int as chunks, avg(char_count)::float8 as mean_chars from kb_chunks where tenant_id = $1 and source_id = any($2::uuid[])',
    [tenantId, sourceIds],
  );
  return {
    tenantId,
    sourceIds,
    keyOfDocument: new Map(rows.map((row) => [row.id, row.external_id])),
    documents: rows.length,
    chunks: stats.rows[0]?.chunks ?? 0,
    meanChunkChars: stats.rows[0]?.mean_chars ?? 0,
    entities: createEntityFinder(await loadEntityNames(db, tenantId, { sourceIds })),
    ingestRuns,
  };
}
