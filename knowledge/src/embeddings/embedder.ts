import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';

/** What a text is embedded for; API providers that distinguish them (Voyage) embed each differently. */
export type EmbeddingInputType = 'query' | 'document';

export interface EmbedOptions {
  /** Defaults to `document`. Retrieval passes `query`. */
  inputType?: EmbeddingInputType;
  signal?: AbortSignal;
}

/**
 * Turns texts into vectors. The index records `model` and `dimensions` with every vector, so
 * switching embedders re-embeds instead of mixing vector spaces.
 *
 * @example
 * const embedder = createLocalEmbedder();
 * const [vector] = await embedder.embed(['How do I reset my password?'], { inputType: 'query' });
 * vector.length === embedder.dimensions; // 512
 * await embedder.close?.();
 */
export interface Embedder {
  /** Stable name of the model (and provider), stored with each vector, e.g. `local:use-lite-en`. */
  readonly model: string;
  readonly dimensions: number;
  /** Largest number of texts the embedder wants in one call; callers batch to it. */
  readonly maxBatchSize?: number;
  /** One vector per text, in order. */
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[] | number[][]>;
  /** Releases what the embedder holds (a worker thread, sockets). */
  close?(): Promise<void>;
}

/** Checks an embedder's answer: one finite vector of the declared size per text. */
export function checkVectors(embedder: Pick<Embedder, 'model' | 'dimensions'>, texts: readonly string[], vectors: ArrayLike<ArrayLike<number>>): void {
  if (vectors.length !== texts.length) {
    throw new KnowledgeError(KnowledgeErrorCode.dimensionMismatch, `${embedder.model} returned ${vectors.length} vectors for ${texts.length} texts`, {
      model: embedder.model,
      expected: texts.length,
      received: vectors.length,
    });
  }
  for (let index = 0; index < vectors.length; index++) {
    const vector = vectors[index] as ArrayLike<number>;
    if (vector.length !== embedder.dimensions) {
      throw new KnowledgeError(
        KnowledgeErrorCode.dimensionMismatch,
        `${embedder.model} returned a vector of ${vector.length} dimensions; it declares ${embedder.dimensions}`,
        { model: embedder.model, expected: embedder.dimensions, received: vector.length },
      );
    }
  }
}

/**
 * Embeds any number of texts in batches of the embedder's `maxBatchSize` (or `batchSize`),
 * one batch at a time, and checks every answer.
 */
export async function embedInBatches(embedder: Embedder, texts: readonly string[], options: EmbedOptions & { batchSize?: number } = {}): Promise<Float32Array[]> {
  const batchSize = Math.max(1, options.batchSize ?? embedder.maxBatchSize ?? 64);
  const out: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = texts.slice(start, start + batchSize);
    const vectors = await embedder.embed(batch, { inputType: options.inputType ?? 'document', ...(options.signal ? { signal: options.signal } : {}) });
    checkVectors(embedder, batch, vectors);
    for (const vector of vectors) out.push(vector instanceof Float32Array ? vector : Float32Array.from(vector));
  }
  return out;
}
