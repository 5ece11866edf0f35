import { createSourcesRepository, ingestDocuments, knowledgeMigrations, search, searchVector, type Embedder, type SourceDocument } from '@threadline/knowledge';
import { describePostgresUrl, migrate, openDb, platformMigrations, toVectorSql, type Db } from '@threadline/platform/db';
import { percentile } from '../metrics/latency.js';
import { createSyntheticEmbedder, syntheticDocuments, syntheticQueries } from './synthetic-corpus.js';

/** One measured size on one database. */
export interface ScalePoint {
  database: string;
  chunks: number;
  /** Chunks written per second by `ingestDocuments` for the chunks added to reach this size. */
  ingestChunksPerSecond: number;
  /** Top-5 `searchVector` (HNSW), ms. */
  vector: { p50: number; p95: number };
  /** Top-5 `search` (hybrid: HNSW + full text + RRF), ms. */
  hybrid: { p50: number; p95: number };
  /** Baseline: the same top-5 by an exact scan (index scans disabled), ms. */
  exact: { p50: number; p95: number };
  /** Share of the exact top 5 that HNSW returned (`searchVector`, ef_search 40 for k = 5). */
  hnswRecallAt5: number;
  /** The same vector query with ef_search raised to 100: what more recall costs. */
  ef100: { p50: number; p95: number; recallAt5: number };
  queries: number;
}

const QUERIES = 200;
const WARM_UP = 20;
const SECTIONS = 10;

async function* iterate(documents: readonly SourceDocument[]): AsyncIterable<SourceDocument> {
  yield* documents;
}

/**
 * The product's vector query shape: with index scans off it is the exact scan every query would
 * cost without HNSW; with `efSearch` it is the HNSW scan at that search width.
 */
