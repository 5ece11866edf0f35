import type { Embedder } from './embedder.js';
import { postEmbeddingRequest, readEmbeddingList, type EmbeddingHttpOptions } from './embedding-http.js';

export interface VoyageEmbedderOptions extends EmbeddingHttpOptions {
  apiKey: string;
  /** Default `voyage-3.5`. */
  model?: string;
  /** Output size; Voyage 3.x models default to 1024 and also offer 256, 512 and 2048. Default 1024. */
  dimensions?: number;
  /** Default `https://api.voyageai.com/v1`. */
  baseUrl?: string;
  /** Inputs per request (the API takes up to 1000, within a token budget). Default 64. */
  batchSize?: number;
}

/**
 * An embedder for Voyage AI's `POST /v1/embeddings`. Queries and documents are embedded with
 * `input_type` `query` / `document`, which Voyage trains for retrieval.
 *
 * @example
 * const embedder = createVoyageEmbedder({ apiKey: config.voyageKey, model: 'voyage-3.5-lite' });
 */
export function createVoyageEmbedder(options: VoyageEmbedderOptions): Embedder {
  const baseUrl = (options.baseUrl ?? 'https://api.voyageai.com/v1').replace(/\/+$/, '');
  const modelName = options.model ?? 'voyage-3.5';
  const dimensions = options.dimensions ?? 1024;
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError(`dimensions must be a positive integer (got ${dimensions})`);
  return {
    model: `voyage:${modelName}`,
    dimensions,
    maxBatchSize: options.batchSize ?? 64,
    async embed(texts, embedOptions = {}) {
      if (texts.length === 0) return [];
      const body = await postEmbeddingRequest(
        {
          provider: 'Voyage',
          model: modelName,
          url: `${baseUrl}/embeddings`,
          headers: { authorization: `Bearer ${options.apiKey}` },
          body: {
            input: texts,
            model: modelName,
            input_type: embedOptions.inputType ?? 'document',
            // Only sent when asked for, so models without a choice of size keep working.
            ...(options.dimensions === undefined ? {} : { output_dimension: dimensions }),
          },
          ...(embedOptions.signal ? { signal: embedOptions.signal } : {}),
        },
        options,
      );
      return readEmbeddingList('Voyage', modelName, body, texts.length);
    },
  };
}
