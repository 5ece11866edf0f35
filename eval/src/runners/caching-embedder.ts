import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Embedder, EmbedOptions } from '@threadline/knowledge';

/** Counters of a caching embedder. */
export interface EmbedderStats {
  /** Texts served from the cache. */
  hits: number;
  /** Texts sent to the wrapped embedder. */
  misses: number;
  /** Time spent in the wrapped embedder, ms. */
  embedMs: number;
}

export interface CachingEmbedder extends Embedder {
  readonly stats: EmbedderStats;
  /** The wrapped embedder, for timing real query embeddings. */
  readonly inner: Embedder;
  close(): Promise<void>;
}

const HASH_BYTES = 32;

function keyOf(text: string, inputType: string): string {
  return createHash('sha256').update(inputType).update('\0').update(text).digest('hex');
}

/**
 * Wraps an embedder with a vector cache keyed by (input type, text), optionally persisted to an
 * append-only file of `sha256 ‖ float32 × dims` records. It keeps the model name and dimensions,
 * so what it returns is indistinguishable from the wrapped model's vectors: the index, the
 * langchain baseline and repeated queries all share one set of embeddings, and a re-run of the
 * full eval does not run the model again. The index's own content-hash cache still applies inside
 * the database; this one spans tenants, views and the baseline.
 *
 * @example
 * const embedder = createCachingEmbedder(createLocalEmbedder(), { file: 'eval/.cache/vectors/local.f32' });
 */
export function createCachingEmbedder(inner: Embedder, options: { file?: string } = {}): CachingEmbedder {
  const dims = inner.dimensions;
  const cache = new Map<string, Float32Array>();
  const recordBytes = HASH_BYTES + dims * 4;
  if (options.file && existsSync(options.file)) {
    const buffer = readFileSync(options.file);
    // A torn last record (a run killed mid-write) is ignored.
    for (let offset = 0; offset + recordBytes <= buffer.length; offset += recordBytes) {
      const key = buffer.subarray(offset, offset + HASH_BYTES).toString('hex');
      const vector = new Float32Array(dims);
      Buffer.from(vector.buffer).set(buffer.subarray(offset + HASH_BYTES, offset + recordBytes));
      cache.set(key, vector);
    }
  }
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  const stats: EmbedderStats = { hits: 0, misses: 0, embedMs: 0 };

  const persist = (entries: Array<[string, Float32Array]>): void => {
    if (!options.file || entries.length === 0) return;
    const out = Buffer.alloc(entries.length * recordBytes);
    entries.forEach(([key, vector], index) => {
      Buffer.from(key, 'hex').copy(out, index * recordBytes);
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(out, index * recordBytes + HASH_BYTES);
    });
    appendFileSync(options.file, out);
  };

  return {
    model: inner.model,
    dimensions: dims,
    ...(inner.maxBatchSize === undefined ? {} : { maxBatchSize: inner.maxBatchSize }),
    stats,
    inner,
    async embed(texts: string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> {
      const inputType = embedOptions.inputType ?? 'document';
      const keys = texts.map((text) => keyOf(text, inputType));
      const missing = [...new Set(keys.filter((key) => !cache.has(key)))];
      stats.hits += texts.length - missing.length;
      if (missing.length > 0) {
        const textByKey = new Map(keys.map((key, index) => [key, texts[index] as string]));
        const started = performance.now();
        const vectors = await inner.embed(
          missing.map((key) => textByKey.get(key) as string),
          { inputType, ...(embedOptions.signal ? { signal: embedOptions.signal } : {}) },
        );
        stats.embedMs += performance.now() - started;
        stats.misses += missing.length;
        const fresh: Array<[string, Float32Array]> = missing.map((key, index) => {
          const vector = vectors[index] as ArrayLike<number>;
          return [key, vector instanceof Float32Array ? vector : Float32Array.from(vector)];
        });
        for (const [key, vector] of fresh) cache.set(key, vector);
        persist(fresh);
      }
      return keys.map((key) => cache.get(key) as Float32Array);
    },
    async close() {
      await inner.close?.();
    },
  };
}