async function top5(db: Db, input: { tenantId: string; model: string; vector: ArrayLike<number>; efSearch?: number }): Promise<string[]> {
  return db.transaction(async (tx) => {
    if (input.efSearch === undefined) await tx.query(`select set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
    else await tx.query(`select set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`, [String(input.efSearch)]);
    const { rows } = await tx.query<{ id: string }>(
      `select c.id from kb_chunks c
        where c.tenant_id = $1 and c.embedding_model = $2 and c.embedding_dims = 512 and not c.is_excluded and c.visibility = 'public'
        order by c.embedding::vector(512) <=> $3::vector(512)
        limit 5`,
      [input.tenantId, input.model, toVectorSql(input.vector)],
    );
    return rows.map((row) => row.id);
  });
}

function summary(values: number[]): { p50: number; p95: number } {
  return { p50: percentile(values, 50), p95: percentile(values, 95) };
}

async function measure(db: Db, tenantId: string, embedder: Embedder, database: string, chunks: number, ingestChunksPerSecond: number): Promise<ScalePoint> {
  const queries = syntheticQueries(QUERIES + WARM_UP);
  const vectors = await embedder.embed(queries, { inputType: 'query' });
  // One method at a time over all queries: interleaved, the exact scan (the whole table through
  // shared buffers) would evict between searches what a server answering searches keeps cached.
  const timed = async <T>(run: (index: number) => Promise<T>): Promise<{ times: number[]; results: T[] }> => {
    const times: number[] = [];
    const results: T[] = [];
    for (let index = 0; index < queries.length; index++) {
      const started = performance.now();
      const result = await run(index);
      if (index >= WARM_UP) {
        times.push(performance.now() - started);
        results.push(result);
      }
    }
    return { times, results };
  };
  const query = (index: number) => ({ query: queries[index] as string, queryVector: vectors[index] as Float32Array });
  const vector = await timed((index) => searchVector({ db, tenantId, ...query(index), embedder, k: 5 }));
  const hybrid = await timed((index) => search({ db, tenantId, query: query(index).query, embedder, k: 5 }));
  const exact = await timed((index) => top5(db, { tenantId, model: embedder.model, vector: query(index).queryVector }));
  const ef100 = await timed((index) => top5(db, { tenantId, model: embedder.model, vector: query(index).queryVector, efSearch: 100 }));
  let found = 0;
  let found100 = 0;
  let expected = 0;
  exact.results.forEach((ids, index) => {
    const approximate = new Set((vector.results[index] ?? []).map((passage) => passage.chunkId));
    const wide = new Set(ef100.results[index] ?? []);
    found += ids.filter((id) => approximate.has(id)).length;
    found100 += ids.filter((id) => wide.has(id)).length;
    expected += ids.length;
  });
  const times = { vector: vector.times, hybrid: hybrid.times, exact: exact.times, ef100: ef100.times };
  return {
    database,
    chunks,
    ingestChunksPerSecond,
    vector: summary(times.vector),
    hybrid: summary(times.hybrid),
    exact: summary(times.exact),
    hnswRecallAt5: expected === 0 ? Number.NaN : found / expected,
    ef100: { ...summary(times.ef100), recallAt5: expected === 0 ? Number.NaN : found100 / expected },
    queries: QUERIES,
  };
}

/**
 * Grows one tenant's index through `ingestDocuments` to each size in `sizes` (synthetic documents
 * of ten one-chunk sections, synthetic vectors) and measures top-5 latency at each size: the
 * query's embedding is computed beforehand, so the figures are the database's.
 */
export async function runScale(input: { db: Db; database: string; sizes: readonly number[]; onProgress?: (line: string) => void }): Promise<ScalePoint[]> {
  const { db } = input;
  await migrate(db, [platformMigrations, knowledgeMigrations]);
  const embedder = createSyntheticEmbedder();
  const { rows } = await db.query<{ id: string }>(`insert into tenants (slug, name) values ($1, 'Scale bench') returning id`, [`scale-${Date.now().toString(36)}`]);
  const tenantId = (rows[0] as { id: string }).id;
  const sources = createSourcesRepository(db);
  const points: ScalePoint[] = [];
  let documents = 0;
  for (const size of input.sizes) {
    const wanted = Math.ceil(size / SECTIONS) - documents;
    const source = await sources.create({ tenantId, kind: 'file', name: `synthetic ${documents}–${documents + wanted}` });
    const batch = syntheticDocuments({ count: wanted, sections: SECTIONS, offset: documents });
    input.onProgress?.(`${input.database}: ingesting ${wanted * SECTIONS} chunks (to ${size})…`);
    const result = await ingestDocuments({ db, tenantId, sourceId: source.id, documents: iterate(batch), embedder });
    // Each synthetic section is meant to be one chunk; if the default chunk size changes, the sizes would silently drift.
    if (result.chunkCount !== wanted * SECTIONS) {
      throw new Error(`scale bench: ${wanted} documents became ${result.chunkCount} chunks, not ${wanted * SECTIONS}; fit syntheticPassage to DEFAULT_CHUNKING`);
    }
    documents += wanted;
    const chunksPerSecond = result.chunkCount / (Math.max(1, result.durationMs) / 1000);
    input.onProgress?.(`${input.database}: ${result.chunkCount} chunks in ${(result.durationMs / 1000).toFixed(1)} s; measuring ${QUERIES} queries…`);
    points.push(await measure(db, tenantId, embedder, input.database, documents * SECTIONS, chunksPerSecond));
  }
  return points;
}

function benchDatabaseName(url: string): string {
  return `${new URL(url).pathname.replace(/^\//, '') || 'postgres'}_bench`;
}

/** Drops the database `openFreshPostgres` made. */
export async function dropFreshPostgres(url: string): Promise<void> {
  const admin = await openDb({ driver: 'postgres', url, maxConnections: 1 });
  try {
    await admin.exec(`drop database if exists "${benchDatabaseName(url)}" with (force)`);
  } finally {
    await admin.close();
  }
}

/** A fresh database `<name>_bench` next to DATABASE_URL's (dropped first), so every run starts empty. */
export async function openFreshPostgres(url: string): Promise<{ db: Db; label: string }> {
  const parsed = new URL(url);
  const name = benchDatabaseName(url);
  const admin = await openDb({ driver: 'postgres', url, maxConnections: 1 });
  try {
    await admin.exec(`drop database if exists "${name}" with (force)`);
    await admin.exec(`create database "${name}"`);
  } finally {
    await admin.close();
  }
  parsed.pathname = `/${name}`;
  const db = await openDb({ driver: 'postgres', url: parsed.toString(), maxConnections: 4 });
  const { rows } = await db.query<{ version: string }>(`select current_setting('server_version') as version`);
  return { db, label: `Postgres ${rows[0]?.version ?? '?'} (${describePostgresUrl(parsed.toString())})` };
}
