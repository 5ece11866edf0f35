import { fnv1a } from '@threadline/platform';
import type { Embedder } from './embedder.js';

export interface HashEmbedderOptions {
  /** Default 512, the local model's size, so tests exercise the same vector index. */
  dimensions?: number;
  /** Recorded with each vector; change it to simulate a model switch. Default `hash:v1`. */
  model?: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A deterministic bag-of-words embedder (feature hashing of lower-cased words, L2-normalised).
 * For unit tests and demos only: texts sharing words are close, nothing more. It needs no model,
 * so tests of ingestion and retrieval run in milliseconds. Production paths use `createLocalEmbedder`.
 *
 * @example
 * const embedder = createHashEmbedder({ dimensions: 64 });
 * const [a, b] = await embedder.embed(['reset password', 'password reset']); // equal vectors
 */
export function createHashEmbedder(options: HashEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 512;
  if (!Number.isInteger(dimensions) || dimensions < 2) throw new RangeError(`dimensions must be an integer ≥ 2 (got ${dimensions})`);
  const model = options.model ?? 'hash:v1';
  return {
    model,
    dimensions,
    maxBatchSize: 256,
    async embed(texts) {
      return texts.map((text) => {
        const vector = new Float32Array(dimensions);
        for (const [word] of text.toLowerCase().matchAll(WORD)) {
          const hash = fnv1a(word);
          vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + ((hash >>> 31) === 1 ? -1 : 1);
        }
        let norm = 0;
        for (const value of vector) norm += value * value;
        // An empty text still needs a valid, non-zero vector (cosine distance of a zero vector is NaN).
        if (norm === 0) {
          vector[0] = 1;
          return vector;
        }
        const scale = 1 / Math.sqrt(norm);
        for (let index = 0; index < dimensions; index++) vector[index] = (vector[index] ?? 0) * scale;
        return vector;
      });
    },
  };
}
