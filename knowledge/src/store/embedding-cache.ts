import { toVectorSql, type Queryable } from '@threadline/platform/db';

/**
 * Vectors by (tenant, model, content hash). Ingestion asks which hashes are missing, embeds only
 * those, stores them here, and then copies vectors from here into chunks inside SQL, so cached
 * vectors never travel through JavaScript.
 */
export interface EmbeddingCacheKey {
  tenantId: string;
  model: string;
}

/** The hashes of `hashes` that have no cached vector for this tenant and model. */
export async function findUncachedHashes(tx: Queryable, key: EmbeddingCacheKey, hashes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Set();
  const { rows } = await tx.query<{ content_hash: string }>(
    'select content_hash from kb_embedding_cache where tenant_id = $1 and model = $2 and content_hash = any($3::text[])',
    [key.tenantId, key.model, unique],
  );
  const cached = new Set(rows.map((row) => row.content_hash));
  return new Set(unique.filter((hash) => !cached.has(hash)));
}

/** Stores vectors (an existing entry wins: the same text and model give the same vector). */
export async function putCachedEmbeddings(
  tx: Queryable,
  key: EmbeddingCacheKey & { dims: number },
  entries: readonly { contentHash: string; vector: ArrayLike<number> }[],
): Promise<void> {
  // Bounded statements: a 512-d vector is ~5 KB of text, so 200 rows stay around 1 MB.
  for (let start = 0; start < entries.length; start += 200) {
    const slice = entries.slice(start, start + 200);
    await tx.query(
      `insert into kb_embedding_cache (tenant_id, model, content_hash, dims, embedding)
       select $1, $2, entry.hash, $3, entry.vector::vector
         from unnest($4::text[], $5::text[]) as entry(hash, vector)
       on conflict (tenant_id, model, content_hash) do nothing`,
      [key.tenantId, key.model, key.dims, slice.map((entry) => entry.contentHash), slice.map((entry) => toVectorSql(entry.vector))],
    );
  }
}

/** Drops cached vectors of models other than `keepModel` (after a model switch has finished re-embedding). */
export async function pruneEmbeddingCache(tx: Queryable, input: { tenantId: string; keepModel: string }): Promise<number> {
  const { rowCount } = await tx.query('delete from kb_embedding_cache where tenant_id = $1 and model <> $2', [input.tenantId, input.keepModel]);
  return rowCount;
}
