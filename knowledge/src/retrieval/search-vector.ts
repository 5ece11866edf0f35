import { toVectorSql, type Db } from '@threadline/platform/db';
import { checkVectors, type Embedder } from '../embeddings/embedder.js';
import { CHUNK_CANDIDATE_COLUMNS, checkK, dropDuplicatePassages, filterConditions, withRoomForDuplicates, PASSAGE_COLUMNS, PASSAGE_JOIN, toPassage, type Passage, type PassageRow, type SearchFilters } from './passage.js';

export interface SearchVectorOptions {
  db: Db;
  tenantId: string;
  query: string;
  /** Must be the embedder the index was built with: only chunks of its model are searched. */
  embedder: Embedder;
  k: number;
  filters?: SearchFilters;
  /** A query vector computed already (hybrid search embeds once for both calls). */
  queryVector?: ArrayLike<number>;
}

/** pgvector's HNSW index can hold at most 2,000 dimensions; the SQL below casts to the model's size. */
function checkDims(dims: number): number {
  if (!Number.isInteger(dims) || dims < 1 || dims > 16_000) throw new RangeError(`embedding dimensions must be an integer from 1 to 16000 (got ${dims})`);
  return dims;
}

/** Embeds a query as a query (providers such as Voyage embed queries and documents differently). */
export async function embedQuery(embedder: Embedder, query: string): Promise<ArrayLike<number>> {
  const vectors = await embedder.embed([query], { inputType: 'query' });
  checkVectors(embedder, [query], vectors);
  return vectors[0] as ArrayLike<number>;
}

/**
 * Up to this many chunks of one model, a tenant's vector search is exact: every chunk's distance,
 * sorted. HNSW is approximate and its graph is built with random levels, so two indexes of the same
 * knowledge can return different neighbours; an exact sort returns the same ones every time. At
 * this size it costs a few milliseconds on PGlite (about 6 ms per 1,000 chunks of 512 dimensions).
 * Above it the HNSW index serves the search.
 */
export const EXACT_SEARCH_MAX_CHUNKS = 2_000;

/**
 * The SQL of a vector search. The column has no fixed dimension, so the query casts it
 * (`embedding::vector(N)`) and repeats the partial index's predicate (`embedding_dims = N`): both
 * must match the migration's index for the planner to use it. With `exact`, the distance is taken
 * on the uncast column, an expression no index serves, so the planner sorts every candidate (ties
 * by content hash). Exported for the plan test.
 */
export function vectorSearchQuery(input: {
  tenantId: string;
  model: string;
  dims: number;
  vector: ArrayLike<number>;
  k: number;
  filters?: SearchFilters;
  exact?: boolean;
}): { sql: string; params: unknown[] } | null {
  const dims = checkDims(input.dims);
  const params: unknown[] = [input.tenantId, input.model];
  const conditions = filterConditions(input.filters, params);
  if (conditions === null) return null;
  params.push(toVectorSql(input.vector));
  const vectorParam = `$${params.length}::vector(${dims})`;
  params.push(input.k);
  const distance = input.exact === true ? `c.embedding <=> ${vectorParam}` : `c.embedding::vector(${dims}) <=> ${vectorParam}`;
  const sql = `
    with nearest as materialized (
      select ${CHUNK_CANDIDATE_COLUMNS}, ${distance} as distance
        from kb_chunks c
       where c.tenant_id = $1 and c.embedding_model = $2 and c.embedding_dims = ${dims} and ${conditions.join(' and ')}
       order by ${input.exact === true ? 'distance, c.content_hash, c.id' : distance}
       limit $${params.length}
    )
    select ${PASSAGE_COLUMNS}, 1 - n.distance as score
      from nearest n ${PASSAGE_JOIN}
     order by n.distance, n.content_hash, n.id`;
  return { sql, params };
}

/**
 * Whether the tenant holds few enough chunks of the model for an exact search (counts at most one
 * past the limit), and in the same statement the planner settings of the search that follows in
 * this transaction (`vectorSearchSettings`): one round trip instead of two.
 */
export async function prepareVectorSearch(tx: Pick<Db, 'query'>, input: { tenantId: string; model: string; dims: number; k: number }): Promise<boolean> {
  const settings = vectorSearchSettings(input.dims, input.k);
  const { rows } = await tx.query<{ chunks: number }>(
    `select count(*)::int as chunks, ${settingsColumns(5)}
       from (select 1 from kb_chunks where tenant_id = $1 and embedding_model = $2 and embedding_dims = $3 limit $4) c`,
    [input.tenantId, input.model, input.dims, EXACT_SEARCH_MAX_CHUNKS + 1, ...settings.params],
  );
  return (rows[0]?.chunks ?? 0) <= EXACT_SEARCH_MAX_CHUNKS;
}

/** The `set_config` calls of `vectorSearchSettings`, their two parameters numbered from `first`. */
const settingsColumns = (first: number) =>
  `set_config('hnsw.ef_search', $${first}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('cpu_operator_cost', $${first + 1}, true)`;

/**
 * Planner settings for one vector search, applied with `set_config(…, true)` (transaction-local):
 * - `hnsw.ef_search`: how many neighbours one index scan returns; at least twice `k`.
 * - `hnsw.iterative_scan = relaxed_order`: the scan continues past rows the filters drop
 *   (pgvector ≥ 0.8); the outer query restores the exact order.
 * - `cpu_operator_cost`: the planner prices a `<=>` like a scalar comparison (cost 1), so it
 *   prefers computing the distance of every row of a tenant and sorting. A d-dimensional distance
 *   costs about d/5 comparisons; priced so, the planner takes the HNSW index for a large tenant
 *   (2.4 ms instead of 26 ms at 4,350 chunks on PGlite) and still sorts exactly for a small one.
 */
export function vectorSearchSettings(dims: number, k: number): { sql: string; params: unknown[] } {
  const operatorCost = 0.0025 * Math.max(1, dims / 5);
  return {
    sql: `select ${settingsColumns(1)}`,
    params: [String(Math.min(1000, Math.max(40, k * 2))), String(operatorCost)],
  };
}

/**
 * Nearest chunks by cosine similarity, tenant-scoped, of the embedder's model only: exact for a
 * tenant of up to `EXACT_SEARCH_MAX_CHUNKS` chunks, else on pgvector's HNSW index. There, filters
 * apply during the index scan with pgvector's iterative scan, so a selective filter still fills
 * `k` results instead of losing them after the scan.
 *
 * @example
 * const passages = await searchVector({ db, tenantId, query: 'refund to card', embedder, k: 5 });
 */
export async function searchVector(options: SearchVectorOptions): Promise<Passage[]> {
  const k = checkK(options.k);
  const fetch = withRoomForDuplicates(k);
  const dims = checkDims(options.embedder.dimensions);
  if (options.query.trim().length === 0) return [];
  if (filterConditions(options.filters, []) === null) return [];
  const vector = options.queryVector ?? (await embedQuery(options.embedder, options.query));
  const rows = await options.db.transaction(async (tx) => {
    const exact = await prepareVectorSearch(tx, { tenantId: options.tenantId, model: options.embedder.model, dims, k: fetch });
    const query = vectorSearchQuery({
      tenantId: options.tenantId,
      model: options.embedder.model,
      dims,
      vector,
      k: fetch,
      exact,
      ...(options.filters ? { filters: options.filters } : {}),
    });
    if (query === null) return [];
    return (await tx.query<PassageRow>(query.sql, query.params)).rows;
  });
  return dropDuplicatePassages(
    rows.map((row) => toPassage(row, { vector: row.score, text: null, fused: row.score })),
    k,
    'vector',
  );
}
